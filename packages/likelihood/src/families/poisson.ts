/**
 * The Poisson family with the log link: yᵢ ~ Poisson(Eᵢ exp(ηᵢ)).
 * @module
 */
import { columnOf, columnValue, LikelihoodError, type LikelihoodFamily, type ObservationColumns } from '../family.js';
import { incompleteGamma } from '../incomplete.js';
import { logGamma } from '../special.js';
import { outOfRange } from '../checked.js';

/** Below this count the CDF is the sum of its few probability terms; from it on, the incomplete gamma function. */
const SUMMED_CDF_BELOW = 16;

function poissonLogDensity(yi: number, exposure: number, eta: number): number {
  const mean = exposure * Math.exp(eta);
  // y log μ − μ − log y!, with 0·log μ = 0 so that y = 0 stays finite when μ underflows
  return (yi > 0 ? yi * (Math.log(exposure) + eta) : 0) - mean - logGamma(yi + 1);
}

/**
 * P(Y ≤ yi) = Q(k + 1, μ), the regularised upper incomplete gamma function (A&S 6.5.13; see `incompleteGamma`), whose
 * cost does not grow with k or μ; for k < 16 and μ < 700 the sum of the k + 1 terms e⁻ᵘ μʲ / j!.
 */
function poissonCdf(yi: number, exposure: number, eta: number): number {
  if (Number.isNaN(yi) || Number.isNaN(eta)) return Number.NaN;
  const k = Math.floor(yi);
  if (k < 0) return 0;
  const mean = exposure * Math.exp(eta);
  if (k < SUMMED_CDF_BELOW && mean < 700) {
    let term = Math.exp(-mean);
    let total = term;
    for (let j = 1; j <= k; j++) {
      term *= mean / j;
      total += term;
    }
    return Math.min(total, 1);
  }
  return incompleteGamma(k + 1, mean).upper;
}

/**
 * R-INLA's `family = "poisson"` with the exposure `E` (1 when not given): log p = y (log E + η) − E e^η − log y!,
 * d1 = y − E e^η, d2 = d3 = −E e^η. The CDF is the regularised incomplete gamma function (see `poissonCdf`).
 * Sufficient statistics: rows sharing η pool into (Σy, ΣE).
 */
export const poisson: LikelihoodFamily = {
  name: 'poisson',
  link: 'log',
  response: 'unbounded-counts',
  columns: [{ name: 'E', doc: 'the exposure of each observation (the mean is E·exp(η))', fallback: 1 }],
  hyper: [],
  observationsLabel: 'the poisson observations',
  combine(y, columns) {
    const exposure = columnOf('poisson', columns, 'E', y.length);
    let ySum = 0;
    let eSum = 0;
    for (let i = 0; i < y.length; i++) {
      ySum += y[i] ?? outOfRange(y, i);
      eSum += exposure[i] ?? outOfRange(exposure, i);
    }
    // the terms of log p free of η: y log E − log y!
    const free = (yi: number, ei: number): number => (yi > 0 ? yi * Math.log(ei) : 0) - logGamma(yi + 1);
    let constant = -free(ySum, eSum);
    for (let i = 0; i < y.length; i++) constant += free(y[i] ?? outOfRange(y, i), exposure[i] ?? outOfRange(exposure, i));
    return { y: ySum, columns: { E: eSum }, constant: () => constant };
  },

  validate(y: ArrayLike<number>, columns: ObservationColumns): void {
    const exposure = columnOf('poisson', columns, 'E', y.length);
    for (let i = 0; i < y.length; i++) {
      const row = i + 1;
      const yi = y[i] ?? outOfRange(y, i);
      const ei = exposure[i] ?? outOfRange(exposure, i);
      if (!(Number.isInteger(yi) && yi >= 0)) {
        throw new LikelihoodError(Number.isInteger(yi) ? 'negative' : 'not-integer', `poisson: the response at row ${row} is ${yi}; expected a count of at least 0`, {
          row,
          value: yi,
        });
      }
      if (!(ei > 0 && Number.isFinite(ei))) {
        throw new LikelihoodError('invalid-exposure', `poisson: E at row ${row} is ${ei}; expected a finite exposure > 0`, { row, value: ei });
      }
    }
  },

  logDensity(y, columns, _theta, eta, out): Float64Array {
    const exposure = columnOf('poisson', columns, 'E', eta.length);
    for (let i = 0; i < eta.length; i++) out[i] = poissonLogDensity(y[i] ?? outOfRange(y, i), exposure[i] ?? outOfRange(exposure, i), eta[i] ?? outOfRange(eta, i));
    return out;
  },

  derivatives(y, columns, _theta, eta, d1, d2, d3): void {
    const exposure = columnOf('poisson', columns, 'E', eta.length);
    for (let i = 0; i < eta.length; i++) {
      const mean = (exposure[i] ?? outOfRange(exposure, i)) * Math.exp(eta[i] ?? outOfRange(eta, i));
      if (d1) d1[i] = (y[i] ?? outOfRange(y, i)) - mean;
      if (d2) d2[i] = -mean;
      if (d3) d3[i] = -mean;
    }
  },

  logDensityAt: (yi, columns, i, _theta, eta) => poissonLogDensity(yi, columnValue('poisson', columns, 'E', i), eta),
  cdf: (yi, columns, i, _theta, eta) => poissonCdf(yi, columnValue('poisson', columns, 'E', i), eta),
  inverseLink: (eta) => Math.exp(eta),
};
