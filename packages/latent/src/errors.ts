/** Error raised for an unknown latent model or prior, or an invalid hyperparameter setting. */
export class LatentError extends Error {
  readonly code: 'unknown-model' | 'unknown-prior' | 'invalid-hyper' | 'invalid-option' | 'duplicate-registration' | 'invalid-graph';
  readonly detail: Record<string, unknown>;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: LatentError['code'], message: string, detail: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LatentError';
    this.code = code;
    this.detail = detail;
  }
}

/** What is wrong with a neighbourhood graph. */
export type GraphErrorKind =
  /** A token that is not an integer, or a graph object of the wrong shape. */
  | 'syntax'
  /** A neighbour count that does not match the neighbours listed, or a node count that does not match N. */
  | 'count-mismatch'
  /** A node or neighbour id outside 1..N (1-based) or 0..N−1 (0-based). */
  | 'node-out-of-range'
  /** A node listed twice. */
  | 'duplicate-node'
  /** A node listed as its own neighbour. */
  | 'self-loop'
  /** A neighbour listed twice for the same node. */
  | 'duplicate-neighbour'
  /** i lists j as a neighbour but j does not list i (or a matrix that is not symmetric). */
  | 'asymmetric'
  /** A graph file that cannot be read. */
  | 'file';

/** An invalid neighbourhood graph (R-INLA's graph file, adjacency lists or matrix); `kind` says what is wrong. */
export class GraphError extends LatentError {
  readonly kind: GraphErrorKind;

  constructor(kind: GraphErrorKind, message: string, detail: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('invalid-graph', message, { kind, ...detail }, options);
    this.name = 'GraphError';
    this.kind = kind;
  }
}
