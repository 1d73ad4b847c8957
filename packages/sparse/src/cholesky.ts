/**
 * Numeric sparse Cholesky factorisation L Lᵀ = P H Pᵀ on a pattern fixed by `analyse`.
 *
 * Left-looking simplicial column algorithm with linked lists (A. George, J. W. H. Liu, "Computer
 * Solution of Large Sparse Positive Definite Systems", 1981, Section 5.4; E. Ng, B. Peyton, SIAM J.
 * Sci. Comput. 14(5), 1993): column j is assembled in a dense work vector from C(:, j) minus
 * L(j, k) L(j:n, k) for every earlier column k with L(j, k) ≠ 0. Those columns are found without a
 * row structure: each finished column k sits in the list of the row of its next unused entry, and
 * moves to the following row's list once used. All buffers are allocated once per factor.
 */
import { SparseError } from './errors.js';
import { type SelectedInverse, TakahashiSelectedInverse, takahashi } from './selected-inverse.js';
import type { SymbolicCholesky } from './symbolic.js';

function checkLength(v: ArrayLike<number>, n: number, name: string): void {
  if (v.length !== n) throw new SparseError('dimension-mismatch', `${name} has length ${v.length}, expected ${n}`);
}

/** A numeric Cholesky factor L (L Lᵀ = P H Pᵀ) with solves, log-determinant and selected inverse. */
export class CholeskyFactor {
  readonly symbolic: SymbolicCholesky;
  /** Values of L on `symbolic.lColPtr` / `symbolic.lRowIdx`; the diagonal comes first in each column. */
  readonly lValues: Float64Array;
  private readonly work: Float64Array; // dense accumulator, all zero between columns
  private readonly linkHead: Int32Array; // linkHead[j]: first column k waiting to update column j
  private readonly linkNext: Int32Array;
  private readonly nextEntry: Int32Array; // nextEntry[k]: position in column k of its next row to use
  private readonly solveWork: Float64Array;
  private sigma: Float64Array | undefined; // selected-inverse buffers for inverseDiagonal, made on first use
  private sigmaWork: Float64Array | undefined;
  private factorised = false;

  /** Allocates the factor's buffers and factorises `values` (see `cholesky`). */
  constructor(symbolic: SymbolicCholesky, values: ArrayLike<number>) {
    const n = symbolic.n;
    this.symbolic = symbolic;
    this.lValues = new Float64Array(symbolic.lColPtr[n]);
    this.work = new Float64Array(n);
    this.linkHead = new Int32Array(n);
    this.linkNext = new Int32Array(n);
    this.nextEntry = new Int32Array(n);
    this.solveWork = new Float64Array(n);
    this.refactor(values);
  }

  /**
   * Numeric factorisation of new values on the same pattern, into the existing buffers (no
   * allocation). Throws SparseError 'not-positive-definite' when a pivot is not positive and
   * finite; the factor is then unusable until a successful refactorisation.
   */
  refactor(values: ArrayLike<number>): this {
    const { n, lColPtr, lRowIdx, cColPtr, cRowIdx, cSource, perm } = this.symbolic;
    checkLength(values, this.symbolic.inputNnz, 'values');
    const { lValues: lv, work: x, linkHead, linkNext, nextEntry } = this;
    this.factorised = false;
    linkHead.fill(-1);
    for (let j = 0; j < n; j++) {
      for (let p = cColPtr[j]; p < cColPtr[j + 1]; p++) x[cRowIdx[p]] = values[cSource[p]];
      // x -= L(j, k) L(j:n, k) for every column k with L(j, k) ≠ 0.
      let k = linkHead[j];
      while (k !== -1) {
        const following = linkNext[k];
        const pk = nextEntry[k];
        const ljk = lv[pk];
        const end = lColPtr[k + 1];
        for (let p = pk; p < end; p++) x[lRowIdx[p]] -= lv[p] * ljk;
        if (pk + 1 < end) {
          nextEntry[k] = pk + 1;
          const r = lRowIdx[pk + 1];
          linkNext[k] = linkHead[r];
          linkHead[r] = k;
        }
        k = following;
      }
      const d = x[j];
      x[j] = 0;
      const diag = lColPtr[j];
      const end = lColPtr[j + 1];
      if (!(d > 0) || d === Infinity) {
        for (let p = diag + 1; p < end; p++) x[lRowIdx[p]] = 0;
        throw new SparseError(
          'not-positive-definite',
          `pivot ${d} at column ${j} (original index ${perm[j]}) is not positive and finite`,
          { column: j, index: perm[j], pivot: d },
        );
      }
      const ljj = Math.sqrt(d);
      lv[diag] = ljj;
      for (let p = diag + 1; p < end; p++) {
        const r = lRowIdx[p];
        lv[p] = x[r] / ljj;
        x[r] = 0;
      }
      if (diag + 1 < end) {
        nextEntry[j] = diag + 1;
        const r = lRowIdx[diag + 1];
        linkNext[j] = linkHead[r];
        linkHead[r] = j;
      }
    }
    this.factorised = true;
    return this;
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
    for (let j = 0; j < n; j++) s += Math.log(this.lValues[lColPtr[j]]);
    return 2 * s;
  }

  private forward(x: Float64Array): void {
    const { n, lColPtr, lRowIdx } = this.symbolic;
    const lv = this.lValues;
    for (let j = 0; j < n; j++) {
      const xj = x[j] / lv[lColPtr[j]];
      x[j] = xj;
      for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) x[lRowIdx[p]] -= lv[p] * xj;
    }
  }

  private backward(x: Float64Array): void {
    const { n, lColPtr, lRowIdx } = this.symbolic;
    const lv = this.lValues;
    for (let j = n - 1; j >= 0; j--) {
      let s = x[j];
      for (let p = lColPtr[j] + 1; p < lColPtr[j + 1]; p++) s -= lv[p] * x[lRowIdx[p]];
      x[j] = s / lv[lColPtr[j]];
    }
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
    for (let k = 0; k < n; k++) x[k] = b[perm[k]];
    this.forward(x);
    this.backward(x);
    const y = this.output(out);
    for (let k = 0; k < n; k++) y[perm[k]] = x[k];
    return y;
  }

  /** Solves L y = P b, i.e. y = L⁻¹ P b (y is in pivot order). `out` may alias `b`. */
  solveLower(b: ArrayLike<number>, out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm } = this.symbolic;
    checkLength(b, n, 'b');
    const x = this.solveWork;
    for (let k = 0; k < n; k++) x[k] = b[perm[k]];
    this.forward(x);
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
    for (let k = 0; k < n; k++) x[k] = y[k];
    this.backward(x);
    const result = this.output(out);
    for (let k = 0; k < n; k++) result[perm[k]] = x[k];
    return result;
  }

  /** diag(H⁻¹) in the original ordering, from the selected inverse (buffers reused across calls). */
  inverseDiagonal(out?: Float64Array): Float64Array {
    this.checkFactorised();
    const { n, perm, lColPtr } = this.symbolic;
    this.sigma ??= new Float64Array(this.lValues.length);
    this.sigmaWork ??= new Float64Array(n);
    takahashi(this.symbolic, this.lValues, this.sigma, this.sigmaWork);
    const y = this.output(out);
    for (let k = 0; k < n; k++) y[perm[k]] = this.sigma[lColPtr[k]];
    return y;
  }

  /** All entries of H⁻¹ on the filled pattern of L + Lᵀ (Takahashi recursions), as a snapshot. */
  selectedInverse(): SelectedInverse {
    this.checkFactorised();
    const sigma = new Float64Array(this.lValues.length);
    takahashi(this.symbolic, this.lValues, sigma, new Float64Array(this.symbolic.n));
    return new TakahashiSelectedInverse(this.symbolic, sigma);
  }
}

/**
 * Numeric factorisation L Lᵀ = P H Pᵀ, where `values` are H's entries in the order of the pattern
 * given to `analyse`. With `factor` (made from the same symbolic analysis) its buffers are reused
 * and it is returned. Throws SparseError 'not-positive-definite' (detail: column, original index,
 * pivot) when a pivot is not positive and finite.
 */
export function cholesky(symbolic: SymbolicCholesky, values: ArrayLike<number>, factor?: CholeskyFactor): CholeskyFactor {
  if (factor === undefined) return new CholeskyFactor(symbolic, values);
  if (factor.symbolic !== symbolic) {
    throw new SparseError('invalid-argument', 'the factor to reuse was made from a different symbolic analysis');
  }
  return factor.refactor(values);
}

/**
 * A draw x = Pᵀ L⁻ᵀ z with Cov(x) = H⁻¹ when z is standard normal (since Pᵀ L⁻ᵀ L⁻¹ P = H⁻¹).
 * Equivalent to `factor.solveUpper(z, out)`.
 */
export function sample(factor: CholeskyFactor, z: ArrayLike<number>, out?: Float64Array): Float64Array {
  return factor.solveUpper(z, out);
}
