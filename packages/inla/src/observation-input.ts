/**
 * Reading a family's per-observation columns (R-INLA's `Ntrials`, `E`, `scale`, …) from `inla()`'s arguments.
 * @module
 */
import { readNumericColumn, type Design, type Table } from '@hlm/design';
import type { ResolvedHyperParameter } from '@hlm/latent';
import { LikelihoodError, type LikelihoodFamily } from '@hlm/likelihood';
import { InlaError } from './errors.js';
import { observationModel, type ObservationModel } from './observations.js';
import { outOfRange } from '@hlm/sparse';

/** A per-observation input: one value per row, the name of a numeric column of the data, or one number for every row. */
export type ColumnInput = ArrayLike<number> | string | number;

/** R-INLA's per-observation arguments of `inla()` that some family reads. */
const KNOWN_COLUMNS = ['Ntrials', 'E', 'scale'];

function readColumnInput(name: string, value: ColumnInput, data: Table, n: number): Float64Array {
  // a single number applies to every row, as R recycles it
  if (typeof value === 'number') return new Float64Array(n).fill(value);
  if (typeof value === 'string') return readNumericColumn(data, value, name);
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number') {
    throw new InlaError('invalid-option', `${name} must be one number per row, a column name or one number; got ${String(value)}`, { argument: name });
  }
  if (value.length !== n) throw new InlaError('invalid-option', `${name} has ${value.length} values but the table has ${n} rows; expected one per row`, { argument: name });
  const out = Float64Array.from(value);
  for (let i = 0; i < n; i++) {
    if (typeof value[i] !== 'number') {
      throw new InlaError('invalid-option', `${name} is ${String(value[i])} at row ${i + 1}; expected a number`, { argument: name, row: i + 1 });
    }
    if (Number.isNaN(out[i])) throw new InlaError('invalid-option', `${name} is NaN at row ${i + 1}; expected a number`, { argument: name, row: i + 1 });
  }
  return out;
}

/**
 * The observation model of a fit: the family's declared columns read from `input` (absent ones at their fallback),
 * checked by the family on the rows that have a response (rows without one are prediction rows: no likelihood), with
 * the design's offsets and weights. A per-observation argument the family does not declare is an error naming the
 * columns it does read.
 */
export function readObservations(
  input: Record<string, unknown>,
  family: LikelihoodFamily,
  design: Design,
  hyper: readonly ResolvedHyperParameter[],
): ObservationModel {
  const n = design.nObservations;
  const declared = family.columns.map((c) => c.name);
  for (const name of KNOWN_COLUMNS) {
    if (input[name] !== undefined && !declared.includes(name)) {
      const reads = declared.length > 0 ? `it reads: ${declared.join(', ')}` : 'it reads no per-observation column';
      throw new InlaError('invalid-option', `${name} is not read by the ${family.name} family; ${reads}`, { argument: name, family: family.name });
    }
  }
  let nObserved = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(design.response[i] ?? outOfRange(design.response, i))) nObserved++;
  const observedRows = new Int32Array(nObserved);
  for (let i = 0, k = 0; i < n; i++) if (!Number.isNaN(design.response[i] ?? outOfRange(design.response, i))) observedRows[k++] = i;
  const columns: Record<string, Float64Array> = {};
  for (const column of family.columns) {
    const given = input[column.name] as ColumnInput | undefined;
    const all = given === undefined ? new Float64Array(n).fill(column.fallback) : readColumnInput(column.name, given, input.data as Table, n);
    columns[column.name] = observedRows.length === n ? all : Float64Array.from(observedRows, (i) => (all[i] ?? outOfRange(all, i)));
  }
  const response = observedRows.length === n ? design.response : Float64Array.from(observedRows, (i) => (design.response[i] ?? outOfRange(design.response, i)));
  try {
    family.validate(response, columns);
  } catch (error) {
    // name the row of the data, not the position among the observed rows
    if (error instanceof LikelihoodError && error.row !== undefined && observedRows.length !== n) {
      const row = (observedRows[error.row - 1] ?? outOfRange(observedRows, error.row - 1)) + 1;
      throw new LikelihoodError(error.code, error.message.replace(`row ${error.row}`, `row ${row}`), { row, ...(error.value === undefined ? {} : { value: error.value }) }, { cause: error });
    }
    throw error;
  }
  const weighted = observedRows.some((i) => design.weights[i] !== 1);
  return observationModel({
    family,
    nRows: n,
    observedRows,
    response,
    columns,
    weights: weighted ? Float64Array.from(observedRows, (i) => (design.weights[i] ?? outOfRange(design.weights, i))) : null,
    offset: design.offset,
    hyper,
  });
}
