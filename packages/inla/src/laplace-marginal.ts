import { gaussianApproximation, type GaussianApproximation } from './gaussian-approximation.js';
import { GridDensity, type MarginalSummary } from './grid-density.js';
import type { LatentCovariance } from './latent-moments.js';
import type { InferenceProblem } from './problem.js';
import { symmetricKld } from './mixture.js';
import { naturalCubicSpline } from './spline.js';

/** Standardised values s at which the full Laplace approximation of π(x_j | θ, y) is evaluated. */
export const LAPLACE_POINTS = Float64Array.of(-4, -3, -2, -1.25, -0.5, 0, 0.5, 1.25, 2, 3, 4);

/** One latent marginal at one θ as a spline-corrected Gaussian in s = (x_j − μ_j)/σ_j on [−4, 4]. */
export interface LaplaceMarginal {
  readonly mean: number;
  readonly sd: number;
  /** log density of s (unnormalised): −s²/2 plus a natural cubic spline correction. */
  logDensity(s: number): number;
}

/**
 * The full Laplace approximation of a latent marginal (Rue, Martino & Chopin 2009, eq. 4):
 * π̃(x_j | θ, y) ∝ π(x, θ, y) / π̃_G(x_{−j} | x_j, θ, y) at the conditional mode x*_{−j}(x_j). With x_j = v imposed
 * as one more linear constraint, that ratio is exactly the Laplace approximation this engine already computes
 * (`logPosterior` of the Gaussian approximation under the constraints), so each value costs a few Newton steps
 * started from the linear prediction x* + Σ[:, j](v − μ_j)/Σ_jj.
 */
export function laplaceMarginal(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  node: number,
): LaplaceMarginal {
  const mean = approx.mode[node]!;
  const sd = Math.sqrt(covariance.variance[node]!);
  const n = problem.field.size;
  const column = covariance.column(node);
  const unit = new Float64Array(n);
  unit[node] = 1;
  const base = problem.field.constraints;
  const logValues = Float64Array.from(LAPLACE_POINTS, (s) => {
    const value = mean + s * sd;
    const constraints = {
      rows: [...(base?.rows ?? []), unit],
      rhs: Float64Array.from([...(base?.rhs ?? []), value]),
    };
    const conditioned: InferenceProblem = { ...problem, field: { ...problem.field, constraints } };
    const start = Float64Array.from(approx.mode, (m, i) => m + (column[i]! * (value - mean)) / (sd * sd));
    return gaussianApproximation(conditioned, approx.theta, start).logPosterior;
  });
  const centre = logValues[(LAPLACE_POINTS.length - 1) / 2]!;
  const correction = naturalCubicSpline(
    LAPLACE_POINTS,
    Float64Array.from(logValues, (l, k) => l - centre + 0.5 * LAPLACE_POINTS[k]! ** 2),
  );
  return { mean, sd, logDensity: (s) => -0.5 * s * s + correction(s) };
}

/**
 * The summary of a latent marginal from its Laplace approximations at the integration points, mixed with the
 * points' weights: each point's density is normalised over s ∈ [−4, 4] (R-INLA's spline-corrected Gaussians
 * end at their points, too), the mixture is tabulated, and mean, sd, quantiles, mode and kld are read off it.
 */
export function laplaceSummary(marginals: readonly LaplaceMarginal[], weights: readonly number[]): MarginalSummary & { kld: number } {
  const normalisers = marginals.map((m) => {
    let sum = 0;
    const points = 801;
    for (let i = 0; i < points; i++) {
      const s = -4 + (8 * i) / (points - 1);
      sum += (i === 0 || i === points - 1 ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(m.logDensity(s));
    }
    return (sum * (8 / (points - 1))) / 3;
  });
  const lower = Math.min(...marginals.map((m) => m.mean - 4 * m.sd));
  const upper = Math.max(...marginals.map((m) => m.mean + 4 * m.sd));
  const mixtureLogDensity = (x: number): number => {
    let d = 0;
    marginals.forEach((m, k) => {
      const s = (x - m.mean) / m.sd;
      if (Math.abs(s) <= 4) d += (weights[k]! * Math.exp(m.logDensity(s))) / (normalisers[k]! * m.sd);
    });
    return Math.log(d);
  };
  const density = new GridDensity(mixtureLogDensity, lower, upper, 2001);
  const summary = density.summarise((x) => x, () => 1);
  return { ...summary, kld: symmetricKld((x) => Math.exp(mixtureLogDensity(x)), summary) };
}
