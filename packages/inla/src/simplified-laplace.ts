import { linearPredictor, type GaussianApproximation } from './gaussian-approximation.js';
import type { LatentCovariance } from './latent-moments.js';
import type { InferenceProblem } from './problem.js';
import { skewnessFromThirdDerivative } from './skew-normal.js';
import { outOfRange } from '@hlm/sparse';

/** The simplified Laplace approximation of every latent marginal at one θ: a skew-normal per node. */
export interface SimplifiedLaplace {
  /** Mean of each node's marginal (the Gaussian mean shifted by σ_j γ_j⁽¹⁾). */
  readonly mean: Float64Array;
  /** Skewness of each node's marginal. */
  readonly skewness: Float64Array;
}

/**
 * Rue, Martino & Chopin (2009), §3.2.3, with the linear predictor outside the field: in standardised units
 * s = (x_j − μ_j)/σ_j, log π(s | θ, y) ≈ −s²/2 + γ⁽¹⁾ s + γ⁽³⁾ s³/6 with, for b_i = Cov(η_i, x_j)/σ_j,
 *   γ⁽¹⁾ = ½ Σ_i ℓ‴_i (Var η_i − b_i²) b_i,   γ⁽³⁾ = Σ_i ℓ‴_i b_i³,
 * ℓ‴_i the third derivative of the log-likelihood at the mode. As R-INLA does, the marginal is the
 * skew-normal with mean μ_j + σ_j γ⁽¹⁾, sd σ_j and the skewness whose third log-density derivative at the
 * mode is γ⁽³⁾.
 */
export function simplifiedLaplace(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  predictorVariance: Float64Array,
): SimplifiedLaplace {
  const { A } = problem;
  const n = problem.field.size;
  const nObs = A.nrows;
  const { rowPattern } = problem.patterns;
  const d3 = new Float64Array(nObs);
  problem.observations.derivatives(linearPredictor(problem, approx.mode, new Float64Array(nObs)), approx.familyTheta, undefined, undefined, d3);
  const mean = new Float64Array(n);
  const skewness = new Float64Array(n);
  const covarianceWithPredictor = new Float64Array(nObs);
  for (let j = 0; j < n; j++) {
    const sd = Math.sqrt(covariance.variance[j] ?? outOfRange(covariance.variance, j));
    if (!(sd > 0)) {
      mean[j] = approx.mode[j] ?? outOfRange(approx.mode, j);
      continue;
    }
    A.multiplyVector(covariance.column(j), covarianceWithPredictor);
    let gamma1 = 0;
    let gamma3 = 0;
    for (let i = 0; i < nObs; i++) {
      const b = (covarianceWithPredictor[i] ?? outOfRange(covarianceWithPredictor, i)) / sd;
      if (b === 0) continue;
      gamma1 += (d3[i] ?? outOfRange(d3, i)) * ((predictorVariance[rowPattern[i] ?? outOfRange(rowPattern, i)] ?? outOfRange(predictorVariance, rowPattern[i] ?? outOfRange(rowPattern, i))) - b * b) * b;
      gamma3 += (d3[i] ?? outOfRange(d3, i)) * b * b * b;
    }
    mean[j] = (approx.mode[j] ?? outOfRange(approx.mode, j)) + sd * 0.5 * gamma1;
    skewness[j] = skewnessFromThirdDerivative(gamma3);
  }
  return { mean, skewness };
}
