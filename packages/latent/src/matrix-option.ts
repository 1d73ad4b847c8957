/**
 * Reading a matrix-valued option of a latent model (R-INLA's `Cmatrix`, …): a dense array of rows, sparse triplets
 * `{ i, j, x }` (1-based, as R's `Matrix::sparseMatrix` and `inla.as.sparse` give them), or a `CscMatrix`.
 * @module
 */
import { CscMatrix, outOfRange } from '@hlm/sparse';
import { LatentError } from './errors.js';
import { addEntry, lowerEntries, type LowerEntries } from './pattern.js';

/** What a matrix-valued option may be. */
export type MatrixInput = readonly (readonly number[])[] | { i: ArrayLike<number>; j: ArrayLike<number>; x: ArrayLike<number> } | CscMatrix;

/**
 * The symmetric n × n matrix given as option `key` of component `label`, as the entries of its lower triangle
 * (repeated triplets add up). A dense array must be n × n and symmetric; triplets may give an off-diagonal entry in
 * either triangle or both (then equal); every value must be finite. Throws `LatentError` ('invalid-option') saying
 * which entry is wrong.
 */
export function symmetricMatrixOption(options: Record<string, unknown>, key: string, n: number, label: string): LowerEntries {
  const value = options[key];
  const fail = (what: string): never => {
    throw new LatentError('invalid-option', `component '${label}': '${key}' ${what}`, { label, key });
  };
  if (value === undefined || value === null) fail(`is required: a ${n} × ${n} symmetric matrix (dense rows, triplets { i, j, x } 1-based, or a CscMatrix)`);
  const given = new Map<string, number>();
  const put = (i: number, j: number, v: number): void => {
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < n && j < n)) fail(`has an entry at (${i + 1}, ${j + 1}), outside 1..${n}`);
    if (!Number.isFinite(v)) fail(`has ${v} at (${i + 1}, ${j + 1}); expected finite numbers`);
    const k = `${i},${j}`;
    given.set(k, (given.get(k) ?? 0) + v);
  };
  if (value instanceof CscMatrix) {
    if (value.nrows !== n || value.ncols !== n) fail(`is ${value.nrows} × ${value.ncols}; expected ${n} × ${n}`);
    for (let j = 0; j < n; j++) for (let p = value.colPtr[j] ?? outOfRange(value.colPtr, j); p < (value.colPtr[j + 1] ?? outOfRange(value.colPtr, j + 1)); p++) put(value.rowIdx[p] ?? outOfRange(value.rowIdx, p), j, value.values[p] ?? outOfRange(value.values, p));
  } else if (Array.isArray(value)) {
    if (value.length !== n) fail(`has ${value.length} rows; expected ${n}`);
    value.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== n) fail(`row ${i + 1} has ${Array.isArray(row) ? row.length : 'no'} entries; expected ${n}`);
      (row as number[]).forEach((v, j) => {
        if (v !== 0) put(i, j, v);
      });
    });
  } else if (typeof value === 'object' && value !== null && 'i' in value && 'j' in value && 'x' in value) {
    const { i, j, x } = value as { i: ArrayLike<number>; j: ArrayLike<number>; x: ArrayLike<number> };
    if (i.length !== j.length || i.length !== x.length) fail(`has ${i.length} i, ${j.length} j and ${x.length} x; expected as many of each`);
    for (let t = 0; t < i.length; t++) put((i[t] ?? outOfRange(i, t)) - 1, (j[t] ?? outOfRange(j, t)) - 1, x[t] ?? outOfRange(x, t));
  } else {
    fail('must be a dense array of rows, triplets { i, j, x } (1-based) or a CscMatrix');
  }
  const entries = lowerEntries();
  for (const [k, v] of given) {
    const [i, j] = k.split(',').map(Number) as [number, number];
    if (i < j) {
      const mirror = given.get(`${j},${i}`);
      if (mirror !== undefined) {
        if (Math.abs(mirror - v) > 1e-12 * Math.max(1, Math.abs(v))) fail(`is not symmetric: (${i + 1}, ${j + 1}) is ${v} but (${j + 1}, ${i + 1}) is ${mirror}`);
        continue;
      }
    }
    addEntry(entries, i, j, v);
  }
  return entries;
}
