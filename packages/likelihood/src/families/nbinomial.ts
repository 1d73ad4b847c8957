/**
 * R-INLA's negative binomial family `nbinomial`: yᵢ ~ NegBin(size n, mean μᵢ = Eᵢ exp(ηᵢ)), Var = μ + μ²/n.
 * @module
 */
import { columnOf, columnValue, LikelihoodError, type LikelihoodFamily, type ObservationColumns } from '../family.js';
import { log1pExp, logGamma } from '../special.js';
import { outOfRange } from '../checked.js';

/** log Γ(y + n) − log Γ(n), summed term by term for small y (exact for any n), else from log-gammas. */
function logRisingFactorial(n: number, y: number): number {
  if (y < 64) {
    let sum = 0;
    for (let k = 0; k < y; k++) sum += Math.log(n + k);
    return sum;
  }
  return logGamma(y + n) - logGamma(n);
}

/**
 * log p(y | η, n) = log Γ(y + n) − log Γ(n) − log y! + n log q + y log p with p = μ/(n + μ) = sigmoid(t),
 * q = 1 − p = sigmoid(−t), t = η + log E − log n; both logs from log1pExp, so no large numbers cancel.
 */
function nbinomialLogDensity(yi: number, exposure: number, size: number, eta: number): number {
  const t = eta + Math.log(exposure) - Math.log(size);
  let value = logRisingFactorial(size, yi) - logGamma(yi + 1) - size * log1pExp(t);
  if (yi > 0) value -= yi * log1pExp(-t);
  return value;
}

function nbinomialCdf(yi: number, exposure: number, size: number, eta: number): number {
  if (Number.isNaN(yi) || Number.isNaN(eta)) return Number.NaN;
  const k = Math.floor(yi);
  if (k < 0) return 0;
  let sum = 0;
  for (let j = 0; j <= k; j++) sum += Math.exp(nbinomialLogDensity(j, exposure, size, eta));
  return Math.min(sum, 1);
}

/**
 * R-INLA's `family = "nbinomial"` (its default variant): the mean is μ = E·exp(η) (the exposure `E`, 1 when not
 * given) and the variance μ + μ²/n; the hyperparameter is θ = log n (the size, "1/overdispersion"), prior
 * `pc.mgamma(7)` (the PC prior of 1/n with the Poisson as base model), initial log 10.
 *
 * With p = μ/(n + μ) (so ∂p/∂η = p(1 − p)): d1 = y − (y + n) p, d2 = −(y + n) p (1 − p),
 * d3 = −(y + n) p (1 − p)(1 − 2p). The CDF sums the mass function from 0 to ⌊y⌋.
 * Observations sharing η do not pool into one (the size enters through log Γ(y + n) per observation): `combine` is null.
 */
export const nbinomial: LikelihoodFamily = {
  name: 'nbinomial',
  link: 'log',
  response: 'unbounded-counts',
  columns: [{ name: 'E', doc: 'the exposure of each observation (the mean is E·exp(η))', fallback: 1 }],
  hyper: [
    {
      id: 'size',
      userLabel: 'size',
      internalLabel: 'log size',
      initial: Math.log(10),
      prior: { prior: 'pc.mgamma', param: [7] },
      toTheta: (size) => Math.log(size),
      fromTheta: (theta) => Math.exp(theta),
    },
  ],
  observationsLabel: 'the nbinomial observations (1/overdispersion)',
  combine: null,

  validate(y: ArrayLike<number>, columns: ObservationColumns): void {
    const exposure = columnOf('nbinomial', columns, 'E', y.length);
    for (let i = 0; i < y.length; i++) {
      const row = i + 1;
      const yi = y[i] ?? outOfRange(y, i);
      const ei = exposure[i] ?? outOfRange(exposure, i);
      if (!(Number.isInteger(yi) && yi >= 0)) {
        throw new LikelihoodError(Number.isInteger(yi) ? 'negative' : 'not-integer', `nbinomial: the response at row ${row} is ${yi}; expected a count of at least 0`, {
          row,
          value: yi,
        });
      }
      if (!(ei > 0 && Number.isFinite(ei))) {
        throw new LikelihoodError('invalid-exposure', `nbinomial: E at row ${row} is ${ei}; expected a finite exposure > 0`, { row, value: ei });
      }
    }
  },

  logDensity(y, columns, theta, eta, out): Float64Array {
    const exposure = columnOf('nbinomial', columns, 'E', eta.length);
    const size = Math.exp(theta[0] ?? outOfRange(theta, 0));
    for (let i = 0; i < eta.length; i++) out[i] = nbinomialLogDensity(y[i] ?? outOfRange(y, i), exposure[i] ?? outOfRange(exposure, i), size, eta[i] ?? outOfRange(eta, i));
    return out;
  },

  derivatives(y, columns, theta, eta, d1, d2, d3): void {
    const exposure = columnOf('nbinomial', columns, 'E', eta.length);
    const logSize = theta[0] ?? outOfRange(theta, 0);
    const size = Math.exp(logSize);
    for (let i = 0; i < eta.length; i++) {
      const t = (eta[i] ?? outOfRange(eta, i)) + Math.log(exposure[i] ?? outOfRange(exposure, i)) - logSize;
      // p and q = 1 − p from one exponential, each without cancellation
      const e = Math.exp(-Math.abs(t));
      const p = t >= 0 ? 1 / (1 + e) : e / (1 + e);
      const q = t >= 0 ? e / (1 + e) : 1 / (1 + e);
      const yi = y[i] ?? outOfRange(y, i);
      const total = yi + size;
      if (d1) d1[i] = yi * q - size * p;
      if (d2) d2[i] = -total * p * q;
      if (d3) d3[i] = -total * p * q * (q - p);
    }
  },

  logDensityAt: (yi, columns, i, theta, eta) => nbinomialLogDensity(yi, columnValue('nbinomial', columns, 'E', i), Math.exp(theta[0] ?? outOfRange(theta, 0)), eta),
  cdf: (yi, columns, i, theta, eta) => nbinomialCdf(yi, columnValue('nbinomial', columns, 'E', i), Math.exp(theta[0] ?? outOfRange(theta, 0)), eta),
  inverseLink: (eta) => Math.exp(eta),
};
