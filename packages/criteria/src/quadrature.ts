/**
 * Quadrature shared by the criteria: expectations of a log likelihood under a Gaussian (with the Gauss–Hermite
 * rule of `@hlm/likelihood`) and composite Simpson weights on equispaced points.
 * @module
 */
import type { GaussHermiteRule } from '@hlm/likelihood';
import { outOfRange } from '@hlm/likelihood';

export { GHQ_POINTS } from '@hlm/likelihood';

/** Composite Simpson weights 1, 4, 2, 4, …, 2, 4, 1 for an odd number n ≥ 3 of equispaced points (without the h/3 factor). */
export function simpsonWeights(n: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 3 && n % 2 === 1)) throw new RangeError(`simpsonWeights: n must be odd and >= 3, got ${n}`);
  const w = new Float64Array(n).fill(2);
  for (let j = 1; j < n - 1; j += 2) w[j] = 4;
  w[0] = 1;
  w[n - 1] = 1;
  return w;
}

/** The log-likelihood values at the nodes, reused by every call (the computation is synchronous). */
let scratch = new Float64Array(32);

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
  if (scratch.length < n) scratch = new Float64Array(n);
  for (let j = 0; j < n; j++) scratch[j] = loglik(mean + sd * (rule.nodes[j] ?? outOfRange(rule.nodes, j)));
  const out = { meanLog: new Float64Array(1), meanLogSquared: new Float64Array(1), meanDensity: new Float64Array(1) };
  quadratureMoments(scratch, 0, rule, out, 0);
  return { meanLog: out.meanLog[0] ?? 0, meanLogSquared: out.meanLogSquared[0] ?? 0, meanDensity: out.meanDensity[0] ?? 0 };
}

/**
 * `logLikelihoodMoments` from the log likelihood's values at the rule's nodes, ll[offset + j] at node j, written to
 * position `at` of the three arrays of `out`.
 */
export function quadratureMoments(
  ll: ArrayLike<number>,
  offset: number,
  rule: GaussHermiteRule,
  out: { meanLog: Float64Array; meanLogSquared: Float64Array; meanDensity: Float64Array },
  at: number,
): void {
  const n = rule.nodes.length;
  let max = -Infinity;
  let min = Infinity;
  for (let j = 0; j < n; j++) {
    const v = ll[offset + j] ?? outOfRange(ll, offset + j);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const limit = -0.5 * (rule.nodes[0] ?? outOfRange(rule.nodes, 0)) * (rule.nodes[0] ?? outOfRange(rule.nodes, 0));
  const mask = min - max < limit;
  let meanLog = 0;
  let meanLogSquared = 0;
  let meanDensity = 0;
  for (let j = 0; j < n; j++) {
    const v = ll[offset + j] ?? outOfRange(ll, offset + j);
    if (mask && v - max < limit) continue;
    const w = rule.weights[j] ?? outOfRange(rule.weights, j);
    meanLog += w * v;
    meanLogSquared += w * v * v;
    meanDensity += w * Math.exp(v);
  }
  out.meanLog[at] = meanLog;
  out.meanLogSquared[at] = meanLogSquared;
  out.meanDensity[at] = meanDensity;
}
