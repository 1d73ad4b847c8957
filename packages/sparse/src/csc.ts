import { SparseError } from './errors.js';
import { advance, itemAt, outOfRange } from './checked.js';

function checkDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new SparseError('invalid-argument', `${name} must be a non-negative integer, got ${value}`, { [name]: value });
  }
}

/**
 * Transposes raw CSC arrays by counting sort. The output's row indices are sorted within each
 * column whether or not the input's were, which `sortColumns` relies on.
 */
function transposeArrays(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array } {
  const nnz = colPtr[ncols] ?? outOfRange(colPtr, ncols);
  const tPtr = new Int32Array(nrows + 1);
  for (let p = 0; p < nnz; p++) tPtr[(rowIdx[p] ?? outOfRange(rowIdx, p)) + 1] = (tPtr[(rowIdx[p] ?? outOfRange(rowIdx, p)) + 1] ?? outOfRange(tPtr, (rowIdx[p] ?? outOfRange(rowIdx, p)) + 1)) + 1;
  for (let i = 0; i < nrows; i++) tPtr[i + 1] = (tPtr[i + 1] ?? outOfRange(tPtr, i + 1)) + (tPtr[i] ?? outOfRange(tPtr, i));
  const next = tPtr.slice(0, nrows);
  const tRow = new Int32Array(nnz);
  const tVal = new Float64Array(nnz);
  for (let j = 0; j < ncols; j++) {
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); p++) {
      const q = advance(next, rowIdx[p] ?? outOfRange(rowIdx, p));
      tRow[q] = j;
      tVal[q] = values[p] ?? outOfRange(values, p);
    }
  }
  return { colPtr: tPtr, rowIdx: tRow, values: tVal };
}

/** Builds a CscMatrix from CSC arrays whose columns are duplicate-free but not sorted (two transposes sort them). */
function sortColumns(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): CscMatrix {
  const t = transposeArrays(nrows, ncols, colPtr, rowIdx, values);
  const s = transposeArrays(ncols, nrows, t.colPtr, t.rowIdx, t.values);
  return new CscMatrix(nrows, ncols, s.colPtr, s.rowIdx, s.values);
}

/**
 * A sparse matrix in compressed sparse column (CSC) form: the row indices of column j are
 * `rowIdx[colPtr[j] .. colPtr[j+1])`, strictly increasing, with the matching `values`.
 * Explicitly stored zeros are kept: they are part of the pattern, which matters for symbolic analysis.
 * The constructor takes ownership of the arrays (no copy).
 */
export class CscMatrix {
  readonly nrows: number;
  readonly ncols: number;
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly values: Float64Array;

  /** Wraps CSC arrays after validating shapes, index ranges and strictly increasing rows within each column. */
  constructor(nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array) {
    checkDimension(nrows, 'nrows');
    checkDimension(ncols, 'ncols');
    if (colPtr.length !== ncols + 1) {
      throw new SparseError('invalid-argument', `colPtr has length ${colPtr.length}, expected ncols + 1 = ${ncols + 1}`);
    }
    if (colPtr[0] !== 0) throw new SparseError('invalid-argument', `colPtr[0] must be 0, got ${colPtr[0]}`);
    const nnz = colPtr[ncols];
    if (rowIdx.length !== nnz || values.length !== nnz) {
      throw new SparseError(
        'invalid-argument',
        `colPtr[ncols] = ${nnz} but rowIdx has length ${rowIdx.length} and values ${values.length}`,
      );
    }
    for (let j = 0; j < ncols; j++) {
      const start = colPtr[j] ?? outOfRange(colPtr, j);
      const end = colPtr[j + 1] ?? outOfRange(colPtr, j + 1);
      if (end < start) throw new SparseError('invalid-argument', `colPtr decreases at column ${j}`, { column: j });
      let last = -1;
      for (let p = start; p < end; p++) {
        const i = rowIdx[p] ?? outOfRange(rowIdx, p);
        if (i <= last || i >= nrows) {
          throw new SparseError(
            'invalid-argument',
            `row index ${i} in column ${j} is out of range or not strictly increasing`,
            { row: i, column: j },
          );
        }
        last = i;
      }
    }
    this.nrows = nrows;
    this.ncols = ncols;
    this.colPtr = colPtr;
    this.rowIdx = rowIdx;
    this.values = values;
  }

  /** Builds a matrix from coordinate triplets; duplicate (row, col) entries are summed, explicit zeros kept. */
  static fromTriplets(
    nrows: number,
    ncols: number,
    rows: ArrayLike<number>,
    cols: ArrayLike<number>,
    values: ArrayLike<number>,
  ): CscMatrix {
    checkDimension(nrows, 'nrows');
    checkDimension(ncols, 'ncols');
    const m = rows.length;
    if (cols.length !== m || values.length !== m) {
      throw new SparseError(
        'dimension-mismatch',
        `triplet arrays differ in length: rows ${m}, cols ${cols.length}, values ${values.length}`,
      );
    }
    // Bucket by row first, then by column while visiting rows in increasing order: every column
    // then lists its rows in non-decreasing order, with duplicates adjacent.
    const rowPtr = new Int32Array(nrows + 1);
    for (let t = 0; t < m; t++) {
      const i = rows[t] ?? outOfRange(rows, t);
      const j = cols[t] ?? outOfRange(cols, t);
      if (!Number.isInteger(i) || i < 0 || i >= nrows || !Number.isInteger(j) || j < 0 || j >= ncols) {
        throw new SparseError('invalid-argument', `triplet ${t} has index (${i}, ${j}) outside ${nrows}x${ncols}`, {
          triplet: t,
        });
      }
      rowPtr[i + 1] = (rowPtr[i + 1] ?? outOfRange(rowPtr, i + 1)) + 1;
    }
    for (let i = 0; i < nrows; i++) rowPtr[i + 1] = (rowPtr[i + 1] ?? outOfRange(rowPtr, i + 1)) + (rowPtr[i] ?? outOfRange(rowPtr, i));
    const byRow = new Int32Array(m);
    const rowNext = rowPtr.slice(0, nrows);
    const colCount = new Int32Array(ncols + 1);
    for (let t = 0; t < m; t++) {
      byRow[advance(rowNext, rows[t] ?? outOfRange(rows, t))] = t;
      colCount[(cols[t] ?? outOfRange(cols, t)) + 1] = (colCount[(cols[t] ?? outOfRange(cols, t)) + 1] ?? outOfRange(colCount, (cols[t] ?? outOfRange(cols, t)) + 1)) + 1;
    }
    for (let j = 0; j < ncols; j++) colCount[j + 1] = (colCount[j + 1] ?? outOfRange(colCount, j + 1)) + (colCount[j] ?? outOfRange(colCount, j));
    const colNext = colCount.slice(0, ncols);
    const sortedRow = new Int32Array(m);
    const sortedVal = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      const t = byRow[q] ?? outOfRange(byRow, q);
      const p = advance(colNext, cols[t] ?? outOfRange(cols, t));
      sortedRow[p] = rows[t] ?? outOfRange(rows, t);
      sortedVal[p] = values[t] ?? outOfRange(values, t);
    }
    // Sum adjacent duplicates in place.
    const colPtr = new Int32Array(ncols + 1);
    let out = 0;
    for (let j = 0; j < ncols; j++) {
      const start = out;
      for (let p = colCount[j] ?? outOfRange(colCount, j); p < (colCount[j + 1] ?? outOfRange(colCount, j + 1)); p++) {
        if (out > start && sortedRow[out - 1] === sortedRow[p]) {
          sortedVal[out - 1] = (sortedVal[out - 1] ?? outOfRange(sortedVal, out - 1)) + (sortedVal[p] ?? outOfRange(sortedVal, p));
        } else {
          sortedRow[out] = sortedRow[p] ?? outOfRange(sortedRow, p);
          sortedVal[out] = sortedVal[p] ?? outOfRange(sortedVal, p);
          out++;
        }
      }
      colPtr[j + 1] = out;
    }
    return new CscMatrix(nrows, ncols, colPtr, sortedRow.slice(0, out), sortedVal.slice(0, out));
  }

  /** Builds a matrix from a dense row-major array, storing its non-zero entries. */
  static fromDense(rows: number[][]): CscMatrix {
    const nrows = rows.length;
    const ncols = nrows === 0 ? 0 : itemAt(rows, 0).length;
    for (let i = 0; i < nrows; i++) {
      if (itemAt(rows, i).length !== ncols) {
        throw new SparseError('dimension-mismatch', `row ${i} has length ${itemAt(rows, i).length}, expected ${ncols}`);
      }
    }
    const colPtr = new Int32Array(ncols + 1);
    for (let j = 0; j < ncols; j++) {
      let count = 0;
      for (let i = 0; i < nrows; i++) if (itemAt(rows, i)[j] !== 0) count++;
      colPtr[j + 1] = (colPtr[j] ?? outOfRange(colPtr, j)) + count;
    }
    const rowIdx = new Int32Array(colPtr[ncols] ?? outOfRange(colPtr, ncols));
    const values = new Float64Array(colPtr[ncols] ?? outOfRange(colPtr, ncols));
    let p = 0;
    for (let j = 0; j < ncols; j++) {
      for (let i = 0; i < nrows; i++) {
        const v = itemAt(rows, i)[j] ?? outOfRange(itemAt(rows, i), j);
        if (v !== 0) {
          rowIdx[p] = i;
          values[p++] = v;
        }
      }
    }
    return new CscMatrix(nrows, ncols, colPtr, rowIdx, values);
  }

  /** The n x n identity. */
  static identity(n: number): CscMatrix {
    checkDimension(n, 'n');
    const colPtr = new Int32Array(n + 1);
    const rowIdx = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      colPtr[j + 1] = j + 1;
      rowIdx[j] = j;
    }
    return new CscMatrix(n, n, colPtr, rowIdx, new Float64Array(n).fill(1));
  }

  /** The number of stored entries. */
  get nnz(): number {
    return this.colPtr[this.ncols] ?? outOfRange(this.colPtr, this.ncols);
  }

  /** A dense row-major copy (for tests and small matrices). */
  toDense(): number[][] {
    const dense: number[][] = [];
    for (let i = 0; i < this.nrows; i++) dense.push(new Array<number>(this.ncols).fill(0));
    for (let j = 0; j < this.ncols; j++) {
      for (let p = this.colPtr[j] ?? outOfRange(this.colPtr, j); p < (this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1)); p++) itemAt(dense, this.rowIdx[p] ?? outOfRange(this.rowIdx, p))[j] = this.values[p] ?? outOfRange(this.values, p);
    }
    return dense;
  }

  /** The transpose, as a new CSC matrix. */
  transpose(): CscMatrix {
    const t = transposeArrays(this.nrows, this.ncols, this.colPtr, this.rowIdx, this.values);
    return new CscMatrix(this.ncols, this.nrows, t.colPtr, t.rowIdx, t.values);
  }

  /** y = M x; writes into `out` (length nrows) when given. */
  multiplyVector(x: ArrayLike<number>, out?: Float64Array): Float64Array {
    if (x.length !== this.ncols) {
      throw new SparseError('dimension-mismatch', `vector length ${x.length} differs from ncols ${this.ncols}`);
    }
    const y = out ?? new Float64Array(this.nrows);
    if (y.length !== this.nrows) {
      throw new SparseError('dimension-mismatch', `out length ${y.length} differs from nrows ${this.nrows}`);
    }
    if (y === x) throw new SparseError('invalid-argument', 'out must not alias x');
    y.fill(0);
    for (let j = 0; j < this.ncols; j++) {
      const xj = x[j] ?? outOfRange(x, j);
      for (let p = this.colPtr[j] ?? outOfRange(this.colPtr, j); p < (this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1)); p++) y[this.rowIdx[p] ?? outOfRange(this.rowIdx, p)] = (y[this.rowIdx[p] ?? outOfRange(this.rowIdx, p)] ?? outOfRange(y, this.rowIdx[p] ?? outOfRange(this.rowIdx, p))) + (this.values[p] ?? outOfRange(this.values, p)) * xj;
    }
    return y;
  }

  /** y = Mᵀ x; writes into `out` (length ncols) when given. */
  transposeMultiplyVector(x: ArrayLike<number>, out?: Float64Array): Float64Array {
    if (x.length !== this.nrows) {
      throw new SparseError('dimension-mismatch', `vector length ${x.length} differs from nrows ${this.nrows}`);
    }
    const y = out ?? new Float64Array(this.ncols);
    if (y.length !== this.ncols) {
      throw new SparseError('dimension-mismatch', `out length ${y.length} differs from ncols ${this.ncols}`);
    }
    if (y === x) throw new SparseError('invalid-argument', 'out must not alias x');
    for (let j = 0; j < this.ncols; j++) {
      let s = 0;
      for (let p = this.colPtr[j] ?? outOfRange(this.colPtr, j); p < (this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1)); p++) s += (this.values[p] ?? outOfRange(this.values, p)) * (x[this.rowIdx[p] ?? outOfRange(this.rowIdx, p)] ?? outOfRange(x, this.rowIdx[p] ?? outOfRange(this.rowIdx, p)));
      y[j] = s;
    }
    return y;
  }

  /** The entries with row >= col. */
  lowerTriangle(): CscMatrix {
    const colPtr = new Int32Array(this.ncols + 1);
    for (let j = 0; j < this.ncols; j++) {
      let count = 0;
      for (let p = this.colPtr[j] ?? outOfRange(this.colPtr, j); p < (this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1)); p++) if ((this.rowIdx[p] ?? outOfRange(this.rowIdx, p)) >= j) count++;
      colPtr[j + 1] = (colPtr[j] ?? outOfRange(colPtr, j)) + count;
    }
    const rowIdx = new Int32Array(colPtr[this.ncols] ?? outOfRange(colPtr, this.ncols));
    const values = new Float64Array(colPtr[this.ncols] ?? outOfRange(colPtr, this.ncols));
    let q = 0;
    for (let j = 0; j < this.ncols; j++) {
      for (let p = this.colPtr[j] ?? outOfRange(this.colPtr, j); p < (this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1)); p++) {
        if ((this.rowIdx[p] ?? outOfRange(this.rowIdx, p)) >= j) {
          rowIdx[q] = this.rowIdx[p] ?? outOfRange(this.rowIdx, p);
          values[q++] = this.values[p] ?? outOfRange(this.values, p);
        }
      }
    }
    return new CscMatrix(this.nrows, this.ncols, colPtr, rowIdx, values);
  }

  /** The index into `rowIdx`/`values` of entry (i, j), or −1 when it is not stored (binary search in column j). */
  position(i: number, j: number): number {
    return findInColumn(this.rowIdx, this.colPtr[j] ?? outOfRange(this.colPtr, j), this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1), i);
  }

  /** Entry (i, j) by binary search within column j; 0 when not stored. */
  get(i: number, j: number): number {
    if (!(i >= 0 && i < this.nrows && j >= 0 && j < this.ncols)) {
      throw new SparseError('invalid-argument', `index (${i}, ${j}) outside ${this.nrows}x${this.ncols}`);
    }
    const p = findInColumn(this.rowIdx, this.colPtr[j] ?? outOfRange(this.colPtr, j), this.colPtr[j + 1] ?? outOfRange(this.colPtr, j + 1), i);
    return p < 0 ? 0 : (this.values[p] ?? outOfRange(this.values, p));
  }
}

/** The position of row `i` in the sorted slice rowIdx[start, end), or -1. */
export function findInColumn(rowIdx: Int32Array, start: number, end: number, i: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = rowIdx[mid] ?? outOfRange(rowIdx, mid);
    if (r === i) return mid;
    if (r < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The full symmetric matrix whose lower triangle (row >= col) is `lower`; throws if `lower` has entries above the diagonal. */
export function symmetricFromLower(lower: CscMatrix): CscMatrix {
  const n = lower.ncols;
  if (lower.nrows !== n) throw new SparseError('dimension-mismatch', `matrix is ${lower.nrows}x${n}, not square`);
  const { colPtr: lp, rowIdx: li, values: lv } = lower;
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let p = lp[j] ?? outOfRange(lp, j); p < (lp[j + 1] ?? outOfRange(lp, j + 1)); p++) {
      const i = li[p] ?? outOfRange(li, p);
      if (i < j) {
        throw new SparseError('invalid-argument', `entry (${i}, ${j}) is above the diagonal`, { row: i, column: j });
      }
      colPtr[j + 1] = (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)) + 1;
      if (i > j) colPtr[i + 1] = (colPtr[i + 1] ?? outOfRange(colPtr, i + 1)) + 1;
    }
  }
  for (let j = 0; j < n; j++) colPtr[j + 1] = (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)) + (colPtr[j] ?? outOfRange(colPtr, j));
  const next = colPtr.slice(0, n);
  const rowIdx = new Int32Array(colPtr[n] ?? outOfRange(colPtr, n));
  const values = new Float64Array(colPtr[n] ?? outOfRange(colPtr, n));
  // Column c first receives its mirrored entries (rows j < c, while visiting columns j < c in order)
  // and then its own lower entries (rows >= c), so its rows come out sorted.
  for (let j = 0; j < n; j++) {
    for (let p = lp[j] ?? outOfRange(lp, j); p < (lp[j + 1] ?? outOfRange(lp, j + 1)); p++) {
      const i = li[p] ?? outOfRange(li, p);
      let q = advance(next, j);
      rowIdx[q] = i;
      values[q] = lv[p] ?? outOfRange(lv, p);
      if (i > j) {
        q = advance(next, i);
        rowIdx[q] = j;
        values[q] = lv[p] ?? outOfRange(lv, p);
      }
    }
  }
  return new CscMatrix(n, n, colPtr, rowIdx, values);
}

/** a + b on the union of their patterns. */
export function add(a: CscMatrix, b: CscMatrix): CscMatrix {
  if (a.nrows !== b.nrows || a.ncols !== b.ncols) {
    throw new SparseError('dimension-mismatch', `cannot add ${a.nrows}x${a.ncols} and ${b.nrows}x${b.ncols}`);
  }
  const ncols = a.ncols;
  const colPtr = new Int32Array(ncols + 1);
  const rowIdx = new Int32Array(a.nnz + b.nnz);
  const values = new Float64Array(a.nnz + b.nnz);
  let q = 0;
  for (let j = 0; j < ncols; j++) {
    let pa = a.colPtr[j] ?? outOfRange(a.colPtr, j);
    let pb = b.colPtr[j] ?? outOfRange(b.colPtr, j);
    const ea = a.colPtr[j + 1] ?? outOfRange(a.colPtr, j + 1);
    const eb = b.colPtr[j + 1] ?? outOfRange(b.colPtr, j + 1);
    while (pa < ea || pb < eb) {
      const ra = pa < ea ? (a.rowIdx[pa] ?? outOfRange(a.rowIdx, pa)) : Infinity;
      const rb = pb < eb ? (b.rowIdx[pb] ?? outOfRange(b.rowIdx, pb)) : Infinity;
      if (ra < rb) {
        rowIdx[q] = ra;
        values[q++] = a.values[pa++] ?? outOfRange(a.values, pa++);
      } else if (rb < ra) {
        rowIdx[q] = rb;
        values[q++] = b.values[pb++] ?? outOfRange(b.values, pb++);
      } else {
        rowIdx[q] = ra;
        values[q++] = (a.values[pa++] ?? outOfRange(a.values, pa++)) + (b.values[pb++] ?? outOfRange(b.values, pb++));
      }
    }
    colPtr[j + 1] = q;
  }
  return new CscMatrix(a.nrows, ncols, colPtr, rowIdx.slice(0, q), values.slice(0, q));
}

/** The sparse product a b (Gustavson's column-by-column algorithm). */
export function multiply(a: CscMatrix, b: CscMatrix): CscMatrix {
  if (a.ncols !== b.nrows) {
    throw new SparseError('dimension-mismatch', `cannot multiply ${a.nrows}x${a.ncols} by ${b.nrows}x${b.ncols}`);
  }
  const m = a.nrows;
  const n = b.ncols;
  const mark = new Int32Array(m).fill(-1);
  // Pass 1: the pattern size of each column of the product.
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    let count = 0;
    for (let pb = b.colPtr[j] ?? outOfRange(b.colPtr, j); pb < (b.colPtr[j + 1] ?? outOfRange(b.colPtr, j + 1)); pb++) {
      const t = b.rowIdx[pb] ?? outOfRange(b.rowIdx, pb);
      for (let pa = a.colPtr[t] ?? outOfRange(a.colPtr, t); pa < (a.colPtr[t + 1] ?? outOfRange(a.colPtr, t + 1)); pa++) {
        const i = a.rowIdx[pa] ?? outOfRange(a.rowIdx, pa);
        if (mark[i] !== j) {
          mark[i] = j;
          count++;
        }
      }
    }
    colPtr[j + 1] = (colPtr[j] ?? outOfRange(colPtr, j)) + count;
  }
  // Pass 2: accumulate each column in a dense work vector over its pattern.
  const rowIdx = new Int32Array(colPtr[n] ?? outOfRange(colPtr, n));
  const values = new Float64Array(colPtr[n] ?? outOfRange(colPtr, n));
  const acc = new Float64Array(m);
  mark.fill(-1);
  for (let j = 0; j < n; j++) {
    let q = colPtr[j] ?? outOfRange(colPtr, j);
    for (let pb = b.colPtr[j] ?? outOfRange(b.colPtr, j); pb < (b.colPtr[j + 1] ?? outOfRange(b.colPtr, j + 1)); pb++) {
      const t = b.rowIdx[pb] ?? outOfRange(b.rowIdx, pb);
      const btj = b.values[pb] ?? outOfRange(b.values, pb);
      for (let pa = a.colPtr[t] ?? outOfRange(a.colPtr, t); pa < (a.colPtr[t + 1] ?? outOfRange(a.colPtr, t + 1)); pa++) {
        const i = a.rowIdx[pa] ?? outOfRange(a.rowIdx, pa);
        if (mark[i] !== j) {
          mark[i] = j;
          rowIdx[q++] = i;
          acc[i] = (a.values[pa] ?? outOfRange(a.values, pa)) * btj;
        } else {
          acc[i] = (acc[i] ?? outOfRange(acc, i)) + (a.values[pa] ?? outOfRange(a.values, pa)) * btj;
        }
      }
    }
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < q; p++) values[p] = acc[rowIdx[p] ?? outOfRange(rowIdx, p)] ?? outOfRange(acc, rowIdx[p] ?? outOfRange(rowIdx, p));
  }
  return sortColumns(m, n, colPtr, rowIdx, values);
}

/**
 * The lower triangle (row >= col) of Aᵀ diag(w) A, an ncols x ncols matrix. Every structurally
 * reachable entry is stored even if it cancels to zero, so the result is a safe pattern for `analyse`.
 */
export function transposeTimesDiagTimes(A: CscMatrix, w: ArrayLike<number>): CscMatrix {
  if (w.length !== A.nrows) {
    throw new SparseError('dimension-mismatch', `weight length ${w.length} differs from nrows ${A.nrows}`);
  }
  const n = A.ncols;
  const rowsOfA = A.transpose(); // column i of this lists row i of A
  const mark = new Int32Array(n).fill(-1);
  const colPtr = new Int32Array(n + 1);
  // Column k of AᵀWA gathers a_ij w_i a_ik over rows i of column k and columns j >= k of row i.
  for (let k = 0; k < n; k++) {
    let count = 0;
    for (let pa = A.colPtr[k] ?? outOfRange(A.colPtr, k); pa < (A.colPtr[k + 1] ?? outOfRange(A.colPtr, k + 1)); pa++) {
      const i = A.rowIdx[pa] ?? outOfRange(A.rowIdx, pa);
      for (let pr = rowsOfA.colPtr[i] ?? outOfRange(rowsOfA.colPtr, i); pr < (rowsOfA.colPtr[i + 1] ?? outOfRange(rowsOfA.colPtr, i + 1)); pr++) {
        const j = rowsOfA.rowIdx[pr] ?? outOfRange(rowsOfA.rowIdx, pr);
        if (j >= k && mark[j] !== k) {
          mark[j] = k;
          count++;
        }
      }
    }
    colPtr[k + 1] = (colPtr[k] ?? outOfRange(colPtr, k)) + count;
  }
  const rowIdx = new Int32Array(colPtr[n] ?? outOfRange(colPtr, n));
  const values = new Float64Array(colPtr[n] ?? outOfRange(colPtr, n));
  const acc = new Float64Array(n);
  mark.fill(-1);
  for (let k = 0; k < n; k++) {
    let q = colPtr[k] ?? outOfRange(colPtr, k);
    for (let pa = A.colPtr[k] ?? outOfRange(A.colPtr, k); pa < (A.colPtr[k + 1] ?? outOfRange(A.colPtr, k + 1)); pa++) {
      const i = A.rowIdx[pa] ?? outOfRange(A.rowIdx, pa);
      const s = (A.values[pa] ?? outOfRange(A.values, pa)) * (w[i] ?? outOfRange(w, i));
      for (let pr = rowsOfA.colPtr[i] ?? outOfRange(rowsOfA.colPtr, i); pr < (rowsOfA.colPtr[i + 1] ?? outOfRange(rowsOfA.colPtr, i + 1)); pr++) {
        const j = rowsOfA.rowIdx[pr] ?? outOfRange(rowsOfA.rowIdx, pr);
        if (j < k) continue;
        if (mark[j] !== k) {
          mark[j] = k;
          rowIdx[q++] = j;
          acc[j] = (rowsOfA.values[pr] ?? outOfRange(rowsOfA.values, pr)) * s;
        } else {
          acc[j] = (acc[j] ?? outOfRange(acc, j)) + (rowsOfA.values[pr] ?? outOfRange(rowsOfA.values, pr)) * s;
        }
      }
    }
    for (let p = colPtr[k] ?? outOfRange(colPtr, k); p < q; p++) values[p] = acc[rowIdx[p] ?? outOfRange(rowIdx, p)] ?? outOfRange(acc, rowIdx[p] ?? outOfRange(rowIdx, p));
  }
  return sortColumns(n, n, colPtr, rowIdx, values);
}
