import { gaussHermite } from '@hlm/likelihood';
import { SplineCorrectedGaussian } from './grid-density.js';
import type { StandardisedScale } from './hessian.js';
import { outOfRange } from '@hlm/sparse';

/** Smallest log density R-INLA keeps for an interpolation point (log DBL_EPSILON). */
const LOG_DENSITY_FLOOR = Math.log(2.220446049250313e-16);

/**
 * Where R-INLA's CCD interpolator evaluates a hyperparameter's marginal, in sds of θ_i from its mode: the 51
 * Gauss–Hermite abscissas and 19 more points (approx-inference.c, GMRFLib_ai_marginal_one_hyperparamter).
 */
const CCD_INTERPOLATION_POINTS = [
  ...gaussHermite(51).nodes,
  ...[-15, -10, -7, -5, -3, -2, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 2, 3, 5, 7, 10, 15],
];

/**
 * The marginal of one hyperparameter θ_i on the internal scale, as R-INLA builds it: a spline-corrected Gaussian in
 * x = (θ_i − θ*_i)/σ_i, σ_i² = (H⁻¹)_ii (GMRFLib_ai_marginal_one_hyperparamter).
 *
 * One hyperparameter (R-INLA's GRIDSUM): through the design points, with log densities
 * ld = log π̃(θ | y) − max over the points (floored at log DBL_EPSILON).
 *
 * Several hyperparameters (R-INLA's CCD interpolator): along the line θ_j = θ*_j + (Σ_ij/Σ_ii)(θ_i − θ*_i), the skewed
 * Gaussian log f = −½ Σ_k (z_k / s_k^±)² at 70 points out to ±15 σ_i, with no further evaluation of π̃(θ | y).
 */
export function hyperparameterMarginal(
  index: number,
  scale: StandardisedScale,
  points: { theta: Float64Array; logPosterior: number }[],
): SplineCorrectedGaussian {
  const m = scale.mode.length;
  const sigma = Math.sqrt(scale.covariance.get(index, index));
  const thetaMode = scale.mode[index] ?? outOfRange(scale.mode, index);
  if (m === 1 && points.length > 1) {
    const max = Math.max(...points.map((p) => p.logPosterior));
    return new SplineCorrectedGaussian(
      points.map((p) => ((p.theta[0] ?? outOfRange(p.theta, 0)) - thetaMode) / sigma),
      points.map((p) => Math.max(p.logPosterior - max, LOG_DENSITY_FLOOR)),
      thetaMode,
      sigma,
    );
  }
  const covarianceColumn = Float64Array.from({ length: m }, (_, j) => scale.covariance.get(j, index) / scale.covariance.get(index, index));
  const logDensity = (x: number): number => {
    const theta = Float64Array.from(scale.mode, (mode, j) => mode + (covarianceColumn[j] ?? outOfRange(covarianceColumn, j)) * sigma * x);
    const z = scale.zOf(theta);
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const stretch = (z[k] ?? outOfRange(z, k)) < 0 ? (scale.stretchNegative[k] ?? outOfRange(scale.stretchNegative, k)) : (scale.stretchPositive[k] ?? outOfRange(scale.stretchPositive, k));
      sum += ((z[k] ?? outOfRange(z, k)) / stretch) ** 2;
    }
    return -0.5 * sum;
  };
  return new SplineCorrectedGaussian(CCD_INTERPOLATION_POINTS, CCD_INTERPOLATION_POINTS.map(logDensity), thetaMode, sigma);
}

/** The probabilities at whose quantiles R-INLA writes a marginal density (density.c, GMRFLib_density_layout_x). */
const LAYOUT_PROBABILITIES = [
  0.00001, 0.0001, 0.001, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.375, 0.4, 0.425, 0.45, 0.46, 0.47, 0.475, 0.48, 0.49, 0.5,
  0.51, 0.52, 0.525, 0.53, 0.54, 0.55, 0.575, 0.6, 0.625, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 0.999, 0.9999, 0.99999,
];

/**
 * The marginal on the user scale g(θ) as (x, y) pairs, x increasing, at R-INLA's 43 layout quantiles of θ: x = g(θ_p),
 * y = f(θ_p)/|g′(θ_p)| (R-INLA's `marginals.hyperpar`).
 */
export function userScaleMarginal(density: SplineCorrectedGaussian, g: (theta: number) => number): { x: number[]; y: number[] } {
  const pairs = LAYOUT_PROBABILITIES.map((p) => {
    const theta = density.quantile(p);
    const h = 1e-6 * (1 + Math.abs(theta));
    const derivative = Math.abs((g(theta + h) - g(theta - h)) / (2 * h));
    return { x: g(theta), y: density.densityAt(theta) / derivative };
  }).sort((a, b) => a.x - b.x);
  return { x: pairs.map((p) => p.x), y: pairs.map((p) => p.y) };
}
