/**
 * R-INLA's tables of a density (density.c, GMRFLib_init_density): its log at n equispaced points, interpolated
 * linearly at the points and at the thirds between them (3n − 2 values), which Simpson's rule then integrates.
 * @module
 */
import { outOfRange } from './checked.js';

/**
 * exp(l(t) − shift) at the 3n − 2 points t_i = i/3 (in units of the spacing), l the linear interpolation of `logValues`
 * (n ≥ 2), into `out`. At r/3 of the way from point c to c + 1 it is exp(((3 − r) l_c + r l_c+1)/3 − shift), taken as
 * e_c^(3−r) e_c+1^r with e = exp((l − shift)/3): n exponentials instead of 3n − 2, each value within a few roundings
 * of the direct one.
 */
export function densityInThirds(logValues: ArrayLike<number>, shift: number, out: Float64Array, scratch: Float64Array): Float64Array {
  const n = logValues.length;
  if (n < 2 || out.length < 3 * n - 2 || scratch.length < n) {
    throw new RangeError(`densityInThirds: needs at least 2 values, out of length ≥ 3n − 2 and scratch of length ≥ n; got n = ${n}, out ${out.length}, scratch ${scratch.length}`);
  }
  for (let c = 0; c < n; c++) scratch[c] = Math.exp(((logValues[c] ?? outOfRange(logValues, c)) - shift) / 3);
  for (let c = 0; c < n - 1; c++) {
    const a = scratch[c] ?? outOfRange(scratch, c);
    const b = scratch[c + 1] ?? outOfRange(scratch, c + 1);
    out[3 * c] = a * a * a;
    out[3 * c + 1] = a * a * b;
    out[3 * c + 2] = a * b * b;
  }
  const last = scratch[n - 1] ?? outOfRange(scratch, n - 1);
  out[3 * n - 3] = last * last * last;
  return out;
}
