/**
 * Gauss–Hermite quadrature for expectations under a Gaussian: E[f(Z)] ≈ Σ_k w_k f(z_k), Z ~ N(0, 1).
 * Expectations of log-likelihoods over a Gaussian linear predictor (the VB correction, DIC, WAIC) use it.
 * @module
 */

import { outOfRange } from './checked.js';

/** Nodes z_k (increasing) and weights w_k (summing to 1) of an n-point rule for the standard normal. */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** R-INLA's number of Gauss–Hermite points (GMRFLib_INT_GHQ_POINTS) for the VB correction, DIC and WAIC. */
export const GHQ_POINTS = 15;

const rules = new Map<number, GaussHermiteRule>();

/**
 * The n-point rule, exact for polynomials of degree ≤ 2n − 1. The roots x of the physicists' Hermite
 * polynomial H_n are found by Newton's method on the orthonormal recurrence
 * p_j = x √(2/j) p_{j−1} − √((j−1)/j) p_{j−2}, p_0 = π^(−1/4), with p_n′ = √(2n) p_{n−1} and weight
 * 2 / p_n′² (Golub & Welsch 1969; starting values of Stroud & Secrest 1966); then z = √2 x, w ← w/√π.
 */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussHermite: n must be a positive integer, got ${n}`);
  const cached = rules.get(n);
  if (cached) return cached;
  const roots = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < half; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * (roots[0] ?? outOfRange(roots, 0));
    else if (i === 3) z = 1.91 * z - 0.91 * (roots[1] ?? outOfRange(roots, 1));
    else z = 2 * z - (roots[i - 2] ?? outOfRange(roots, i - 2));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = Math.pow(Math.PI, -0.25);
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      derivative = Math.sqrt(2 * n) * p2;
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    roots[i] = z;
    weights[i] = 2 / (derivative * derivative);
  }
  const nodes = new Float64Array(n);
  const probabilistWeights = new Float64Array(n);
  for (let i = 0; i < half; i++) {
    nodes[i] = -Math.SQRT2 * (roots[i] ?? outOfRange(roots, i));
    nodes[n - 1 - i] = Math.SQRT2 * (roots[i] ?? outOfRange(roots, i));
    probabilistWeights[i] = (weights[i] ?? outOfRange(weights, i)) / Math.sqrt(Math.PI);
    probabilistWeights[n - 1 - i] = probabilistWeights[i] ?? outOfRange(probabilistWeights, i);
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  const rule = { nodes, weights: probabilistWeights };
  rules.set(n, rule);
  return rule;
}
