/**
 * The simplicial left-looking Cholesky factorisation that the supernodal one replaced, kept as the
 * baseline of the benchmarks and as an independent oracle in the tests (internal: not exported
 * from the package).
 *
 * Column j is assembled in a dense work vector from C(:, j) minus L(j, k) L(j:n, k) for every
 * earlier column k with L(j, k) ≠ 0 (A. George, J. W. H. Liu, "Computer Solution of Large Sparse
 * Positive Definite Systems", 1981, Section 5.4). Those columns wait in linked lists keyed by the
 * row of their next unused entry. The pattern of L comes from the row subtrees of the elimination
 * tree; the selected inverse is the scalar Takahashi recursion on that pattern.
 */
import type { CscMatrix } from './csc.js';
import { SparseError } from './errors.js';
import { columnCounts, eliminationTree, permutedRows } from './symbolic.js';
import { advance, outOfRange } from './checked.js';

export class SimplicialCholesky {
  readonly n: number;
  readonly perm: Int32Array;
  readonly lColPtr: Int32Array;
  readonly lRowIdx: Int32Array;
  readonly lValues: Float64Array;
  private readonly cColPtr: Int32Array;
  private readonly cRowIdx: Int32Array;
  private readonly cSource: Int32Array;

  /** Symbolic analysis of `pattern` (lower triangle) under `perm` (perm[k] = original index of pivot k). */
  constructor(pattern: CscMatrix, perm: Int32Array) {
    const n = pattern.ncols;
    this.n = n;
    this.perm = perm;
    const invPerm = new Int32Array(n);
    for (let k = 0; k < n; k++) invPerm[perm[k] ?? outOfRange(perm, k)] = k;
    const { rowPtr, rowCol, rowSrc } = permutedRows(pattern, invPerm);
    const parent = eliminationTree(n, rowPtr, rowCol);
    const count = columnCounts(n, parent, rowPtr, rowCol);
    this.lColPtr = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) this.lColPtr[j + 1] = (this.lColPtr[j] ?? outOfRange(this.lColPtr, j)) + (count[j] ?? outOfRange(count, j));
    this.lRowIdx = new Int32Array(this.lColPtr[n] ?? outOfRange(this.lColPtr, n));
    const fill = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      this.lRowIdx[this.lColPtr[j] ?? outOfRange(this.lColPtr, j)] = j;
      fill[j] = (this.lColPtr[j] ?? outOfRange(this.lColPtr, j)) + 1;
    }
    const mark = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) {
      mark[k] = k;
      for (let q = rowPtr[k] ?? outOfRange(rowPtr, k); q < (rowPtr[k + 1] ?? outOfRange(rowPtr, k + 1)); q++) {
        for (let j = rowCol[q] ?? outOfRange(rowCol, q); mark[j] !== k; j = parent[j] ?? outOfRange(parent, j)) {
          mark[j] = k;
          this.lRowIdx[advance(fill, j)] = k;
        }
      }
    }
    // C by columns, rows sorted (row buckets visited in increasing row order).
    this.cColPtr = new Int32Array(n + 1);
    for (let q = 0; q < rowCol.length; q++) this.cColPtr[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] = (this.cColPtr[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] ?? outOfRange(this.cColPtr, (rowCol[q] ?? outOfRange(rowCol, q)) + 1)) + 1;
    for (let j = 0; j < n; j++) this.cColPtr[j + 1] = (this.cColPtr[j + 1] ?? outOfRange(this.cColPtr, j + 1)) + (this.cColPtr[j] ?? outOfRange(this.cColPtr, j));
    const next = this.cColPtr.slice(0, n);
    this.cRowIdx = new Int32Array(rowCol.length);
    this.cSource = new Int32Array(rowCol.length);
    for (let r = 0; r < n; r++) {
      for (let q = rowPtr[r] ?? outOfRange(rowPtr, r); q < (rowPtr[r + 1] ?? outOfRange(rowPtr, r + 1)); q++) {
        const p = advance(next, rowCol[q] ?? outOfRange(rowCol, q));
        this.cRowIdx[p] = r;
        this.cSource[p] = rowSrc[q] ?? outOfRange(rowSrc, q);
      }
    }
    this.lValues = new Float64Array(this.lColPtr[n] ?? outOfRange(this.lColPtr, n));
  }

  /** Left-looking numeric factorisation of `values` (in the order of the pattern's values). */
  factor(values: ArrayLike<number>): this {
    const { n, lColPtr, lRowIdx, cColPtr, cRowIdx, cSource, perm } = this;
    const lv = this.lValues;
    const x = new Float64Array(n);
    const linkHead = new Int32Array(n).fill(-1);
    const linkNext = new Int32Array(n);
    const nextEntry = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      for (let p = cColPtr[j] ?? outOfRange(cColPtr, j); p < (cColPtr[j + 1] ?? outOfRange(cColPtr, j + 1)); p++) x[cRowIdx[p] ?? outOfRange(cRowIdx, p)] = values[cSource[p] ?? outOfRange(cSource, p)] ?? outOfRange(values, cSource[p] ?? outOfRange(cSource, p));
      let k = linkHead[j] ?? outOfRange(linkHead, j);
      while (k !== -1) {
        const following = linkNext[k] ?? outOfRange(linkNext, k);
        const pk = nextEntry[k] ?? outOfRange(nextEntry, k);
        const ljk = lv[pk] ?? outOfRange(lv, pk);
        const end = lColPtr[k + 1] ?? outOfRange(lColPtr, k + 1);
        for (let p = pk; p < end; p++) x[lRowIdx[p] ?? outOfRange(lRowIdx, p)] = (x[lRowIdx[p] ?? outOfRange(lRowIdx, p)] ?? outOfRange(x, lRowIdx[p] ?? outOfRange(lRowIdx, p))) - (lv[p] ?? outOfRange(lv, p)) * ljk;
        if (pk + 1 < end) {
          nextEntry[k] = pk + 1;
          const r = lRowIdx[pk + 1] ?? outOfRange(lRowIdx, pk + 1);
          linkNext[k] = linkHead[r] ?? outOfRange(linkHead, r);
          linkHead[r] = k;
        }
        k = following;
      }
      const d = x[j] ?? outOfRange(x, j);
      x[j] = 0;
      if (!(d > 0) || d === Infinity) {
        throw new SparseError('not-positive-definite', `pivot ${d} at column ${j} is not positive and finite`, {
          column: j,
          index: perm[j],
          pivot: d,
        });
      }
      const ljj = Math.sqrt(d);
      const diag = lColPtr[j] ?? outOfRange(lColPtr, j);
      const end = lColPtr[j + 1] ?? outOfRange(lColPtr, j + 1);
      lv[diag] = ljj;
      for (let p = diag + 1; p < end; p++) {
        const r = lRowIdx[p] ?? outOfRange(lRowIdx, p);
        lv[p] = (x[r] ?? outOfRange(x, r)) / ljj;
        x[r] = 0;
      }
      if (diag + 1 < end) {
        nextEntry[j] = diag + 1;
        const r = lRowIdx[diag + 1] ?? outOfRange(lRowIdx, diag + 1);
        linkNext[j] = linkHead[r] ?? outOfRange(linkHead, r);
        linkHead[r] = j;
      }
    }
    return this;
  }

  logDeterminant(): number {
    let s = 0;
    for (let j = 0; j < this.n; j++) s += Math.log(this.lValues[this.lColPtr[j] ?? outOfRange(this.lColPtr, j)] ?? outOfRange(this.lValues, this.lColPtr[j] ?? outOfRange(this.lColPtr, j)));
    return 2 * s;
  }

  solve(b: ArrayLike<number>): Float64Array {
    const { n, perm, lColPtr, lRowIdx, lValues: lv } = this;
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) x[k] = b[perm[k] ?? outOfRange(perm, k)] ?? outOfRange(b, perm[k] ?? outOfRange(perm, k));
    for (let j = 0; j < n; j++) {
      const xj = (x[j] ?? outOfRange(x, j)) / (lv[lColPtr[j] ?? outOfRange(lColPtr, j)] ?? outOfRange(lv, lColPtr[j] ?? outOfRange(lColPtr, j)));
      x[j] = xj;
      for (let p = (lColPtr[j] ?? outOfRange(lColPtr, j)) + 1; p < (lColPtr[j + 1] ?? outOfRange(lColPtr, j + 1)); p++) x[lRowIdx[p] ?? outOfRange(lRowIdx, p)] = (x[lRowIdx[p] ?? outOfRange(lRowIdx, p)] ?? outOfRange(x, lRowIdx[p] ?? outOfRange(lRowIdx, p))) - (lv[p] ?? outOfRange(lv, p)) * xj;
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = x[j] ?? outOfRange(x, j);
      for (let p = (lColPtr[j] ?? outOfRange(lColPtr, j)) + 1; p < (lColPtr[j + 1] ?? outOfRange(lColPtr, j + 1)); p++) s -= (lv[p] ?? outOfRange(lv, p)) * (x[lRowIdx[p] ?? outOfRange(lRowIdx, p)] ?? outOfRange(x, lRowIdx[p] ?? outOfRange(lRowIdx, p)));
      x[j] = s / (lv[lColPtr[j] ?? outOfRange(lColPtr, j)] ?? outOfRange(lv, lColPtr[j] ?? outOfRange(lColPtr, j)));
    }
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) y[perm[k] ?? outOfRange(perm, k)] = x[k] ?? outOfRange(x, k);
    return y;
  }

  /**
   * diag(H⁻¹) in the original order by the scalar Takahashi recursion
   * Σ_ji = δ_ij / L_ii² − (1 / L_ii) Σ_{k ∈ S_i} L_ki Σ_kj over the pattern of L.
   */
  inverseDiagonal(): Float64Array {
    const { n, perm, lColPtr, lRowIdx, lValues } = this;
    const sigma = new Float64Array(lValues.length);
    const z = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const d = lColPtr[i] ?? outOfRange(lColPtr, i);
      const m = (lColPtr[i + 1] ?? outOfRange(lColPtr, i + 1)) - d - 1;
      z.fill(0, 0, m);
      for (let a = 0; a < m; a++) {
        const ra = lRowIdx[d + 1 + a] ?? outOfRange(lRowIdx, d + 1 + a);
        const la = lValues[d + 1 + a] ?? outOfRange(lValues, d + 1 + a);
        let q = lColPtr[ra] ?? outOfRange(lColPtr, ra);
        z[a] = (z[a] ?? outOfRange(z, a)) + la * (sigma[q] ?? outOfRange(sigma, q));
        for (let b = a + 1; b < m; b++) {
          const rb = lRowIdx[d + 1 + b];
          while (lRowIdx[q] !== rb) q++;
          const s = sigma[q] ?? outOfRange(sigma, q);
          z[a] = (z[a] ?? outOfRange(z, a)) + (lValues[d + 1 + b] ?? outOfRange(lValues, d + 1 + b)) * s;
          z[b] = (z[b] ?? outOfRange(z, b)) + la * s;
        }
      }
      const lii = lValues[d] ?? outOfRange(lValues, d);
      let acc = 0;
      for (let a = 0; a < m; a++) {
        const s = -(z[a] ?? outOfRange(z, a)) / lii;
        sigma[d + 1 + a] = s;
        acc += (lValues[d + 1 + a] ?? outOfRange(lValues, d + 1 + a)) * s;
      }
      sigma[d] = (1 / lii - acc) / lii;
    }
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[perm[k] ?? outOfRange(perm, k)] = sigma[lColPtr[k] ?? outOfRange(lColPtr, k)] ?? outOfRange(sigma, lColPtr[k] ?? outOfRange(lColPtr, k));
    return out;
  }
}
