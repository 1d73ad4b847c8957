import type { Design } from '@hlm/design';
import { analyse, type SymbolicCholesky } from '@hlm/sparse';
import { buildLatentField, type LatentField } from './latent-field.js';
import { observationPatterns, type ObservationPatterns } from './observation-patterns.js';
import type { ObservationModel } from './observations.js';
import type { FixedPriorOptions } from './options.js';
import { buildPosteriorPrecision, type PosteriorPrecision } from './posterior-precision.js';

/** Everything about a model that does not change with the hyperparameters. */
export interface InferenceProblem {
  readonly field: LatentField;
  /** The likelihood: family, per-observation data, weights, offsets and prediction rows. */
  readonly observations: ObservationModel;
  /** The distinct rows of A (patterns) and the family's units on them, on which the likelihood is evaluated. */
  readonly patterns: ObservationPatterns;
  /** H = Q + Aᵀ diag(c) A assembled over the patterns (one curvature per pattern); the same sparsity as over the rows. */
  readonly precision: PosteriorPrecision;
  /** Fill-reducing ordering and symbolic factorisation of H, done once. */
  readonly symbolic: SymbolicCholesky;
  /** Prior mean of the field (zero except for fixed effects with a non-zero prior mean). */
  readonly priorMean: Float64Array;
}

export function buildProblem(design: Design, observations: ObservationModel, fixedPrior: FixedPriorOptions): InferenceProblem {
  const field = buildLatentField(design, fixedPrior, observations.hyper);
  const patterns = observationPatterns(design.A, observations);
  const precision = buildPosteriorPrecision(field, patterns.patternAt);
  const priorMean = new Float64Array(field.size);
  priorMean.set(field.fixedPriorMean, field.fixedOffset);
  return {
    field,
    observations,
    patterns,
    precision,
    symbolic: analyse(precision.pattern),
    priorMean,
  };
}
