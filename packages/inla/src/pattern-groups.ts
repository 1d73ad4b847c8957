/**
 * The patterns' rows of A split into their fixed-effect part, which many patterns share (the election survey's 2,032
 * patterns hold 64 distinct fixed parts: sex, race, age and education), and the rest, so that a pass over the patterns
 * does the fixed part's work once per distinct fixed part. With a_p = r_p + f_g, g the group of the patterns whose
 * fixed part is f_g:
 *   η_p = o_p + r_pᵀx + f_gᵀx,
 *   Aᵀb = Σ_p b_p r_p + Σ_g (Σ_{p∈g} b_p) f_g,
 *   Σ_p c_p a_p a_pᵀ = Σ_p c_p (r_p r_pᵀ + r_p f_gᵀ + f_g r_pᵀ) + Σ_g (Σ_{p∈g} c_p) f_g f_gᵀ,
 * the sums that `PosteriorPrecision.assemble` forms pair by pair (on the election data 24,222 products per assembly,
 * against 10,870 here). Used by every assembly of H (`posterior-precision.ts`) and by the full Laplace strategy.
 * @module
 */
import { distinctKeys, HASH_SEED, mixNumber } from '@hlm/likelihood';
import type { CscMatrix } from '@hlm/sparse';
import { InlaError } from './errors.js';
import { outOfRange } from '@hlm/sparse';

export interface PatternGroups {
  readonly nGroups: number;
  /** The group of each pattern. */
  readonly groupOf: Int32Array;
  /** Each pattern's nonzeros outside the fixed effects: entries ptr[p] … ptr[p + 1] − 1 of node and value. */
  readonly restPtr: Int32Array;
  readonly restNode: Int32Array;
  readonly restValue: Float64Array;
  /** Each group's fixed-effect nonzeros, in the same layout. */
  readonly fixedPtr: Int32Array;
  readonly fixedNode: Int32Array;
  readonly fixedValue: Float64Array;
  /**
   * Each pattern's products in r_p r_pᵀ (lower triangle) and r_p f_gᵀ: where they land among H's lower-triangle
   * values (`position`) and their value (`product`), entries pairPtr[p] … pairPtr[p + 1] − 1.
   */
  readonly pairPtr: Int32Array;
  readonly pairPosition: Int32Array;
  readonly pairProduct: Float64Array;
  /** Each group's products in f_g f_gᵀ (lower triangle), in the same layout. */
  readonly groupPairPtr: Int32Array;
  readonly groupPairPosition: Int32Array;
  readonly groupPairProduct: Float64Array;
}

/**
 * Splits the patterns (the columns of `patternAt`, rows of A) at the fixed effects, nodes fixedStart … fixedEnd − 1,
 * and maps their products onto `pattern`, the lower triangle of H (rows sorted within each column).
 */
export function patternGroups(patternAt: CscMatrix, pattern: CscMatrix, fixedStart: number, fixedEnd: number): PatternGroups {
  const { colPtr, rowIdx, values } = patternAt;
  const nPatterns = patternAt.ncols;
  const isFixed = (node: number): boolean => node >= fixedStart && node < fixedEnd;
  const groups = distinctKeys(
    nPatterns,
    (p) => {
      let h = HASH_SEED;
      for (let e = colPtr[p] ?? outOfRange(colPtr, p); e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)); e++) if (isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) h = mixNumber(mixNumber(h, rowIdx[e] ?? outOfRange(rowIdx, e)), values[e] ?? outOfRange(values, e));
      return h;
    },
    (p, q) => {
      let e = colPtr[p] ?? outOfRange(colPtr, p);
      let f = colPtr[q] ?? outOfRange(colPtr, q);
      for (;;) {
        while (e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)) && !isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) e++;
        while (f < (colPtr[q + 1] ?? outOfRange(colPtr, q + 1)) && !isFixed(rowIdx[f] ?? outOfRange(rowIdx, f))) f++;
        const pDone = e === (colPtr[p + 1] ?? outOfRange(colPtr, p + 1));
        const qDone = f === (colPtr[q + 1] ?? outOfRange(colPtr, q + 1));
        if (pDone || qDone) return pDone && qDone;
        if (rowIdx[e] !== rowIdx[f] || values[e] !== values[f]) return false;
        e++;
        f++;
      }
    },
  );
  const groupOf = groups.idOf;
  const nGroups = groups.first.length;

  /** The index of entry (r, c) (either order) among the values of H's lower triangle. */
  const entry = (a: number, b: number): number => {
    const r = Math.max(a, b);
    const c = Math.min(a, b);
    let lo = pattern.colPtr[c] ?? outOfRange(pattern.colPtr, c);
    let hi = (pattern.colPtr[c + 1] ?? outOfRange(pattern.colPtr, c + 1)) - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pattern.rowIdx[mid] ?? outOfRange(pattern.rowIdx, mid)) < r) lo = mid + 1;
      else hi = mid;
    }
    if (pattern.rowIdx[lo] !== r) {
      throw new InlaError('numerical-failure', `the pattern of H has no entry (${r}, ${c}) for a pair of nodes in one row of A`, { row: r, column: c });
    }
    return lo;
  };

  // the fixed parts, one per group (from its first pattern)
  const fixedPtr = new Int32Array(nGroups + 1);
  for (let g = 0; g < nGroups; g++) {
    const p = groups.first[g] ?? outOfRange(groups.first, g);
    let k = 0;
    for (let e = colPtr[p] ?? outOfRange(colPtr, p); e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)); e++) if (isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) k++;
    fixedPtr[g + 1] = (fixedPtr[g] ?? outOfRange(fixedPtr, g)) + k;
  }
  const fixedNode = new Int32Array(fixedPtr[nGroups] ?? outOfRange(fixedPtr, nGroups));
  const fixedValue = new Float64Array(fixedPtr[nGroups] ?? outOfRange(fixedPtr, nGroups));
  for (let g = 0; g < nGroups; g++) {
    const p = groups.first[g] ?? outOfRange(groups.first, g);
    let k = fixedPtr[g] ?? outOfRange(fixedPtr, g);
    for (let e = colPtr[p] ?? outOfRange(colPtr, p); e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)); e++) {
      if (!isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) continue;
      fixedNode[k] = rowIdx[e] ?? outOfRange(rowIdx, e);
      fixedValue[k++] = values[e] ?? outOfRange(values, e);
    }
  }
  const groupPairPtr = new Int32Array(nGroups + 1);
  for (let g = 0; g < nGroups; g++) {
    const k = (fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1)) - (fixedPtr[g] ?? outOfRange(fixedPtr, g));
    groupPairPtr[g + 1] = (groupPairPtr[g] ?? outOfRange(groupPairPtr, g)) + (k * (k + 1)) / 2;
  }
  const groupPairPosition = new Int32Array(groupPairPtr[nGroups] ?? outOfRange(groupPairPtr, nGroups));
  const groupPairProduct = new Float64Array(groupPairPtr[nGroups] ?? outOfRange(groupPairPtr, nGroups));
  for (let g = 0; g < nGroups; g++) {
    let e = groupPairPtr[g] ?? outOfRange(groupPairPtr, g);
    for (let k = fixedPtr[g] ?? outOfRange(fixedPtr, g); k < (fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1)); k++) {
      for (let l = fixedPtr[g] ?? outOfRange(fixedPtr, g); l <= k; l++) {
        groupPairPosition[e] = entry(fixedNode[k] ?? outOfRange(fixedNode, k), fixedNode[l] ?? outOfRange(fixedNode, l));
        groupPairProduct[e++] = (fixedValue[k] ?? outOfRange(fixedValue, k)) * (fixedValue[l] ?? outOfRange(fixedValue, l));
      }
    }
  }

  // the rest of each pattern, and its products with itself and with its group's fixed part
  const restPtr = new Int32Array(nPatterns + 1);
  const pairPtr = new Int32Array(nPatterns + 1);
  for (let p = 0; p < nPatterns; p++) {
    let k = 0;
    for (let e = colPtr[p] ?? outOfRange(colPtr, p); e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)); e++) if (!isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) k++;
    const g = groupOf[p] ?? outOfRange(groupOf, p);
    restPtr[p + 1] = (restPtr[p] ?? outOfRange(restPtr, p)) + k;
    pairPtr[p + 1] = (pairPtr[p] ?? outOfRange(pairPtr, p)) + (k * (k + 1)) / 2 + k * ((fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1)) - (fixedPtr[g] ?? outOfRange(fixedPtr, g)));
  }
  const restNode = new Int32Array(restPtr[nPatterns] ?? outOfRange(restPtr, nPatterns));
  const restValue = new Float64Array(restPtr[nPatterns] ?? outOfRange(restPtr, nPatterns));
  const pairPosition = new Int32Array(pairPtr[nPatterns] ?? outOfRange(pairPtr, nPatterns));
  const pairProduct = new Float64Array(pairPtr[nPatterns] ?? outOfRange(pairPtr, nPatterns));
  for (let p = 0; p < nPatterns; p++) {
    let k = restPtr[p] ?? outOfRange(restPtr, p);
    for (let e = colPtr[p] ?? outOfRange(colPtr, p); e < (colPtr[p + 1] ?? outOfRange(colPtr, p + 1)); e++) {
      if (isFixed(rowIdx[e] ?? outOfRange(rowIdx, e))) continue;
      restNode[k] = rowIdx[e] ?? outOfRange(rowIdx, e);
      restValue[k++] = values[e] ?? outOfRange(values, e);
    }
    const g = groupOf[p] ?? outOfRange(groupOf, p);
    let e = pairPtr[p] ?? outOfRange(pairPtr, p);
    for (let k1 = restPtr[p] ?? outOfRange(restPtr, p); k1 < (restPtr[p + 1] ?? outOfRange(restPtr, p + 1)); k1++) {
      for (let l = restPtr[p] ?? outOfRange(restPtr, p); l <= k1; l++) {
        pairPosition[e] = entry(restNode[k1] ?? outOfRange(restNode, k1), restNode[l] ?? outOfRange(restNode, l));
        pairProduct[e++] = (restValue[k1] ?? outOfRange(restValue, k1)) * (restValue[l] ?? outOfRange(restValue, l));
      }
      for (let l = fixedPtr[g] ?? outOfRange(fixedPtr, g); l < (fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1)); l++) {
        pairPosition[e] = entry(restNode[k1] ?? outOfRange(restNode, k1), fixedNode[l] ?? outOfRange(fixedNode, l));
        pairProduct[e++] = (restValue[k1] ?? outOfRange(restValue, k1)) * (fixedValue[l] ?? outOfRange(fixedValue, l));
      }
    }
  }
  return { nGroups, groupOf, restPtr, restNode, restValue, fixedPtr, fixedNode, fixedValue, pairPtr, pairPosition, pairProduct, groupPairPtr, groupPairPosition, groupPairProduct };
}
