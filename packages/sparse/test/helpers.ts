/** Test fixtures: random sparse matrices, grid Laplacians and dense conversions for ml-matrix oracles. */
import { Matrix } from 'ml-matrix';
import { CscMatrix, symmetricFromLower } from '../src/index.js';

/** A random m x n sparse matrix with about density * m * n entries, values uniform in [-1, 1]. */
export function randomSparse(m: number, n: number, density: number, rand: () => number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      if (rand() < density) {
        rows.push(i);
        cols.push(j);
        vals.push(2 * rand() - 1);
      }
    }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, vals);
}

/**
 * The lower triangle of a random sparse SPD matrix: symmetric off-diagonal entries with about
 * `perRow` neighbours per row, made strictly diagonally dominant (hence SPD).
 */
export function randomSpdLower(n: number, perRow: number, rand: () => number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const rowAbsSum = new Float64Array(n);
  const p = Math.min(1, perRow / n);
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      if (rand() < p) {
        const v = 2 * rand() - 1;
        rows.push(i);
        cols.push(j);
        vals.push(v);
        rowAbsSum[i]! += Math.abs(v);
        rowAbsSum[j]! += Math.abs(v);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    rows.push(i);
    cols.push(i);
    vals.push(rowAbsSum[i]! + 0.1 + rand());
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals);
}

/** Lower triangle of the k x k grid (besag-like) Laplacian plus eps I: neighbour count on the diagonal, -1 per edge. */
export function gridLaplacianLower(k: number, eps: number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const id = (a: number, b: number): number => a * k + b;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const i = id(a, b);
      const neighbours = (a > 0 ? 1 : 0) + (a < k - 1 ? 1 : 0) + (b > 0 ? 1 : 0) + (b < k - 1 ? 1 : 0);
      rows.push(i);
      cols.push(i);
      vals.push(neighbours + eps);
      if (a < k - 1) {
        rows.push(id(a + 1, b));
        cols.push(i);
        vals.push(-1);
      }
      if (b < k - 1) {
        rows.push(id(a, b + 1));
        cols.push(i);
        vals.push(-1);
      }
    }
  }
  return CscMatrix.fromTriplets(k * k, k * k, rows, cols, vals);
}

/** The dense symmetric matrix whose lower triangle is `lower`, as an ml-matrix Matrix. */
export function denseSymmetric(lower: CscMatrix): Matrix {
  return new Matrix(symmetricFromLower(lower).toDense());
}

/** The largest absolute entry of a dense matrix. */
export function maxAbs(m: Matrix): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) s = Math.max(s, Math.abs(m.get(i, j)));
  return s;
}

/** Whether `perm` is a permutation of 0..n-1. */
export function isPermutation(perm: Int32Array, n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of perm) {
    if (v < 0 || v >= n || seen[v] === 1) return false;
    seen[v] = 1;
  }
  return true;
}

/** Lower triangle of a tridiagonal SPD matrix (random off-diagonals, diagonally dominant). */
export function tridiagonalLower(n: number, rand: () => number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let j = 0; j < n; j++) {
    rows.push(j);
    cols.push(j);
    vals.push(2.5 + rand());
    if (j + 1 < n) {
      rows.push(j + 1);
      cols.push(j);
      vals.push(2 * rand() - 1);
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals);
}

/** Lower triangle of an arrowhead SPD matrix: node `hub` linked to every other node. */
export function arrowLower(n: number, hub: number, rand: () => number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  let hubSum = 0;
  for (let i = 0; i < n; i++) {
    if (i === hub) continue;
    const v = 2 * rand() - 1;
    rows.push(Math.max(i, hub));
    cols.push(Math.min(i, hub));
    vals.push(v);
    hubSum += Math.abs(v);
    rows.push(i);
    cols.push(i);
    vals.push(Math.abs(v) + 0.5 + rand());
  }
  rows.push(hub);
  cols.push(hub);
  vals.push(hubSum + 1);
  return CscMatrix.fromTriplets(n, n, rows, cols, vals);
}

/** Lower triangle of a random SPD band matrix: every entry within `halfBandwidth` of the diagonal, diagonally dominant. */
export function bandLower(n: number, halfBandwidth: number, rand: () => number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const rowAbsSum = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i <= Math.min(n - 1, j + halfBandwidth); i++) {
      const v = 2 * rand() - 1;
      rows.push(i);
      cols.push(j);
      vals.push(v);
      rowAbsSum[i]! += Math.abs(v);
      rowAbsSum[j]! += Math.abs(v);
    }
  }
  for (let i = 0; i < n; i++) {
    rows.push(i);
    cols.push(i);
    vals.push(rowAbsSum[i]! + 0.1 + rand());
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals);
}
