import { CscMatrix, itemAt, outOfRange } from '@hlm/sparse';
import type { LatentField } from './latent-field.js';
import { patternGroups } from './pattern-groups.js';

/**
 * The precision of the Gaussian approximation, H = Q(θ) + Aᵀ diag(c) A, on one sparsity pattern
 * (the lower triangle) that does not depend on θ or c. Its values are assembled in place.
 */
export interface PosteriorPrecision {
  /** Lower triangle of H; `values` is overwritten by `assemble`. */
  readonly pattern: CscMatrix;
  /** Writes the values of Q(θ) (prior only) into `out` (length nnz). */
  assemblePrior(theta: ArrayLike<number>, out: Float64Array): void;
  /** Writes H = Q + Aᵀ diag(c) A into `out`, given the prior values from `assemblePrior` (c: one curvature per row of A). */
  assemble(priorValues: Float64Array, curvature: ArrayLike<number>, out: Float64Array): void;
  /** Q v for the prior precision values `priorValues` (symmetric product from the lower triangle). */
  priorTimes(priorValues: Float64Array, v: ArrayLike<number>, out: Float64Array): Float64Array;
}

/**
 * Builds the pattern of H and the maps that assemble values into it, in time linear in its entries: column by column,
 * the union of the latent blocks' entries, the fixed-effect diagonal and, for every row i of A holding node c, the
 * nodes r ≥ c of that row (the symbolic product AᵀA with a marker array, as in Gustavson's sparse product).
 * `At` is Aᵀ: its column i holds the nonzeros of row i of A, in increasing node order.
 * The rows' products a_i a_iᵀ are added by `assemble` as `pattern-groups.ts` splits them.
 */
export function buildPosteriorPrecision(field: LatentField, At: CscMatrix): PosteriorPrecision {
  const n = field.size;
  const nRows = At.ncols;
  const { colPtr: rowPtr, rowIdx: rowNodes } = At;

  // the rows of A holding each node, with where the node sits in that row
  const nodePtr = new Int32Array(n + 1);
  for (let e = 0; e < rowNodes.length; e++) nodePtr[(rowNodes[e] ?? outOfRange(rowNodes, e)) + 1] = (nodePtr[(rowNodes[e] ?? outOfRange(rowNodes, e)) + 1] ?? outOfRange(nodePtr, (rowNodes[e] ?? outOfRange(rowNodes, e)) + 1)) + 1;
  for (let c = 0; c < n; c++) nodePtr[c + 1] = (nodePtr[c + 1] ?? outOfRange(nodePtr, c + 1)) + (nodePtr[c] ?? outOfRange(nodePtr, c));
  const nodeRow = new Int32Array(rowNodes.length);
  const nodeEntry = new Int32Array(rowNodes.length);
  const next = nodePtr.slice(0, n);
  for (let i = 0; i < nRows; i++) {
    for (let e = rowPtr[i] ?? outOfRange(rowPtr, i); e < (rowPtr[i + 1] ?? outOfRange(rowPtr, i + 1)); e++) {
      const node = rowNodes[e] ?? outOfRange(rowNodes, e);
      const slot = next[node] ?? outOfRange(next, node);
      next[node] = slot + 1;
      nodeRow[slot] = i;
      nodeEntry[slot] = e;
    }
  }
  // the latent blocks' entries by column of H (their own columns shifted by the block's offset)
  const blockOf = new Int32Array(n).fill(-1);
  field.components.forEach((placed, k) => blockOf.fill(k, placed.offset, placed.offset + placed.component.size));

  // pass 1: the rows of each column of H (sorted), collected with a marker array
  const colPtr = new Int32Array(n + 1);
  const mark = new Int32Array(n).fill(-1);
  let rowIdxList = new Int32Array(Math.max(16, 2 * n));
  let nnz = 0;
  const push = (r: number, c: number): void => {
    if (mark[r] === c) return;
    mark[r] = c;
    if (nnz === rowIdxList.length) {
      const grown = new Int32Array(2 * rowIdxList.length);
      grown.set(rowIdxList);
      rowIdxList = grown;
    }
    rowIdxList[nnz++] = r;
  };
  for (let c = 0; c < n; c++) {
    push(c, c);
    const k = blockOf[c] ?? outOfRange(blockOf, c);
    if (k >= 0) {
      const placed = itemAt(field.components, k);
      const p = placed.component.pattern;
      const j = c - placed.offset;
      for (let e = p.colPtr[j] ?? outOfRange(p.colPtr, j); e < (p.colPtr[j + 1] ?? outOfRange(p.colPtr, j + 1)); e++) push((p.rowIdx[e] ?? outOfRange(p.rowIdx, e)) + placed.offset, c);
    }
    for (let s = nodePtr[c] ?? outOfRange(nodePtr, c); s < (nodePtr[c + 1] ?? outOfRange(nodePtr, c + 1)); s++) {
      const i = nodeRow[s] ?? outOfRange(nodeRow, s);
      for (let e = nodeEntry[s] ?? outOfRange(nodeEntry, s); e < (rowPtr[i + 1] ?? outOfRange(rowPtr, i + 1)); e++) push(rowNodes[e] ?? outOfRange(rowNodes, e), c);
    }
    rowIdxList.subarray(colPtr[c] ?? outOfRange(colPtr, c), nnz).sort();
    colPtr[c + 1] = nnz;
  }
  const pattern = new CscMatrix(n, n, colPtr, rowIdxList.slice(0, nnz), new Float64Array(nnz));
  const { rowIdx } = pattern;

  // pass 2: where each block entry and fixed diagonal lands, by a scatter of each column's positions
  const componentPositions = field.components.map((placed) => new Int32Array(placed.component.pattern.rowIdx.length));
  const fixedPositions = new Int32Array(field.fixedNames.length);
  const where = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    for (let q = colPtr[c] ?? outOfRange(colPtr, c); q < (colPtr[c + 1] ?? outOfRange(colPtr, c + 1)); q++) where[rowIdx[q] ?? outOfRange(rowIdx, q)] = q;
    const k = blockOf[c] ?? outOfRange(blockOf, c);
    if (k >= 0) {
      const placed = itemAt(field.components, k);
      const p = placed.component.pattern;
      const j = c - placed.offset;
      for (let e = p.colPtr[j] ?? outOfRange(p.colPtr, j); e < (p.colPtr[j + 1] ?? outOfRange(p.colPtr, j + 1)); e++) itemAt(componentPositions, k)[e] = where[(p.rowIdx[e] ?? outOfRange(p.rowIdx, e)) + placed.offset] ?? outOfRange(where, (p.rowIdx[e] ?? outOfRange(p.rowIdx, e)) + placed.offset);
    }
    const fixed = c - field.fixedOffset;
    if (fixed >= 0 && fixed < fixedPositions.length) fixedPositions[fixed] = where[c] ?? outOfRange(where, c);
  }
  // the rows' products a_i a_iᵀ, with the fixed-effect part shared by many rows summed once per distinct part
  const groups = patternGroups(At, pattern, field.fixedOffset, field.fixedOffset + field.fixedNames.length);
  const { groupOf, nGroups, pairPtr, pairPosition, pairProduct, groupPairPtr, groupPairPosition, groupPairProduct } = groups;
  const groupCurvature = new Float64Array(nGroups);
  const componentValues = field.components.map((placed) => new Float64Array(placed.component.pattern.rowIdx.length));

  return {
    pattern,
    assemblePrior(theta, out) {
      out.fill(0);
      field.components.forEach((placed, k) => {
        const values = itemAt(componentValues, k);
        placed.component.precisionValues(field.componentTheta(k, theta), values);
        const positions = itemAt(componentPositions, k);
        for (let e = 0; e < values.length; e++) out[positions[e] ?? outOfRange(positions, e)] = (out[positions[e] ?? outOfRange(positions, e)] ?? outOfRange(out, positions[e] ?? outOfRange(positions, e))) + (values[e] ?? outOfRange(values, e));
      });
      for (let j = 0; j < fixedPositions.length; j++) out[fixedPositions[j] ?? outOfRange(fixedPositions, j)] = (out[fixedPositions[j] ?? outOfRange(fixedPositions, j)] ?? outOfRange(out, fixedPositions[j] ?? outOfRange(fixedPositions, j))) + (field.fixedPriorPrecision[j] ?? outOfRange(field.fixedPriorPrecision, j));
    },
    assemble(priorValues, curvature, out) {
      // Σ_i c_i a_i a_iᵀ = Σ_i c_i (r_i r_iᵀ + r_i f_gᵀ + f_g r_iᵀ) + Σ_g (Σ_{i∈g} c_i) f_g f_gᵀ (see pattern-groups.ts)
      out.set(priorValues);
      groupCurvature.fill(0);
      for (let i = 0; i < nRows; i++) {
        const c = curvature[i] ?? outOfRange(curvature, i);
        if (c === 0) continue;
        groupCurvature[groupOf[i] ?? outOfRange(groupOf, i)] = (groupCurvature[groupOf[i] ?? outOfRange(groupOf, i)] ?? outOfRange(groupCurvature, groupOf[i] ?? outOfRange(groupOf, i))) + c;
        for (let e = pairPtr[i] ?? outOfRange(pairPtr, i); e < (pairPtr[i + 1] ?? outOfRange(pairPtr, i + 1)); e++) out[pairPosition[e] ?? outOfRange(pairPosition, e)] = (out[pairPosition[e] ?? outOfRange(pairPosition, e)] ?? outOfRange(out, pairPosition[e] ?? outOfRange(pairPosition, e))) + c * (pairProduct[e] ?? outOfRange(pairProduct, e));
      }
      for (let g = 0; g < nGroups; g++) {
        const c = groupCurvature[g] ?? outOfRange(groupCurvature, g);
        if (c === 0) continue;
        for (let e = groupPairPtr[g] ?? outOfRange(groupPairPtr, g); e < (groupPairPtr[g + 1] ?? outOfRange(groupPairPtr, g + 1)); e++) out[groupPairPosition[e] ?? outOfRange(groupPairPosition, e)] = (out[groupPairPosition[e] ?? outOfRange(groupPairPosition, e)] ?? outOfRange(out, groupPairPosition[e] ?? outOfRange(groupPairPosition, e))) + c * (groupPairProduct[e] ?? outOfRange(groupPairProduct, e));
      }
    },
    priorTimes(priorValues, v, out) {
      out.fill(0);
      for (let j = 0; j < n; j++) {
        for (let k = colPtr[j] ?? outOfRange(colPtr, j); k < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); k++) {
          const i = rowIdx[k] ?? outOfRange(rowIdx, k);
          const q = priorValues[k] ?? outOfRange(priorValues, k);
          if (q === 0) continue;
          out[i] = (out[i] ?? outOfRange(out, i)) + q * (v[j] ?? outOfRange(v, j));
          if (i !== j) out[j] = (out[j] ?? outOfRange(out, j)) + q * (v[i] ?? outOfRange(v, i));
        }
      }
      return out;
    },
  };
}
