/**
 * The typed error `buildDesign` and the table helpers throw.
 * @module
 */

/** Machine-readable reason of a `DesignError`. */
export type DesignErrorCode =
  | 'invalid-spec'
  | 'empty-table'
  | 'unequal-length'
  | 'unknown-column'
  | 'missing-value'
  | 'invalid-value'
  | 'mixed-types'
  | 'not-numeric'
  | 'response-not-integer'
  | 'response-negative'
  | 'response-above-trials'
  | 'invalid-trials'
  | 'duplicate-fixed'
  | 'duplicate-random'
  | 'single-level'
  | 'constant-column'
  | 'collinear'
  | 'too-many-fixed'
  | 'invalid-values'
  | 'value-not-in-levels'
  | 'invalid-formula'
  | 'invalid-transform'
  | 'invalid-encoding'
  | 'invalid-csv'
  | 'empty-column-name'
  | 'duplicate-column';

/** Where a `DesignError` happened, when it concerns one column, row or value. */
export interface DesignErrorDetails {
  /** The table column (or model term) at fault. */
  column?: string;
  /** 1-based row of the offending value (row 1 is the first observation). */
  row?: number;
  /** The offending value. */
  value?: unknown;
  /** In a formula ('invalid-formula'): the 0-based offset of the character at fault (the formula's length when it ended too soon). */
  position?: number;
}

/** A typed error about a table or a model specification; the message names the column, row and value and says what was expected. */
export class DesignError extends Error {
  readonly code: DesignErrorCode;
  readonly column?: string;
  readonly row?: number;
  readonly value?: unknown;
  readonly position?: number;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: DesignErrorCode, message: string, details: DesignErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DesignError';
    this.code = code;
    if (details.column !== undefined) this.column = details.column;
    if (details.row !== undefined) this.row = details.row;
    if ('value' in details) this.value = details.value;
    if (details.position !== undefined) this.position = details.position;
  }
}

/** A value as it appears in messages: strings quoted, everything else as `String` prints it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
