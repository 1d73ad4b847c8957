/**
 * Checked element reads. With `noUncheckedIndexedAccess` an element read is `T | undefined`; a read here returns the
 * element or throws `SparseError('index-out-of-range')` with the index and the array's length, so that a read past the end
 * is a typed error where it happens rather than a NaN found later.
 *
 * - `at(values, i)` for a `Float64Array` and `indexAt(values, i)` for an `Int32Array`: the kernels' reads. Each reader
 *   takes one kind of array, so V8's feedback at the load inside it stays monomorphic once it is inlined (it is small
 *   enough: the throw is in a function of its own).
 * - `values[i] ?? outOfRange(values, i)` for any other array of numbers (`number[]`, `ArrayLike<number>`): a shared
 *   reader would see every element kind there is and its load go megamorphic, so these keep the load at the call site.
 * - `itemAt(items, i)` for arrays of anything else, away from hot loops.
 *
 * Writes need no reader: `a[i] = v`, and `a[i] = at(a, i) + v` for `a[i] += v`.
 */
import { SparseError } from './errors.js';

/** Throws the `index-out-of-range` error for `values[index]`; `never` returns, so `values[i] ?? outOfRange(values, i)` is a number. */
export function outOfRange(values: ArrayLike<unknown>, index: number): never {
  const length = values.length;
  const message = `index ${index} is outside the array of length ${length}; expected an integer in [0, ${length})`;
  throw new SparseError('index-out-of-range', message, { index, length });
}

/** `values[index]` of a `Float64Array`, checked. */
export function at(values: Float64Array, index: number): number {
  const value = values[index];
  if (value === undefined) outOfRange(values, index);
  return value;
}

/** `values[index]` of an `Int32Array` (indices, pointers, counts), checked. */
export function indexAt(values: Int32Array, index: number): number {
  const value = values[index];
  if (value === undefined) outOfRange(values, index);
  return value;
}

/** `items[index]` of an array of anything else, checked (an `undefined` element counts as missing). */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) outOfRange(items, index);
  return item;
}

/** `cursors[index]`, checked, after which `cursors[index]` is one more: a counting sort's fill pointer (`cursors[index]++`). */
export function advance(cursors: Int32Array, index: number): number {
  const value = cursors[index];
  if (value === undefined) outOfRange(cursors, index);
  cursors[index] = value + 1;
  return value;
}
