/**
 * Symbolic Cholesky analysis: fill-reducing ordering, elimination tree and the exact pattern of L,
 * computed once per sparsity pattern and reused by every numeric factorisation.
 *
 * The elimination tree uses Liu's algorithm with path compression (J. W. H. Liu, "The role of
 * elimination trees in sparse factorization", SIAM J. Matrix Anal. Appl. 11(1), 1990). The pattern
 * of row k of L is the set of nodes on the etree paths from each i with C(k, i) ≠ 0 (i < k) up to k
 * (the "row subtree"); walking those paths twice gives first the column counts, then the row indices.
 */
import type { CscMatrix } from './csc.js';
import { SparseError } from './errors.js';
import { approximateMinimumDegree } from './ordering.js';

/** The result of `analyse`: everything about the factorisation that depends on the pattern only. */
export interface SymbolicCholesky {
  /** The matrix order. */
  readonly n: number;
  /** perm[k] = original index of the k-th pivot; the factor satisfies L Lᵀ = P H Pᵀ with (P v)[k] = v[perm[k]]. */
  readonly perm: Int32Array;
  /** invPerm[perm[k]] = k. */
  readonly invPerm: Int32Array;
  /** Elimination tree of P H Pᵀ: parent[j] = min{ i > j : L(i, j) ≠ 0 }, or -1 for a root. */
  readonly parent: Int32Array;
  /** Column pointers of L (length n + 1). */
  readonly lColPtr: Int32Array;
  /** Row indices of L, sorted within each column; the diagonal comes first. */
  readonly lRowIdx: Int32Array;
  /** Whether the analysed pattern was a lower triangle or both triangles. */
  readonly inputFormat: 'lower' | 'full';
  /** The number of entries of the analysed pattern = the length of the values array `cholesky` expects. */
  readonly inputNnz: number;
  /** Column pointers of C = lower triangle of P H Pᵀ. */
  readonly cColPtr: Int32Array;
  /** Row indices of C, sorted within each column (all >= the column). */
  readonly cRowIdx: Int32Array;
  /** cSource[p] = the position in the input values array holding C's p-th entry. */
  readonly cSource: Int32Array;
}

/** Options of `analyse`. */
export interface AnalyseOptions {
  /** The fill-reducing ordering: approximate minimum degree (default), none, or an explicit `perm` (perm[k] = original index of pivot k). */
  ordering?: 'amd' | 'natural' | Int32Array;
}

function resolveOrdering(pattern: CscMatrix, ordering: AnalyseOptions['ordering']): Int32Array {
  const n = pattern.ncols;
  if (ordering === undefined || ordering === 'amd') return approximateMinimumDegree(pattern);
  if (ordering === 'natural') {
    const perm = new Int32Array(n);
    for (let k = 0; k < n; k++) perm[k] = k;
    return perm;
  }
  if (!(ordering instanceof Int32Array)) {
    throw new SparseError('invalid-argument', `ordering must be 'amd', 'natural' or an Int32Array`);
  }
  if (ordering.length !== n) {
    throw new SparseError('invalid-argument', `ordering has length ${ordering.length}, expected ${n}`);
  }
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const v = ordering[k];
    if (v < 0 || v >= n || seen[v] === 1) {
      throw new SparseError('invalid-argument', `ordering is not a permutation of 0..${n - 1} (entry ${k} = ${v})`, {
        position: k,
      });
    }
    seen[v] = 1;
  }
  return ordering.slice();
}

/** Throws unless a pattern with entries in both triangles is structurally symmetric. */
function checkStructurallySymmetric(pattern: CscMatrix): void {
  const t = pattern.transpose();
  for (let j = 0; j <= pattern.ncols; j++) {
    if (t.colPtr[j] !== pattern.colPtr[j]) {
      throw new SparseError(
        'not-symmetric',
        `the pattern has entries above the diagonal but is not structurally symmetric (column ${j - 1}); give the lower triangle or the full symmetric matrix`,
        { column: j - 1 },
      );
    }
  }
  for (let p = 0; p < pattern.nnz; p++) {
    if (t.rowIdx[p] !== pattern.rowIdx[p]) {
      throw new SparseError(
        'not-symmetric',
        'the pattern has entries above the diagonal but is not structurally symmetric; give the lower triangle or the full symmetric matrix',
        { position: p },
      );
    }
  }
}

/**
 * Orders and symbolically factorises a symmetric pattern. `pattern` may hold the lower triangle
 * (every entry has row >= col) or the full, structurally symmetric matrix (detected automatically;
 * then only the entries with row >= col are read and the upper triangle's values are ignored).
 * The values later given to `cholesky` are in the order of `pattern.values`.
 */
export function analyse(pattern: CscMatrix, options: AnalyseOptions = {}): SymbolicCholesky {
  const n = pattern.ncols;
  if (pattern.nrows !== n) {
    throw new SparseError('dimension-mismatch', `pattern is ${pattern.nrows}x${n}, not square`);
  }
  const { colPtr, rowIdx } = pattern;
  let hasUpper = false;
  for (let j = 0; j < n && !hasUpper; j++) {
    if (colPtr[j + 1] > colPtr[j] && rowIdx[colPtr[j]] < j) hasUpper = true;
  }
  if (hasUpper) checkStructurallySymmetric(pattern);
  const perm = resolveOrdering(pattern, options.ordering);
  const invPerm = new Int32Array(n);
  for (let k = 0; k < n; k++) invPerm[perm[k]] = k;

  // C = lower triangle of P H Pᵀ. Bucket its entries by row first (that is the strict upper
  // triangle by columns, which the etree and row subtrees need), then by column in row order so
  // that C's columns come out sorted.
  const rowPtr = new Int32Array(n + 1);
  let cnnz = 0;
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      if (rowIdx[p] < j) continue;
      rowPtr[Math.max(invPerm[rowIdx[p]], invPerm[j]) + 1]++;
      cnnz++;
    }
  }
  for (let k = 0; k < n; k++) rowPtr[k + 1] += rowPtr[k];
  const rowNext = rowPtr.slice(0, n);
  const rowCol = new Int32Array(cnnz); // column of each entry, bucketed by row
  const rowSrc = new Int32Array(cnnz);
  const cColPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      if (rowIdx[p] < j) continue;
      const a = invPerm[rowIdx[p]];
      const b = invPerm[j];
      const q = rowNext[Math.max(a, b)]++;
      rowCol[q] = Math.min(a, b);
      rowSrc[q] = p;
      cColPtr[Math.min(a, b) + 1]++;
    }
  }
  for (let k = 0; k < n; k++) cColPtr[k + 1] += cColPtr[k];
  const colNext = cColPtr.slice(0, n);
  const cRowIdx = new Int32Array(cnnz);
  const cSource = new Int32Array(cnnz);
  for (let r = 0; r < n; r++) {
    for (let q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
      const p = colNext[rowCol[q]]++;
      cRowIdx[p] = r;
      cSource[p] = rowSrc[q];
    }
  }

  // Elimination tree (Liu), with `ancestor` as the path-compressed virtual forest.
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
      let r = rowCol[q];
      while (r !== -1 && r < k) {
        const up = ancestor[r];
        ancestor[r] = k;
        if (up === -1) parent[r] = k;
        r = up;
      }
    }
  }

  // Row subtrees: row k of L has a nonzero in every column on the etree path from each i with
  // C(k, i) ≠ 0 up to (not including) k. First pass counts, second pass fills in increasing k.
  const mark = new Int32Array(n).fill(-1);
  const lColPtr = new Int32Array(n + 1);
  const count = new Float64Array(n).fill(1); // Float64: the total is checked against the Int32 limit
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
      for (let j = rowCol[q]; mark[j] !== k; j = parent[j]) {
        mark[j] = k;
        count[j]++;
      }
    }
  }
  let total = 0;
  for (let j = 0; j < n; j++) {
    total += count[j];
    if (total > 0x7fffffff) {
      throw new SparseError('invalid-argument', 'the Cholesky factor would have more than 2^31 - 1 entries');
    }
    lColPtr[j + 1] = total;
  }
  const lRowIdx = new Int32Array(total);
  const fill = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    lRowIdx[lColPtr[j]] = j;
    fill[j] = lColPtr[j] + 1;
  }
  mark.fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = rowPtr[k]; q < rowPtr[k + 1]; q++) {
      for (let j = rowCol[q]; mark[j] !== k; j = parent[j]) {
        mark[j] = k;
        lRowIdx[fill[j]++] = k;
      }
    }
  }

  return {
    n,
    perm,
    invPerm,
    parent,
    lColPtr,
    lRowIdx,
    inputFormat: hasUpper ? 'full' : 'lower',
    inputNnz: pattern.nnz,
    cColPtr,
    cRowIdx,
    cSource,
  };
}
