import { InlaError } from './errors.js';
import { outOfRange } from '@hlm/sparse';

/** The mode of log π̃(θ | y) found by quasi-Newton. */
export interface ModeSearchResult {
  readonly theta: Float64Array;
  readonly logPosterior: number;
  readonly evaluations: number;
  readonly iterations: number;
}

/** Central-difference gradient of f at θ with step h (R-INLA's `num.gradient = "central"`, h = 0.005). */
export function centralGradient(f: (theta: Float64Array) => number, theta: Float64Array, h: number): Float64Array {
  const m = theta.length;
  const g = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[i] = (plus[i] ?? outOfRange(plus, i)) + h;
    minus[i] = (minus[i] ?? outOfRange(minus, i)) - h;
    g[i] = (f(plus) - f(minus)) / (2 * h);
  }
  return g;
}

/**
 * Maximises f (log π̃(θ | y)) by BFGS with central-difference gradients and a backtracking line search
 * (Nocedal & Wright 2006, Algorithm 6.1), stopping when the gradient's largest component is below
 * `gradientTolerance` or the step below `stepTolerance`.
 */
export function findMode(
  f: (theta: Float64Array) => number,
  start: Float64Array,
  options: { h: number; gradientTolerance?: number; stepTolerance?: number; maxIterations?: number },
): ModeSearchResult {
  const m = start.length;
  const gradientTolerance = options.gradientTolerance ?? 1e-4;
  const stepTolerance = options.stepTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 200;
  let evaluations = 0;
  const objective = (theta: Float64Array): number => {
    evaluations++;
    const value = f(theta);
    return Number.isFinite(value) ? value : -Infinity;
  };
  const gradient = (theta: Float64Array): Float64Array => {
    evaluations += 2 * m;
    return centralGradient(f, theta, options.h);
  };

  let theta = Float64Array.from(start);
  let value = objective(theta);
  if (!Number.isFinite(value)) {
    throw new InlaError('numerical-failure', `log π(θ | y) is not finite at the initial θ = [${Array.from(start).join(', ')}]`, {
      theta: Array.from(start),
    });
  }
  let g = gradient(theta);
  // inverse Hessian approximation of −f, started at the identity
  let B = Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (Math.max(...Array.from(g, Math.abs)) < gradientTolerance) break;
    // ascent direction d = B g
    const d = B.map((row) => row.reduce((s, b, j) => s + b * (g[j] ?? outOfRange(g, j)), 0));
    let slope = d.reduce((s, di, i) => s + di * (g[i] ?? outOfRange(g, i)), 0);
    if (!(slope > 0)) {
      B = B.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      d.splice(0, m, ...g);
      slope = d.reduce((s, di, i) => s + di * (g[i] ?? outOfRange(g, i)), 0);
    }
    // never step more than 1 on the internal scale at once
    const longest = Math.max(...d.map(Math.abs));
    let step = longest > 1 ? 1 / longest : 1;
    let next = theta;
    let nextValue = -Infinity;
    for (let tries = 0; tries < 40; tries++) {
      next = Float64Array.from(theta, (t, i) => t + step * (d[i] ?? outOfRange(d, i)));
      nextValue = objective(next);
      if (nextValue >= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue >= value)) break;
    const s = Float64Array.from(next, (t, i) => t - (theta[i] ?? outOfRange(theta, i)));
    const gNext = gradient(next);
    const yv = Float64Array.from(gNext, (gi, i) => -(gi - (g[i] ?? outOfRange(g, i)))); // gradient change of −f
    const sy = s.reduce((acc, si, i) => acc + si * (yv[i] ?? outOfRange(yv, i)), 0);
    const stepSize = Math.max(...Array.from(s, Math.abs));
    theta = next;
    value = nextValue;
    g = gNext;
    if (stepSize < stepTolerance) break;
    if (sy > 1e-12) {
      // BFGS update of the inverse Hessian of −f
      const By = B.map((row) => row.reduce((acc, b, j) => acc + b * (yv[j] ?? outOfRange(yv, j)), 0));
      const yBy = yv.reduce((acc, yi, i) => acc + yi * (By[i] ?? outOfRange(By, i)), 0);
      B = B.map((row, i) =>
        row.map((b, j) => b + ((sy + yBy) * (s[i] ?? outOfRange(s, i)) * (s[j] ?? outOfRange(s, j))) / (sy * sy) - ((By[i] ?? outOfRange(By, i)) * (s[j] ?? outOfRange(s, j)) + (s[i] ?? outOfRange(s, i)) * (By[j] ?? outOfRange(By, j))) / sy),
      );
    }
  }
  return { theta, logPosterior: value, evaluations, iterations };
}
