/** Error raised by `@hlm/criteria` for options it cannot take. */
export class CriteriaError extends Error {
  readonly code: 'invalid-option';
  readonly detail: Record<string, unknown>;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: CriteriaError['code'], message: string, detail: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CriteriaError';
    this.code = code;
    this.detail = detail;
  }
}
