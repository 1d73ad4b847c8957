/**
 * The binomial family with the logit link: yᵢ ~ Binomial(nᵢ, pᵢ), logit(pᵢ) = ηᵢ.
 * @module
 */
import { outOfRange } from '../checked.js';
import { columnOf, columnValue, LikelihoodError, type LikelihoodErrorCode, type LikelihoodFamily, type ObservationColumns } from '../family.js';
import { incompleteBeta } from '../incomplete.js';
import { log1pExp, logChoose, sigmoid } from '../special.js';

/** Below this count the CDF is the sum of its few probability terms; from it on, the incomplete beta function. */
const SUMMED_CDF_BELOW = 16;

/** Throws a `LikelihoodError` for the datum `value` of `what` at the 1-based `row`, saying what was expected. */
function fail(code: LikelihoodErrorCode, what: string, row: number, value: number, expected: string): never {
  throw new LikelihoodError(code, `binomial: ${what} at row ${row} is ${value}; expected ${expected}`, { row, value });
}

/**
 * log C(n, y) of the last (n, y) asked for, which CPO and the WAIC ask for at many η in a row: for large counts it is
 * three `logGamma` series (15% of the time of the 3,000-row benchmark with 10⁶ trials and CPO). The same number as
 * `logChoose`.
 */
let chooseN = Number.NaN;
let chooseY = Number.NaN;
let chooseValue = 0;
function lastLogChoose(ni: number, yi: number): number {
  if (ni !== chooseN || yi !== chooseY) {
    chooseValue = logChoose(ni, yi);
    chooseN = ni;
    chooseY = yi;
  }
  return chooseValue;
}

/**
 * log p(y | η) = log C(n, y) − y·log(1 + e⁻η) − (n − y)·log(1 + eη), which equals
 * log C(n, y) + y·η − n·log(1 + eη) but never subtracts two large numbers; a term whose
 * count is zero is skipped, so the limits η → ±∞ are exact (0 or −∞), and a row with n = 0 trials has log p = 0.
 * Both softplus terms come from one exponential: with l = log(1 + e^−|η|), log(1 + e^η) is η + l for η > 0 and l
 * otherwise, and log(1 + e^−η) is l for η > 0 and l − η otherwise (the same numbers as `log1pExp` of each).
 * `logChooseYi` is log C(n, y), given by the caller.
 */
function binomialLogDensity(yi: number, ni: number, eta: number, logChooseYi: number): number {
  const l = Math.log1p(Math.exp(-Math.abs(eta)));
  let value = logChooseYi;
  if (yi > 0) value -= yi * (eta > 0 ? l : l - eta);
  if (ni > yi) value -= (ni - yi) * (eta > 0 ? eta + l : l);
  return value;
}

/** log C(n, y) of one row; C(n, 0) = C(n, n) = 1, which is every row of Bernoulli data: no call then. */
function rowLogChoose(ni: number, yi: number): number {
  return yi === 0 || yi === ni ? 0 : lastLogChoose(ni, yi);
}

/**
 * log C(n_i, y_i) of every row of the last (y, Ntrials) columns given to `logDensity`, which the Gaussian
 * approximation passes again at every Newton step (with pooled rows, whose counts are sums, each is three `logGamma`
 * calls). They are reused only after the columns are checked equal element by element, far cheaper than recomputing;
 * columns longer than CHOOSE_CACHE_ROWS are not kept (they would hold three arrays of that length between calls).
 */
const CHOOSE_CACHE_ROWS = 1 << 20;
let chooseColumns: { y: Float64Array; n: Float64Array; value: Float64Array } | null = null;
function logChooses(y: ArrayLike<number>, n: ArrayLike<number>): Float64Array {
  const held = chooseColumns;
  if (held && held.y.length === y.length) {
    let same = true;
    for (let i = 0; i < y.length && same; i++) same = held.y[i] === y[i] && held.n[i] === n[i];
    if (same) return held.value;
  }
  const value = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) value[i] = rowLogChoose(n[i] ?? outOfRange(n, i), y[i] ?? outOfRange(y, i));
  chooseColumns = y.length <= CHOOSE_CACHE_ROWS ? { y: Float64Array.from(y), n: Float64Array.from(n), value } : null;
  return value;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] ?? outOfRange(values, i);
  return total;
}

/**
 * P(Y ≤ yi) for Y ~ Binomial(n, sigmoid(η)): I_q(n − k, k + 1), the regularised incomplete beta function
 * (A&S 26.5.24; see `incompleteBeta`), whose cost does not grow with n or k; for k < 16 the sum of the k + 1 terms
 * C(n, j) pʲ qⁿ⁻ʲ, each from the previous by the ratio (n − j)/(j + 1) · eη (positive terms: the lower tail keeps its
 * relative accuracy).
 */
function binomialCdf(yi: number, ni: number, eta: number): number {
  if (Number.isNaN(yi) || Number.isNaN(eta)) return Number.NaN;
  const k = Math.floor(yi);
  if (k < 0) return 0;
  if (k >= ni) return 1;
  if (k < SUMMED_CDF_BELOW) {
    const logFirst = -ni * log1pExp(eta); // log qⁿ
    if (logFirst > -700) {
      const odds = Math.exp(eta);
      let term = Math.exp(logFirst);
      let total = term;
      for (let j = 0; j < k; j++) {
        term *= ((ni - j) / (j + 1)) * odds;
        total += term;
      }
      return Math.min(total, 1);
    }
  }
  // p and q = 1 − p from one exponential, as in `derivatives`
  const e = Math.exp(-Math.abs(eta));
  const p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
  const q = eta >= 0 ? e / (1 + e) : 1 / (1 + e);
  return incompleteBeta(q, ni - k, k + 1, p).lower;
}

/**
 * The binomial family with the logit link (R-INLA's `family = "binomial"`), with the numbers of trials in the
 * column `Ntrials` (1 when not given). A row with Ntrials = 0 (and so y = 0) is accepted, as R-INLA does, and
 * carries no information: its log density and derivatives are 0.
 *
 * With p = sigmoid(η) and q = 1 − p = sigmoid(−η) (each computed directly, never as 1 − the other):
 * d1 = y·q − (n − y)·p (= y − n·p), d2 = −n·p·q, d3 = −n·p·q·(1 − 2p) = n·p·q·tanh(η/2).
 * All are finite for every finite η and tend to their limits as |η| grows.
 *
 * `cdf` is the regularised incomplete beta function (see `binomialCdf`): its cost does not grow with the counts.
 *
 * Sufficient statistics: rows sharing η pool into (Σy, ΣNtrials).
 */
export const binomial: LikelihoodFamily = {
  name: 'binomial',
  link: 'logit',
  response: 'counts',
  columns: [{ name: 'Ntrials', doc: 'the number of trials of each observation', fallback: 1 }],
  hyper: [],
  observationsLabel: 'the binomial observations',
  combine(y, columns) {
    const n = columnOf('binomial', columns, 'Ntrials', y.length);
    const ySum = sum(y);
    const nSum = sum(n);
    let constant = -logChoose(nSum, ySum);
    for (let i = 0; i < y.length; i++) constant += logChoose(n[i] ?? outOfRange(n, i), y[i] ?? outOfRange(y, i));
    return { y: ySum, columns: { Ntrials: nSum }, constant: () => constant };
  },

  validate(y: ArrayLike<number>, columns: ObservationColumns): void {
    const n = columnOf('binomial', columns, 'Ntrials', y.length);
    for (let i = 0; i < y.length; i++) {
      const row = i + 1;
      const ni = n[i] ?? outOfRange(n, i);
      const yi = y[i] ?? outOfRange(y, i);
      if (!(Number.isInteger(ni) && ni >= 0)) fail('invalid-trials', 'Ntrials', row, ni, 'a whole number of trials, at least 0');
      if (!Number.isFinite(yi)) fail('not-finite', 'the response', row, yi, 'a finite count');
      if (!Number.isInteger(yi)) fail('not-integer', 'the response', row, yi, 'an integer count');
      if (yi < 0) fail('negative', 'the response', row, yi, 'a count of at least 0');
      if (yi > ni) fail('exceeds-trials', 'the response', row, yi, `at most Ntrials = ${ni}, the number of trials at that row`);
    }
  },

  logDensity(y, columns, _theta, eta, out): Float64Array {
    const n = columnOf('binomial', columns, 'Ntrials', eta.length);
    const choose = logChooses(y, n);
    for (let i = 0; i < eta.length; i++) out[i] = binomialLogDensity(y[i] ?? outOfRange(y, i), n[i] ?? outOfRange(n, i), eta[i] ?? outOfRange(eta, i), choose[i] ?? outOfRange(choose, i));
    return out;
  },

  derivatives(y, columns, _theta, eta, d1, d2, d3): void {
    const n = columnOf('binomial', columns, 'Ntrials', eta.length);
    for (let i = 0; i < eta.length; i++) {
      // p and q = 1 − p from one exponential, each without cancellation: e = exp(−|η|)
      const etai = eta[i] ?? outOfRange(eta, i);
      const ni = n[i] ?? outOfRange(n, i);
      const yi = y[i] ?? outOfRange(y, i);
      const e = Math.exp(-Math.abs(etai));
      const p = etai >= 0 ? 1 / (1 + e) : e / (1 + e);
      const q = etai >= 0 ? e / (1 + e) : 1 / (1 + e);
      const npq = ni * p * q;
      if (d1) d1[i] = yi * q - (ni - yi) * p;
      if (d2) d2[i] = -npq;
      if (d3) d3[i] = npq * Math.tanh(0.5 * etai);
    }
  },

  logDensityAt: (yi, columns, i, _theta, eta) => {
    const ni = columnValue('binomial', columns, 'Ntrials', i);
    return binomialLogDensity(yi, ni, eta, rowLogChoose(ni, yi));
  },
  cdf: (yi, columns, i, _theta, eta) => binomialCdf(yi, columnValue('binomial', columns, 'Ntrials', i), eta),
  inverseLink: sigmoid,
};
