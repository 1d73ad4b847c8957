/**
 * Special functions used by the likelihood families, written for stability in double precision.
 * @module
 */

import { outOfRange } from './checked.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Below this argument `logGamma` shifts up with Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)) before using the Stirling series. */
const STIRLING_MIN = 10;

/**
 * Coefficients B₂ₖ / (2k (2k−1)) of the Stirling series for log Γ, k = 1…8 (B₂ₖ the Bernoulli numbers).
 * For x ≥ 10 the first omitted term is below 2e-18, so the series is exact to rounding.
 */
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/**
 * The natural logarithm of the gamma function, log Γ(x), for x > 0.
 *
 * Stirling's series (eight terms) for x ≥ 10; smaller arguments are shifted up by the recursion
 * Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)). Against 30-digit references the relative error is below 1.1e-14 where
 * |log Γ(x)| ≥ 0.5 and the absolute error below 1e-14 elsewhere (log Γ is exactly 0 at x = 1 and x = 2).
 * Returns NaN for x ≤ 0 or NaN, and Infinity for Infinity.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  if (x === Infinity) return Infinity;
  // whole numbers (log-factorials of counts) are kept once computed: the same value, without the series each time
  if (x <= TABULATED_UP_TO && Number.isInteger(x)) {
    const held = logGammaOfInteger[x] ?? outOfRange(logGammaOfInteger, x);
    if (held === held) return held;
    return (logGammaOfInteger[x] = logGammaBySeries(x));
  }
  return logGammaBySeries(x);
}

/** log Γ(k) for whole k ≤ TABULATED_UP_TO, filled on first use (NaN until then). */
const TABULATED_UP_TO = 1 << 14;
const logGammaOfInteger = new Float64Array(TABULATED_UP_TO + 1).fill(Number.NaN);

function logGammaBySeries(x: number): number {
  let shift = 0;
  if (x < STIRLING_MIN) {
    let product = 1;
    while (x < STIRLING_MIN) {
      product *= x;
      x += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + (STIRLING[k] ?? outOfRange(STIRLING, k));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series * inv - shift;
}

/**
 * log(1 + eˣ) (the softplus function) without overflow or loss of precision:
 * x + log1p(e⁻ˣ) for x > 0 and log1p(eˣ) otherwise. log1pExp(Infinity) = Infinity, log1pExp(−Infinity) = 0.
 */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * The logistic function 1 / (1 + e⁻ˣ) without overflow: for x < 0 it is evaluated as eˣ / (1 + eˣ),
 * so sigmoid(−x) is accurate even where sigmoid(x) rounds to 1.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * log of the binomial coefficient C(n, k) = n! / (k! (n−k)!) for 0 ≤ k ≤ n, as a difference of `logGamma`
 * values; exactly 0 when k is 0 or n. Its absolute error is about 1e-16 · n · log n (3e-9 at n = 1e6).
 */
export function logChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
