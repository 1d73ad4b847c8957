/**
 * The binomial family with the logit link: yᵢ ~ Binomial(nᵢ, pᵢ), logit(pᵢ) = ηᵢ.
 * @module
 */
import { LikelihoodError, type FamilyData, type LikelihoodErrorCode, type LikelihoodFamily } from '../family.js';
import { log1pExp, logChoose, sigmoid } from '../special.js';

/** Throws a `LikelihoodError` for the datum `value` of `what` at the 1-based `row`, saying what was expected. */
function fail(code: LikelihoodErrorCode, what: string, row: number, value: number, expected: string): never {
  throw new LikelihoodError(code, `binomial: ${what} at row ${row} is ${value}; expected ${expected}`, { row, value });
}

/**
 * log p(y | η) = log C(n, y) − y·log(1 + e⁻η) − (n − y)·log(1 + eη), which equals
 * log C(n, y) + y·η − n·log(1 + eη) but never subtracts two large numbers; a term whose
 * count is zero is skipped, so the limits η → ±∞ are exact (0 or −∞).
 */
function logDensityAt(yi: number, ni: number, eta: number): number {
  let value = logChoose(ni, yi);
  if (yi > 0) value -= yi * log1pExp(-eta);
  if (ni > yi) value -= (ni - yi) * log1pExp(eta);
  return value;
}

/**
 * The binomial family with the logit link (R-INLA's `family = "binomial"`). The extra data are the
 * numbers of trials `nTrials` (R-INLA's `Ntrials`).
 *
 * With p = sigmoid(η) and q = 1 − p = sigmoid(−η) (each computed directly, never as 1 − the other):
 * d1 = y·q − (n − y)·p (= y − n·p), d2 = −n·p·q, d3 = −n·p·q·(1 − 2p) = n·p·q·tanh(η/2).
 * All are finite for every finite η and tend to their limits as |η| grows.
 *
 * `cdf` sums the probability mass function from 0 to ⌊y⌋, so it costs O(y) log-gamma evaluations:
 * all terms are positive, so small lower tails keep their relative accuracy (about 1e-12 · log n per term, from
 * `logChoose`); fine for the moderate numbers of trials of typical data.
 */
export const binomial: LikelihoodFamily = {
  name: 'binomial',
  link: 'logit',
  response: 'counts',

  datum(extra: FamilyData): ArrayLike<number> {
    return extra.nTrials;
  },

  validate(y: ArrayLike<number>, extra: FamilyData): void {
    const n = extra.nTrials;
    if (y.length !== n.length) {
      throw new LikelihoodError(
        'LENGTH_MISMATCH',
        `binomial: the response has ${y.length} values but nTrials has ${n.length}; expected one number of trials per observation`,
      );
    }
    for (let i = 0; i < y.length; i++) {
      const row = i + 1;
      const ni = n[i];
      const yi = y[i];
      if (!(Number.isInteger(ni) && ni >= 1)) fail('INVALID_TRIALS', 'nTrials', row, ni, 'a positive integer number of trials');
      if (!Number.isFinite(yi)) fail('NOT_FINITE', 'the response', row, yi, 'a finite count');
      if (!Number.isInteger(yi)) fail('NOT_INTEGER', 'the response', row, yi, 'an integer count');
      if (yi < 0) fail('NEGATIVE', 'the response', row, yi, 'a count of at least 0');
      if (yi > ni) fail('EXCEEDS_TRIALS', 'the response', row, yi, `at most nTrials = ${ni}, the number of trials at that row`);
    }
  },

  logDensity(y: ArrayLike<number>, extra: FamilyData, eta: ArrayLike<number>, out: Float64Array): Float64Array {
    const n = extra.nTrials;
    for (let i = 0; i < eta.length; i++) out[i] = logDensityAt(y[i], n[i], eta[i]);
    return out;
  },

  logDensityAt,

  derivatives(
    y: ArrayLike<number>,
    extra: FamilyData,
    eta: ArrayLike<number>,
    d1?: Float64Array,
    d2?: Float64Array,
    d3?: Float64Array,
  ): void {
    const n = extra.nTrials;
    for (let i = 0; i < eta.length; i++) {
      // p and q = 1 − p from one exponential, each without cancellation: e = exp(−|η|)
      const e = Math.exp(-Math.abs(eta[i]));
      const p = eta[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
      const q = eta[i] >= 0 ? e / (1 + e) : 1 / (1 + e);
      const npq = n[i] * p * q;
      if (d1) d1[i] = y[i] * q - (n[i] - y[i]) * p;
      if (d2) d2[i] = -npq;
      if (d3) d3[i] = npq * Math.tanh(0.5 * eta[i]);
    }
  },

  cdf(yi: number, extraI: number, eta: number): number {
    if (Number.isNaN(yi) || Number.isNaN(eta)) return Number.NaN;
    const k = Math.floor(yi);
    if (k < 0) return 0;
    if (k >= extraI) return 1;
    let sum = 0;
    for (let j = 0; j <= k; j++) sum += Math.exp(logDensityAt(j, extraI, eta));
    return Math.min(sum, 1);
  },

  inverseLink: sigmoid,
};
