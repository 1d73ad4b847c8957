/**
 * Reading a CSV file into a typed `Table`, exactly or not at all. Browser-safe: it takes the file's bytes or text
 * and imports nothing from Node.
 * @module
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { DesignError, show } from './errors.js';
import type { Table } from './table.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/** Options of `readCsvTable`. */
export interface ReadCsvOptions {
  /** Columns read as labels (strings) even when their cells look like numbers, e.g. `['age_cat', 'edu_cat']`. */
  categorical?: readonly string[];
}

/** A CSV file read by `readCsvTable`: the table, its column names in file order, and how each column was read. */
export interface CsvTable {
  table: Table;
  columns: string[];
  kinds: Record<string, 'numeric' | 'categorical'>;
}

/** R's `na.strings` default plus the empty cell: both are missing values (null in the table). */
function isMissingCell(cell: string): boolean {
  return cell === '' || cell === 'NA';
}

/** A decimal number as a CSV writes it: 2, -0.5, .5, 1e-3, +2E+2 (no hex, no Inf, no thousands separators). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The byte offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? outOfRange(bytes, i);
    let extra: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      extra = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      extra = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      extra = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // overlong forms, UTF-16 surrogates and code points beyond U+10FFFF are not UTF-8
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += extra + 1;
  }
  return -1;
}

/** Decodes UTF-8 bytes (dropping a byte-order mark); throws `DesignError` ('invalid-encoding') at the first byte that is not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string {
  const at = firstInvalidUtf8(bytes);
  if (at >= 0) {
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const hex = (bytes[at] ?? outOfRange(bytes, at)).toString(16).toUpperCase().padStart(2, '0');
    throw new DesignError(
      'invalid-encoding',
      `the file is not UTF-8: byte 0x${hex} at line ${line} (byte ${at + 1}) is not valid UTF-8 (Latin-1 or Windows-1252 text?); expected UTF-8, so re-save the file as UTF-8`,
      { row: line, value: `0x${hex}` },
    );
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Reads CSV text or bytes with a header row into a `Table` (Uint8Array input must be UTF-8; a byte-order mark, CRLF
 * line ends and quoted fields, including quoted commas, quotes and line breaks, are read as RFC 4180 has them).
 *
 * - `NA` and empty cells are missing values, `null` in the table (the design allows them only in the response,
 *   where they mark rows to predict).
 * - A column listed in `categorical` holds labels (strings). Any other column is numeric when any of its cells is
 *   a number, and then every non-missing cell must be a decimal number; a column with no number in it holds labels.
 *   So one bad cell never turns a numeric column into labels: it is an error naming the row and the value.
 *
 * Throws `DesignError` with code `invalid-encoding`, `invalid-csv` (malformed quoting, a row with the wrong number
 * of cells), `empty-table`, `empty-column-name`, `duplicate-column`, `unknown-column` (a `categorical` name that is
 * not a column) or `not-numeric`. Rows are numbered from 1 for the first data row, as in `buildDesign`.
 */
export function readCsvTable(source: string | Uint8Array, options: ReadCsvOptions = {}): CsvTable {
  const text = typeof source === 'string' ? source.replace(/^\uFEFF/, '') : decodeUtf8(source);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    const where = e.lines === undefined ? '' : ` (line ${e.lines})`;
    throw new DesignError('invalid-csv', `the file is not valid CSV${where}: ${e.message.replace(/^Invalid Record Length: /, '')}`, {
      ...(e.lines === undefined ? {} : { row: e.lines }),
    }, { cause: error });
  }
  if (records.length === 0) throw new DesignError('empty-table', 'the file is empty; expected a header row and at least one row of data');
  const columns = itemAt(records, 0).record;
  const seen = new Map<string, number>();
  columns.forEach((name, k) => {
    if (name === '') {
      throw new DesignError('empty-column-name', `column ${k + 1} of the header has no name; expected every column to be named`, { value: k + 1 });
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new DesignError(
        'duplicate-column',
        `the header names column '${name}' twice (columns ${earlier + 1} and ${k + 1}); expected distinct column names`,
        { column: name },
      );
    }
    seen.set(name, k);
  });
  const rows = records.slice(1);
  if (rows.length === 0) {
    throw new DesignError('empty-table', `the file has a header (${columns.join(', ')}) but no rows of data; expected at least one row`);
  }
  const categorical = new Set(options.categorical ?? []);
  for (const name of categorical) {
    if (!seen.has(name)) {
      throw new DesignError('unknown-column', `unknown column '${name}' (listed as categorical); available columns: ${columns.join(', ')}`, {
        column: name,
      });
    }
  }

  const table: Table = {};
  const kinds: CsvTable['kinds'] = {};
  columns.forEach((name, k) => {
    const cells = rows.map((r) => itemAt(r.record, k)); // every record has the header's length (relax_column_count: false)
    const numeric = !categorical.has(name) && cells.some((cell) => DECIMAL.test(cell));
    kinds[name] = numeric ? 'numeric' : 'categorical';
    if (!numeric) {
      table[name] = cells.map((cell) => (isMissingCell(cell) ? null : cell));
      return;
    }
    const values: (number | null)[] = new Array(cells.length);
    cells.forEach((cell, i) => {
      if (isMissingCell(cell)) {
        values[i] = null;
      } else if (DECIMAL.test(cell) && Number.isFinite(Number(cell))) {
        values[i] = Number(cell);
      } else {
        throw new DesignError(
          'not-numeric',
          `column '${name}' is numeric but row ${i + 1} (line ${itemAt(rows, i).info.lines}) holds ${show(cell)}; expected a number, or NA or an empty cell for a missing value (or list '${name}' as categorical if it holds labels)`,
          { column: name, row: i + 1, value: cell },
        );
      }
    });
    table[name] = values;
  });
  return { table, columns, kinds };
}
