import { LatentError } from '../errors.js';
import type { PriorDefinition } from './types.js';
import { outOfRange } from '@hlm/sparse';

/**
 * The penalised-complexity prior for a precision (Simpson et al. 2017, Statistical Science 32:1-28):
 * P(σ > u) = α with σ = τ^(-1/2); as a density of θ = log τ, with λ = −log(α)/u,
 * log π(θ) = log(λ/2) − λ exp(−θ/2) − θ/2.
 */
export const pcPrec: PriorDefinition = {
  name: 'pc.prec',
  doc: 'PC prior on a precision: P(sd > u) = alpha; param = [u, alpha]',
  parameterCount: 2,
  validate(param) {
    const [u, alpha] = param;
    if (u === undefined || alpha === undefined || !(u > 0) || !(alpha > 0 && alpha < 1)) {
      throw new LatentError('invalid-hyper', `pc.prec prior needs u > 0 and 0 < alpha < 1, got [${param.join(', ')}]`, { param });
    }
  },
  logDensity(theta, param) {
    const lambda = -Math.log(param[1] ?? outOfRange(param, 1)) / (param[0] ?? outOfRange(param, 0));
    return Math.log(lambda / 2) - lambda * Math.exp(-theta / 2) - theta / 2;
  },
};
