import { CscMatrix, outOfRange } from '@hlm/sparse';
import { LatentError } from '../errors.js';
import { logPrecision, resolveHyperParameters } from '../hyper.js';
import { symmetricMatrixOption } from '../matrix-option.js';
import { booleanOption, CONSTRAINED_DIAGONAL, numberOption } from '../options.js';
import { SharedPattern } from '../pattern.js';
import type { LatentModelDefinition } from '../types.js';

/**
 * R-INLA's `generic0`: a user-given structure matrix C, Q = τ C, θ = log τ with prior loggamma(1, 5e-5), initial 4.
 * Options: `Cmatrix` (required; dense rows, triplets { i, j, x } 1-based, or a CscMatrix), `rankdef` (the rank
 * deficiency of C, default 0), `constr` (a sum-to-zero constraint, default false) and `diagonal` (added to Q's
 * diagonal, not scaled by τ; 1e-4 by default with a constraint, as for the other constrained intrinsic models). R-INLA's normalising constant
 * is that of the other precision-scaled models, (n − rankdef)/2 · (log τ − log 2π): the θ-free ½ log|C|* is dropped
 * (inla.c, `Z_f`, the case shared by iid, besag, rw1, rw2 and generic0).
 */
export const generic0: LatentModelDefinition = {
  name: 'generic0',
  options: ['Cmatrix', 'rankdef', 'diagonal'],
  doc: 'A Gaussian field with precision tau * Cmatrix for a user-given structure matrix Cmatrix',
  hyper: [logPrecision],
  create(options) {
    const { size, label } = options;
    const structure = symmetricMatrixOption(options, 'Cmatrix', size, label);
    const rankDeficiency = numberOption(options, 'rankdef', 0, label, (v) => Number.isInteger(v) && v >= 0 && v < size, `a whole number from 0 to ${size - 1}`);
    const constr = booleanOption(options, 'constr', false, label);
    const diagonal = numberOption(options, 'diagonal', constr ? CONSTRAINED_DIAGONAL : 0, label, (v) => v >= 0, 'a number ≥ 0');
    const hyper = resolveHyperParameters(generic0.hyper, label, options.hyper);
    const shared = new SharedPattern(size, [structure]);
    if (rankDeficiency > 0 && !constr) {
      throw new LatentError('invalid-option', `component '${label}': a Cmatrix of rank deficiency ${rankDeficiency} needs constr = true (or extra constraints)`, { label });
    }
    return {
      model: 'generic0',
      label,
      size,
      hyper,
      pattern: new CscMatrix(size, size, shared.pattern.colPtr, shared.pattern.rowIdx, new Float64Array(shared.pattern.rowIdx.length)),
      precisionValues(theta, out) {
        shared.combine([Math.exp(theta[0] ?? outOfRange(theta, 0))], diagonal, out);
      },
      logNormalisingConstant(theta) {
        return ((size - rankDeficiency) / 2) * ((theta[0] ?? outOfRange(theta, 0)) - Math.log(2 * Math.PI));
      },
      constraints: constr ? { rows: [new Float64Array(size).fill(1)], rhs: new Float64Array(1) } : null,
      rankDeficiency,
      diagonal,
    };
  },
};
