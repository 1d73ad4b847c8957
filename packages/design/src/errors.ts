/**
 * The typed error `buildDesign` and the table helpers throw.
 * @module
 */

/** Machine-readable reason of a `DesignError`. */
export type DesignErrorCode =
  | 'INVALID_SPEC'
  | 'EMPTY_TABLE'
  | 'UNEQUAL_LENGTH'
  | 'UNKNOWN_COLUMN'
  | 'MISSING_VALUE'
  | 'INVALID_VALUE'
  | 'MIXED_TYPES'
  | 'NOT_NUMERIC'
  | 'RESPONSE_NOT_INTEGER'
  | 'RESPONSE_NEGATIVE'
  | 'RESPONSE_ABOVE_TRIALS'
  | 'INVALID_TRIALS'
  | 'DUPLICATE_FIXED'
  | 'DUPLICATE_RANDOM'
  | 'SINGLE_LEVEL'
  | 'CONSTANT_COLUMN'
  | 'COLLINEAR'
  | 'INVALID_VALUES'
  | 'VALUE_NOT_IN_LEVELS'
  | 'INVALID_FORMULA'
  | 'INVALID_TRANSFORM'
  | 'INVALID_ENCODING'
  | 'INVALID_CSV'
  | 'EMPTY_COLUMN_NAME'
  | 'DUPLICATE_COLUMN';

/** Where a `DesignError` happened, when it concerns one column, row or value. */
export interface DesignErrorDetails {
  /** The table column (or model term) at fault. */
  column?: string;
  /** 1-based row of the offending value (row 1 is the first observation). */
  row?: number;
  /** The offending value. */
  value?: unknown;
  /** In a formula ('INVALID_FORMULA'): the 0-based offset of the character at fault (the formula's length when it ended too soon). */
  position?: number;
}

/** A typed error about a table or a model specification; the message names the column, row and value and says what was expected. */
export class DesignError extends Error {
  readonly code: DesignErrorCode;
  readonly column?: string;
  readonly row?: number;
  readonly value?: unknown;
  readonly position?: number;

  constructor(code: DesignErrorCode, message: string, details: DesignErrorDetails = {}) {
    super(message);
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
