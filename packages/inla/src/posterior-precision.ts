import { CscMatrix } from '@hlm/sparse';
import type { LatentField } from './latent-field.js';

/**
 * The precision of the Gaussian approximation, H = Q(θ) + Aᵀ diag(c) A, on one sparsity pattern
 * (the lower triangle) that does not depend on θ or c. Its values are assembled in place.
 */
export interface PosteriorPrecision {
  /** Lower triangle of H; `values` is overwritten by `assemble`. */
  readonly pattern: CscMatrix;
  /** Writes the values of Q(θ) (prior only) into `out` (length nnz). */
  assemblePrior(theta: ArrayLike<number>, out: Float64Array): void;
  /** Writes H = Q + Aᵀ diag(c) A into `out`, given the prior values from `assemblePrior`. */
  assemble(priorValues: Float64Array, curvature: ArrayLike<number>, out: Float64Array): void;
  /** Q v for the prior precision values `priorValues` (symmetric product from the lower triangle). */
  priorTimes(priorValues: Float64Array, v: ArrayLike<number>, out: Float64Array): Float64Array;
}

/**
 * Builds the pattern of H from the latent blocks, the fixed-effect diagonal and, per observation, the lower
 * triangle of a_i a_iᵀ (one pass over each observation's pairs), and the maps that assemble values into it.
 * `At` is Aᵀ: its column i holds the nonzeros of observation i's row of A.
 */
export function buildPosteriorPrecision(field: LatentField, At: CscMatrix): PosteriorPrecision {
  const n = field.size;
  const nObs = At.ncols;
  const rows: number[] = [];
  const cols: number[] = [];
  for (const placed of field.components) {
    const p = placed.component.pattern;
    for (let j = 0; j < p.ncols; j++) {
      for (let k = p.colPtr[j]!; k < p.colPtr[j + 1]!; k++) {
        rows.push(p.rowIdx[k]! + placed.offset);
        cols.push(j + placed.offset);
      }
    }
  }
  for (let j = 0; j < field.fixedNames.length; j++) {
    rows.push(field.fixedOffset + j);
    cols.push(field.fixedOffset + j);
  }
  // the (row, column, a_ij a_ik) of every observation's pairs, kept to map them onto the pattern below
  const latentEntries = rows.length;
  const pairStart = new Int32Array(nObs + 1);
  const pairProduct: number[] = [];
  for (let i = 0; i < nObs; i++) {
    for (let a = At.colPtr[i]!; a < At.colPtr[i + 1]!; a++) {
      for (let b = At.colPtr[i]!; b < At.colPtr[i + 1]!; b++) {
        const r = At.rowIdx[a]!;
        const c = At.rowIdx[b]!;
        if (r >= c) {
          rows.push(r);
          cols.push(c);
          pairProduct.push(At.values[a]! * At.values[b]!);
        }
      }
    }
    pairStart[i + 1] = pairProduct.length;
  }
  const pattern = CscMatrix.fromTriplets(n, n, rows, cols, new Float64Array(rows.length));

  // where each component's Q entries, each fixed diagonal and each observation pair go
  const componentPositions = field.components.map((placed) => {
    const p = placed.component.pattern;
    const positions = new Int32Array(p.rowIdx.length);
    for (let j = 0; j < p.ncols; j++) {
      for (let k = p.colPtr[j]!; k < p.colPtr[j + 1]!; k++) {
        positions[k] = pattern.position(p.rowIdx[k]! + placed.offset, j + placed.offset);
      }
    }
    return positions;
  });
  const fixedPositions = Int32Array.from(field.fixedNames, (_, j) => pattern.position(field.fixedOffset + j, field.fixedOffset + j));
  const componentValues = field.components.map((placed) => new Float64Array(placed.component.pattern.rowIdx.length));
  const pairPos = Int32Array.from(pairProduct, (_, e) => pattern.position(rows[latentEntries + e]!, cols[latentEntries + e]!));
  const pairVal = Float64Array.from(pairProduct);

  return {
    pattern,
    assemblePrior(theta, out) {
      out.fill(0);
      field.components.forEach((placed, k) => {
        const values = componentValues[k]!;
        placed.component.precisionValues(field.componentTheta(k, theta), values);
        const positions = componentPositions[k]!;
        for (let e = 0; e < values.length; e++) out[positions[e]!]! += values[e]!;
      });
      for (let j = 0; j < fixedPositions.length; j++) out[fixedPositions[j]!]! += field.fixedPriorPrecision[j]!;
    },
    assemble(priorValues, curvature, out) {
      out.set(priorValues);
      for (let i = 0; i < nObs; i++) {
        const c = curvature[i]!;
        if (c === 0) continue;
        for (let e = pairStart[i]!; e < pairStart[i + 1]!; e++) out[pairPos[e]!]! += c * pairVal[e]!;
      }
    },
    priorTimes(priorValues, v, out) {
      out.fill(0);
      for (let j = 0; j < n; j++) {
        for (let k = pattern.colPtr[j]!; k < pattern.colPtr[j + 1]!; k++) {
          const i = pattern.rowIdx[k]!;
          const q = priorValues[k]!;
          if (q === 0) continue;
          out[i]! += q * v[j]!;
          if (i !== j) out[j]! += q * v[i]!;
        }
      }
      return out;
    },
  };
}
