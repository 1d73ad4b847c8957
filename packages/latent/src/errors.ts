/** Error raised for an unknown latent model or prior, or an invalid hyperparameter setting. */
export class LatentError extends Error {
  readonly code: 'unknown-model' | 'unknown-prior' | 'invalid-hyper' | 'invalid-option' | 'duplicate-registration';
  readonly detail: Record<string, unknown>;

  constructor(code: LatentError['code'], message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'LatentError';
    this.code = code;
    this.detail = detail;
  }
}
