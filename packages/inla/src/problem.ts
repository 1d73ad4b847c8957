import type { Design } from '@hlm/design';
import type { ResolvedHyperParameter } from '@hlm/latent';
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
  /** The likelihood's hyperparameter (the Gaussian precision), or null; when free it is θ[0]. */
  readonly likelihoodHyper: ResolvedHyperParameter | null;
  /** The family's data at θ: the numbers of trials, the Poisson exposure, and the Gaussian precision exp(θ_likelihood). */
  familyDataAt(theta: ArrayLike<number>): FamilyData;
  readonly precision: PosteriorPrecision;
  /** Fill-reducing ordering and symbolic factorisation of H, done once. */
  readonly symbolic: SymbolicCholesky;
  /** Prior mean of the field (zero except for fixed effects with a non-zero prior mean). */
  readonly priorMean: Float64Array;
}

export function buildProblem(
  design: Design,
  family: LikelihoodFamily,
  likelihoodHyper: ResolvedHyperParameter | null,
  fixedPrior: FixedPriorOptions,
  exposure: Float64Array | null = null,
): InferenceProblem {
  const field = buildLatentField(design, fixedPrior, likelihoodHyper);
  const n = design.nObservations;
  const base: FamilyData = { nTrials: design.nTrials, ...(exposure ? { exposure } : {}) };
  const familyDataAt = (theta: ArrayLike<number>): FamilyData => {
    if (!likelihoodHyper) return base;
    const logPrecision = likelihoodHyper.fixed ? likelihoodHyper.initial : theta[0]!;
    return { ...base, precision: new Float64Array(n).fill(Math.exp(logPrecision)) };
  };
  const At = design.A.transpose();
  const precision = buildPosteriorPrecision(field, At);
  const priorMean = new Float64Array(field.size);
  priorMean.set(field.fixedPriorMean, field.fixedOffset);
  return {
    field,
    A: design.A,
    At,
    family,
    response: design.response,
    likelihoodHyper,
    familyDataAt,
    precision,
    symbolic: analyse(precision.pattern),
    priorMean,
  };
}
