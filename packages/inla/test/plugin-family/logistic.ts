/**
 * A likelihood family written outside `@hlm/likelihood`, as a user's package would: the logistic distribution with
 * location η and unit scale, yᵢ ~ Logistic(ηᵢ, 1), through nothing but the public API. With r = y − η and
 * p = σ(r) (so ∂p/∂η = −p(1 − p)): log p = −r − 2 log(1 + e⁻ʳ), d1 = 2p − 1, d2 = −2p(1 − p),
 * d3 = 2p(1 − p)(1 − 2p); the CDF is σ(y − η).
 */
import { log1pExp, registerFamily, sigmoid, type LikelihoodFamily } from '@hlm/likelihood';

export const logisticFamily: LikelihoodFamily = {
  name: 'test-logistic',
  link: 'identity',
  response: 'continuous',
  columns: [],
  hyper: [],
  observationsLabel: 'the logistic observations',
  combine: null,
  validate(y) {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) throw new Error(`test-logistic: the response at row ${i + 1} is ${y[i]}; expected a finite number`);
    }
  },
  logDensity(y, columns, theta, eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = logisticFamily.logDensityAt(y[i]!, columns, i, theta, eta[i]!);
    return out;
  },
  logDensityAt: (yi, _columns, _i, _theta, eta) => -(yi - eta) - 2 * log1pExp(-(yi - eta)),
  derivatives(y, _columns, _theta, eta, d1, d2, d3) {
    for (let i = 0; i < eta.length; i++) {
      const p = sigmoid(y[i]! - eta[i]!);
      if (d1) d1[i] = 2 * p - 1;
      if (d2) d2[i] = -2 * p * (1 - p);
      if (d3) d3[i] = 2 * p * (1 - p) * (1 - 2 * p);
    }
  },
  cdf: (yi, _columns, _i, _theta, eta) => sigmoid(yi - eta),
  inverseLink: (eta) => eta,
};

registerFamily(logisticFamily);
