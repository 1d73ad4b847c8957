import { CscMatrix, outOfRange } from '@hlm/sparse';
import { LatentError } from './errors.js';

/** Entries (row ≥ col) of one symmetric matrix's lower triangle; repeated entries add up. */
export interface LowerEntries {
  rows: number[];
  cols: number[];
  values: number[];
}

export function lowerEntries(): LowerEntries {
  return { rows: [], cols: [], values: [] };
}

/** Adds v to entry (i, j) of the symmetric matrix (stored at row max(i, j), column min(i, j)). */
export function addEntry(entries: LowerEntries, i: number, j: number, v: number): void {
  entries.rows.push(Math.max(i, j));
  entries.cols.push(Math.min(i, j));
  entries.values.push(v);
}

/**
 * Several symmetric n × n matrices on one lower-triangular pattern (the union of theirs, diagonal always
 * included): a model's Q(θ) is then Σ_k c_k(θ) M_k + diagonal·I, evaluated in place by `combine`.
 */
export class SharedPattern {
  readonly pattern: CscMatrix;
  /** The values of each matrix in the order of `pattern`. */
  readonly terms: Float64Array[];
  /** Positions of the diagonal entries in `pattern`. */
  readonly diagonalPositions: Int32Array;

  constructor(n: number, matrices: readonly LowerEntries[]) {
    const rows: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(i);
      cols.push(i);
    }
    for (const m of matrices) {
      for (let t = 0; t < m.rows.length; t++) {
        rows.push(m.rows[t] ?? outOfRange(m.rows, t));
        cols.push(m.cols[t] ?? outOfRange(m.cols, t));
      }
    }
    const union = CscMatrix.fromTriplets(n, n, rows, cols, new Float64Array(rows.length));
    this.pattern = new CscMatrix(n, n, union.colPtr, union.rowIdx, new Float64Array(union.rowIdx.length));
    this.terms = matrices.map((m) => {
      const values = new Float64Array(union.rowIdx.length);
      m.rows.forEach((r, t) => {
        const p = position(union, r, m.cols[t] ?? outOfRange(m.cols, t));
        values[p] = (values[p] ?? outOfRange(values, p)) + (m.values[t] ?? outOfRange(m.values, t));
      });
      return values;
    });
    this.diagonalPositions = Int32Array.from({ length: n }, (_, i) => position(union, i, i));
  }

  /** out = Σ_k coefficients[k] · terms[k] + diagonal on the diagonal. */
  combine(coefficients: readonly number[], diagonal: number, out: Float64Array): void {
    out.fill(0);
    this.terms.forEach((term, k) => {
      const c = coefficients[k] ?? outOfRange(coefficients, k);
      if (c === 0) return;
      for (let p = 0; p < term.length; p++) out[p] = (out[p] ?? outOfRange(out, p)) + c * (term[p] ?? outOfRange(term, p));
    });
    if (diagonal !== 0) for (const p of this.diagonalPositions) out[p] = (out[p] ?? outOfRange(out, p)) + diagonal;
  }
}

/** Where entry (row, col) of the shared pattern is; every entry asked for is on it by construction. */
function position(m: CscMatrix, row: number, col: number): number {
  const p = m.position(row, col);
  if (p < 0) throw new LatentError('invalid-option', `internal: entry (${row}, ${col}) is not on the shared pattern`, { row, col });
  return p;
}
