/**
 * Selected inverse Σ = H⁻¹ on the pattern of the supernodal factor, by the Takahashi recursions
 * (K. Takahashi, J. Fagan, M.-S. Chen, 1973; A. M. Erisman, W. F. Tinney, CACM 18(3), 1975; for
 * GMRFs H. Rue, S. Martino, J. Stat. Plan. Inference 137(10), 2007) organised by supernode as in
 * SelInv (L. Lin, C. Yang, J. C. Meza, J. Lu, L. Ying, W. E, "SelInv — an algorithm for selected
 * inversion of a sparse symmetric matrix", ACM TOMS 37(4), 2011).
 *
 * With P H Pᵀ = L Lᵀ and Σ = L⁻ᵀ L⁻¹, split a supernode's rows into its own columns F and the rows
 * below, B. From Σ L = L⁻ᵀ (whose (B, F) block is zero):
 *   Σ_BF = −Σ_BB L_BF L_FF⁻¹,
 * and within F the scalar recursion Σ_ji = δ_ij / L_ii² − (1 / L_ii) Σ_{r > i} L_ri Σ_rj.
 * Σ_BB lies on the pattern (the rows of a supernode form a clique in the filled graph) and belongs
 * to later supernodes, so running the supernodes from last to first only reads finished entries.
 */
import { SparseError } from './errors.js';
import type { SymbolicCholesky } from './symbolic.js';

/** Entries of H⁻¹ on the stored pattern of L + Lᵀ, indexed in the original ordering. */
export interface SelectedInverse {
  /** (H⁻¹)_ij for original indices i, j; throws a SparseError ('not-on-pattern') off the stored pattern. */
  get(i: number, j: number): number;
  /** diag(H⁻¹) in the original ordering. */
  diagonal(): Float64Array;
}

/** Dense scratch blocks for `selectedInverseInto`, sized for the largest supernode. */
export class SelectedInverseWorkspace {
  /** L_BF L_FF⁻¹, B × k column-major. */
  readonly u: Float64Array;
  /** Σ_BB gathered densely, B × B column-major. */
  readonly g: Float64Array;
  /** Positions of B's rows in the row list of the supernode that owns a column of B. */
  readonly position: Int32Array;
  /** Column bases of the current supernode. */
  readonly columnBase: Int32Array;

  constructor(symbolic: SymbolicCholesky) {
    const { nSupernodes, superPtr, superRowPtr } = symbolic;
    let maxBelowTimesWidth = 0;
    let maxBelow = 0;
    let widest = 0;
    for (let s = 0; s < nSupernodes; s++) {
      const k = superPtr[s + 1] - superPtr[s];
      const below = superRowPtr[s + 1] - superRowPtr[s] - k;
      maxBelow = Math.max(maxBelow, below);
      widest = Math.max(widest, k);
      maxBelowTimesWidth = Math.max(maxBelowTimesWidth, below * k);
    }
    this.u = new Float64Array(maxBelowTimesWidth);
    this.g = new Float64Array(maxBelow * maxBelow);
    this.position = new Int32Array(maxBelow);
    this.columnBase = new Int32Array(widest);
  }
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
    const k = superPtr[s + 1] - superPtr[s];
    const below = superRowPtr[s + 1] - superRowPtr[s] - k;
    if (below > 0) {
      factorTimesInverseDiagonalBlock(symbolic, lv, s, workspace.u);
      gatherBelowBlock(symbolic, sigma, s, workspace);
      belowTimesFactor(symbolic, sigma, s, workspace);
    }
    diagonalBlock(symbolic, lv, sigma, s, workspace.columnBase);
  }
}

/** U = L_BF L_FF⁻¹ (B × k, column-major): solves U L_FF = L_BF column by column from the last. */
function factorTimesInverseDiagonalBlock(symbolic: SymbolicCholesky, lv: Float64Array, s: number, u: Float64Array): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const f = superPtr[s];
  const k = superPtr[s + 1] - f;
  const below = superRowPtr[s + 1] - superRowPtr[s] - k;
  for (let c = k - 1; c >= 0; c--) {
    const bc = lColPtr[f + c] - c;
    const uc = c * below;
    for (let b = 0; b < below; b++) u[uc + b] = lv[bc + k + b];
    let c2 = c + 1;
    for (; c2 + 3 < k; c2 += 4) {
      const l0 = lv[bc + c2];
      const l1 = lv[bc + c2 + 1];
      const l2 = lv[bc + c2 + 2];
      const l3 = lv[bc + c2 + 3];
      const u0 = c2 * below;
      const u1 = u0 + below;
      const u2 = u1 + below;
      const u3 = u2 + below;
      for (let b = 0; b < below; b++) u[uc + b] -= u[u0 + b] * l0 + u[u1 + b] * l1 + u[u2 + b] * l2 + u[u3 + b] * l3;
    }
    for (; c2 < k; c2++) {
      const l = lv[bc + c2];
      const u0 = c2 * below;
      for (let b = 0; b < below; b++) u[uc + b] -= u[u0 + b] * l;
    }
    const inv = 1 / lv[bc + c];
    for (let b = 0; b < below; b++) u[uc + b] *= inv;
  }

}

/** G = Σ_BB, gathered from the supernodes owning B's rows as columns (lower triangle of a B × B column-major block). */
function gatherBelowBlock(symbolic: SymbolicCholesky, sigma: Float64Array, s: number, workspace: SelectedInverseWorkspace): void {
  const { superPtr, superRowPtr, superRows, superOf, lColPtr } = symbolic;
  const { g, position } = workspace;
  const k = superPtr[s + 1] - superPtr[s];
  const rb = superRowPtr[s] + k; // B's rows are superRows[rb .. rb + below)
  const below = superRowPtr[s + 1] - rb;
  let b = 0;
  while (b < below) {
    const row0 = superRows[rb + b];
    const t = superOf[row0];
    const ft = superPtr[t];
    const lt = superPtr[t + 1] - 1;
    const rt = superRowPtr[t];
    let q = row0 - ft;
    for (let a = b; a < below; a++) {
      const r = superRows[rb + a];
      while (superRows[rt + q] < r) q++;
      position[a] = q;
    }
    let bEnd = b;
    while (bEnd < below && superRows[rb + bEnd] <= lt) bEnd++;
    for (let bb = b; bb < bEnd; bb++) {
      const col = superRows[rb + bb];
      const base = lColPtr[col] - (col - ft);
      const gb = bb * below;
      for (let a = bb; a < below; a++) g[gb + a] = sigma[base + position[a]];
    }
    b = bEnd;
  }

}

/**
 * Σ_BF = −G U into the B rows of s's columns, with G symmetric and only its lower triangle stored:
 * column b of G serves both G(a > b, b) U(b) (an axpy) and G(b, a > b) U(a) (a dot product), so
 * every access runs down a column. Blocked four columns of G by two columns of U, so that each G
 * value loaded feeds eight multiply-adds.
 */
function belowTimesFactor(symbolic: SymbolicCholesky, sigma: Float64Array, s: number, workspace: SelectedInverseWorkspace): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const { g, u } = workspace;
  const f = superPtr[s];
  const k = superPtr[s + 1] - f;
  const below = superRowPtr[s + 1] - superRowPtr[s] - k;
  for (let c = 0; c < k; c += 2) {
    const pair = c + 1 < k;
    const out0 = lColPtr[f + c] - c + k;
    const out1 = pair ? lColPtr[f + c + 1] - c - 1 + k : out0;
    const u0 = c * below;
    const u1 = pair ? u0 + below : u0;
    sigma.fill(0, out0, out0 + below);
    if (pair) sigma.fill(0, out1, out1 + below);
    let b = 0;
    if (pair) {
      for (; b + 3 < below; b += 4) {
        const g0 = b * below;
        const g1 = g0 + below;
        const g2 = g1 + below;
        const g3 = g2 + below;
        // The 4 × 4 diagonal block of these columns, entry by entry.
        for (let t = 0; t < 4; t++) {
          const gt = g0 + t * below;
          for (let a = b + t; a < b + 4; a++) {
            const x = g[gt + a];
            sigma[out0 + a] -= x * u[u0 + b + t];
            sigma[out1 + a] -= x * u[u1 + b + t];
            if (a > b + t) {
              sigma[out0 + b + t] -= x * u[u0 + a];
              sigma[out1 + b + t] -= x * u[u1 + a];
            }
          }
        }
        const v00 = u[u0 + b];
        const v01 = u[u0 + b + 1];
        const v02 = u[u0 + b + 2];
        const v03 = u[u0 + b + 3];
        const v10 = u[u1 + b];
        const v11 = u[u1 + b + 1];
        const v12 = u[u1 + b + 2];
        const v13 = u[u1 + b + 3];
        let d00 = 0;
        let d01 = 0;
        let d02 = 0;
        let d03 = 0;
        let d10 = 0;
        let d11 = 0;
        let d12 = 0;
        let d13 = 0;
        for (let a = b + 4; a < below; a++) {
          const x0 = g[g0 + a];
          const x1 = g[g1 + a];
          const x2 = g[g2 + a];
          const x3 = g[g3 + a];
          const ua0 = u[u0 + a];
          const ua1 = u[u1 + a];
          sigma[out0 + a] -= x0 * v00 + x1 * v01 + x2 * v02 + x3 * v03;
          sigma[out1 + a] -= x0 * v10 + x1 * v11 + x2 * v12 + x3 * v13;
          d00 += x0 * ua0;
          d01 += x1 * ua0;
          d02 += x2 * ua0;
          d03 += x3 * ua0;
          d10 += x0 * ua1;
          d11 += x1 * ua1;
          d12 += x2 * ua1;
          d13 += x3 * ua1;
        }
        sigma[out0 + b] -= d00;
        sigma[out0 + b + 1] -= d01;
        sigma[out0 + b + 2] -= d02;
        sigma[out0 + b + 3] -= d03;
        sigma[out1 + b] -= d10;
        sigma[out1 + b + 1] -= d11;
        sigma[out1 + b + 2] -= d12;
        sigma[out1 + b + 3] -= d13;
      }
    }
    // The remaining columns of G (all of them for a single column of U).
    for (; b < below; b++) {
      const gb = b * below;
      const ub0 = u[u0 + b];
      let d0 = g[gb + b] * ub0;
      for (let a = b + 1; a < below; a++) {
        const x = g[gb + a];
        sigma[out0 + a] -= x * ub0;
        d0 += x * u[u0 + a];
      }
      sigma[out0 + b] -= d0;
      if (pair) {
        const ub1 = u[u1 + b];
        let d1 = g[gb + b] * ub1;
        for (let a = b + 1; a < below; a++) {
          const x = g[gb + a];
          sigma[out1 + a] -= x * ub1;
          d1 += x * u[u1 + a];
        }
        sigma[out1 + b] -= d1;
      }
    }
  }
}

/** Σ_FF by the scalar Takahashi recursion within the supernode, columns from the last. */
function diagonalBlock(symbolic: SymbolicCholesky, lv: Float64Array, sigma: Float64Array, s: number, columnBase: Int32Array): void {
  const { superPtr, superRowPtr, lColPtr } = symbolic;
  const f = superPtr[s];
  const k = superPtr[s + 1] - f;
  const below = superRowPtr[s + 1] - superRowPtr[s] - k;
  for (let c = 0; c < k; c++) columnBase[c] = lColPtr[f + c] - c;
  for (let i = k - 1; i >= 0; i--) {
    const bi = lColPtr[f + i] - i;
    const lii = lv[bi + i];
    for (let j = k - 1; j >= i; j--) {
      const bj = lColPtr[f + j] - j;
      let acc = 0;
      // r in F, i < r < j: Σ(r, j) = Σ(j, r) is stored in column r, row j.
      for (let r = i + 1; r < j; r++) acc += lv[bi + r] * sigma[columnBase[r] + j];
      // r in F, r >= j (r > i): column j, row r; then the rows of B, also in column j.
      for (let r = Math.max(j, i + 1); r < k + below; r++) acc += lv[bi + r] * sigma[bj + r];
      sigma[bi + j] = ((i === j ? 1 / lii : 0) - acc) / lii;
    }
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
    const { n, invPerm, lColPtr, superOf, superPtr, superRowPtr, superRows } = this.symbolic;
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && i < n && j >= 0 && j < n)) {
      throw new SparseError('invalid-argument', `index (${i}, ${j}) outside ${n}x${n}`);
    }
    const a = invPerm[i];
    const b = invPerm[j];
    const col = Math.min(a, b);
    const row = Math.max(a, b);
    const s = superOf[col];
    const offset = col - superPtr[s];
    // Binary search for `row` among the rows of column col: superRows[rs + offset .. re).
    let lo = superRowPtr[s] + offset;
    let hi = superRowPtr[s + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = superRows[mid];
      if (r === row) return this.sigma[lColPtr[col] + mid - superRowPtr[s] - offset];
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new SparseError('not-on-pattern', `(${i}, ${j}) is not on the stored pattern of L + Lᵀ`, { i, j });
  }

  diagonal(): Float64Array {
    const { n, perm, lColPtr } = this.symbolic;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[perm[k]] = this.sigma[lColPtr[k]];
    return out;
  }
}
