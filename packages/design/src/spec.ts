/**
 * The model specification `buildDesign` reads, and the design it returns.
 * @module
 */
import type { CscMatrix } from '@hlm/sparse';

/**
 * A random effect `f(id, model = ...)`: `id` names the index column. Every other option (hyper, graph, constr,
 * scaleModel, n, ...) is passed through untouched for the latent package, except `values`: when it is an array,
 * its entries (as strings, in the given order) are the block's levels instead of the sorted distinct labels.
 */
export interface RandomSpec {
  id: string;
  model: string;
  [option: string]: unknown;
}

/**
 * A model: the response column, the fixed-effect terms ('1' is the intercept, any other term a column name) and
 * the random effects, e.g. `{ response: 'bush', fixed: ['1', 'female'], random: [{ id: 'state', model: 'iid' }] }`.
 */
export interface ModelSpec {
  response: string;
  fixed: string[];
  random?: RandomSpec[];
  /**
   * Offsets (R's `offset(...)` terms): each a numeric column name or a transform of columns as a fixed-effect term
   * writes it (`log(pop)`); `buildDesign` sums them, with the `offset` option, into `Design.offset`.
   */
  offsets?: string[];
}

/** One column of the fixed-effect design. */
export interface FixedEffect {
  /** The coefficient's name: '(Intercept)', a numeric column's name, or column + level for a dummy ('age_cat2'). */
  name: string;
  /** The term it comes from: the table column, or '1' for the intercept. */
  column: string;
  /** The level a dummy column indicates; absent for the intercept and numeric columns. */
  level?: string;
  isIntercept: boolean;
}

/** One random effect: its spec, its level labels in order, and each observation's level. */
export interface RandomBlock {
  spec: RandomSpec;
  /** The index column (`spec.id`). */
  column: string;
  /** Level labels in order; level k is column `blockOffsets[b] + k` of `A`. */
  levels: string[];
  /** Each observation's 0-based level index. */
  index: Int32Array;
}

/** The coded model: response, trials, fixed-effect matrix, random-effect indices, and the projector A with η = A x + offset. */
export interface Design {
  nObservations: number;
  /**
   * The response of every row. A row whose response is missing in the table (null, undefined, NaN or '' — `NA` or an
   * empty cell in a CSV) is a prediction row: it stays in the design (its row of A, offset and weight), its response
   * is NaN, and the engine gives it no likelihood (R-INLA's NA response).
   */
  response: Float64Array;
  /** The offset of every row: the sum of the spec's `offsets` and the `offset` option; zeros when there is none. */
  offset: Float64Array;
  /** The weight of every row (R-INLA's `weights`: the row's log-likelihood is multiplied by it); ones when not given. */
  weights: Float64Array;
  /** Numbers of trials (0 allowed, as R-INLA); ones when not given. */
  nTrials: Float64Array;
  /** The fixed-effect columns, intercept first, then the terms in spec order. */
  fixed: FixedEffect[];
  /** nObservations × fixed.length: the trailing columns of `A`, sharing their storage. */
  fixedMatrix: CscMatrix;
  /** The random effects in spec order. */
  random: RandomBlock[];
  /** The projector A (nObservations × (Σ levels + fixed.length)): random blocks first, in spec order, then the fixed effects. */
  A: CscMatrix;
  /** The column of A where each random block starts. */
  blockOffsets: number[];
  /** The column of A where the fixed effects start (Σ levels). */
  fixedOffset: number;
}

/** Options of `buildDesign`. */
export interface BuildDesignOptions {
  /** Numbers of trials: one per row, or the name of a numeric column; every row has 1 trial when omitted. */
  nTrials?: ArrayLike<number> | string;
  /**
   * What the response measures: `counts` (the default; non-negative integers, at most nTrials) for trial
   * families such as the binomial, `unbounded-counts` (non-negative integers; nTrials must not be given) for the
   * Poisson, or
   * families such as the binomial, or `continuous` (any finite number; nTrials must not be given).
   */
  response?: 'counts' | 'unbounded-counts' | 'continuous';
  /** An offset added to the linear predictor: one number per row or the name of a numeric column (R-INLA's `offset` argument). */
  offset?: ArrayLike<number> | string;
  /** R-INLA's `weights`: one finite number ≥ 0 per row or the name of a numeric column; each row's log-likelihood is multiplied by its weight. */
  weights?: ArrayLike<number> | string;
}
