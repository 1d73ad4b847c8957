import { GridDensity } from './grid-density.js';
import type { StandardisedScale } from './hessian.js';
import { naturalCubicSpline } from './spline.js';

/** Smallest log density R-INLA keeps for an interpolation point (log DBL_EPSILON). */
const LOG_DENSITY_FLOOR = Math.log(2.220446049250313e-16);

/**
 * The marginal of one hyperparameter on the internal scale as a tabulated density.
 *
 * One hyperparameter (R-INLA's GRIDSUM): through the design points, with x = (θ − θ*)/σ_θ and
 * ld = log π̃(θ | y) − log π̃(θ* | y), log f(x) = −x²/2 + S(x), S the natural cubic spline through
 * (x_k, ld_k + x_k²/2), on the span of the points.
 *
 * Several hyperparameters (R-INLA's CCD interpolator): along the line θ_j = θ*_j + (Σ_ij/Σ_ii)(θ_i − θ*_i),
 * the skewed Gaussian log f = −½ Σ_k (z_k / s_k^±)², with no further evaluation of π̃(θ | y).
 */
export function hyperparameterMarginal(
  index: number,
  scale: StandardisedScale,
  points: { theta: Float64Array; logPosterior: number }[],
): GridDensity {
  const m = scale.mode.length;
  const sigma = Math.sqrt(scale.covariance.get(index, index));
  const thetaMode = scale.mode[index]!;
  if (m === 1 && points.length > 1) {
    const sorted = points
      .map((p) => ({
        x: (p.theta[0]! - thetaMode) / sigma,
        ld: Math.max(p.logPosterior - scale.logPosteriorAtMode, LOG_DENSITY_FLOOR),
      }))
      .sort((a, b) => a.x - b.x);
    const correction = naturalCubicSpline(
      sorted.map((p) => p.x),
      sorted.map((p) => p.ld + 0.5 * p.x * p.x),
    );
    const lower = sorted[0]!.x;
    const upper = sorted[sorted.length - 1]!.x;
    // beyond the points the correction continues linearly with its end slopes (GMRFLib_spline_eval's extrapolation)
    const h = (upper - lower) * 1e-4;
    const slopeLower = (correction(lower + h) - correction(lower)) / h;
    const slopeUpper = (correction(upper) - correction(upper - h)) / h;
    const extended = (x: number): number =>
      x < lower ? correction(lower) + slopeLower * (x - lower) : x > upper ? correction(upper) + slopeUpper * (x - upper) : correction(x);
    const logDensity = (t: number): number => {
      const x = (t - thetaMode) / sigma;
      return -0.5 * x * x + extended(x);
    };
    // quantiles, mode and θ's own moments from the density on the span of the points (R-INLA's lookup tables); the
    // user-scale moments over mean ± 10 sd of it, where the extrapolated tails carry mass (GridDensity.tailMoments)
    const span = new GridDensity(logDensity, thetaMode + sigma * lower, thetaMode + sigma * upper);
    span.extendedLogDensity = logDensity;
    return span;
  }
  const covarianceColumn = Float64Array.from({ length: m }, (_, j) => scale.covariance.get(j, index) / scale.covariance.get(index, index));
  const logDensity = (t: number): number => {
    const theta = Float64Array.from(scale.mode, (mode, j) => mode + covarianceColumn[j]! * (t - thetaMode));
    const z = scale.zOf(theta);
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const stretch = z[k]! < 0 ? scale.stretchNegative[k]! : scale.stretchPositive[k]!;
      sum += (z[k]! / stretch) ** 2;
    }
    return -0.5 * sum;
  };
  const density = new GridDensity(logDensity, thetaMode - 10 * sigma, thetaMode + 10 * sigma, 4001);
  density.extendedLogDensity = logDensity;
  return density;
}

/** The marginal on the user scale g(θ) as (x, y) pairs, x increasing, over the central 99.9% of its mass. */
export function userScaleMarginal(density: GridDensity, g: (theta: number) => number, points = 101): { x: number[]; y: number[] } {
  const lower = density.quantile(0.0005);
  const upper = density.quantile(0.9995);
  const pairs: { x: number; y: number }[] = [];
  for (let i = 0; i < points; i++) {
    const theta = lower + ((upper - lower) * i) / (points - 1);
    const h = 1e-6 * (1 + Math.abs(theta));
    const derivative = Math.abs((g(theta + h) - g(theta - h)) / (2 * h));
    pairs.push({ x: g(theta), y: density.densityAt(theta) / derivative });
  }
  pairs.sort((a, b) => a.x - b.x);
  return { x: pairs.map((p) => p.x), y: pairs.map((p) => p.y) };
}

