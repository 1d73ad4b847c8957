import { LatentError } from '../errors.js';
import type { PriorDefinition } from './types.js';
import { outOfRange } from '@hlm/sparse';

/** A Gaussian prior on θ with param = [mean, precision] (R-INLA's convention: the second parameter is a precision). */
export const normal: PriorDefinition = {
  name: 'normal',
  doc: 'Gaussian on the internal scale; param = [mean, precision]',
  parameterCount: 2,
  validate(param) {
    if (!Number.isFinite(param[0]) || !((param[1] ?? outOfRange(param, 1)) > 0)) {
      throw new LatentError('invalid-hyper', `normal prior needs a finite mean and a precision > 0, got [${param.join(', ')}]`, { param });
    }
  },
  logDensity(theta, param) {
    const mean = param[0] ?? outOfRange(param, 0);
    const precision = param[1] ?? outOfRange(param, 1);
    return -0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(precision) - 0.5 * precision * (theta - mean) ** 2;
  },
};

/** The improper flat prior on θ: log π(θ) = 0. */
export const flat: PriorDefinition = {
  name: 'flat',
  doc: 'improper uniform prior on the internal scale; no parameters',
  parameterCount: 0,
  validate() {},
  logDensity() {
    return 0;
  },
};
