/**
 * The Gaussian family with the identity link and its precision as a hyperparameter.
 * @module
 */
import { columnOf, columnValue, LikelihoodError, type LikelihoodFamily, type ObservationColumns } from '../family.js';
import { normalCdf } from '../normal.js';
import { outOfRange } from '../checked.js';

const LOG_2PI = Math.log(2 * Math.PI);

function gaussianLogDensity(yi: number, precision: number, eta: number): number {
  const r = yi - eta;
  return 0.5 * (Math.log(precision) - LOG_2PI) - 0.5 * precision * r * r;
}

/**
 * R-INLA's `family = "gaussian"`: yᵢ ~ N(ηᵢ, 1/τᵢ) with τᵢ = exp(θ)·scaleᵢ, θ the log precision (prior
 * loggamma(1, 5e-5), initial 4) and `scale` a known per-observation factor (1 when not given).
 * log p = ½ log(τ/2π) − ½ τ (y − η)²; d1 = τ(y − η), d2 = −τ, d3 = 0.
 * Sufficient statistics: rows sharing η pool into (ȳ = Σ sᵢyᵢ / Σ sᵢ, scale Σ sᵢ), with the constant
 * c_S(θ) = ½ Σ log sᵢ − ½ log Σ sᵢ + ((|S| − 1)/2) log(τ/2π) − ½ τ Σ sᵢ (yᵢ − ȳ)², τ = exp(θ).
 */
export const gaussian: LikelihoodFamily = {
  name: 'gaussian',
  link: 'identity',
  response: 'continuous',
  columns: [{ name: 'scale', doc: 'a known factor of each observation’s precision', fallback: 1 }],
  hyper: [
    {
      id: 'prec',
      userLabel: 'Precision',
      internalLabel: 'Log precision',
      initial: 4,
      prior: { prior: 'loggamma', param: [1, 5e-5] },
      toTheta: (precision) => Math.log(precision),
      fromTheta: (theta) => Math.exp(theta),
    },
  ],
  observationsLabel: 'the Gaussian observations',
  combine(y, columns) {
    const scale = columnOf('gaussian', columns, 'scale', y.length);
    let sTotal = 0;
    let weighted = 0;
    for (let i = 0; i < y.length; i++) {
      const si = scale[i] ?? outOfRange(scale, i);
      sTotal += si;
      weighted += si * (y[i] ?? outOfRange(y, i));
    }
    const mean = weighted / sTotal;
    let logScales = 0;
    let spread = 0;
    for (let i = 0; i < y.length; i++) {
      const si = scale[i] ?? outOfRange(scale, i);
      logScales += Math.log(si);
      spread += si * ((y[i] ?? outOfRange(y, i)) - mean) ** 2;
    }
    const extra = y.length - 1;
    return {
      y: mean,
      columns: { scale: sTotal },
      constant: (theta) => 0.5 * (logScales - Math.log(sTotal)) + 0.5 * extra * ((theta[0] ?? outOfRange(theta, 0)) - LOG_2PI) - 0.5 * Math.exp(theta[0] ?? outOfRange(theta, 0)) * spread,
    };
  },

  validate(y: ArrayLike<number>, columns: ObservationColumns): void {
    const scale = columnOf('gaussian', columns, 'scale', y.length);
    for (let i = 0; i < y.length; i++) {
      const yi = y[i] ?? outOfRange(y, i);
      const si = scale[i] ?? outOfRange(scale, i);
      if (!Number.isFinite(yi)) {
        throw new LikelihoodError('not-finite', `gaussian: the response at row ${i + 1} is ${yi}; expected a finite number`, { row: i + 1, value: yi });
      }
      if (!(si > 0 && Number.isFinite(si))) {
        throw new LikelihoodError('invalid-precision', `gaussian: scale at row ${i + 1} is ${si}; expected a finite number > 0`, {
          row: i + 1,
          value: si,
        });
      }
    }
  },

  logDensity(y, columns, theta, eta, out): Float64Array {
    const tau = Math.exp(theta[0] ?? outOfRange(theta, 0));
    const scale = columnOf('gaussian', columns, 'scale', eta.length);
    for (let i = 0; i < eta.length; i++) out[i] = gaussianLogDensity(y[i] ?? outOfRange(y, i), tau * (scale[i] ?? outOfRange(scale, i)), eta[i] ?? outOfRange(eta, i));
    return out;
  },

  derivatives(y, columns, theta, eta, d1, d2, d3): void {
    const tau = Math.exp(theta[0] ?? outOfRange(theta, 0));
    const scale = columnOf('gaussian', columns, 'scale', eta.length);
    for (let i = 0; i < eta.length; i++) {
      const precision = tau * (scale[i] ?? outOfRange(scale, i));
      if (d1) d1[i] = precision * ((y[i] ?? outOfRange(y, i)) - (eta[i] ?? outOfRange(eta, i)));
      if (d2) d2[i] = -precision;
      if (d3) d3[i] = 0;
    }
  },

  logDensityAt: (yi, columns, i, theta, eta) => gaussianLogDensity(yi, Math.exp(theta[0] ?? outOfRange(theta, 0)) * columnValue('gaussian', columns, 'scale', i), eta),
  cdf: (yi, columns, i, theta, eta) => normalCdf(Math.sqrt(Math.exp(theta[0] ?? outOfRange(theta, 0)) * columnValue('gaussian', columns, 'scale', i)) * (yi - eta)),
  inverseLink: (eta) => eta,
};
