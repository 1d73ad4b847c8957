/**
 * The Poisson family with the log link: yᵢ ~ Poisson(Eᵢ exp(ηᵢ)).
 * @module
 */
import { LikelihoodError, type FamilyData, type LikelihoodFamily } from '../family.js';
import { logGamma } from '../special.js';

function logDensityAt(yi: number, exposure: number, eta: number): number {
  const mean = exposure * Math.exp(eta);
  // y log μ − μ − log y!, with 0·log μ = 0 so that y = 0 stays finite when μ underflows
  return (yi > 0 ? yi * (Math.log(exposure) + eta) : 0) - mean - logGamma(yi + 1);
}

/**
 * R-INLA's `family = "poisson"` with the exposure `E`: log p = y (log E + η) − E e^η − log y!,
 * d1 = y − E e^η, d2 = d3 = −E e^η. The extra datum of each observation is its exposure (`FamilyData.exposure`,
 * 1 when not given). The CDF sums the probability mass function from 0 to ⌊y⌋.
 */
export const poisson: LikelihoodFamily = {
  name: 'poisson',
  link: 'log',
  response: 'unbounded-counts',

  datum(extra: FamilyData): ArrayLike<number> {
    return extra.exposure ?? new Float64Array(extra.nTrials.length).fill(1);
  },

  validate(y: ArrayLike<number>, extra: FamilyData): void {
    const exposure = poisson.datum(extra);
    if (exposure.length !== y.length) {
      throw new LikelihoodError('LENGTH_MISMATCH', `poisson: the response has ${y.length} values but E has ${exposure.length}; expected one per observation`);
    }
    for (let i = 0; i < y.length; i++) {
      const row = i + 1;
      if (!(Number.isInteger(y[i]) && y[i]! >= 0)) {
        throw new LikelihoodError(Number.isInteger(y[i]) ? 'NEGATIVE' : 'NOT_INTEGER', `poisson: the response at row ${row} is ${y[i]}; expected a count of at least 0`, {
          row,
          value: y[i]!,
        });
      }
      if (!(exposure[i]! > 0 && Number.isFinite(exposure[i]))) {
        throw new LikelihoodError('INVALID_EXPOSURE', `poisson: E at row ${row} is ${exposure[i]}; expected a finite exposure > 0`, { row, value: exposure[i]! });
      }
    }
  },

  logDensity(y: ArrayLike<number>, extra: FamilyData, eta: ArrayLike<number>, out: Float64Array): Float64Array {
    const exposure = poisson.datum(extra);
    for (let i = 0; i < eta.length; i++) out[i] = logDensityAt(y[i]!, exposure[i]!, eta[i]!);
    return out;
  },

  logDensityAt,

  derivatives(y, extra, eta, d1, d2, d3): void {
    const exposure = poisson.datum(extra);
    for (let i = 0; i < eta.length; i++) {
      const mean = exposure[i]! * Math.exp(eta[i]!);
      if (d1) d1[i] = y[i]! - mean;
      if (d2) d2[i] = -mean;
      if (d3) d3[i] = -mean;
    }
  },

  cdf(yi: number, exposure: number, eta: number): number {
    if (Number.isNaN(yi) || Number.isNaN(eta)) return Number.NaN;
    const k = Math.floor(yi);
    if (k < 0) return 0;
    let sum = 0;
    for (let j = 0; j <= k; j++) sum += Math.exp(logDensityAt(j, exposure, eta));
    return Math.min(sum, 1);
  },

  inverseLink(eta: number): number {
    return Math.exp(eta);
  },
};
