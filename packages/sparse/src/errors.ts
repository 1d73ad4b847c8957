/** The kinds of failure the sparse routines report. */
export type SparseErrorCode =
  /** An argument is malformed (bad shape, unsorted or out-of-range indices, not a permutation, ...). */
  | 'invalid-argument'
  /** Two operands (or a matrix and a vector) have incompatible sizes. */
  | 'dimension-mismatch'
  /** A full (both triangles) pattern given to `analyse` is not structurally symmetric. */
  | 'not-symmetric'
  /** A numeric factorisation met a pivot that is not positive and finite. */
  | 'not-positive-definite'
  /** A selected-inverse entry was requested outside the filled pattern of L + Lᵀ. */
  | 'not-on-pattern'
  /** A factor was used before a successful numeric factorisation (or after a failed one). */
  | 'not-factorised'
  /** An element read outside its array (a bug in the caller or in hlm; detail: `index`, `length`; see `checked.ts`). */
  | 'index-out-of-range';

/** An error raised by `@hlm/sparse`; `code` says what went wrong, `detail` carries the offending indices or sizes. */
export class SparseError extends Error {
  readonly code: SparseErrorCode;
  readonly detail?: Record<string, unknown>;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: SparseErrorCode, message: string, detail?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SparseError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }
}
