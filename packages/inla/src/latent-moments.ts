import { InverseEntries, type CscMatrix, type SymbolicCholesky } from '@hlm/sparse';
import type { GaussianApproximation } from './gaussian-approximation.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/**
 * Second moments of the Gaussian approximation N(x*, Σ) with Σ = H⁻¹ conditioned on C x = e:
 * Σ_c = Σ − W S⁻¹ Wᵀ with W = H⁻¹Cᵀ (Rue & Held 2005, eq. 2.30). Marginal variances come from the
 * selected inverse (Takahashi recursions), so Σ is never formed densely.
 */
export interface LatentCovariance {
  /** diag(Σ_c). */
  readonly variance: Float64Array;
  /** Σ_c[:, j] for one node j (one solve). */
  column(j: number): Float64Array;
  /** (Σ_c)_SS for the nodes S, dense row-major, from forward solves along the elimination tree (no full column). */
  block(nodes: readonly number[]): Float64Array;
  /** Σ_c v (one solve). */
  times(v: Float64Array): Float64Array;
  /** Var(a_iᵀ x) for every row a_i of A, given Aᵀ (whose column i is row i of A). */
  predictorVariance(At: CscMatrix): Float64Array;
}

/** The entries of Σ that Var(a_iᵀ x) reads, per matrix Aᵀ, found once for the fit's symbolic analysis. */
const predictorEntries = new WeakMap<CscMatrix, InverseEntries>();

/** For each row a_i of A (column i of Aᵀ), and each of its nonzeros a in order: (j_a, j_b) for the nonzeros b before a, then (j_a, j_a). */
function predictorEntriesOf(At: CscMatrix, symbolic: SymbolicCholesky): InverseEntries {
  const held = predictorEntries.get(At);
  if (held && held.symbolic === symbolic) return held;
  let count = 0;
  for (let i = 0; i < At.ncols; i++) {
    const nonzeros = (At.colPtr[i + 1] ?? outOfRange(At.colPtr, i + 1)) - (At.colPtr[i] ?? outOfRange(At.colPtr, i));
    count += (nonzeros * (nonzeros + 1)) / 2;
  }
  const rows = new Int32Array(count);
  const cols = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < At.ncols; i++) {
    const first = At.colPtr[i] ?? outOfRange(At.colPtr, i);
    for (let a = first; a < (At.colPtr[i + 1] ?? outOfRange(At.colPtr, i + 1)); a++) {
      const ja = At.rowIdx[a] ?? outOfRange(At.rowIdx, a);
      for (let b = first; b <= a; b++) {
        rows[k] = ja;
        cols[k++] = At.rowIdx[b] ?? outOfRange(At.rowIdx, b);
      }
    }
  }
  const entries = new InverseEntries(symbolic, rows, cols);
  predictorEntries.set(At, entries);
  return entries;
}

export function latentCovariance(approx: GaussianApproximation): LatentCovariance {
  const { factor, constraint } = approx;
  const constraintW = constraint?.W ?? [];
  const selected = factor.selectedInverse();
  const variance = selected.diagonal();
  const n = variance.length;
  // constraint correction terms: U = W S⁻¹ (n × nc), so Σ_c = Σ − U Wᵀ
  const U: Float64Array[] = [];
  if (constraint) {
    const nc = constraint.W.length;
    for (let a = 0; a < nc; a++) {
      const u = new Float64Array(n);
      for (let b = 0; b < nc; b++) {
        const s = constraint.SInverse.get(a, b);
        const w = itemAt(constraint.W, b);
        for (let i = 0; i < n; i++) u[i] = (u[i] ?? outOfRange(u, i)) + s * (w[i] ?? outOfRange(w, i));
      }
      U.push(u);
    }
    for (let i = 0; i < n; i++) {
      let correction = 0;
      for (let a = 0; a < nc; a++) correction += (itemAt(U, a)[i] ?? outOfRange(itemAt(U, a), i)) * (itemAt(constraint.W, a)[i] ?? outOfRange(itemAt(constraint.W, a), i));
      variance[i] = Math.max((variance[i] ?? outOfRange(variance, i)) - correction, 0);
    }
  }
  /** Σ[:, j] − U Wᵀ e_j: a column of Σ_c from that of Σ, in place. */
  const constrained = (col: Float64Array, j: number): Float64Array => {
    if (constraint) {
      constraint.W.forEach((w, a) => {
        const uj = itemAt(U, a)[j] ?? outOfRange(itemAt(U, a), j);
        for (let i = 0; i < n; i++) col[i] = (col[i] ?? outOfRange(col, i)) - (w[i] ?? outOfRange(w, i)) * uj;
      });
    }
    return col;
  };
  return {
    variance,
    column(j) {
      const unit = new Float64Array(n);
      unit[j] = 1;
      return constrained(factor.solve(unit), j);
    },
    block(nodes) {
      const block = factor.inverseBlock(nodes);
      const ns = nodes.length;
      // − U_S W_Sᵀ
      for (let c = 0; c < U.length; c++) {
        const u = itemAt(U, c);
        const w = itemAt(constraintW, c);
        for (let a = 0; a < ns; a++) for (let b = 0; b < ns; b++) block[a * ns + b] = (block[a * ns + b] ?? outOfRange(block, a * ns + b)) - (u[nodes[a] ?? outOfRange(nodes, a)] ?? outOfRange(u, nodes[a] ?? outOfRange(nodes, a))) * (w[nodes[b] ?? outOfRange(nodes, b)] ?? outOfRange(w, nodes[b] ?? outOfRange(nodes, b)));
      }
      return block;
    },
    times(v) {
      const out = factor.solve(v);
      // − U (Wᵀ v)
      for (let c = 0; c < U.length; c++) {
        const u = itemAt(U, c);
        const w = itemAt(constraintW, c);
        let wv = 0;
        for (let i = 0; i < n; i++) wv += (w[i] ?? outOfRange(w, i)) * (v[i] ?? outOfRange(v, i));
        for (let i = 0; i < n; i++) out[i] = (out[i] ?? outOfRange(out, i)) - (u[i] ?? outOfRange(u, i)) * wv;
      }
      return out;
    },
    predictorVariance(At) {
      const nObs = At.ncols;
      const out = new Float64Array(nObs);
      const entries = selected.gather(predictorEntriesOf(At, factor.symbolic));
      let k = 0;
      for (let i = 0; i < nObs; i++) {
        // a_iᵀ Σ a_i from the lower triangle: Σ_a a_a² Σ_aa + 2 Σ_{a>b} a_a a_b Σ_ab, the entries in `predictorEntriesOf`'s order
        let v = 0;
        for (let a = At.colPtr[i] ?? outOfRange(At.colPtr, i); a < (At.colPtr[i + 1] ?? outOfRange(At.colPtr, i + 1)); a++) {
          const aj = At.values[a] ?? outOfRange(At.values, a);
          let offDiagonal = 0;
          for (let b = At.colPtr[i] ?? outOfRange(At.colPtr, i); b < a; b++) offDiagonal += (At.values[b] ?? outOfRange(At.values, b)) * (entries[k++] ?? outOfRange(entries, k - 1));
          v += aj * (aj * (entries[k++] ?? outOfRange(entries, k - 1)) + 2 * offDiagonal);
        }
        // the constraint's share: −Σ_c (a_iᵀ U_c)(a_iᵀ W_c)
        for (let c = 0; c < U.length; c++) {
          let au = 0;
          let aw = 0;
          for (let a = At.colPtr[i] ?? outOfRange(At.colPtr, i); a < (At.colPtr[i + 1] ?? outOfRange(At.colPtr, i + 1)); a++) {
            au += (At.values[a] ?? outOfRange(At.values, a)) * (itemAt(U, c)[At.rowIdx[a] ?? outOfRange(At.rowIdx, a)] ?? outOfRange(itemAt(U, c), At.rowIdx[a] ?? outOfRange(At.rowIdx, a)));
            aw += (At.values[a] ?? outOfRange(At.values, a)) * (itemAt(constraintW, c)[At.rowIdx[a] ?? outOfRange(At.rowIdx, a)] ?? outOfRange(itemAt(constraintW, c), At.rowIdx[a] ?? outOfRange(At.rowIdx, a)));
          }
          v -= au * aw;
        }
        out[i] = Math.max(v, 0);
      }
      return out;
    },
  };
}
