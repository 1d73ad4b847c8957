/**
 * Observations whose rows of the predictor matrix A are identical share their linear predictor η at every x: a survey
 * of 6,003 rows has 2,032 distinct rows of A (patterns), and 2,996 distinct (pattern, response, datum) cells. The
 * likelihood and its derivatives are evaluated once per cell and weighted by the cell's count, and Aᵀ diag(c) A is
 * assembled once per pattern. Found once per fit by hashing the numbers themselves.
 * @module
 */
import type { FamilyData } from '@hlm/likelihood';
import { CscMatrix } from '@hlm/sparse';

export interface ObservationPatterns {
  /** The number of distinct rows of A. */
  readonly nPatterns: number;
  /** The pattern of each observation. */
  readonly patternOf: Int32Array;
  /** The patterns' rows of A, as the columns of a matrix (its column p is the row shared by pattern p's observations). */
  readonly patternAt: CscMatrix;
  /** The number of distinct (pattern, response, datum) cells. */
  readonly nCells: number;
  /** The cell of each observation. */
  readonly cellOf: Int32Array;
  readonly cellPattern: Int32Array;
  /** How many observations each cell holds. */
  readonly cellCount: Float64Array;
  readonly cellResponse: Float64Array;
  /** One observation standing for each cell (the first in row order). */
  readonly cellRepresentative: Int32Array;
  /** The family's data per cell, taken from each cell's representative. */
  cellData(data: FamilyData): FamilyData;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** Mixes the 64 bits of x into the 32-bit hash h (0 and −0 hash alike). */
function mix(h: number, x: number): number {
  bits[0] = x === 0 ? 0 : x;
  h = Math.imul(h ^ words[0]!, 0x01000193);
  return Math.imul(h ^ words[1]!, 0x01000193);
}

/**
 * Distinct keys by open addressing: `hash(i)` and `same(i, j)` describe item i; returns the id of each item and the
 * first item of each id.
 */
function distinct(count: number, hash: (i: number) => number, same: (i: number, j: number) => boolean): { idOf: Int32Array; first: Int32Array } {
  let size = 16;
  while (size < 2 * count) size *= 2;
  const slots = new Int32Array(size);
  const idOf = new Int32Array(count);
  const first = new Int32Array(count);
  let ids = 0;
  for (let i = 0; i < count; i++) {
    let slot = (hash(i) >>> 0) & (size - 1);
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        slots[slot] = ids + 1;
        first[ids] = i;
        idOf[i] = ids++;
        break;
      }
      if (same(first[held - 1]!, i)) {
        idOf[i] = held - 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  return { idOf, first: first.slice(0, ids) };
}

/**
 * The patterns of A (given as Aᵀ, whose column i is observation i's row) and the cells of (pattern, response, and
 * every per-observation array of the family data).
 */
export function observationPatterns(At: CscMatrix, response: ArrayLike<number>, data: FamilyData): ObservationPatterns {
  const nObs = At.ncols;
  const { colPtr, rowIdx, values } = At;
  const rows = distinct(
    nObs,
    (i) => {
      let h = 0x811c9dc5;
      for (let k = colPtr[i]!; k < colPtr[i + 1]!; k++) h = mix(Math.imul(h ^ rowIdx[k]!, 0x01000193), values[k]!);
      return h;
    },
    (i, j) => {
      const length = colPtr[i + 1]! - colPtr[i]!;
      if (colPtr[j + 1]! - colPtr[j]! !== length) return false;
      for (let k = 0; k < length; k++) {
        if (rowIdx[colPtr[i]! + k] !== rowIdx[colPtr[j]! + k] || values[colPtr[i]! + k] !== values[colPtr[j]! + k]) return false;
      }
      return true;
    },
  );
  const patternOf = rows.idOf;
  const nPatterns = rows.first.length;
  const patternPtr = new Int32Array(nPatterns + 1);
  for (let p = 0; p < nPatterns; p++) patternPtr[p + 1] = patternPtr[p]! + colPtr[rows.first[p]! + 1]! - colPtr[rows.first[p]!]!;
  const patternRows = new Int32Array(patternPtr[nPatterns]!);
  const patternValues = new Float64Array(patternPtr[nPatterns]!);
  for (let p = 0; p < nPatterns; p++) {
    const i = rows.first[p]!;
    patternRows.set(rowIdx.subarray(colPtr[i]!, colPtr[i + 1]!), patternPtr[p]!);
    patternValues.set(values.subarray(colPtr[i]!, colPtr[i + 1]!), patternPtr[p]!);
  }
  const patternAt = new CscMatrix(At.nrows, nPatterns, patternPtr, patternRows, patternValues);

  const columns: ArrayLike<number>[] = [patternOf, response];
  for (const field of [data.nTrials, data.precision, data.exposure]) if (field && field.length === nObs) columns.push(field);
  const cells = distinct(
    nObs,
    (i) => {
      let h = 0x811c9dc5;
      for (const column of columns) h = mix(h, column[i]!);
      return h;
    },
    (i, j) => {
      for (const column of columns) if (column[i] !== column[j]) return false;
      return true;
    },
  );
  const nCells = cells.first.length;
  const cellRepresentative = cells.first;
  const cellCount = new Float64Array(nCells);
  for (let i = 0; i < nObs; i++) cellCount[cells.idOf[i]!]! += 1;
  const pick = (field: ArrayLike<number>): Float64Array => Float64Array.from(cellRepresentative, (i) => field[i]!);
  return {
    nPatterns,
    patternOf,
    patternAt,
    nCells,
    cellOf: cells.idOf,
    cellPattern: Int32Array.from(cellRepresentative, (i) => patternOf[i]!),
    cellCount,
    cellResponse: pick(response),
    cellRepresentative,
    cellData(familyData) {
      return {
        nTrials: familyData.nTrials.length === nObs ? pick(familyData.nTrials) : familyData.nTrials,
        ...(familyData.precision ? { precision: familyData.precision.length === nObs ? pick(familyData.precision) : familyData.precision } : {}),
        ...(familyData.exposure ? { exposure: familyData.exposure.length === nObs ? pick(familyData.exposure) : familyData.exposure } : {}),
      };
    },
  };
}
