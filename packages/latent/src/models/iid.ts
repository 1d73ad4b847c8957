import { CscMatrix, outOfRange } from '@hlm/sparse';
import { resolveHyperParameters, logPrecision } from '../hyper.js';
import { LatentError } from '../errors.js';
import type { LatentModelDefinition } from '../types.js';

/**
 * Independent Gaussian effects: x_i ~ N(0, 1/τ), Q = τ I. R-INLA's `iid` with θ = log τ,
 * prior loggamma(1, 5e-5), initial θ = 4, no constraint.
 */
export const iid: LatentModelDefinition = {
  name: 'iid',
  options: [],
  doc: 'Gaussian random effects in dim=1: x_i ~ N(0, 1/precision) independently',
  hyper: [logPrecision],
  create(options) {
    const { size, label } = options;
    if (options.constr) {
      throw new LatentError('invalid-option', `iid component '${label}': constr = true is not supported for iid`, { label });
    }
    const hyper = resolveHyperParameters(iid.hyper, label, options.hyper);
    const index = Int32Array.from({ length: size }, (_, i) => i);
    const pattern = new CscMatrix(size, size, Int32Array.from({ length: size + 1 }, (_, i) => i), index, new Float64Array(size));
    return {
      model: 'iid',
      label,
      size,
      hyper,
      pattern,
      precisionValues(theta, out) {
        out.fill(Math.exp(theta[0] ?? outOfRange(theta, 0)));
      },
      logNormalisingConstant(theta) {
        return (size / 2) * ((theta[0] ?? outOfRange(theta, 0)) - Math.log(2 * Math.PI));
      },
      constraints: null,
      rankDeficiency: 0,
    };
  },
};
