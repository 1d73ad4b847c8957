import type { LaplaceMarginal } from './laplace-marginal.js';
import type { MarginalSummary } from './grid-density.js';

/** A row of `summaryFixed` (R-INLA's `summary.fixed`). */
export interface FixedSummaryRow extends MarginalSummary {
  name: string;
  kld: number;
}

/** A row of `summaryRandom[id]`: one level of a random effect, identified by its label. */
export interface RandomSummaryRow extends MarginalSummary {
  ID: string;
  kld: number;
}

/** A row of `summaryHyperpar` (user scale, e.g. precision) or `internalSummaryHyperpar` (e.g. log precision). */
export interface HyperparameterSummaryRow extends MarginalSummary {
  name: string;
}

/**
 * One point θ_k of the integration over the hyperparameters, with the Gaussian approximation there.
 * This is the documented shape that `@hlm/criteria` reads.
 */
export interface IntegrationPoint {
  /** θ_k on the internal scale. */
  readonly theta: number[];
  /** Unnormalised log π̃(θ_k | y). */
  readonly logPosterior: number;
  /** log of the design's integration weight at θ_k. */
  readonly logDesignWeight: number;
  /** exp(log π̃(θ_k | y) + log design weight), normalised over the points; 0 for early-stopped points. */
  readonly weight: number;
  /**
   * The weight in the latent marginals (and in DIC, WAIC and CPO): `weight` after R-INLA's pruning to 99.9%
   * of the mass (`GMRFLib_weight_prob_one`), renormalised.
   */
  readonly latentWeight: number;
  /** The weight in the linear predictor's marginals: `weight` pruned to 97.5% of the mass (`GMRFLib_weight_prob`). */
  readonly predictorWeight: number;
  /** The likelihood family's hyperparameters at θ_k (internal scale, fixed ones at their value; empty when it has none). */
  readonly familyTheta: number[];
  /** R-INLA skips points whose density is below 0.1% of the mode's: no moments are computed there. */
  readonly earlyStopped: boolean;
  /** Means (VB-corrected by default) and variances of the latent field; empty when early-stopped. */
  readonly latentMean: Float64Array;
  readonly latentVariance: Float64Array;
  /** Skewness of each latent marginal (the simplified Laplace strategy), or null for Gaussian marginals. */
  readonly latentSkewness: Float64Array | null;
  /** The full Laplace approximation of each latent marginal (the laplace strategy), or null. */
  readonly laplace: LaplaceMarginal[] | null;
  /**
   * Means and variances of the linear predictor η = A x + offset, one per distinct row of A (pattern): row i's are at
   * `posterior.predictorPattern[i]`, so that their size does not grow with rows that repeat a pattern.
   */
  readonly predictorMean: Float64Array;
  readonly predictorVariance: Float64Array;
  /** How the VB correction went at this point, or null when it is off. */
  readonly vb: { iterations: number; maxShift: number; aborted: string | null } | null;
}

/** What the integration over θ produced: enough for criteria to work from without reaching into the engine. */
export interface Posterior {
  readonly family: string;
  /** The response of every row; NaN on a prediction row (no response, no likelihood, no criteria). */
  readonly response: Float64Array;
  /** The family's per-observation columns (`Ntrials`, `E`, …) for every row. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /**
   * R-INLA's `weights` d_i of every row (the fit multiplies row i's log-likelihood by d_i), 0 on a prediction row as
   * R-INLA's `d`; null when every observed row has weight 1. The criteria weight DIC, WAIC and CPO with them.
   */
  readonly weights: Float64Array | null;
  /** The family's hyperparameters at the mode of θ. */
  readonly familyTheta: number[];
  /** The pattern (distinct row of A, with its offset and weight) of every row: the index of its η in each point's moments. */
  readonly predictorPattern: Int32Array;
  readonly integration: 'grid' | 'ccd' | 'eb';
  /** The `dz` of R-INLA's marginal-likelihood formula. */
  readonly dz: number;
  readonly points: IntegrationPoint[];
  readonly mode: {
    readonly theta: number[];
    readonly logPosterior: number;
    /** Linear predictor at the conditional mode x*(θ*). */
    readonly predictor: Float64Array;
  };
  /** Eigenvalues of −∂² log π̃(θ | y) at the mode. */
  readonly hessianEigenvalues: number[];
  readonly stretchNegative: number[];
  readonly stretchPositive: number[];
}
