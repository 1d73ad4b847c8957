/**
 * Numeric supernodal Cholesky factorisation L Lᵀ = P H Pᵀ on the structure fixed by `analyse`.
 *
 * Left-looking by supernode (E. Ng, B. W. Peyton, "Block sparse Cholesky algorithms on advanced
 * uniprocessor computers", SIAM J. Sci. Comput. 14(5), 1993; the organisation of CHOLMOD's
 * supernodal factorisation, Y. Chen, T. A. Davis, W. W. Hager, S. Rajamanickam, ACM TOMS 35(3),
 * 2008): supernode s is assembled from C, then every earlier supernode d with rows in s's columns
 * subtracts its dense block product L_d(rows ≥ f_s) L_d(rows in s)ᵀ, and s's own dense trapezoid
 * is factorised column by column. The supernodes that still have to update a later one wait in
 * linked lists keyed by the supernode of their next row, so no row structure is needed. The dense
 * loops run over four source columns at a time on one Float64Array; every buffer is allocated once
 * per factor and reused by `refactor`. With the WebAssembly SIMD kernels (simd-kernels.ts) the values, the
 * index buffers, copies of the symbolic arrays and the solves' workspace live in the factor's own WebAssembly
 * memory, and the whole loop over supernodes (assembly/factor.ts), the block products, the dense trapezoids and the
 * triangular solves run there; the TypeScript loop and kernels (kernels.ts, solves.ts) are the fallback and the oracle.
 */
import { SparseError } from './errors.js';
import { subtractBlockProduct, subtractEarlierColumns } from './kernels.js';
import { type KernelChoice, SIMD_PADDING, type SimdKernels, simdKernels } from './simd-kernels.js';
import { type SelectedInverse, SelectedInverseWorkspace, SupernodalSelectedInverse, selectedInverseInto } from './selected-inverse.js';
import type { SymbolicCholesky } from './symbolic.js';
import { itemAt, outOfRange } from './checked.js';
import { backwardSolve, forwardSolve, solveRowMajor } from './solves.js';

function notPositiveDefinite(pivot: number, j: number, perm: Int32Array): SparseError {
  return new SparseError(
    'not-positive-definite',
    `pivot ${pivot} at column ${j} (original index ${perm[j]}) is not positive and finite`,
    { column: j, index: perm[j], pivot },
  );
}

/** √pivot, or a SparseError naming the column when the pivot is not positive and finite. */
function pivotRoot(pivot: number, j: number, perm: Int32Array): number {
  if (!(pivot > 0) || pivot === Infinity) throw notPositiveDefinite(pivot, j, perm);
  return Math.sqrt(pivot);
}

/**
 * Dense left-looking Cholesky of a supernode's m × k trapezoid in place (column c at columnBase[c], its row r at
 * columnBase[c] + r; the supernode's first column is f), two columns at a time.
 */
function factorTrapezoid(lv: Float64Array, columnBase: Int32Array, k: number, m: number, f: number, perm: Int32Array): void {
  for (let c = 0; c < k; ) {
    const pair = c + 1 < k;
    const bc = columnBase[c] ?? outOfRange(columnBase, c);
    const bc1 = pair ? (columnBase[c + 1] ?? outOfRange(columnBase, c + 1)) : 0;
    subtractEarlierColumns(lv, columnBase, c, m, bc, bc1, pair);
    const ljj = pivotRoot(lv[bc + c] ?? outOfRange(lv, bc + c), f + c, perm);
    lv[bc + c] = ljj;
    for (let r = c + 1; r < m; r++) lv[bc + r] = (lv[bc + r] ?? outOfRange(lv, bc + r)) / ljj;
    if (pair) {
      const a = lv[bc + c + 1] ?? outOfRange(lv, bc + c + 1);
      for (let r = c + 1; r < m; r++) lv[bc1 + r] = (lv[bc1 + r] ?? outOfRange(lv, bc1 + r)) - a * (lv[bc + r] ?? outOfRange(lv, bc + r));
      const l1 = pivotRoot(lv[bc1 + c + 1] ?? outOfRange(lv, bc1 + c + 1), f + c + 1, perm);
      lv[bc1 + c + 1] = l1;
      for (let r = c + 2; r < m; r++) lv[bc1 + r] = (lv[bc1 + r] ?? outOfRange(lv, bc1 + r)) / l1;
    }
    c += pair ? 2 : 1;
  }
}

function checkLength(v: ArrayLike<number>, n: number, name: string): void {
  if (v.length !== n) throw new SparseError('dimension-mismatch', `${name} has length ${v.length}, expected ${n}`);
}

/** x[k q + a] = columns[a][perm[k]] for the q columns: them in pivot order, row-major (a row's q values adjacent). */
function gatherRows(columns: readonly ArrayLike<number>[], perm: Int32Array, x: Float64Array): void {
  const q = columns.length;
  columns.forEach((b, a) => {
    for (let k = 0; k < perm.length; k++) {
      const i = perm[k] ?? outOfRange(perm, k);
      x[k * q + a] = b[i] ?? outOfRange(b, i);
    }
  });
}

/** results[a][perm[k]] = x[k q + a]: the inverse of gatherRows. */
function scatterRows(x: Float64Array, perm: Int32Array, results: readonly Float64Array[]): void {
  const q = results.length;
  results.forEach((y, a) => {
    for (let k = 0; k < perm.length; k++) y[perm[k] ?? outOfRange(perm, k)] = x[k * q + a] ?? outOfRange(x, k * q + a);
  });
}

/**
 * Byte offsets of a SIMD factor's buffers in its WebAssembly memory, one after another, each start 8-byte aligned:
 * lValues from byte 0 (so no index buffer starts there, where subtractProduct's targets offset 0 means none) and
 * its padding, the factorisation's index and work buffers, copies of the symbolic arrays that the factorisation and
 * the solve kernels walk, the input values of the last refactorisation, and the solves' workspaces (solveX: x, or two
 * right-hand sides interleaved, 2n values; solveT: one value per row of the longest row list). `bytes` is the
 * memory's size.
 */
interface SimdLayout {
  readonly targets: number;
  readonly sourceBase: number;
  readonly targetBase: number;
  readonly columnBase: number;
  readonly relative: number;
  readonly waitHead: number;
  readonly waitNext: number;
  readonly nextRow: number;
  readonly superPtr: number;
  readonly superRowPtr: number;
  readonly superRows: number;
  readonly superOf: number;
  readonly lColPtr: number;
  readonly cColPtr: number;
  readonly cRowIdx: number;
  readonly cSource: number;
  readonly values: number;
  readonly solveX: number;
  readonly solveT: number;
  readonly bytes: number;
}

function simdLayout(symbolic: SymbolicCholesky, entries: number, longest: number, widest: number): SimdLayout {
  let end = 8 * entries + SIMD_PADDING;
  /** The start of the next `bytes` bytes. */
  const place = (bytes: number): number => {
    const start = end;
    end += 8 * Math.ceil(bytes / 8);
    return start;
  };
  const { n, nSupernodes, superRows, cRowIdx, inputNnz } = symbolic;
  return {
    targets: place(4 * longest),
    sourceBase: place(4 * widest),
    targetBase: place(4 * widest),
    columnBase: place(4 * widest),
    relative: place(4 * n),
    waitHead: place(4 * nSupernodes),
    waitNext: place(4 * nSupernodes),
    nextRow: place(4 * nSupernodes),
    superPtr: place(4 * (nSupernodes + 1)),
    superRowPtr: place(4 * (nSupernodes + 1)),
    superRows: place(4 * superRows.length),
    superOf: place(4 * n),
    lColPtr: place(4 * (n + 1)),
    cColPtr: place(4 * (n + 1)),
    cRowIdx: place(4 * cRowIdx.length),
    cSource: place(4 * cRowIdx.length),
    values: place(8 * inputNnz),
    solveX: place(8 * 2 * n),
    solveT: place(8 * longest),
    bytes: end,
  };
}

/** The index and work buffers of the TypeScript factorisation loop (`assembly/factor.ts` keeps the same in a SIMD factor's memory). */
interface FactorWork {
  /** relative[r]: position of row r in the current supernode's row list. */
  readonly relative: Int32Array;
  /** waitHead[s]: the first supernode waiting to update s; waitNext links the rest. */
  readonly waitHead: Int32Array;
  readonly waitNext: Int32Array;
  /** nextRow[d]: position in R_d of the first row not yet used for updates. */
  readonly nextRow: Int32Array;
  /** Positions in s of the rows of the updating supernode. */
  readonly targets: Int32Array;
  /** Column bases of the updating supernode, shifted to its first used row. */
  readonly sourceBase: Int32Array;
  /** Column bases in s of the columns being updated. */
  readonly targetBase: Int32Array;
  /** Column bases of s itself. */
  readonly columnBase: Int32Array;
}

/** Options of a new factor. */
export interface CholeskyOptions {
  /** The dense kernels (default 'auto': WebAssembly SIMD for large factors where it runs, else TypeScript). */
  kernels?: KernelChoice;
}

/** A numeric Cholesky factor L (L Lᵀ = P H Pᵀ) with solves, log-determinant and selected inverse. */
export class CholeskyFactor {
  readonly symbolic: SymbolicCholesky;
  /** Values of L on `symbolic.lColPtr` / `symbolic.lRowIdx` (supernodal packed columns, diagonal first). */
  readonly lValues: Float64Array;
  /** The TypeScript loop's index and work buffers; undefined for a SIMD factor, whose loop keeps its own in its memory (`layout`). */
  private readonly work: FactorWork | undefined;
  private readonly solveWork: Float64Array; // x of solve, solveLower and solveUpper, in pivot order
  private readonly solvePairs: Float64Array; // two right-hand sides of solveMany interleaved (SIMD kernels only)
  private readonly inputValues: Float64Array; // the values being factorised, in the memory the SIMD kernels read (SIMD kernels only)
  /** The SIMD kernels over the memory holding lValues, the loop's buffers and the solves' arrays (at `layout`), or undefined for the TypeScript kernels. */
  private readonly simd: SimdKernels | undefined;
  private readonly layout: SimdLayout; // where they are in that memory
  /** Which dense kernels this factor runs: 'webassembly' (SIMD) or 'typescript'. */
  readonly kernels: 'typescript' | 'webassembly';
  private sigma: Float64Array | undefined; // selected-inverse buffers for inverseDiagonal, made on first use
  private inverseWorkspace: SelectedInverseWorkspace | undefined;
  private factorised = false;

  /** Allocates the factor's buffers and factorises `values` (see `cholesky`). */
  constructor(symbolic: SymbolicCholesky, values: ArrayLike<number>, options: CholeskyOptions = {}) {
    const { n, nSupernodes, superRowPtr } = symbolic;
    this.symbolic = symbolic;
    const entries = symbolic.lColPtr[n] ?? outOfRange(symbolic.lColPtr, n);
    let longest = 0;
    let widest = 0;
    for (let s = 0; s < nSupernodes; s++) {
      longest = Math.max(longest, (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s)));
      widest = Math.max(widest, (symbolic.superPtr[s + 1] ?? outOfRange(symbolic.superPtr, s + 1)) - (symbolic.superPtr[s] ?? outOfRange(symbolic.superPtr, s)));
    }
    this.layout = simdLayout(symbolic, entries, longest, widest);
    this.simd = simdKernels(options.kernels ?? 'auto', entries, this.layout.bytes);
    this.kernels = this.simd === undefined ? 'typescript' : 'webassembly';
    const buffer = this.simd?.memory.buffer;
    if (buffer === undefined) {
      this.lValues = new Float64Array(entries);
      this.work = {
        relative: new Int32Array(n),
        waitHead: new Int32Array(nSupernodes),
        waitNext: new Int32Array(nSupernodes),
        nextRow: new Int32Array(nSupernodes),
        targets: new Int32Array(longest),
        sourceBase: new Int32Array(widest),
        targetBase: new Int32Array(widest),
        columnBase: new Int32Array(widest),
      };
      this.solveWork = new Float64Array(n);
      this.solvePairs = new Float64Array(0);
      this.inputValues = new Float64Array(0);
    } else {
      const { layout } = this;
      this.lValues = new Float64Array(buffer, 0, entries);
      this.work = undefined;
      new Int32Array(buffer, layout.superPtr, nSupernodes + 1).set(symbolic.superPtr);
      new Int32Array(buffer, layout.superRowPtr, nSupernodes + 1).set(superRowPtr);
      new Int32Array(buffer, layout.superRows, symbolic.superRows.length).set(symbolic.superRows);
      new Int32Array(buffer, layout.superOf, n).set(symbolic.superOf);
      new Int32Array(buffer, layout.lColPtr, n + 1).set(symbolic.lColPtr);
      new Int32Array(buffer, layout.cColPtr, n + 1).set(symbolic.cColPtr);
      new Int32Array(buffer, layout.cRowIdx, symbolic.cRowIdx.length).set(symbolic.cRowIdx);
      new Int32Array(buffer, layout.cSource, symbolic.cSource.length).set(symbolic.cSource);
      this.inputValues = new Float64Array(buffer, layout.values, symbolic.inputNnz);
      this.solveWork = new Float64Array(buffer, layout.solveX, n);
      this.solvePairs = new Float64Array(buffer, layout.solveX, 2 * n);
    }
    this.refactor(values);
  }

  /**
   * Numeric factorisation of new values on the same pattern, into the existing buffers (no
   * allocation). Throws SparseError 'not-positive-definite' when a pivot is not positive and
   * finite; the factor is then unusable until a successful refactorisation.
   */
  refactor(values: ArrayLike<number>): this {
    checkLength(values, this.symbolic.inputNnz, 'values');
    this.factorised = false;
    // exactly one of the two is defined (see the constructor)
    if (this.simd !== undefined) this.factoriseInWebAssembly(this.simd, values);
    else if (this.work !== undefined) this.factoriseHere(this.work, values);
    this.factorised = true;
    return this;
  }

  /** The factorisation by the WebAssembly loop (assembly/factor.ts), the same steps as `factoriseHere`, in this factor's memory. */
  private factoriseInWebAssembly(simd: SimdKernels, values: ArrayLike<number>): void {
    const { layout, symbolic } = this;
    this.inputValues.set(values);
    const failed = simd.factorise(
      symbolic.nSupernodes,
      layout.superPtr,
      layout.superRowPtr,
      layout.superRows,
      layout.superOf,
      layout.lColPtr,
      layout.cColPtr,
      layout.cRowIdx,
      layout.cSource,
      layout.values / 8,
      layout.relative,
      layout.waitHead,
      layout.waitNext,
      layout.nextRow,
      layout.targets,
      layout.sourceBase,
      layout.targetBase,
      layout.columnBase,
    );
    if (failed >= 0) {
      const diagonal = symbolic.lColPtr[failed] ?? outOfRange(symbolic.lColPtr, failed);
      throw notPositiveDefinite(this.lValues[diagonal] ?? outOfRange(this.lValues, diagonal), failed, symbolic.perm);
    }
  }

  /** The factorisation by the TypeScript kernels (kernels.ts). */
  private factoriseHere(work: FactorWork, values: ArrayLike<number>): void {
    const { nSupernodes, superPtr, superRowPtr, superRows, superOf, lColPtr, cColPtr, cRowIdx, cSource, perm } = this.symbolic;
    const lv = this.lValues;
    const { relative, waitHead, waitNext, nextRow, targets, sourceBase, targetBase, columnBase } = work;
    waitHead.fill(-1);
    for (let s = 0; s < nSupernodes; s++) {
      const f = superPtr[s] ?? outOfRange(superPtr, s);
      const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
      const last = f + k - 1;
      const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
      const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
      for (let a = 0; a < m; a++) relative[superRows[rs + a] ?? outOfRange(superRows, rs + a)] = a;

      // Assemble C's columns f..last into the zeroed block.
      lv.fill(0, lColPtr[f], lColPtr[f + k]);
      for (let c = 0; c < k; c++) {
        const base = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
        for (let p = cColPtr[f + c] ?? outOfRange(cColPtr, f + c); p < (cColPtr[f + c + 1] ?? outOfRange(cColPtr, f + c + 1)); p++) lv[base + (relative[(cRowIdx[p] ?? outOfRange(cRowIdx, p))] ?? outOfRange(relative, (cRowIdx[p] ?? outOfRange(cRowIdx, p))))] = values[cSource[p] ?? outOfRange(cSource, p)] ?? outOfRange(values, cSource[p] ?? outOfRange(cSource, p));
      }

      // Updates from every supernode d with rows in f..last: L(s-rows, s-cols) -= L_d(p1:, :) L_d(p1:p2, :)ᵀ.
      let d = waitHead[s] ?? outOfRange(waitHead, s);
      while (d !== -1) {
        const following = waitNext[d] ?? outOfRange(waitNext, d);
        const fd = superPtr[d] ?? outOfRange(superPtr, d);
        const kd = (superPtr[d + 1] ?? outOfRange(superPtr, d + 1)) - fd;
        const rd = superRowPtr[d] ?? outOfRange(superRowPtr, d);
        const md = (superRowPtr[d + 1] ?? outOfRange(superRowPtr, d + 1)) - rd;
        const p1 = nextRow[d] ?? outOfRange(nextRow, d);
        let p2 = p1;
        while (p2 < md && (superRows[rd + p2] ?? outOfRange(superRows, rd + p2)) <= last) p2++;
        const rows = md - p1;
        for (let i = 0; i < rows; i++) targets[i] = relative[(superRows[rd + p1 + i] ?? outOfRange(superRows, rd + p1 + i))] ?? outOfRange(relative, (superRows[rd + p1 + i] ?? outOfRange(superRows, rd + p1 + i)));
        for (let c = 0; c < kd; c++) sourceBase[c] = (lColPtr[fd + c] ?? outOfRange(lColPtr, fd + c)) - c + p1;
        for (let jj = 0; jj < p2 - p1; jj++) {
          const col = superRows[rd + p1 + jj] ?? outOfRange(superRows, rd + p1 + jj);
          targetBase[jj] = (lColPtr[col] ?? outOfRange(lColPtr, col)) - (col - f);
        }
        subtractBlockProduct(lv, sourceBase, kd, rows, p2 - p1, targetBase, targets);
        if (p2 < md) {
          nextRow[d] = p2;
          const t = superOf[(superRows[rd + p2] ?? outOfRange(superRows, rd + p2))] ?? outOfRange(superOf, (superRows[rd + p2] ?? outOfRange(superRows, rd + p2)));
          waitNext[d] = waitHead[t] ?? outOfRange(waitHead, t);
          waitHead[t] = d;
        }
        d = following;
      }

      // Dense Cholesky of s's own m × k trapezoid.
      for (let c = 0; c < k; c++) columnBase[c] = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      factorTrapezoid(lv, columnBase, k, m, f, perm);

      if (m > k) {
        nextRow[s] = k;
        const t = superOf[(superRows[rs + k] ?? outOfRange(superRows, rs + k))] ?? outOfRange(superOf, (superRows[rs + k] ?? outOfRange(superRows, rs + k)));
        waitNext[s] = waitHead[t] ?? outOfRange(waitHead, t);
        waitHead[t] = s;
      }
    }
  }

  private checkFactorised(): void {
    if (!this.factorised) {
      throw new SparseError('not-factorised', 'the factor holds no valid factorisation (the last one failed)');
    }
  }

  /** log|H| = 2 Σ log L_jj. */
  logDeterminant(): number {
    this.checkFactorised();
    const { n, lColPtr } = this.symbolic;
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.log(this.lValues[lColPtr[j] ?? outOfRange(lColPtr, j)] ?? outOfRange(this.lValues, lColPtr[j] ?? outOfRange(lColPtr, j)));
    return 2 * s;
  }

  /** solveWork ← L⁻¹ solveWork (pivot order). */
  private forward(): void {
    const { simd, layout } = this;
    if (simd === undefined) forwardSolve(this.symbolic, this.lValues, this.solveWork);
    else simd.forwardSolve(this.symbolic.nSupernodes, layout.superPtr, layout.superRowPtr, layout.superRows, layout.lColPtr, layout.solveX / 8, layout.solveT / 8);
  }

  /** solveWork ← L⁻ᵀ solveWork (pivot order). */
  private backward(): void {
    const { simd, layout } = this;
    if (simd === undefined) backwardSolve(this.symbolic, this.lValues, this.solveWork);
    else simd.backwardSolve(this.symbolic.nSupernodes, layout.superPtr, layout.superRowPtr, layout.superRows, layout.lColPtr, layout.solveX / 8, layout.solveT / 8);
  }

  private output(out: Float64Array | undefined): Float64Array {
    const n = this.symbolic.n;
    const y = out ?? new Float64Array(n);
    checkLength(y, n, 'out');
    return y;
  }

  /** Solves H x = b. `out` may alias `b`. */
  solve(b: ArrayLike<number>, out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm } = this.symbolic;
    checkLength(b, n, 'b');
    const x = this.solveWork;
    for (let k = 0; k < n; k++) x[k] = b[perm[k] ?? outOfRange(perm, k)] ?? outOfRange(b, perm[k] ?? outOfRange(perm, k));
    this.forward();
    this.backward();
    const y = this.output(out);
    for (let k = 0; k < n; k++) y[perm[k] ?? outOfRange(perm, k)] = x[k] ?? outOfRange(x, k);
    return y;
  }

  /**
   * Solves H X = B for several right-hand sides; returns one Float64Array per column of B. The TypeScript solves make
   * one pass over L per triangle for all of them; the SIMD ones one per two (interleaved, a pair per f64x2), an odd last
   * column by itself.
   */
  solveMany(columns: readonly ArrayLike<number>[]): Float64Array[] {
    this.checkFactorised();
    const { n, perm } = this.symbolic;
    columns.forEach((b, a) => checkLength(b, n, `columns[${a}]`));
    const results = columns.map(() => new Float64Array(n));
    const { simd, layout } = this;
    if (simd === undefined) {
      const x = new Float64Array(n * columns.length);
      gatherRows(columns, perm, x);
      solveRowMajor(this.symbolic, this.lValues, x, columns.length);
      scatterRows(x, perm, results);
      return results;
    }
    const x = this.solvePairs;
    const { nSupernodes } = this.symbolic;
    for (let a = 0; a < columns.length; a += 2) {
      if (a + 1 === columns.length) {
        this.solve(itemAt(columns, a), itemAt(results, a));
        break;
      }
      gatherRows(columns.slice(a, a + 2), perm, x);
      simd.forwardSolvePairs(nSupernodes, layout.superPtr, layout.superRowPtr, layout.superRows, layout.lColPtr, layout.solveX / 8);
      simd.backwardSolvePairs(nSupernodes, layout.superPtr, layout.superRowPtr, layout.superRows, layout.lColPtr, layout.solveX / 8);
      scatterRows(x, perm, results.slice(a, a + 2));
    }
    return results;
  }

  /** Solves L y = P b, i.e. y = L⁻¹ P b (y is in pivot order). `out` may alias `b`. */
  solveLower(b: ArrayLike<number>, out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm } = this.symbolic;
    checkLength(b, n, 'b');
    const x = this.solveWork;
    for (let k = 0; k < n; k++) x[k] = b[perm[k] ?? outOfRange(perm, k)] ?? outOfRange(b, perm[k] ?? outOfRange(perm, k));
    this.forward();
    const y = this.output(out);
    y.set(x);
    return y;
  }

  /** Solves Lᵀ P x = y, i.e. x = Pᵀ L⁻ᵀ y (x is in the original order); solve(b) = solveUpper(solveLower(b)). `out` may alias `y`. */
  solveUpper(y: ArrayLike<number>, out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm } = this.symbolic;
    checkLength(y, n, 'y');
    const x = this.solveWork;
    for (let k = 0; k < n; k++) x[k] = y[k] ?? outOfRange(y, k);
    this.backward();
    const result = this.output(out);
    for (let k = 0; k < n; k++) result[perm[k] ?? outOfRange(perm, k)] = x[k] ?? outOfRange(x, k);
    return result;
  }

  /**
   * The block (H⁻¹)_SS for the nodes S (original indices), dense ns × ns row-major: with H = Pᵀ L Lᵀ P,
   * (H⁻¹)_ab = y_aᵀ y_b for y_a = L⁻¹ P e_a. The forward solve of a unit vector reaches only the ancestors of its
   * pivot in the elimination tree (Gilbert 1994), so each y_a is computed along its supernodes' path to the root,
   * not over the whole factor: for a few nodes of a large field this costs far less than one full solve per node.
   */
  inverseBlock(nodes: readonly number[]): Float64Array {
    this.checkFactorised();
    const { n, invPerm, superPtr, superRowPtr, superRows, superOf, lColPtr } = this.symbolic;
    const lv = this.lValues;
    const ns = nodes.length;
    const solutions: Float64Array[] = [];
    const paths: number[][] = [];
    for (const node of nodes) {
      if (!Number.isInteger(node) || node < 0 || node >= n) {
        throw new SparseError('invalid-argument', `inverseBlock: node ${node} is not an index of the ${n} × ${n} matrix`);
      }
      const pivot = invPerm[node] ?? outOfRange(invPerm, node);
      const y = new Float64Array(n);
      y[pivot] = 1;
      const path: number[] = [];
      let s = superOf[pivot] ?? outOfRange(superOf, pivot);
      let from = pivot - (superPtr[s] ?? outOfRange(superPtr, s));
      while (s !== -1) {
        path.push(s);
        const f = superPtr[s] ?? outOfRange(superPtr, s);
        const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
        const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
        const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
        for (let c = from; c < k; c++) {
          const bc = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
          const yc = (y[f + c] ?? outOfRange(y, f + c)) / (lv[bc + c] ?? outOfRange(lv, bc + c));
          y[f + c] = yc;
          if (yc === 0) continue;
          for (let r = c + 1; r < k; r++) y[f + r] = (y[f + r] ?? outOfRange(y, f + r)) - (lv[bc + r] ?? outOfRange(lv, bc + r)) * yc;
          for (let r = k; r < m; r++) y[superRows[rs + r] ?? outOfRange(superRows, rs + r)] = (y[superRows[rs + r] ?? outOfRange(superRows, rs + r)] ?? outOfRange(y, superRows[rs + r] ?? outOfRange(superRows, rs + r))) - (lv[bc + r] ?? outOfRange(lv, bc + r)) * yc;
        }
        // the rows below s lie in its ancestors; the nearest is the supernode of the first of them
        s = m > k ? (superOf[(superRows[rs + k] ?? outOfRange(superRows, rs + k))] ?? outOfRange(superOf, (superRows[rs + k] ?? outOfRange(superRows, rs + k)))) : -1;
        from = 0;
      }
      solutions.push(y);
      paths.push(path);
    }
    const block = new Float64Array(ns * ns);
    for (let a = 0; a < ns; a++) {
      const ya = itemAt(solutions, a);
      for (let b = 0; b <= a; b++) {
        const yb = itemAt(solutions, b);
        // y_b vanishes off its own path, so the sum runs over y_a's path
        let sum = 0;
        for (const s of itemAt(paths, a)) for (let j = superPtr[s] ?? outOfRange(superPtr, s); j < (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)); j++) sum += (ya[j] ?? outOfRange(ya, j)) * (yb[j] ?? outOfRange(yb, j));
        block[a * ns + b] = sum;
        block[b * ns + a] = sum;
      }
    }
    return block;
  }

  /** diag(H⁻¹) in the original ordering, from the selected inverse (buffers reused across calls). */
  inverseDiagonal(out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm, lColPtr } = this.symbolic;
    this.sigma ??= new Float64Array(this.lValues.length);
    this.inverseWorkspace ??= new SelectedInverseWorkspace(this.symbolic, this.kernels);
    selectedInverseInto(this.symbolic, this.lValues, this.sigma, this.inverseWorkspace);
    const y = this.output(out);
    for (let k = 0; k < n; k++) y[perm[k] ?? outOfRange(perm, k)] = this.sigma[lColPtr[k] ?? outOfRange(lColPtr, k)] ?? outOfRange(this.sigma, lColPtr[k] ?? outOfRange(lColPtr, k));
    return y;
  }

  /** All entries of H⁻¹ on the stored pattern of L + Lᵀ (supernodal Takahashi recursions), as a snapshot. */
  selectedInverse(): SelectedInverse {
    this.checkFactorised();
    const sigma = new Float64Array(this.lValues.length);
    this.inverseWorkspace ??= new SelectedInverseWorkspace(this.symbolic, this.kernels);
    selectedInverseInto(this.symbolic, this.lValues, sigma, this.inverseWorkspace);
    return new SupernodalSelectedInverse(this.symbolic, sigma);
  }
}

/**
 * Numeric factorisation L Lᵀ = P H Pᵀ, where `values` are H's entries in the order of the pattern
 * given to `analyse`. With `factor` (made from the same symbolic analysis) its buffers are reused
 * and it is returned. Throws SparseError 'not-positive-definite' (detail: column, original index,
 * pivot) when a pivot is not positive and finite.
 */
export function cholesky(symbolic: SymbolicCholesky, values: ArrayLike<number>, factor?: CholeskyFactor, options?: CholeskyOptions): CholeskyFactor {
  if (factor === undefined) return new CholeskyFactor(symbolic, values, options);
  if (factor.symbolic !== symbolic) {
    throw new SparseError('invalid-argument', 'the factor to reuse was made from a different symbolic analysis');
  }
  return factor.refactor(values);
}
