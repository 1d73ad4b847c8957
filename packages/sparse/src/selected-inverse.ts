/**
 * Selected inverse by the Takahashi recursions (K. Takahashi, J. Fagan, M.-S. Chen, "Formation of
 * a sparse bus impedance matrix and its application to short circuit study", 1973; A. M. Erisman,
 * W. F. Tinney, "On computing certain elements of the inverse of a sparse matrix", CACM 18(3), 1975;
 * in the GMRF setting H. Rue, S. Martino, "Approximate Bayesian inference for hierarchical Gaussian
 * Markov random field models", J. Stat. Plan. Inference 137(10), 2007, Section 2).
 *
 * With L Lᵀ = C and Σ = C⁻¹, Σ = L⁻ᵀ L⁻¹ gives, for j >= i and S_i = the row pattern of column i of L
 * below the diagonal,
 *   Σ_ji = δ_ij / L_ii² − (1 / L_ii) Σ_{k ∈ S_i} L_ki Σ_kj.
 * Because S_i is a clique in the pattern of L + Lᵀ, every Σ_kj needed for j ∈ S_i ∪ {i} lies on that
 * pattern, so running i = n−1, ..., 0 computes Σ on the whole pattern of L using only entries already
 * computed (all in columns > i).
 */
import { findInColumn } from './csc.js';
import { SparseError } from './errors.js';
import type { SymbolicCholesky } from './symbolic.js';

/** Entries of H⁻¹ on the filled pattern of L + Lᵀ, indexed in the original ordering. */
export interface SelectedInverse {
  /** (H⁻¹)_ij for original indices i, j; throws a SparseError ('not-on-pattern') off the filled pattern. */
  get(i: number, j: number): number;
  /** diag(H⁻¹) in the original ordering. */
  diagonal(): Float64Array;
}

/**
 * Fills `sigma` (laid out like `lValues`) with Σ = (L Lᵀ)⁻¹ on the pattern of L. `z` is workspace
 * of length >= the longest column of L.
 */
export function takahashi(symbolic: SymbolicCholesky, lValues: Float64Array, sigma: Float64Array, z: Float64Array): void {
  const { n, lColPtr, lRowIdx } = symbolic;
  for (let i = n - 1; i >= 0; i--) {
    const d = lColPtr[i];
    const end = lColPtr[i + 1];
    const m = end - d - 1; // |S_i|
    z.fill(0, 0, m);
    // z[a] = Σ_b L(r_b, i) Σ(r_b, r_a), using the symmetry Σ(r_b, r_a) = Σ(r_a, r_b): each
    // stored entry (r_b >= r_a, in column r_a) contributes to z[a] and, off the diagonal, to z[b].
    for (let a = 0; a < m; a++) {
      const ra = lRowIdx[d + 1 + a];
      const la = lValues[d + 1 + a];
      let q = lColPtr[ra]; // the diagonal of column ra
      z[a] += la * sigma[q];
      const qEnd = lColPtr[ra + 1];
      for (let b = a + 1; b < m; b++) {
        const rb = lRowIdx[d + 1 + b];
        // Rows of column ra are sorted and include every r_b (clique property): walk forward.
        while (lRowIdx[q] !== rb) {
          q++;
          if (q >= qEnd) throw new Error(`internal error: row ${rb} missing from column ${ra} of L`);
        }
        const s = sigma[q];
        z[a] += lValues[d + 1 + b] * s;
        z[b] += la * s;
      }
    }
    const lii = lValues[d];
    let acc = 0;
    for (let a = 0; a < m; a++) {
      const s = -z[a] / lii;
      sigma[d + 1 + a] = s;
      acc += lValues[d + 1 + a] * s;
    }
    sigma[d] = (1 / lii - acc) / lii;
  }
}

/** A snapshot of the selected inverse; independent of later refactorisations. */
export class TakahashiSelectedInverse implements SelectedInverse {
  private readonly symbolic: SymbolicCholesky;
  private readonly sigma: Float64Array;

  constructor(symbolic: SymbolicCholesky, sigma: Float64Array) {
    this.symbolic = symbolic;
    this.sigma = sigma;
  }

  get(i: number, j: number): number {
    const { n, invPerm, lColPtr, lRowIdx } = this.symbolic;
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && i < n && j >= 0 && j < n)) {
      throw new SparseError('invalid-argument', `index (${i}, ${j}) outside ${n}x${n}`);
    }
    const a = invPerm[i];
    const b = invPerm[j];
    const col = Math.min(a, b);
    const p = findInColumn(lRowIdx, lColPtr[col], lColPtr[col + 1], Math.max(a, b));
    if (p < 0) {
      throw new SparseError('not-on-pattern', `(${i}, ${j}) is not on the filled pattern of L + Lᵀ`, { i, j });
    }
    return this.sigma[p];
  }

  diagonal(): Float64Array {
    const { n, perm, lColPtr } = this.symbolic;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[perm[k]] = this.sigma[lColPtr[k]];
    return out;
  }
}
