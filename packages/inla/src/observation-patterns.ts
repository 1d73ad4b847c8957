/**
 * Observations whose rows of the predictor matrix A are identical (with equal offsets and weights) share their linear
 * predictor η at every x: a survey of 6,003 rows has 2,032 distinct rows of A (patterns). The family pools each
 * pattern's observations by its sufficient statistics (`combine`), so the likelihood and its derivatives are evaluated
 * once per pattern and Aᵀ diag(c) A is assembled once per pattern. Found once per fit by hashing the numbers themselves.
 * @module
 */
import { distinctKeys, HASH_SEED, mixNumber } from '@hlm/likelihood';
import { CscMatrix, itemAt, outOfRange } from '@hlm/sparse';
import type { ObservationModel } from './observations.js';
import { InlaError } from './errors.js';

export interface ObservationPatterns {
  /** The number of distinct (row of A, offset, weight) among the rows (prediction rows included, with no units). */
  readonly nPatterns: number;
  /** The patterns' rows of A, as the columns of a matrix (its column p is the row shared by pattern p's observations). */
  readonly patternAt: CscMatrix;
  readonly patternOffset: Float64Array;
  /** A row of the design standing for each pattern (its first row). */
  readonly patternRow: Int32Array;
  /** The pattern of every row of the design, prediction rows included. */
  readonly rowPattern: Int32Array;
  /**
   * The units the family is evaluated on: one pooled observation per pattern when the family declares its sufficient
   * statistics (`combine`), else one per distinct (pattern, response, columns) cell, weighted by how many it holds.
   */
  readonly nUnits: number;
  readonly unitPattern: Int32Array;
  readonly unitResponse: Float64Array;
  readonly unitColumns: Readonly<Record<string, Float64Array>>;
  /** Each unit's weight: the observations' common weight, times the cell's count for unpooled cells. */
  readonly unitWeight: Float64Array;
  /** Σ over pooled patterns of weight × c_S(θ), which restores Σ_i w_i log p(y_i | η_i) from the units' log densities. */
  pooledConstant(familyTheta: ArrayLike<number>): number;
}

/**
 * The patterns of the rows of A (given as Aᵀ, whose column i is row i of A) with their offsets and weights, and the
 * units the family is evaluated on from the observed rows (see `ObservationPatterns`).
 */
export function observationPatterns(At: CscMatrix, observations: ObservationModel): ObservationPatterns {
  const { observedRows, response, columns, weights, offset, family, nRows } = observations;
  const nObserved = observedRows.length;
  const { colPtr, rowIdx, values } = At;
  const weightOf = (k: number): number => (weights ? (weights[k] ?? outOfRange(weights, k)) : 1);
  // the patterns run over every row, prediction rows too (they have no units, so no curvature), so that H over the
  // patterns has the sparsity of H over the rows
  const observedIndex = new Int32Array(nRows).fill(-1);
  observedRows.forEach((i, k) => {
    observedIndex[i] = k;
  });
  const rowWeight = (i: number): number => ((observedIndex[i] ?? outOfRange(observedIndex, i)) >= 0 ? weightOf(observedIndex[i] ?? outOfRange(observedIndex, i)) : 1);
  const rows = distinctKeys(
    nRows,
    (i) => {
      let h = mixNumber(mixNumber(HASH_SEED, offset[i] ?? outOfRange(offset, i)), rowWeight(i));
      for (let e = colPtr[i] ?? outOfRange(colPtr, i); e < (colPtr[i + 1] ?? outOfRange(colPtr, i + 1)); e++) h = mixNumber(Math.imul(h ^ (rowIdx[e] ?? outOfRange(rowIdx, e)), 0x01000193), values[e] ?? outOfRange(values, e));
      return h;
    },
    (i, j) => {
      if (offset[i] !== offset[j] || rowWeight(i) !== rowWeight(j)) return false;
      const length = (colPtr[i + 1] ?? outOfRange(colPtr, i + 1)) - (colPtr[i] ?? outOfRange(colPtr, i));
      if ((colPtr[j + 1] ?? outOfRange(colPtr, j + 1)) - (colPtr[j] ?? outOfRange(colPtr, j)) !== length) return false;
      for (let e = 0; e < length; e++) {
        if (rowIdx[(colPtr[i] ?? outOfRange(colPtr, i)) + e] !== rowIdx[(colPtr[j] ?? outOfRange(colPtr, j)) + e] || values[(colPtr[i] ?? outOfRange(colPtr, i)) + e] !== values[(colPtr[j] ?? outOfRange(colPtr, j)) + e]) return false;
      }
      return true;
    },
  );
  const patternOf = Int32Array.from(observedRows, (i) => (rows.idOf[i] ?? outOfRange(rows.idOf, i)));
  const nPatterns = rows.first.length;
  const patternPtr = new Int32Array(nPatterns + 1);
  const rowOfPattern = (p: number): number => (rows.first[p] ?? outOfRange(rows.first, p));
  for (let p = 0; p < nPatterns; p++) patternPtr[p + 1] = (patternPtr[p] ?? outOfRange(patternPtr, p)) + (colPtr[rowOfPattern(p) + 1] ?? outOfRange(colPtr, rowOfPattern(p) + 1)) - (colPtr[rowOfPattern(p)] ?? outOfRange(colPtr, rowOfPattern(p)));
  const patternRows = new Int32Array(patternPtr[nPatterns] ?? outOfRange(patternPtr, nPatterns));
  const patternValues = new Float64Array(patternPtr[nPatterns] ?? outOfRange(patternPtr, nPatterns));
  for (let p = 0; p < nPatterns; p++) {
    const i = rowOfPattern(p);
    patternRows.set(rowIdx.subarray(colPtr[i] ?? outOfRange(colPtr, i), colPtr[i + 1] ?? outOfRange(colPtr, i + 1)), patternPtr[p] ?? outOfRange(patternPtr, p));
    patternValues.set(values.subarray(colPtr[i] ?? outOfRange(colPtr, i), colPtr[i + 1] ?? outOfRange(colPtr, i + 1)), patternPtr[p] ?? outOfRange(patternPtr, p));
  }
  const patternAt = new CscMatrix(At.nrows, nPatterns, patternPtr, patternRows, patternValues);
  const patternOffset = Float64Array.from({ length: nPatterns }, (_, p) => (offset[rowOfPattern(p)] ?? outOfRange(offset, rowOfPattern(p))));
  const named = Object.entries(columns);
  const patternRow = Int32Array.from({ length: nPatterns }, (_, p) => rowOfPattern(p));

  if (family.combine) {
    // one pooled observation per pattern: its members' responses and columns in row order (members listed by a
    // counting sort on the pattern)
    const memberStart = new Int32Array(nPatterns + 1);
    for (const p of patternOf) memberStart[p + 1] = (memberStart[p + 1] ?? outOfRange(memberStart, p + 1)) + 1;
    for (let p = 0; p < nPatterns; p++) memberStart[p + 1] = (memberStart[p + 1] ?? outOfRange(memberStart, p + 1)) + (memberStart[p] ?? outOfRange(memberStart, p));
    const memberOf = new Int32Array(nObserved);
    const filled = memberStart.slice(0, nPatterns);
    for (const [k, p] of patternOf.entries()) {
      const slot = filled[p] ?? outOfRange(filled, p);
      memberOf[slot] = k;
      filled[p] = slot + 1;
    }
    const unitResponse = new Float64Array(nPatterns);
    const unitColumnList = named.map(([name]) => [name, new Float64Array(nPatterns)] as const);
    const unitWeight = new Float64Array(nPatterns);
    const constants: ((theta: ArrayLike<number>) => number)[] = [];
    const constantWeights: number[] = [];
    for (let p = 0; p < nPatterns; p++) {
      const ks = Array.from(memberOf.subarray(memberStart[p] ?? outOfRange(memberStart, p), memberStart[p + 1] ?? outOfRange(memberStart, p + 1)));
      const pooled = family.combine(
        ks.map((k) => (response[k] ?? outOfRange(response, k))),
        Object.fromEntries(named.map(([name, column]) => [name, ks.map((k) => (column[k] ?? outOfRange(column, k)))])),
      );
      unitResponse[p] = pooled.y;
      for (const [name, unit] of unitColumnList) {
        const value = pooled.columns[name];
        if (value === undefined) throw new InlaError('invalid-option', `family '${family.name}': combine() gave no '${name}' for a pooled observation; expected every column of the family`, { family: family.name, column: name });
        unit[p] = value;
      }
      // a pattern of prediction rows only has no members, and its unit no weight of theirs (1, as without weights)
      const [firstMember] = ks;
      unitWeight[p] = firstMember === undefined ? 1 : weightOf(firstMember);
      if (ks.length > 1) {
        constants.push(pooled.constant);
        constantWeights.push(unitWeight[p] ?? outOfRange(unitWeight, p));
      }
    }
    return {
      nPatterns,
      patternAt,
      patternOffset,
      patternRow,
      rowPattern: rows.idOf,
      nUnits: nPatterns,
      unitPattern: Int32Array.from({ length: nPatterns }, (_, p) => p),
      unitResponse,
      unitColumns: Object.fromEntries(unitColumnList),
      unitWeight,
      pooledConstant(theta) {
        let total = 0;
        for (let c = 0; c < constants.length; c++) total += (constantWeights[c] ?? outOfRange(constantWeights, c)) * itemAt(constants, c)(theta);
        return total;
      },
    };
  }

  // no sufficient statistics: one unit per distinct (pattern, response, columns), weighted by its count
  const keys: ArrayLike<number>[] = [patternOf, response, ...named.map(([, column]) => column)];
  const cells = distinctKeys(
    nObserved,
    (k) => {
      let h = HASH_SEED;
      for (const key of keys) h = mixNumber(h, key[k] ?? outOfRange(key, k));
      return h;
    },
    (k, l) => {
      for (const key of keys) if (key[k] !== key[l]) return false;
      return true;
    },
  );
  const nUnits = cells.first.length;
  const unitWeight = new Float64Array(nUnits);
  for (let k = 0; k < nObserved; k++) unitWeight[cells.idOf[k] ?? outOfRange(cells.idOf, k)] = (unitWeight[cells.idOf[k] ?? outOfRange(cells.idOf, k)] ?? outOfRange(unitWeight, cells.idOf[k] ?? outOfRange(cells.idOf, k))) + weightOf(k);
  const pick = (field: ArrayLike<number>): Float64Array => Float64Array.from(cells.first, (k) => field[k] ?? outOfRange(field, k));
  return {
    nPatterns,
    patternAt,
    patternOffset,
    patternRow,
    rowPattern: rows.idOf,
    nUnits,
    unitPattern: Int32Array.from(cells.first, (k) => (patternOf[k] ?? outOfRange(patternOf, k))),
    unitResponse: pick(response),
    unitColumns: Object.fromEntries(named.map(([name, column]) => [name, pick(column)])),
    unitWeight,
    pooledConstant: () => 0,
  };
}
