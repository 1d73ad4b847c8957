/**
 * The contract every likelihood family implements, and the error type they throw.
 * @module
 */

/** Per-observation data a family needs besides the response. */
export interface FamilyData {
  /** Number of trials of each observation (binomial); the same length as the response. */
  nTrials: ArrayLike<number>;
  /** Known precision of each observation (gaussian: R-INLA's fixed precision times its `scale`). */
  precision?: ArrayLike<number>;
  /** Exposure of each observation (poisson: R-INLA's `E`, the mean is E·exp(η)); 1 when not given. */
  exposure?: ArrayLike<number>;
}

/** Machine-readable reason of a `LikelihoodError`. */
export type LikelihoodErrorCode =
  | 'LENGTH_MISMATCH'
  | 'NOT_FINITE'
  | 'NOT_INTEGER'
  | 'NEGATIVE'
  | 'EXCEEDS_TRIALS'
  | 'INVALID_TRIALS'
  | 'UNKNOWN_FAMILY'
  | 'DUPLICATE_FAMILY'
  | 'INVALID_PRECISION'
  | 'INVALID_EXPOSURE';

/** Optional location of the offending datum of a `LikelihoodError`. */
export interface LikelihoodErrorDetails {
  /** 1-based row of the observation (row 1 is the first observation). */
  row?: number;
  /** The offending value. */
  value?: number;
}

/** A typed error about a family or its data; `row` (1-based) and `value` locate the offending datum when there is one. */
export class LikelihoodError extends Error {
  readonly code: LikelihoodErrorCode;
  readonly row?: number;
  readonly value?: number;

  constructor(code: LikelihoodErrorCode, message: string, details: LikelihoodErrorDetails = {}) {
    super(message);
    this.name = 'LikelihoodError';
    this.code = code;
    if (details.row !== undefined) this.row = details.row;
    if (details.value !== undefined) this.value = details.value;
  }
}

/**
 * A likelihood family: the log density of each observation given its linear predictor η, with its
 * derivatives in η. Array methods work element-wise over observations.
 */
export interface LikelihoodFamily {
  /** The family's name, e.g. 'binomial'. */
  readonly name: string;
  /** The link function's name, e.g. 'logit'. */
  readonly link: string;
  /** What the response measures: counts of successes in trials, unbounded counts, or any real number. */
  readonly response: 'counts' | 'unbounded-counts' | 'continuous';
  /** The per-observation datum that `logDensityAt` and `cdf` take as `extraI` (nTrials for the binomial). */
  datum(extra: FamilyData): ArrayLike<number>;
  /** Validates the response and the family's extra data before fitting; throws `LikelihoodError` naming the row and value. */
  validate(y: ArrayLike<number>, extra: FamilyData): void;
  /** log p(yᵢ | ηᵢ) for each i, including the normalising constant, written into `out` (which is returned). */
  logDensity(y: ArrayLike<number>, extra: FamilyData, eta: ArrayLike<number>, out: Float64Array): Float64Array;
  /** log p(yᵢ | ηᵢ) for one observation with extra datum `extraI` (for the binomial, its number of trials). */
  logDensityAt(yi: number, extraI: number, eta: number): number;
  /** First, second and third derivatives of log p(yᵢ | ηᵢ) in ηᵢ, written into whichever of d1, d2, d3 are given. */
  derivatives(
    y: ArrayLike<number>,
    extra: FamilyData,
    eta: ArrayLike<number>,
    d1?: Float64Array,
    d2?: Float64Array,
    d3?: Float64Array,
  ): void;
  /** P(Yᵢ ≤ yi | η); P(Yᵢ < yi | η) is `cdf(yi - 1, extraI, eta)` for a discrete family (for PIT values). */
  cdf(yi: number, extraI: number, eta: number): number;
  /** The inverse link: the mean of yᵢ / extraᵢ on the response scale. */
  inverseLink(eta: number): number;
}
