/**
 * Which form field an error is about, so the page shows it beside that field.
 * @module
 */
import type { ModelOptions } from './model.js';

/**
 * The page's form fields: 'data', 'categorical', 'formula', 'family', 'graph', and each column the family reads by its
 * argument name ('Ntrials', 'E', 'scale'); 'fit' is the Fit button, for what no single field caused.
 */
export type Field = string;

/** An error as the page shows it: the field at fault, the message, and for a formula the offset of the character. */
export interface FieldError {
  field: Field;
  message: string;
  /** The error class and its code, e.g. `DesignError` / `unknown-column`. */
  name: string;
  code: string;
  /** 0-based offset into the formula of the character at fault. */
  position?: number;
  /** How many characters from `position` are at fault (a column name's length; 1 for a syntax error). */
  length?: number;
}

/** An error the page itself raises, already tied to its field. */
export class PlaygroundError extends Error {
  readonly code = 'invalid-input';
  constructor(
    readonly field: Field,
    message: string,
  ) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

/** Codes of `DesignError`s that `readCsvTable` raises about the file itself. */
const FILE_CODES = new Set(['invalid-encoding', 'invalid-csv', 'empty-table', 'empty-column-name', 'duplicate-column']);

/** Where `name` stands in `formula` as a whole word, if it does. */
function wordAt(formula: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_.])`).exec(formula);
  return match ? match.index + (match[1] ?? '').length : undefined;
}

/**
 * Ties any error of the fit to the field at fault: the formula for its syntax and its terms (with the position of a
 * column it names that the data lacks), the Ntrials or E field for their columns, the family, the graph, the data
 * file for its contents. Anything else goes beside the Fit button.
 */
export function fieldError(error: unknown, options: ModelOptions): FieldError {
  const e = error as Error & { code?: unknown; column?: unknown; position?: unknown; field?: unknown };
  const name = e?.name ?? 'Error';
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e instanceof Error ? e.message : String(error);
  const column = typeof e?.column === 'string' ? e.column : undefined;
  const at = (field: Field, position?: number, length = 1): FieldError => ({ field, message, name, code, ...(position === undefined ? {} : { position, length }) });
  /** The error beside the formula, marking the column where the formula names it. */
  const atColumn = (): FieldError => {
    const position = column === undefined ? undefined : wordAt(options.formula, column);
    return at('formula', position, column?.length);
  };

  /** The family column (Ntrials, E, ...) the user filled with data column `name`, if any. */
  const familyColumn = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : Object.entries(options.columns).find(([, chosen]) => chosen === name)?.[0];

  if (error instanceof PlaygroundError) return at(error.field);
  if (name === 'DesignError') {
    if (code === 'invalid-formula') return at('formula', typeof e.position === 'number' ? e.position : undefined);
    if (FILE_CODES.has(code)) return at('data');
    const chosen = familyColumn(column);
    if (chosen !== undefined && column !== undefined && wordAt(options.formula, column) === undefined) return at(chosen);
    if (code === 'invalid-trials' || code === 'response-above-trials') return at('Ntrials');
    if (code === 'unknown-column') {
      if (column !== undefined && options.categorical.includes(column) && wordAt(options.formula, column) === undefined) return at('categorical');
      return atColumn();
    }
    if (['invalid-spec', 'duplicate-fixed', 'duplicate-random', 'single-level', 'constant-column', 'collinear', 'too-many-fixed'].includes(code)) {
      return atColumn();
    }
    return at('data');
  }
  if (name === 'GraphError') return at('graph');
  if (name === 'LatentError') return at('formula');
  if (name === 'LikelihoodError') {
    const chosen = familyColumn(column);
    return at(chosen ?? 'family');
  }
  if (name === 'InlaError') {
    const chosen = Object.entries(options.columns).find(([, c]) => c !== '' && message.includes(`'${c}'`));
    if (chosen) return at(chosen[0]);
  }
  return at('fit');
}
