import type { Design } from '@hlm/design';
import { analyse, type CscMatrix, type SymbolicCholesky } from '@hlm/sparse';
import { buildLatentField, type LatentField } from './latent-field.js';
import type { ObservationModel } from './observations.js';
import type { FixedPriorOptions } from './options.js';
import { buildPosteriorPrecision, type PosteriorPrecision } from './posterior-precision.js';

/** Everything about a model that does not change with the hyperparameters. */
export interface InferenceProblem {
  readonly field: LatentField;
  readonly A: CscMatrix;
  /** Aᵀ: column i holds the nonzeros of row i of A. */
  readonly At: CscMatrix;
  /** The likelihood: family, per-observation data, weights, offsets and prediction rows. */
  readonly observations: ObservationModel;
  readonly precision: PosteriorPrecision;
  /** Fill-reducing ordering and symbolic factorisation of H, done once. */
  readonly symbolic: SymbolicCholesky;
  /** Prior mean of the field (zero except for fixed effects with a non-zero prior mean). */
  readonly priorMean: Float64Array;
}

export function buildProblem(design: Design, observations: ObservationModel, fixedPrior: FixedPriorOptions): InferenceProblem {
  const field = buildLatentField(design, fixedPrior, observations.hyper);
  const At = design.A.transpose();
  const precision = buildPosteriorPrecision(field, At);
  const priorMean = new Float64Array(field.size);
  priorMean.set(field.fixedPriorMean, field.fixedOffset);
  return {
    field,
    A: design.A,
    At,
    observations,
    precision,
    symbolic: analyse(precision.pattern),
    priorMean,
  };
}
