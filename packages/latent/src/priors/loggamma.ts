import { LatentError } from '../errors.js';
import { logGamma } from '@hlm/likelihood';
import type { PriorDefinition } from './types.js';
import { outOfRange } from '@hlm/sparse';

/**
 * The log-gamma prior: τ = exp(θ) ~ Gamma(shape a, rate b), written as a density of θ = log τ:
 * log π(θ) = a log b − log Γ(a) + a θ − b exp(θ)  (R-INLA inla-priors.c, `priorfunc_loggamma`).
 */
export const loggamma: PriorDefinition = {
  name: 'loggamma',
  doc: 'log of a Gamma(shape a, rate b) variable; param = [a, b], E(exp θ) = a / b',
  parameterCount: 2,
  validate(param) {
    const [a, b] = param;
    if (a === undefined || b === undefined || !(a > 0) || !(b > 0)) {
      throw new LatentError('invalid-hyper', `loggamma prior needs shape > 0 and rate > 0, got [${param.join(', ')}]`, { param });
    }
  },
  logDensity(theta, param) {
    const a = param[0] ?? outOfRange(param, 0);
    const b = param[1] ?? outOfRange(param, 1);
    return a * Math.log(b) - logGamma(a) + a * theta - b * Math.exp(theta);
  },
};
