/**
 * Selected inverse Σ = H⁻¹ on the pattern of the supernodal factor, by the Takahashi recursions
 * (K. Takahashi, J. Fagan, M.-S. Chen, 1973; A. M. Erisman, W. F. Tinney, CACM 18(3), 1975; for
 * GMRFs H. Rue, S. Martino, J. Stat. Plan. Inference 137(10), 2007) organised by supernode as in
 * SelInv (L. Lin, C. Yang, J. C. Meza, J. Lu, L. Ying, W. E, "SelInv — an algorithm for selected
 * inversion of a sparse symmetric matrix", ACM TOMS 37(4), 2011).
 *
 * With P H Pᵀ = L Lᵀ and Σ = L⁻ᵀ L⁻¹, split a supernode's rows into its own columns F and the rows
 * below, B. From Σ L = L⁻ᵀ (whose (B, F) block is zero), with Z = L_FF⁻¹ and U = L_BF Z:
 *   Σ_BF = −Σ_BB U,   Σ_FF = Zᵀ Z − Σ_BFᵀ U
 * (SelInv's block form of the Takahashi recursions). Both products are dense column dot products,
 * done by `dotProductTiles`.
 * Σ_BB lies on the pattern (the rows of a supernode form a clique in the filled graph) and belongs
 * to later supernodes, so running the supernodes from last to first only reads finished entries.
 */
import { SparseError } from './errors.js';
import { dotProductTiles } from './kernels.js';
import { type KernelChoice, SIMD_PADDING, type SimdKernels, simdKernels } from './simd-kernels.js';
import type { SymbolicCholesky } from './symbolic.js';
import { outOfRange } from './checked.js';

/** Entries of H⁻¹ on the stored pattern of L + Lᵀ, indexed in the original ordering. */
export interface SelectedInverse {
  /** (H⁻¹)_ij for original indices i, j; throws a SparseError ('not-on-pattern') off the stored pattern. */
  get(i: number, j: number): number;
  /** diag(H⁻¹) in the original ordering. */
  diagonal(): Float64Array;
  /** The entries chosen by `entries` (made from this factor's symbolic analysis), in their order, into `out`. */
  gather(entries: InverseEntries, out?: Float64Array): Float64Array;
}

/**
 * Where chosen entries (i_k, j_k) of H⁻¹ are stored in the selected inverse of any factor made from one symbolic
 * analysis. Finding an entry is a binary search in its column's rows; a caller that reads the same entries at
 * every factorisation (the variances of a linear predictor, at every θ) finds them once here and then `gather`s.
 */
export class InverseEntries {
  readonly symbolic: SymbolicCholesky;
  readonly positions: Int32Array;

  constructor(symbolic: SymbolicCholesky, rows: ArrayLike<number>, cols: ArrayLike<number>) {
    if (rows.length !== cols.length) {
      throw new SparseError('invalid-argument', `inverse entries: ${rows.length} row indices but ${cols.length} column indices`);
    }
    this.symbolic = symbolic;
    this.positions = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) this.positions[k] = storagePosition(symbolic, rows[k] ?? outOfRange(rows, k), cols[k] ?? outOfRange(cols, k));
  }
}

/** The position of (H⁻¹)_ij in storage laid out like the factor's values; throws off the stored pattern. */
function storagePosition(symbolic: SymbolicCholesky, i: number, j: number): number {
  const { n, invPerm, lColPtr, superOf, superPtr, superRowPtr, superRows } = symbolic;
  if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && i < n && j >= 0 && j < n)) {
    throw new SparseError('invalid-argument', `index (${i}, ${j}) outside ${n}x${n}`);
  }
  const a = invPerm[i] ?? outOfRange(invPerm, i);
  const b = invPerm[j] ?? outOfRange(invPerm, j);
  const col = Math.min(a, b);
  const row = Math.max(a, b);
  const s = superOf[col] ?? outOfRange(superOf, col);
  const offset = col - (superPtr[s] ?? outOfRange(superPtr, s));
  // Binary search for `row` among the rows of column col: superRows[rs + offset .. re).
  const first = (superRowPtr[s] ?? outOfRange(superRowPtr, s)) + offset;
  let lo = first;
  let hi = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = superRows[mid] ?? outOfRange(superRows, mid);
    if (r === row) return (lColPtr[col] ?? outOfRange(lColPtr, col)) + mid - first;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new SparseError('not-on-pattern', `(${i}, ${j}) is not on the stored pattern of L + Lᵀ`, { i, j });
}

/**
 * Dense scratch blocks for `selectedInverseInto`, sized for the largest supernode, in one buffer `values` (the
 * blocks at the element offsets below) with the dot-product kernel's column bases; with the SIMD kernels both are
 * views on the workspace's own WebAssembly memory.
 */
export class SelectedInverseWorkspace {
  readonly values: Float64Array;
  /** [Z; U] = [L_FF⁻¹; L_BF L_FF⁻¹], (k + B) × k column-major. */
  readonly w: number;
  /** Σ_BB gathered densely, both triangles, B × B column-major. */
  readonly g: number;
  /** Σ_BF, B × k column-major, before it is copied into Σ. */
  readonly sigmaBF: number;
  /** Σ_FF, k × k column-major. */
  readonly square: number;
  /** A copy of the supernode's columns of L, for the SIMD kernels (which see only the workspace's memory). */
  readonly panel: number;
  /** Positions of B's rows in the row list of the supernode that owns a column of B. */
  readonly position: Int32Array;
  /** Column bases (element indices in `values`) handed to the dot-product kernel, and their byte offsets in the memory. */
  readonly xBase: Int32Array;
  readonly yBase: Int32Array;
  readonly outBase: Int32Array;
  readonly xBaseOffset: number;
  readonly yBaseOffset: number;
  readonly outBaseOffset: number;
  readonly simd: SimdKernels | undefined;

  constructor(symbolic: SymbolicCholesky, kernels: KernelChoice) {
    const { n, nSupernodes, superPtr, superRowPtr, lColPtr } = symbolic;
    let maxRowsTimesWidth = 0;
    let maxBelow = 0;
    let widest = 0;
    for (let s = 0; s < nSupernodes; s++) {
      const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - (superPtr[s] ?? outOfRange(superPtr, s));
      const below = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s)) - k;
      maxBelow = Math.max(maxBelow, below);
      widest = Math.max(widest, k);
      maxRowsTimesWidth = Math.max(maxRowsTimesWidth, (k + below) * k);
    }
    this.w = 0;
    this.g = maxRowsTimesWidth;
    this.sigmaBF = this.g + maxBelow * maxBelow;
    this.square = this.sigmaBF + maxRowsTimesWidth;
    this.panel = this.square + widest * widest;
    const length = this.panel + maxRowsTimesWidth;
    const longest = Math.max(maxBelow, widest);
    this.xBaseOffset = 8 * length + SIMD_PADDING;
    this.yBaseOffset = this.xBaseOffset + 4 * longest;
    this.outBaseOffset = this.yBaseOffset + 4 * longest;
    this.simd = simdKernels(kernels, lColPtr[n] ?? outOfRange(lColPtr, n), this.outBaseOffset + 4 * longest);
    const buffer = this.simd?.memory.buffer;
    if (buffer === undefined) {
      this.values = new Float64Array(length);
      this.xBase = new Int32Array(longest);
      this.yBase = new Int32Array(longest);
      this.outBase = new Int32Array(longest);
    } else {
      this.values = new Float64Array(buffer, 0, length);
      this.xBase = new Int32Array(buffer, this.xBaseOffset, longest);
      this.yBase = new Int32Array(buffer, this.yBaseOffset, longest);
      this.outBase = new Int32Array(buffer, this.outBaseOffset, longest);
    }
    this.position = new Int32Array(maxBelow);
  }
}

/** out(a, c) = sign · Σ_b x(b, a) y(b, c), x, y and out all in the workspace, by the SIMD or the TypeScript kernel (see dotProductTiles). */
function dotProducts(
  workspace: SelectedInverseWorkspace,
  rows: number,
  cols: number,
  length: number,
  sign: number,
  accumulate: boolean,
  lower: boolean,
  xTriangular: boolean,
): void {
  const { simd, values, xBase, yBase, outBase } = workspace;
  if (simd === undefined) dotProductTiles(values, xBase, values, yBase, rows, cols, length, values, outBase, sign, accumulate, lower, xTriangular);
  else simd.dotProducts(workspace.xBaseOffset, workspace.yBaseOffset, rows, cols, length, workspace.outBaseOffset, sign, accumulate, lower, xTriangular);
}

/** Fills `sigma` (laid out like `lValues`) with Σ = (L Lᵀ)⁻¹ on the stored pattern of L. */
export function selectedInverseInto(
  symbolic: SymbolicCholesky,
  lv: Float64Array,
  sigma: Float64Array,
  workspace: SelectedInverseWorkspace,
): void {
  const { nSupernodes, superPtr, superRowPtr } = symbolic;
  for (let s = nSupernodes - 1; s >= 0; s--) {
    const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - (superPtr[s] ?? outOfRange(superPtr, s));
    const below = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s)) - k;
    if (workspace.simd === undefined) solveAgainstDiagonalBlock(symbolic, lv, s, workspace.values, workspace.w);
    else invertDiagonalBlock(symbolic, lv, s, workspace, workspace.simd);
    if (below > 0) {
      gatherBelowBlock(symbolic, sigma, s, workspace);
      belowTimesFactor(symbolic, sigma, s, workspace);
    }
    diagonalBlock(symbolic, sigma, s, workspace);
  }
}

/**
 * W = [I; L_BF] L_FF⁻¹ = [Z; U] ((k + B) × k, column-major): Z = L_FF⁻¹ (lower triangular) above
 * U = L_BF L_FF⁻¹. Solves W L_FF = [I; L_BF] column by column from the last; column c of Z is zero
 * above row c, so its rows start there.
 */
function solveAgainstDiagonalBlock(symbolic: SymbolicCholesky, lv: Float64Array, s: number, w: Float64Array, wo: number): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const f = superPtr[s] ?? outOfRange(superPtr, s);
  const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
  const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s));
  for (let c = k - 1; c >= 0; c--) {
    const bc = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
    const wc = wo + c * m;
    w.fill(0, wc, wc + k);
    w[wc + c] = 1;
    for (let r = k; r < m; r++) w[wc + r] = lv[bc + r] ?? outOfRange(lv, bc + r);
    let c2 = c + 1;
    for (; c2 + 3 < k; c2 += 4) {
      const l0 = lv[bc + c2] ?? outOfRange(lv, bc + c2);
      const l1 = lv[bc + c2 + 1] ?? outOfRange(lv, bc + c2 + 1);
      const l2 = lv[bc + c2 + 2] ?? outOfRange(lv, bc + c2 + 2);
      const l3 = lv[bc + c2 + 3] ?? outOfRange(lv, bc + c2 + 3);
      const w0 = wo + c2 * m;
      const w1 = w0 + m;
      const w2 = w1 + m;
      const w3 = w2 + m;
      for (let r = c; r < m; r++) {
        const x0 = w[w0 + r] ?? outOfRange(w, w0 + r);
        const x1 = w[w1 + r] ?? outOfRange(w, w1 + r);
        const x2 = w[w2 + r] ?? outOfRange(w, w2 + r);
        const x3 = w[w3 + r] ?? outOfRange(w, w3 + r);
        w[wc + r] = (w[wc + r] ?? outOfRange(w, wc + r)) - (x0 * l0 + x1 * l1 + x2 * l2 + x3 * l3);
      }
    }
    for (; c2 < k; c2++) {
      const l = lv[bc + c2] ?? outOfRange(lv, bc + c2);
      const w0 = wo + c2 * m;
      for (let r = c; r < m; r++) w[wc + r] = (w[wc + r] ?? outOfRange(w, wc + r)) - (w[w0 + r] ?? outOfRange(w, w0 + r)) * l;
    }
    const inv = 1 / (lv[bc + c] ?? outOfRange(lv, bc + c));
    for (let r = c; r < m; r++) w[wc + r] = (w[wc + r] ?? outOfRange(w, wc + r)) * inv;
  }
}

/** W as solveAgainstDiagonalBlock computes it, by the SIMD kernel on a copy of s's columns of L. */
function invertDiagonalBlock(symbolic: SymbolicCholesky, lv: Float64Array, s: number, workspace: SelectedInverseWorkspace, simd: SimdKernels): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const { values, xBase, panel } = workspace;
  const f = superPtr[s] ?? outOfRange(superPtr, s);
  const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
  const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s));
  // s's columns are stored one after the other (column c holds rows c..m-1), so they copy as one block.
  const first = lColPtr[f] ?? outOfRange(lColPtr, f);
  values.set(lv.subarray(first, lColPtr[f + k] ?? outOfRange(lColPtr, f + k)), panel);
  for (let c = 0; c < k; c++) xBase[c] = panel + (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - first - c;
  simd.invertDiagonalBlock(workspace.xBaseOffset, k, m, workspace.w);
}

/** G = Σ_BB, gathered from the supernodes owning B's rows as columns into a full (both triangles) B × B column-major block. */
function gatherBelowBlock(symbolic: SymbolicCholesky, sigma: Float64Array, s: number, workspace: SelectedInverseWorkspace): void {
  const { superPtr, superRowPtr, superRows, superOf, lColPtr } = symbolic;
  const { values: g, g: go, position } = workspace;
  const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - (superPtr[s] ?? outOfRange(superPtr, s));
  const rb = (superRowPtr[s] ?? outOfRange(superRowPtr, s)) + k; // B's rows are superRows[rb .. rb + below)
  const below = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rb;
  let b = 0;
  while (b < below) {
    const row0 = superRows[rb + b] ?? outOfRange(superRows, rb + b);
    const t = superOf[row0] ?? outOfRange(superOf, row0);
    const ft = superPtr[t] ?? outOfRange(superPtr, t);
    const lt = (superPtr[t + 1] ?? outOfRange(superPtr, t + 1)) - 1;
    const rt = superRowPtr[t] ?? outOfRange(superRowPtr, t);
    let q = row0 - ft;
    for (let a = b; a < below; a++) {
      const r = superRows[rb + a] ?? outOfRange(superRows, rb + a);
      while ((superRows[rt + q] ?? outOfRange(superRows, rt + q)) < r) q++;
      position[a] = q;
    }
    let bEnd = b;
    while (bEnd < below && (superRows[rb + bEnd] ?? outOfRange(superRows, rb + bEnd)) <= lt) bEnd++;
    for (let bb = b; bb < bEnd; bb++) {
      const col = superRows[rb + bb] ?? outOfRange(superRows, rb + bb);
      const base = (lColPtr[col] ?? outOfRange(lColPtr, col)) - (col - ft);
      const gb = go + bb * below;
      for (let a = bb; a < below; a++) {
        const p = base + (position[a] ?? outOfRange(position, a));
        const x = sigma[p] ?? outOfRange(sigma, p);
        g[gb + a] = x;
        g[go + a * below + bb] = x;
      }
    }
    b = bEnd;
  }
}

/**
 * Σ_BF = −G U into the B rows of s's columns; G is symmetric, so Σ_BF(a, c) = −(column a of G) · (column c of U),
 * computed into the workspace and copied into Σ.
 */
function belowTimesFactor(symbolic: SymbolicCholesky, sigma: Float64Array, s: number, workspace: SelectedInverseWorkspace): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const { values, xBase, yBase, outBase } = workspace;
  const f = superPtr[s] ?? outOfRange(superPtr, s);
  const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
  const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s));
  const below = m - k;
  for (let a = 0; a < below; a++) xBase[a] = workspace.g + a * below;
  for (let c = 0; c < k; c++) {
    yBase[c] = workspace.w + c * m + k;
    outBase[c] = workspace.sigmaBF + c * below;
  }
  dotProducts(workspace, below, k, below, -1, false, false, false);
  for (let c = 0; c < k; c++) {
    const from = workspace.sigmaBF + c * below;
    sigma.set(values.subarray(from, from + below), (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c + k);
  }
}

/**
 * Σ_FF = L_FF⁻ᵀ L_FF⁻¹ − Σ_BFᵀ U (the F rows of Σ L = L⁻ᵀ: Σ_FF L_FF + Σ_BFᵀ L_BF = L_FF⁻ᵀ), lower
 * triangle: ZᵀZ and Σ_BFᵀ U as column dot products, into a dense k × k block, then into Σ.
 */
function diagonalBlock(symbolic: SymbolicCholesky, sigma: Float64Array, s: number, workspace: SelectedInverseWorkspace): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const { values, xBase, yBase, outBase } = workspace;
  const f = superPtr[s] ?? outOfRange(superPtr, s);
  const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
  const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s));
  for (let c = 0; c < k; c++) {
    xBase[c] = workspace.w + c * m;
    yBase[c] = workspace.w + c * m;
    outBase[c] = workspace.square + c * k;
  }
  dotProducts(workspace, k, k, k, 1, false, true, true);
  if (m > k) {
    for (let c = 0; c < k; c++) {
      xBase[c] = workspace.sigmaBF + c * (m - k);
      yBase[c] = workspace.w + c * m + k;
    }
    dotProducts(workspace, k, k, m - k, -1, true, true, false);
  }
  for (let j = 0; j < k; j++) {
    const bj = (lColPtr[f + j] ?? outOfRange(lColPtr, f + j)) - j;
    const qj = workspace.square + j * k;
    for (let i = j; i < k; i++) sigma[bj + i] = values[qj + i] ?? outOfRange(values, qj + i);
  }
}

/** A snapshot of the selected inverse; independent of later refactorisations. */
export class SupernodalSelectedInverse implements SelectedInverse {
  private readonly symbolic: SymbolicCholesky;
  private readonly sigma: Float64Array;

  constructor(symbolic: SymbolicCholesky, sigma: Float64Array) {
    this.symbolic = symbolic;
    this.sigma = sigma;
  }

  get(i: number, j: number): number {
    const at = storagePosition(this.symbolic, i, j);
    return this.sigma[at] ?? outOfRange(this.sigma, at);
  }

  gather(entries: InverseEntries, out = new Float64Array(entries.positions.length)): Float64Array {
    if (entries.symbolic !== this.symbolic) {
      throw new SparseError('invalid-argument', 'the inverse entries were found for a different symbolic analysis');
    }
    const { positions } = entries;
    if (out.length !== positions.length) {
      throw new SparseError('dimension-mismatch', `gather: out has length ${out.length}, expected ${positions.length}`);
    }
    for (let k = 0; k < positions.length; k++) {
      const at = positions[k] ?? outOfRange(positions, k);
      out[k] = this.sigma[at] ?? outOfRange(this.sigma, at);
    }
    return out;
  }

  diagonal(): Float64Array {
    const { n, perm, lColPtr } = this.symbolic;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[perm[k] ?? outOfRange(perm, k)] = this.sigma[lColPtr[k] ?? outOfRange(lColPtr, k)] ?? outOfRange(this.sigma, lColPtr[k] ?? outOfRange(lColPtr, k));
    return out;
  }
}
