/**
 * The Gaussian family with the identity link and a known precision per observation.
 * @module
 */
import { LikelihoodError, type FamilyData, type LikelihoodFamily } from '../family.js';
import { normalCdf } from '../normal.js';

const LOG_2PI = Math.log(2 * Math.PI);

function logDensityAt(yi: number, precision: number, eta: number): number {
  const r = yi - eta;
  return 0.5 * (Math.log(precision) - LOG_2PI) - 0.5 * precision * r * r;
}

/**
 * yᵢ ~ N(ηᵢ, 1/τᵢ) with τᵢ known (R-INLA's `family = "gaussian"` with its precision fixed:
 * τᵢ = exp(initial) · scaleᵢ). log p = ½ log(τ/2π) − ½ τ (y − η)²; d1 = τ(y − η), d2 = −τ, d3 = 0.
 * The extra datum of each observation is its precision τᵢ (`FamilyData.precision`).
 */
export const gaussian: LikelihoodFamily = {
  name: 'gaussian',
  link: 'identity',
  response: 'continuous',

  datum(extra: FamilyData): ArrayLike<number> {
    if (!extra.precision) {
      throw new LikelihoodError('INVALID_PRECISION', 'gaussian: no precision was given; expected a known precision per observation');
    }
    return extra.precision;
  },

  validate(y: ArrayLike<number>, extra: FamilyData): void {
    const precision = gaussian.datum(extra);
    if (precision.length !== y.length) {
      throw new LikelihoodError(
        'LENGTH_MISMATCH',
        `gaussian: the response has ${y.length} values but the precision has ${precision.length}; expected one per observation`,
      );
    }
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) {
        throw new LikelihoodError('NOT_FINITE', `gaussian: the response at row ${i + 1} is ${y[i]}; expected a finite number`, { row: i + 1, value: y[i] });
      }
      if (!(precision[i]! > 0 && Number.isFinite(precision[i]))) {
        throw new LikelihoodError('INVALID_PRECISION', `gaussian: the precision at row ${i + 1} is ${precision[i]}; expected a finite number > 0`, {
          row: i + 1,
          value: precision[i],
        });
      }
    }
  },

  logDensity(y: ArrayLike<number>, extra: FamilyData, eta: ArrayLike<number>, out: Float64Array): Float64Array {
    const precision = gaussian.datum(extra);
    for (let i = 0; i < eta.length; i++) out[i] = logDensityAt(y[i]!, precision[i]!, eta[i]!);
    return out;
  },

  logDensityAt,

  derivatives(y, extra, eta, d1, d2, d3): void {
    const precision = gaussian.datum(extra);
    for (let i = 0; i < eta.length; i++) {
      if (d1) d1[i] = precision[i]! * (y[i]! - eta[i]!);
      if (d2) d2[i] = -precision[i]!;
      if (d3) d3[i] = 0;
    }
  },

  cdf(yi: number, precision: number, eta: number): number {
    return normalCdf(Math.sqrt(precision) * (yi - eta));
  },

  inverseLink(eta: number): number {
    return eta;
  },
};
