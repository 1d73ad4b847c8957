import type { CscMatrix } from '@hlm/sparse';
import type { GaussianApproximation } from './gaussian-approximation.js';
import { at, indexAt, itemAt, outOfRange } from '@hlm/sparse';

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
        for (let i = 0; i < n; i++) u[i] = at(u, i) + s * at(w, i);
      }
      U.push(u);
    }
    for (let i = 0; i < n; i++) {
      let correction = 0;
      for (let a = 0; a < nc; a++) correction += at(itemAt(U, a), i) * at(itemAt(constraint.W, a), i);
      variance[i] = Math.max(at(variance, i) - correction, 0);
    }
  }
  /** Σ[:, j] − U Wᵀ e_j: a column of Σ_c from that of Σ, in place. */
  const constrained = (col: Float64Array, j: number): Float64Array => {
    if (constraint) {
      constraint.W.forEach((w, a) => {
        const uj = at(itemAt(U, a), j);
        for (let i = 0; i < n; i++) col[i] = at(col, i) - at(w, i) * uj;
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
        for (let a = 0; a < ns; a++) for (let b = 0; b < ns; b++) block[a * ns + b] = at(block, a * ns + b) - at(u, nodes[a] ?? outOfRange(nodes, a)) * at(w, nodes[b] ?? outOfRange(nodes, b));
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
        for (let i = 0; i < n; i++) wv += at(w, i) * at(v, i);
        for (let i = 0; i < n; i++) out[i] = at(out, i) - at(u, i) * wv;
      }
      return out;
    },
    predictorVariance(At) {
      const nObs = At.ncols;
      const out = new Float64Array(nObs);
      for (let i = 0; i < nObs; i++) {
        // a_iᵀ Σ a_i from the lower triangle: Σ_a a_a² Σ_aa + 2 Σ_{a>b} a_a a_b Σ_ab
        let v = 0;
        for (let a = indexAt(At.colPtr, i); a < indexAt(At.colPtr, i + 1); a++) {
          const j = indexAt(At.rowIdx, a);
          const aj = at(At.values, a);
          let offDiagonal = 0;
          for (let b = indexAt(At.colPtr, i); b < a; b++) offDiagonal += at(At.values, b) * selected.get(j, indexAt(At.rowIdx, b));
          v += aj * (aj * selected.get(j, j) + 2 * offDiagonal);
        }
        // the constraint's share: −Σ_c (a_iᵀ U_c)(a_iᵀ W_c)
        for (let c = 0; c < U.length; c++) {
          let au = 0;
          let aw = 0;
          for (let a = indexAt(At.colPtr, i); a < indexAt(At.colPtr, i + 1); a++) {
            au += at(At.values, a) * at(itemAt(U, c), indexAt(At.rowIdx, a));
            aw += at(At.values, a) * at(itemAt(constraintW, c), indexAt(At.rowIdx, a));
          }
          v -= au * aw;
        }
        out[i] = Math.max(v, 0);
      }
      return out;
    },
  };
}
