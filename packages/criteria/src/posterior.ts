/**
 * The part of a fitted posterior that the criteria read: plain data in the shape `@hlm/inla` documents
 * (its `Posterior` is assignable to `CriteriaPosterior`), so this package never depends on the engine.
 * @module
 */

/** One integration point θ_k over the hyperparameters, with the Gaussian approximation of the linear predictor there. */
export interface CriteriaPoint {
  /** Unnormalised log π̃(θ_k | y). */
  readonly logPosterior: number;
  /** log of the design's integration weight at θ_k. */
  readonly logDesignWeight: number;
  /** exp(log π̃(θ_k | y) + log design weight), normalised over the points; 0 for early-stopped points. */
  readonly weight: number;
  /** The weight of θ_k in DIC, WAIC and CPO: `weight` pruned to 99.9% of the mass, as R-INLA's `probs`. */
  readonly latentWeight: number;
  /** The weight of θ_k in the linear predictor's mixture (R-INLA prunes `weight` to 97.5% of the mass). */
  readonly predictorWeight: number;
  /** The likelihood family's hyperparameters at θ_k (internal scale; empty for a family without any). */
  readonly familyTheta: ArrayLike<number>;
  /** Whether R-INLA's early stop skipped θ_k (its moments are then empty and its weight is 0). */
  readonly earlyStopped: boolean;
  /**
   * Mean (VB-corrected by default) and variance of each η_i given θ_k: observation i's at `predictorPattern[i]` when
   * the posterior gives `predictorPattern`, else at i.
   */
  readonly predictorMean: ArrayLike<number>;
  readonly predictorVariance: ArrayLike<number>;
}

/** What the criteria need from a fit. */
export interface CriteriaPosterior {
  /** The likelihood family's registered name (`@hlm/likelihood` `getFamily`). */
  readonly family: string;
  /** The response of each row; NaN on a prediction row, which has no likelihood and gets NaN criteria (R-INLA's NA). */
  readonly response: ArrayLike<number>;
  /** The family's per-observation columns by name (`Ntrials`, `E`, `scale`, …; see the family's `columns`). */
  readonly columns: Readonly<Record<string, ArrayLike<number>>>;
  /**
   * Optional: R-INLA's `weights` d_i ≥ 0 per row (the fit multiplied row i's log-likelihood by d_i); absent or null
   * means 1 everywhere. DIC, WAIC and CPO weight row i as R-INLA does, and a row with d_i = 0 gets NaN criteria (NA).
   */
  readonly weights?: ArrayLike<number> | null;
  /** The family's hyperparameters at the mode of θ (for the deviance at the posterior mean). */
  readonly familyTheta: ArrayLike<number>;
  /**
   * Optional: an integer id per observation, equal for observations whose rows of the predictor matrix are identical
   * (so that their moments agree at every point), numbering the points' predictor moments: observation i's η has its
   * mean and variance at index `predictorPattern[i]`. Criteria also group observations by it.
   */
  readonly predictorPattern?: ArrayLike<number>;
  /** R-INLA's integration strategy: `grid` (the default, whatever the design), `ccd` (asked for explicitly) or `eb`. */
  readonly integration: 'grid' | 'ccd' | 'eb';
  /** `control.inla$dz` (0.75 by default), which enters the integrated marginal likelihood. */
  readonly dz: number;
  readonly points: readonly CriteriaPoint[];
  /** log π̃(θ* | y) at the mode θ* (for m = 0 hyperparameters: the Laplace approximation of log p(y)). */
  readonly mode: { readonly logPosterior: number };
  /** Eigenvalues λ_i of −∂² log π̃(θ | y) at θ*; empty when m = 0. */
  readonly hessianEigenvalues: readonly number[];
  /** The stretches s⁻_i and s⁺_i of the standardised axes (used by the CCD marginal likelihood). */
  readonly stretchNegative: readonly number[];
  readonly stretchPositive: readonly number[];
}
