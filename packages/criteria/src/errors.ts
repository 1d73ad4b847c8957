/** Error raised by `@hlm/criteria` for options it cannot take. */
export class CriteriaError extends Error {
  readonly code: 'invalid-option';
  readonly detail: Record<string, unknown>;

  constructor(code: CriteriaError['code'], message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CriteriaError';
    this.code = code;
    this.detail = detail;
  }
}
