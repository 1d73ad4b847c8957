/**
 * The contract every likelihood family implements, and the error type they throw.
 *
 * A family is one object (one file in `src/families/`, registered by name). Everything the engine needs to know
 * about the observation model is declared here, so `@hlm/inla` never names a family:
 * - `columns`: the per-observation data besides the response (R-INLA's `Ntrials`, `E`, `scale`), typed named columns;
 * - `hyper`: the family's hyperparameters with R-INLA's default priors (by prior name, resolved by the engine
 *   through `@hlm/latent`'s prior registry);
 * - the log density with its first three derivatives in the linear predictor η, vectorised over observations;
 * - the scalar log density and CDF of one observation, which the criteria (DIC, WAIC, CPO, PIT) integrate;
 * - `combine`: how observations sharing one linear predictor pool into one (sufficient statistics), or null.
 * @module
 */

import { outOfRange } from './checked.js';

/** A family's per-observation data by column name (`Ntrials`, `E`, `scale`, …), each one value per observation. */
export type ObservationColumns = Readonly<Record<string, ArrayLike<number>>>;

/** One per-observation column a family reads, under R-INLA's argument name. */
export interface FamilyColumn {
  /** R-INLA's argument name, e.g. `Ntrials`, `E`, `scale`; `inla()` takes it as an argument of that name. */
  readonly name: string;
  /** What it is, for messages and documentation. */
  readonly doc: string;
  /** The value of every observation when the column is not given (R-INLA's default, 1 for all three above). */
  readonly fallback: number;
}

/**
 * A hyperparameter of a family, declared as a latent model declares its own (the same fields as `@hlm/latent`'s
 * `HyperParameterDefinition`, so the engine resolves both alike). The prior is named, not imported: the likelihood
 * package sits beside the latent package, which owns the prior registry.
 */
export interface FamilyHyperParameter {
  /** Short name used in `control.family.hyper`, e.g. `prec`, `size`. */
  readonly id: string;
  /** Label of the user-scale quantity; summaries say `${userLabel} for ${family.observationsLabel}`. */
  readonly userLabel: string;
  /** Label of the internal-scale quantity θ, e.g. `Log precision`. */
  readonly internalLabel: string;
  /** Initial value of θ (R-INLA's `initial`). */
  readonly initial: number;
  /** R-INLA's default prior: a prior registered in `@hlm/latent` by name, with its parameters. */
  readonly prior: { readonly prior: string; readonly param: number[] };
  toTheta(user: number): number;
  fromTheta(theta: number): number;
}

/**
 * Sufficient statistics: how observations i ∈ S that share one linear predictor η (identical rows of A and equal
 * offsets and weights) pool into one observation. `combine(y_S, columns_S)` returns a response, column values and
 * the constant c_S(θ) such that, for every η and every θ of the family,
 *   Σ_{i∈S} log p(y_i | η, θ; columns_i) = log p(y_S | η, θ; columns_S) + c_S(θ)
 * (for the binomial c_S = Σ log C(n_i, y_i) − log C(Σn_i, Σy_i), free of θ; for the Gaussian it depends on the
 * precision). The derivatives in η of the pooled observation are then the sums of the members', so the conditional
 * mode, the Hessian and log π̃(θ | y) (after adding Σ_S c_S(θ)) are unchanged. Families for which no such pooling
 * exists declare `combine: null`. Only the engine's per-pattern work uses this; the criteria work per observation.
 */
export type CombineObservations = (
  y: ArrayLike<number>,
  columns: ObservationColumns,
) => { y: number; columns: Record<string, number>; constant(theta: ArrayLike<number>): number };

/** Machine-readable reason of a `LikelihoodError`. */
export type LikelihoodErrorCode =
  | 'length-mismatch'
  | 'not-finite'
  | 'not-integer'
  | 'negative'
  | 'exceeds-trials'
  | 'invalid-trials'
  | 'unknown-family'
  | 'duplicate-family'
  | 'invalid-family'
  | 'invalid-precision'
  | 'invalid-exposure'
  | 'invalid-column'
  /** An element read outside its array (a bug in the caller or in hlm; see `checked.ts`). */
  | 'index-out-of-range';

/** Optional location of the offending datum of a `LikelihoodError`. */
export interface LikelihoodErrorDetails {
  /** 1-based row of the observation (row 1 is the first observation). */
  row?: number;
  /** The offending value. */
  value?: number;
  /** The element index of an `index-out-of-range` read. */
  index?: number;
  /** The length of the array an `index-out-of-range` read was outside. */
  length?: number;
}

/** A typed error about a family or its data; `row` (1-based) and `value` locate the offending datum when there is one. */
export class LikelihoodError extends Error {
  readonly code: LikelihoodErrorCode;
  readonly row?: number;
  readonly value?: number;
  readonly index?: number;
  readonly length?: number;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(code: LikelihoodErrorCode, message: string, details: LikelihoodErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LikelihoodError';
    this.code = code;
    if (details.row !== undefined) this.row = details.row;
    if (details.value !== undefined) this.value = details.value;
    if (details.index !== undefined) this.index = details.index;
    if (details.length !== undefined) this.length = details.length;
  }
}

/**
 * A likelihood family: the log density of each observation given its linear predictor η and the family's
 * hyperparameters θ (internal scale, in the order of `hyper`; empty when it has none), with its derivatives in η.
 * Array methods work element-wise over the observations; `columns` holds every column of `columns` (the engine
 * fills absent ones with their fallback). Observations without a response (prediction rows) never reach a family.
 */
export interface LikelihoodFamily {
  /** The family's name, as R-INLA spells it, e.g. 'binomial'. */
  readonly name: string;
  /** The link function's name, e.g. 'logit'. */
  readonly link: string;
  /** What the response measures: counts of successes in trials, unbounded counts, or any real number. */
  readonly response: 'counts' | 'unbounded-counts' | 'continuous';
  /** The per-observation data it reads besides the response. */
  readonly columns: readonly FamilyColumn[];
  /** Its hyperparameters (R-INLA's order), each with its default prior. */
  readonly hyper: readonly FamilyHyperParameter[];
  /** The words that end its hyperparameters' labels, e.g. `the Gaussian observations` (as R-INLA's summaries). */
  readonly observationsLabel: string;
  /** How observations sharing η pool into one (see `CombineObservations`), or null when they cannot. */
  readonly combine: CombineObservations | null;
  /** Validates the response and the columns before fitting; throws `LikelihoodError` naming the row and value. */
  validate(y: ArrayLike<number>, columns: ObservationColumns): void;
  /** log p(yᵢ | ηᵢ, θ) for each i, including the normalising constant, written into `out` (which is returned). */
  logDensity(y: ArrayLike<number>, columns: ObservationColumns, theta: ArrayLike<number>, eta: ArrayLike<number>, out: Float64Array): Float64Array;
  /** First, second and third derivatives of log p(yᵢ | ηᵢ, θ) in ηᵢ, written into whichever of d1, d2, d3 are given. */
  derivatives(
    y: ArrayLike<number>,
    columns: ObservationColumns,
    theta: ArrayLike<number>,
    eta: ArrayLike<number>,
    d1?: Float64Array,
    d2?: Float64Array,
    d3?: Float64Array,
  ): void;
  /** log p(Yᵢ = yi | η, θ) for observation i (its columns' values at row i), e.g. for the criteria. */
  logDensityAt(yi: number, columns: ObservationColumns, i: number, theta: ArrayLike<number>, eta: number): number;
  /** P(Yᵢ ≤ yi | η, θ); P(Yᵢ < yi | η, θ) is `cdf(yi - 1, …)` for a discrete family (for PIT values). */
  cdf(yi: number, columns: ObservationColumns, i: number, theta: ArrayLike<number>, eta: number): number;
  /** The inverse link: the mean of yᵢ on the response scale per unit of its column (a probability, a rate per E). */
  inverseLink(eta: number): number;
}

/** Checks that `column` of `columns` is there and, when `n` is given, has one value per observation; returns it. */
export function columnOf<Column extends ArrayLike<number>>(family: string, columns: Readonly<Record<string, Column>>, name: string, n?: number): Column {
  const column = columns[name];
  if (column === undefined) {
    throw new LikelihoodError('invalid-column', `${family}: the per-observation column '${name}' is missing; expected one value per observation`);
  }
  if (n !== undefined && column.length !== n) {
    throw new LikelihoodError('length-mismatch', `${family}: the response has ${n} values but ${name} has ${column.length}; expected one per observation`);
  }
  return column;
}

/** Row `i` of the column `name` (see `columnOf`), checked: a family's `logDensityAt` and `cdf` read their column so. */
export function columnValue(family: string, columns: ObservationColumns, name: string, i: number): number {
  const column = columnOf(family, columns, name);
  return column[i] ?? outOfRange(column, i);
}
