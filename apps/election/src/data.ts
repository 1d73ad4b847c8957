import { readFileSync } from 'node:fs';
import type { Table } from '@hlm/design';
import { parse } from 'csv-parse/sync';

/** Raised when the data file cannot be read or lacks what the election model needs. */
export class ElectionDataError extends Error {
  readonly code: 'unreadable-file' | 'empty-file' | 'missing-column';
  readonly detail: Record<string, unknown>;
  constructor(code: ElectionDataError['code'], message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ElectionDataError';
    this.code = code;
    this.detail = detail;
  }
}

/** The columns the election model reads. */
export const ELECTION_COLUMNS = ['bush', 'state', 'female', 'black', 'age_cat', 'edu_cat', 'Ntrials'] as const;
/** Columns treated as categorical, as the tutorial does with `astype(str)`. */
export const CATEGORICAL_COLUMNS = ['age_cat', 'edu_cat'] as const;

/**
 * Reads a CSV with a header row into a column table. A column whose every entry parses as a finite number
 * becomes numeric (an empty cell stays an empty string, which the design reports as missing, naming the row);
 * the tutorial's categorical columns become strings.
 */
export function readElectionCsv(path: string): { table: Table; columns: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ElectionDataError('unreadable-file', `cannot read the data file '${path}': ${(error as Error).message}`, { path });
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  if (records.length === 0) throw new ElectionDataError('empty-file', `the data file '${path}' has no data rows`, { path });
  const columns = Object.keys(records[0]!);
  for (const name of ELECTION_COLUMNS) {
    if (!columns.includes(name)) {
      throw new ElectionDataError('missing-column', `the data file '${path}' has no column '${name}'; it has: ${columns.join(', ')}`, {
        path,
        column: name,
      });
    }
  }
  const table: Record<string, (number | string)[]> = {};
  for (const name of columns) {
    const raw = records.map((r) => r[name] ?? '');
    const categorical = (CATEGORICAL_COLUMNS as readonly string[]).includes(name);
    const numeric = !categorical && raw.every((v) => v !== '' && Number.isFinite(Number(v)));
    table[name] = numeric ? raw.map(Number) : raw;
  }
  return { table, columns };
}
