/**
 * Tables of named columns, and reading one column as numeric or categorical data.
 * @module
 */
import { DesignError, show } from './errors.js';
import { itemAt } from '@hlm/sparse';

/** One column: numbers (numeric) or strings (categorical); null, undefined, NaN, ±Infinity and '' are missing values. */
export type Column = ArrayLike<number | string | null | undefined>;

/** Named columns, all of the same length (one entry per observation). */
export type Table = Record<string, Column>;

/**
 * A column read by `readColumn`: numeric when every entry is a JS number, categorical when every entry is a string
 * (as pyINLA follows pandas dtypes; numeric-looking strings stay categorical).
 */
export type ColumnData = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; values: string[] };

/** The number of rows of `table`; throws `DesignError` when it has no columns or no rows ('empty-table') or unequal column lengths ('unequal-length'). */
export function tableRows(table: Table): number {
  const columns = Object.entries(table);
  const [first] = columns;
  if (first === undefined) throw new DesignError('empty-table', 'the table has no columns; expected at least one row of data');
  const [firstName, firstColumn] = first;
  const n = firstColumn.length;
  for (const [name, column] of columns) {
    const length = column.length;
    if (length !== n) {
      throw new DesignError(
        'unequal-length',
        `column '${name}' has ${length} rows but column '${firstName}' has ${n}; expected all columns to have the same length`,
        { column: name },
      );
    }
  }
  if (n === 0) throw new DesignError('empty-table', `the table has no rows (columns: ${columns.map(([name]) => name).join(', ')}); expected at least one row`);
  return n;
}

/** The column `name` of `table`; throws `DesignError` ('unknown-column') listing the available columns otherwise. `role` says what it was wanted for. */
export function getColumn(table: Table, name: string, role: string): Column {
  const column = Object.hasOwn(table, name) ? table[name] : undefined;
  if (column === undefined) {
    throw new DesignError(
      'unknown-column',
      `unknown column '${name}' (${role}); available columns: ${Object.keys(table).join(', ')}`,
      { column: name },
    );
  }
  return column;
}

/** The error for a missing or non-finite value of column `name` at the 1-based `row`. */
function missingValue(name: string, row: number, value: unknown): DesignError {
  return new DesignError(
    'missing-value',
    `column '${name}' has a missing or non-finite value at row ${row} (${show(value)}); expected a finite number or a non-empty string`,
    { column: name, row, value },
  );
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value));
}

/**
 * Reads column `name` of `table` (see `ColumnData`). Throws `DesignError` for an unknown column, a missing or
 * non-finite value ('missing-value'), an entry that is neither a number nor a string ('invalid-value'), or a
 * column mixing numbers and strings ('mixed-types'), naming the 1-based row and the value.
 */
export function readColumn(table: Table, name: string, role: string): ColumnData {
  const data = readColumnShared(table, name, role);
  return data.values === table[name] ? { kind: 'numeric', values: new Float64Array(data.values as Float64Array) } : data;
}

/**
 * `readColumn`, but a Float64Array column comes back as it is once checked, not copied: for the design's own callers
 * that only read it (a fixed effect's values, a factor's labels), which would otherwise copy 48 MB per column of a
 * 6,000,000-row table.
 */
export function readColumnShared(table: Table, name: string, role: string): ColumnData {
  const column = getColumn(table, name, role);
  if (column instanceof Float64Array) return { kind: 'numeric', values: checkedFinite(column, name) };
  if (Array.isArray(column) && isLabels(column)) return { kind: 'categorical', values: Array.from(column as string[]) };
  const n = column.length;
  const first = column[0];
  const kind = typeof first;
  for (let i = 0; i < n; i++) {
    const value: unknown = column[i];
    const row = i + 1;
    if (isMissing(value)) throw missingValue(name, row, value);
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw new DesignError(
        'invalid-value',
        `column '${name}' has a ${typeof value} at row ${row} (${show(value)}); expected a number or a string`,
        { column: name, row, value },
      );
    }
    if (typeof value !== kind) {
      throw new DesignError(
        'mixed-types',
        `column '${name}' mixes numbers and strings: row 1 is ${show(first)} but row ${row} is ${show(value)}; expected all numbers (numeric) or all strings (categorical)`,
        { column: name, row, value },
      );
    }
  }
  if (kind === 'number') return { kind: 'numeric', values: Float64Array.from(column as ArrayLike<number>) };
  return { kind: 'categorical', values: Array.from(column as ArrayLike<string>) };
}

/** Whether every entry is a non-empty string: the common case checked in one tight loop before the row-by-row checks that name a fault. */
function isLabels(column: readonly unknown[]): boolean {
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (typeof value !== 'string' || value === '') return false;
  }
  return true;
}

/** A column of doubles, which is all numbers, checked: only a non-finite value can be wrong in it. */
function checkedFinite(column: Float64Array, name: string): Float64Array {
  for (let i = 0; i < column.length; i++) {
    const value = column[i] ?? 0;
    if (!Number.isFinite(value)) throw missingValue(name, i + 1, value);
  }
  return column;
}

/** Reads column `name` as numbers; throws `DesignError` ('not-numeric') if it holds strings. */
export function readNumericColumn(table: Table, name: string, role: string): Float64Array {
  const data = readColumn(table, name, role);
  if (data.kind !== 'numeric') {
    throw new DesignError(
      'not-numeric',
      `column '${name}' (${role}) holds strings (row 1 is ${show(data.values[0])}); expected numbers`,
      { column: name, row: 1, value: data.values[0] },
    );
  }
  return data.values;
}
