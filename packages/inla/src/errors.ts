/** Error raised by the INLA engine: a bad option, a model it cannot fit, or a numerical failure it cannot recover from. */
export class InlaError extends Error {
  readonly code:
    | 'invalid-option'
    | 'not-converged'
    | 'numerical-failure';
  readonly detail: Record<string, unknown>;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: InlaError['code'], message: string, detail: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InlaError';
    this.code = code;
    this.detail = detail;
  }
}
