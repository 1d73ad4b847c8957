/**
 * Observations whose rows of the predictor matrix A are identical (with equal offsets and weights) share their linear
 * predictor η at every x: a survey of 6,003 rows has 2,032 distinct rows of A (patterns). The family pools each
 * pattern's observations by its sufficient statistics (`combine`), so the likelihood and its derivatives are evaluated
 * once per pattern and Aᵀ diag(c) A is assembled once per pattern. Found once per fit by hashing the numbers themselves.
 * @module
 */
import { DistinctKeyTable, distinctKeys, grown, HASH_SEED, mixNumber } from '@hlm/likelihood';
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
 * Rows of A transposed at a time while the patterns are found (A's transpose is never held whole): few enough that a
 * block's rows stay in cache, at least four per column of A, so that walking the columns once per block stays cheap.
 */
const FEWEST_ROWS_PER_BLOCK = 1 << 12;
const MOST_ROWS_PER_BLOCK = 1 << 16;

/**
 * The patterns of the rows of A with their offsets and weights, and the units the family is evaluated on from the
 * observed rows (see `ObservationPatterns`).
 */
export function observationPatterns(A: CscMatrix, observations: ObservationModel): ObservationPatterns {
  const { observedRows, response, columns, weights, family, nRows } = observations;
  const nObserved = observedRows.length;
  const weightOf = (k: number): number => (weights ? (weights[k] ?? outOfRange(weights, k)) : 1);
  // the patterns run over every row, prediction rows too (they have no units, so no curvature), so that H over the
  // patterns has the sparsity of H over the rows
  // each row's weight (1 on prediction rows), when the observations have weights
  let rowWeights: Float64Array | null = null;
  if (weights) {
    rowWeights = new Float64Array(nRows).fill(1);
    for (let k = 0; k < nObserved; k++) rowWeights[observedRows[k] ?? outOfRange(observedRows, k)] = weightOf(k);
  }
  const { rowPattern, patternRow, patternAt } = distinctRows(A, observations.offset, rowWeights);
  const nPatterns = patternRow.length;
  const patternOf = new Int32Array(nObserved);
  for (let k = 0; k < nObserved; k++) patternOf[k] = rowPattern[observedRows[k] ?? outOfRange(observedRows, k)] ?? outOfRange(rowPattern, observedRows[k] ?? outOfRange(observedRows, k));
  const rowOfPattern = (p: number): number => (patternRow[p] ?? outOfRange(patternRow, p));
  const offset = observations.offset;
  const patternOffset = Float64Array.from({ length: nPatterns }, (_, p) => (offset[rowOfPattern(p)] ?? outOfRange(offset, rowOfPattern(p))));
  const named = Object.entries(columns);

  if (family.combine) {
    // one pooled observation per pattern: its members' responses and columns in row order (members listed by a
    // counting sort on the pattern)
    const memberStart = new Int32Array(nPatterns + 1);
    for (let k = 0; k < nObserved; k++) {
      const p = patternOf[k] ?? outOfRange(patternOf, k);
      memberStart[p + 1] = (memberStart[p + 1] ?? outOfRange(memberStart, p + 1)) + 1;
    }
    for (let p = 0; p < nPatterns; p++) memberStart[p + 1] = (memberStart[p + 1] ?? outOfRange(memberStart, p + 1)) + (memberStart[p] ?? outOfRange(memberStart, p));
    // the members' responses and columns gathered in member order, so that each pattern's are one slice of them
    const memberResponse = new Float64Array(nObserved);
    const memberColumns = named.map(([name, column]) => ({ name, column, members: new Float64Array(nObserved) }));
    const filled = memberStart.slice(0, nPatterns);
    for (let k = 0; k < nObserved; k++) {
      const p = patternOf[k] ?? outOfRange(patternOf, k);
      const slot = filled[p] ?? outOfRange(filled, p);
      memberResponse[slot] = response[k] ?? outOfRange(response, k);
      for (const { column, members } of memberColumns) members[slot] = column[k] ?? outOfRange(column, k);
      filled[p] = slot + 1;
    }
    // each pattern's first member (in row order), whose weight its unit carries
    const firstMember = new Int32Array(nPatterns).fill(-1);
    for (let k = nObserved - 1; k >= 0; k--) firstMember[patternOf[k] ?? outOfRange(patternOf, k)] = k;
    const unitResponse = new Float64Array(nPatterns);
    const unitColumnList = named.map(([name]) => [name, new Float64Array(nPatterns)] as const);
    const unitWeight = new Float64Array(nPatterns);
    const constants: ((theta: ArrayLike<number>) => number)[] = [];
    const constantWeights: number[] = [];
    for (let p = 0; p < nPatterns; p++) {
      const start = memberStart[p] ?? outOfRange(memberStart, p);
      const end = memberStart[p + 1] ?? outOfRange(memberStart, p + 1);
      const memberColumnsOf: Record<string, Float64Array> = {};
      for (const { name, members } of memberColumns) memberColumnsOf[name] = members.subarray(start, end);
      const pooled = family.combine(memberResponse.subarray(start, end), memberColumnsOf);
      unitResponse[p] = pooled.y;
      for (const [name, unit] of unitColumnList) {
        const value = pooled.columns[name];
        if (value === undefined) throw new InlaError('invalid-option', `family '${family.name}': combine() gave no '${name}' for a pooled observation; expected every column of the family`, { family: family.name, column: name });
        unit[p] = value;
      }
      // a pattern of prediction rows only has no members, and its unit no weight of theirs (1, as without weights)
      const first = firstMember[p] ?? outOfRange(firstMember, p);
      unitWeight[p] = first < 0 ? 1 : weightOf(first);
      if (end - start > 1) {
        constants.push(pooled.constant);
        constantWeights.push(unitWeight[p] ?? outOfRange(unitWeight, p));
      }
    }
    return {
      nPatterns,
      patternAt,
      patternOffset,
      patternRow,
      rowPattern,
      nUnits: nPatterns,
      unitPattern: Int32Array.from({ length: nPatterns }, (_, p) => p),
      unitResponse,
      unitColumns: Object.fromEntries(unitColumnList),
      unitWeight,
      pooledConstant: pooledConstantOf(constants, constantWeights),
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
    rowPattern,
    nUnits,
    unitPattern: Int32Array.from(cells.first, (k) => (patternOf[k] ?? outOfRange(patternOf, k))),
    unitResponse: pick(response),
    unitColumns: Object.fromEntries(named.map(([name, column]) => [name, pick(column)])),
    unitWeight,
    pooledConstant: pooledConstantOf([], []),
  };
}

/**
 * Σ_c weight_c · constant_c(θ). Made outside `observationPatterns` on purpose: a closure made there would keep that
 * function's whole scope alive, the transposed A of every row with it (320 MB in a 6,000,000-row fit).
 */
function pooledConstantOf(constants: readonly ((theta: ArrayLike<number>) => number)[], constantWeights: readonly number[]): (theta: ArrayLike<number>) => number {
  return (theta) => {
    let total = 0;
    for (let c = 0; c < constants.length; c++) total += (constantWeights[c] ?? outOfRange(constantWeights, c)) * itemAt(constants, c)(theta);
    return total;
  };
}

/**
 * The distinct rows of A (with equal offsets and weights) in order of first appearance: each row's pattern, each
 * pattern's first row, and the patterns' rows as the columns of a matrix. A's rows are read a block at a time from
 * its columns (each column's rows ascend, so one cursor per column walks them), and each block's rows are hashed
 * and compared with the patterns found so far, whose rows are kept as they are found.
 */
function distinctRows(A: CscMatrix, offset: ArrayLike<number>, rowWeights: Float64Array | null): { rowPattern: Int32Array; patternRow: Int32Array; patternAt: CscMatrix } {
  const { nrows, ncols, colPtr, rowIdx, values } = A;
  const rowPattern = new Int32Array(nrows);
  const table = new DistinctKeyTable();
  // the patterns' rows (column indices of A and values), grown as patterns are found
  let patternPtr: Int32Array<ArrayBuffer> = new Int32Array(17);
  let patternRows: Int32Array<ArrayBuffer> = new Int32Array(64);
  let patternValues = new Float64Array(64);
  // the current block's rows, transposed
  const block = Math.min(nrows, Math.max(FEWEST_ROWS_PER_BLOCK, Math.min(MOST_ROWS_PER_BLOCK, 4 * ncols)));
  const blockPtr = new Int32Array(block + 1);
  const fill = new Int32Array(block);
  const cursor = colPtr.slice(0, ncols);
  let blockCols = new Int32Array(0);
  let blockValues = new Float64Array(0);
  let row = 0;
  let rowStart = 0;
  let rowLength = 0;
  const sameAsRow = (p: number): boolean => {
    const first = table.firstItem(p);
    if (offset[first] !== offset[row] || (rowWeights !== null && rowWeights[first] !== rowWeights[row])) return false;
    const start = patternPtr[p] ?? outOfRange(patternPtr, p);
    if ((patternPtr[p + 1] ?? outOfRange(patternPtr, p + 1)) - start !== rowLength) return false;
    for (let e = 0; e < rowLength; e++) {
      if (patternRows[start + e] !== blockCols[rowStart + e] || patternValues[start + e] !== blockValues[rowStart + e]) return false;
    }
    return true;
  };
  for (let from = 0; from < nrows; from += block) {
    const to = Math.min(nrows, from + block);
    blockPtr.fill(0);
    for (let j = 0; j < ncols; j++) {
      const end = colPtr[j + 1] ?? outOfRange(colPtr, j + 1);
      for (let e = cursor[j] ?? outOfRange(cursor, j); e < end && (rowIdx[e] ?? outOfRange(rowIdx, e)) < to; e++) {
        const r = (rowIdx[e] ?? outOfRange(rowIdx, e)) - from + 1;
        blockPtr[r] = (blockPtr[r] ?? outOfRange(blockPtr, r)) + 1;
      }
    }
    for (let r = 0; r < to - from; r++) blockPtr[r + 1] = (blockPtr[r + 1] ?? outOfRange(blockPtr, r + 1)) + (blockPtr[r] ?? outOfRange(blockPtr, r));
    const size = blockPtr[to - from] ?? outOfRange(blockPtr, to - from);
    if (size > blockCols.length) {
      blockCols = new Int32Array(size);
      blockValues = new Float64Array(size);
    }
    fill.set(blockPtr.subarray(0, block));
    for (let j = 0; j < ncols; j++) {
      const end = colPtr[j + 1] ?? outOfRange(colPtr, j + 1);
      let e = cursor[j] ?? outOfRange(cursor, j);
      for (; e < end && (rowIdx[e] ?? outOfRange(rowIdx, e)) < to; e++) {
        const r = (rowIdx[e] ?? outOfRange(rowIdx, e)) - from;
        const slot = fill[r] ?? outOfRange(fill, r);
        blockCols[slot] = j;
        blockValues[slot] = values[e] ?? outOfRange(values, e);
        fill[r] = slot + 1;
      }
      cursor[j] = e;
    }
    for (row = from; row < to; row++) {
      rowStart = blockPtr[row - from] ?? outOfRange(blockPtr, row - from);
      rowLength = (blockPtr[row - from + 1] ?? outOfRange(blockPtr, row - from + 1)) - rowStart;
      let h = mixNumber(HASH_SEED, offset[row] ?? outOfRange(offset, row));
      if (rowWeights !== null) h = mixNumber(h, rowWeights[row] ?? outOfRange(rowWeights, row));
      for (let e = rowStart; e < rowStart + rowLength; e++) h = mixNumber(Math.imul(h ^ (blockCols[e] ?? outOfRange(blockCols, e)), 0x01000193), blockValues[e] ?? outOfRange(blockValues, e));
      const known = table.count;
      const p = table.idOf(h, row, sameAsRow);
      rowPattern[row] = p;
      if (p === known) {
        // a new pattern: keep its row
        if (p + 1 >= patternPtr.length) patternPtr = grown(patternPtr);
        const start = patternPtr[p] ?? outOfRange(patternPtr, p);
        if (start + rowLength > patternRows.length) {
          const capacity = Math.max(2 * patternRows.length, start + rowLength);
          patternRows = grown(patternRows, capacity);
          const moreValues = new Float64Array(capacity);
          moreValues.set(patternValues);
          patternValues = moreValues;
        }
        patternRows.set(blockCols.subarray(rowStart, rowStart + rowLength), start);
        patternValues.set(blockValues.subarray(rowStart, rowStart + rowLength), start);
        patternPtr[p + 1] = start + rowLength;
      }
    }
  }
  const nPatterns = table.count;
  const nnz = patternPtr[nPatterns] ?? outOfRange(patternPtr, nPatterns);
  return {
    rowPattern,
    patternRow: table.firsts(),
    patternAt: new CscMatrix(ncols, nPatterns, patternPtr.slice(0, nPatterns + 1), patternRows.slice(0, nnz), patternValues.slice(0, nnz)),
  };
}
