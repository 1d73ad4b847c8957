/**
 * Checked element reads. With `noUncheckedIndexedAccess` an element read is `T | undefined`; a read here returns the
 * element or throws `LikelihoodError('index-out-of-range')` with the index and the array's length, so that a read past the end
 * is a typed error where it happens rather than a NaN found later.
 *
 * - `values[i] ?? outOfRange(values, i)` for arrays of numbers (typed arrays, `number[]`, `ArrayLike<number>`): the
 *   load stays at the call site with its own feedback, and for a typed array V8 compiles the `??` away (the load
 *   cannot give undefined once its bounds check passed), so the checked read costs what an unchecked one does. A
 *   reader function shared by every caller costs more: its load sees every element kind there is, and even one kind
 *   inlined measured 5–17% slower in the supernodal kernels and the election fit.
 * - `itemAt(items, i)` for arrays of anything else, away from hot loops.
 *
 * Writes need no reader: `a[i] = v`, and `a[i] = (a[i] ?? outOfRange(a, i)) + v` for `a[i] += v`.
 */
import { LikelihoodError } from './family.js';

/** Throws the `index-out-of-range` error for `values[index]`; `never` returns, so `values[i] ?? outOfRange(values, i)` is a number. */
export function outOfRange(values: ArrayLike<unknown>, index: number): never {
  const length = values.length;
  const message = `index ${index} is outside the array of length ${length}; expected an integer in [0, ${length})`;
  throw new LikelihoodError('index-out-of-range', message, { index, length });
}

/** `items[index]` of an array of anything else, checked (an `undefined` element counts as missing). */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) outOfRange(items, index);
  return item;
}
