import { readFileSync } from 'node:fs';
import { readCsvTable, type Table } from '@hlm/design';

/** Raised when the data file cannot be read or lacks what the election model needs. */
export class ElectionDataError extends Error {
  readonly code: 'unreadable-file' | 'missing-column';
  readonly detail: Record<string, unknown>;
  constructor(code: ElectionDataError['code'], message: string, detail: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
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
 * Reads the CSV file with the `hlm` command's typed reader (`readCsvTable`: a bad cell in a numeric column is an
 * error naming its row), the tutorial's categorical columns as labels, and checks the model's columns are there.
 */
export function readElectionCsv(path: string): { table: Table; columns: string[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ElectionDataError('unreadable-file', `cannot read the data file '${path}': ${(error as Error).message}`, { path }, { cause: error });
  }
  const { table, columns } = readCsvTable(bytes, { categorical: [...CATEGORICAL_COLUMNS] });
  for (const name of ELECTION_COLUMNS) {
    if (!columns.includes(name)) {
      throw new ElectionDataError('missing-column', `the data file '${path}' has no column '${name}'; it has: ${columns.join(', ')}`, {
        path,
        column: name,
      });
    }
  }
  return { table, columns };
}
