import type { Design } from '@hlm/design';
import type { FamilyData, LikelihoodFamily } from '@hlm/likelihood';
import { analyse, type CscMatrix, type SymbolicCholesky } from '@hlm/sparse';
import { buildLatentField, type LatentField } from './latent-field.js';
import type { FixedPriorOptions } from './options.js';
import { buildPosteriorPrecision, type PosteriorPrecision } from './posterior-precision.js';

/** Everything about a model that does not change with the hyperparameters. */
export interface InferenceProblem {
  readonly field: LatentField;
  readonly A: CscMatrix;
  /** Aᵀ: column i holds the nonzeros of observation i's row of A. */
  readonly At: CscMatrix;
  readonly family: LikelihoodFamily;
  readonly response: Float64Array;
  readonly familyData: FamilyData;
  /** The per-observation datum the family's scalar functions take (nTrials, or a Gaussian precision). */
  readonly familyDatum: ArrayLike<number>;
  readonly precision: PosteriorPrecision;
  /** Fill-reducing ordering and symbolic factorisation of H, done once. */
  readonly symbolic: SymbolicCholesky;
  /** Prior mean of the field (zero except for fixed effects with a non-zero prior mean). */
  readonly priorMean: Float64Array;
}

export function buildProblem(design: Design, family: LikelihoodFamily, familyData: FamilyData, fixedPrior: FixedPriorOptions): InferenceProblem {
  const field = buildLatentField(design, fixedPrior);
  const precision = buildPosteriorPrecision(field, design.A);
  const priorMean = new Float64Array(field.size);
  priorMean.set(field.fixedPriorMean, field.fixedOffset);
  return {
    field,
    A: design.A,
    At: design.A.transpose(),
    family,
    response: design.response,
    familyData,
    familyDatum: family.datum(familyData),
    precision,
    symbolic: analyse(precision.pattern),
    priorMean,
  };
}
