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

  constructor(symbolic: SymbolicCholesky) {
    const { nSupernodes, superPtr, superRowPtr } = symbolic;
    let maxBelowTimesWidth = 0;
    let maxBelow = 0;
    for (let s = 0; s < nSupernodes; s++) {
      const k = superPtr[s + 1] - superPtr[s];
      const below = superRowPtr[s + 1] - superRowPtr[s] - k;
      maxBelow = Math.max(maxBelow, below);
      maxBelowTimesWidth = Math.max(maxBelowTimesWidth, below * k);
    }
    this.u = new Float64Array(maxBelowTimesWidth);
    this.g = new Float64Array(maxBelow * maxBelow);
    this.position = new Int32Array(maxBelow);
  }
}

/** Fills `sigma` (laid out like `lValues`) with Σ = (L Lᵀ)⁻¹ on the stored pattern of L. */
export function selectedInverseInto(
  symbolic: SymbolicCholesky,
  lv: Float64Array,
  sigma: Float64Array,
  workspace: SelectedInverseWorkspace,
): void {
  const { nSupernodes, superPtr, superRowPtr, superRows, superOf, lColPtr } = symbolic;
  const { u, g, position } = workspace;
  for (let s = nSupernodes - 1; s >= 0; s--) {
    const f = superPtr[s];
    const k = superPtr[s + 1] - f;
    const rs = superRowPtr[s];
    const below = superRowPtr[s + 1] - rs - k;
    const rb = rs + k; // B's rows are superRows[rb .. rb + below)

    if (below > 0) {
      // U = L_BF L_FF⁻¹: solve U L_FF = L_BF column by column from the last.
      for (let c = k - 1; c >= 0; c--) {
        const bc = lColPtr[f + c] - c;
        const uc = c * below;
        for (let b = 0; b < below; b++) u[uc + b] = lv[bc + k + b];
        for (let c2 = c + 1; c2 < k; c2++) {
          const l = lv[bc + c2];
          if (l === 0) continue;
          const u2 = c2 * below;
          for (let b = 0; b < below; b++) u[uc + b] -= u[u2 + b] * l;
        }
        const inv = 1 / lv[bc + c];
        for (let b = 0; b < below; b++) u[uc + b] *= inv;
      }

      // G = Σ_BB, gathered from the supernodes owning B's rows as columns (mirrored to full).
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
          for (let a = bb; a < below; a++) {
            const v = sigma[base + position[a]];
            g[gb + a] = v;
            g[a * below + bb] = v;
          }
        }
        b = bEnd;
      }

      // Σ_BF = −G U into the B rows of s's columns.
      for (let c = 0; c < k; c++) {
        const out = lColPtr[f + c] - c + k;
        const uc = c * below;
        sigma.fill(0, out, out + below);
        let bb = 0;
        for (; bb + 3 < below; bb += 4) {
          const u0 = u[uc + bb];
          const u1 = u[uc + bb + 1];
          const u2 = u[uc + bb + 2];
          const u3 = u[uc + bb + 3];
          const g0 = bb * below;
          const g1 = g0 + below;
          const g2 = g1 + below;
          const g3 = g2 + below;
          for (let a = 0; a < below; a++) sigma[out + a] -= g[g0 + a] * u0 + g[g1 + a] * u1 + g[g2 + a] * u2 + g[g3 + a] * u3;
        }
        for (; bb < below; bb++) {
          const u0 = u[uc + bb];
          const g0 = bb * below;
          for (let a = 0; a < below; a++) sigma[out + a] -= g[g0 + a] * u0;
        }
      }
    }

    // Σ_FF by the scalar recursion within the supernode, columns from the last.
    for (let i = k - 1; i >= 0; i--) {
      const bi = lColPtr[f + i] - i;
      const lii = lv[bi + i];
      for (let j = k - 1; j >= i; j--) {
        const bj = lColPtr[f + j] - j;
        let acc = 0;
        // r in F, i < r < j: Σ(r, j) = Σ(j, r) is stored in column r, row j.
        for (let r = i + 1; r < j; r++) acc += lv[bi + r] * sigma[lColPtr[f + r] - r + j];
        // r in F, r >= j (r > i): column j, row r; then the rows of B, also in column j.
        for (let r = Math.max(j, i + 1); r < k + below; r++) acc += lv[bi + r] * sigma[bj + r];
        sigma[bi + j] = ((i === j ? 1 / lii : 0) - acc) / lii;
      }
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
