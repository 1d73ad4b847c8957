/**
 * Quadrature rules shared by the criteria: Gauss–Hermite for expectations under a Gaussian and
 * composite Simpson on equispaced points.
 * @module
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Nodes z_j and weights w_j with E[f(Z)] ≈ Σ_j w_j f(z_j) for Z ~ N(0, 1). */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** R-INLA's number of Gauss–Hermite points for DIC and WAIC (GMRFLib_INT_GHQ_POINTS). */
export const GHQ_POINTS = 15;

const rules = new Map<number, GaussHermiteRule>();

/**
 * The n-point Gauss–Hermite rule for the standard normal weight (probabilists' Hermite polynomials),
 * by Golub & Welsch (1969): the nodes are the eigenvalues of the Jacobi matrix with off-diagonal
 * entries √1, …, √(n−1); each weight is the squared first component of the unit eigenvector. Nodes are
 * increasing; the rule is exact for polynomials of degree ≤ 2n − 1. Rules are cached by n.
 */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussHermite: n must be a positive integer, got ${n}`);
  const cached = rules.get(n);
  if (cached) return cached;
  const jacobi = Matrix.zeros(n, n);
  for (let k = 1; k < n; k++) {
    jacobi.set(k, k - 1, Math.sqrt(k));
    jacobi.set(k - 1, k, Math.sqrt(k));
  }
  const eigen = new EigenvalueDecomposition(jacobi, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const vectors = eigen.eigenvectorMatrix;
  const pairs = values.map((node, j) => ({ node, weight: vectors.get(0, j) ** 2 })).sort((a, b) => a.node - b.node);
  const nodes = Float64Array.from(pairs, (p) => p.node);
  const weights = Float64Array.from(pairs, (p) => p.weight);
  // impose the exact symmetry of the rule so that odd moments vanish to rounding
  for (let j = 0; j < Math.floor(n / 2); j++) {
    const node = 0.5 * (nodes[n - 1 - j]! - nodes[j]!);
    const weight = 0.5 * (weights[j]! + weights[n - 1 - j]!);
    nodes[j] = -node;
    nodes[n - 1 - j] = node;
    weights[j] = weight;
    weights[n - 1 - j] = weight;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  let total = 0;
  for (const w of weights) total += w;
  for (let j = 0; j < n; j++) weights[j]! /= total;
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}

/** Composite Simpson weights 1, 4, 2, 4, …, 2, 4, 1 for an odd number n ≥ 3 of equispaced points (without the h/3 factor). */
export function simpsonWeights(n: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 3 && n % 2 === 1)) throw new RangeError(`simpsonWeights: n must be odd and >= 3, got ${n}`);
  const w = new Float64Array(n).fill(2);
  for (let j = 1; j < n - 1; j += 2) w[j] = 4;
  w[0] = 1;
  w[n - 1] = 1;
  return w;
}

/** E[ℓ(η)], E[ℓ(η)²] and E[exp ℓ(η)] for η ~ N(mean, sd²), where ℓ is a log likelihood. */
export interface LogLikelihoodMoments {
  readonly meanLog: number;
  readonly meanLogSquared: number;
  readonly meanDensity: number;
}

/**
 * The moments of a log likelihood ℓ under η ~ N(mean, sd²) by Gauss–Hermite quadrature, as R-INLA computes
 * them for DIC and WAIC (approx-inference.c, `GMRFLib_ai_dic_integrate` and `GMRFLib_ai_po_integrate`): when
 * ℓ varies over the nodes by more than z_1²/2 (z_1 the outermost node), the nodes where ℓ is that far below its
 * maximum are dropped from all three sums (they count as ℓ = 0 and exp ℓ = 0), which keeps extreme tails from
 * dominating.
 */
export function logLikelihoodMoments(loglik: (eta: number) => number, mean: number, sd: number, rule: GaussHermiteRule): LogLikelihoodMoments {
  const n = rule.nodes.length;
  const ll = new Float64Array(n);
  let max = -Infinity;
  let min = Infinity;
  for (let j = 0; j < n; j++) {
    const v = loglik(mean + sd * rule.nodes[j]!);
    ll[j] = v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const limit = -0.5 * rule.nodes[0]! * rule.nodes[0]!;
  const mask = min - max < limit;
  let meanLog = 0;
  let meanLogSquared = 0;
  let meanDensity = 0;
  for (let j = 0; j < n; j++) {
    const v = ll[j]!;
    if (mask && v - max < limit) continue;
    const w = rule.weights[j]!;
    meanLog += w * v;
    meanLogSquared += w * v * v;
    meanDensity += w * Math.exp(v);
  }
  return { meanLog, meanLogSquared, meanDensity };
}
