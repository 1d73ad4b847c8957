import { patternPredictor, type GaussianApproximation } from './gaussian-approximation.js';
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
  const n = problem.field.size;
  // on the patterns: Σ_i over the rows of a pattern of w_i ℓ‴_i is the sum over its units, w_u ℓ‴ at the unit (a pooled
  // unit's ℓ‴ is linear in the sufficient statistics it sums)
  const { patternAt, nPatterns, unitPattern, unitResponse, unitColumns, unitWeight, nUnits } = problem.patterns;
  const patternEta = patternPredictor(problem, approx.mode);
  const unitEta = Float64Array.from(unitPattern, (p) => patternEta[p] ?? outOfRange(patternEta, p));
  const unitD3 = new Float64Array(nUnits);
  problem.observations.family.derivatives(unitResponse, unitColumns, approx.familyTheta, unitEta, undefined, undefined, unitD3);
  const d3 = new Float64Array(nPatterns);
  for (let u = 0; u < nUnits; u++) {
    const p = unitPattern[u] ?? outOfRange(unitPattern, u);
    d3[p] = (d3[p] ?? outOfRange(d3, p)) + (unitWeight[u] ?? outOfRange(unitWeight, u)) * (unitD3[u] ?? outOfRange(unitD3, u));
  }
  const mean = new Float64Array(n);
  const skewness = new Float64Array(n);
  const covarianceWithPredictor = new Float64Array(nPatterns);
  for (let j = 0; j < n; j++) {
    const sd = Math.sqrt(covariance.variance[j] ?? outOfRange(covariance.variance, j));
    if (!(sd > 0)) {
      mean[j] = approx.mode[j] ?? outOfRange(approx.mode, j);
      continue;
    }
    patternAt.transposeMultiplyVector(covariance.column(j), covarianceWithPredictor);
    let gamma1 = 0;
    let gamma3 = 0;
    for (let p = 0; p < nPatterns; p++) {
      const b = (covarianceWithPredictor[p] ?? outOfRange(covarianceWithPredictor, p)) / sd;
      if (b === 0) continue;
      gamma1 += (d3[p] ?? outOfRange(d3, p)) * ((predictorVariance[p] ?? outOfRange(predictorVariance, p)) - b * b) * b;
      gamma3 += (d3[p] ?? outOfRange(d3, p)) * b * b * b;
    }
    mean[j] = (approx.mode[j] ?? outOfRange(approx.mode, j)) + sd * 0.5 * gamma1;
    skewness[j] = skewnessFromThirdDerivative(gamma3);
  }
  return { mean, skewness };
}
