import type { CscMatrix } from '@hlm/sparse';

/** A prior choice: a registered prior's name and its parameters. */
export interface PriorChoice {
  prior: string;
  param: number[];
}

/** One hyperparameter of a latent model as the model declares it (R-INLA's `inla.models()` record). */
export interface HyperParameterDefinition {
  /** Short name used in `hyper` settings, e.g. `prec`. */
  readonly id: string;
  /** Label of the user-scale quantity, e.g. `Precision`; summaries say `Precision for state`. */
  readonly userLabel: string;
  /** Label of the internal-scale quantity, e.g. `Log precision`. */
  readonly internalLabel: string;
  /** Initial value on the internal scale. */
  readonly initial: number;
  /** Default prior. */
  readonly prior: PriorChoice;
  /** Map from the user scale to the internal scale θ. */
  toTheta(user: number): number;
  /** Map from the internal scale θ to the user scale. */
  fromTheta(theta: number): number;
}

/** What a user may set for one hyperparameter, as R-INLA's `hyper = list(prec = list(...))`. */
export interface HyperSetting {
  prior?: string;
  param?: number[];
  /** Initial value on the internal scale. */
  initial?: number;
  /** Keep the hyperparameter at `initial` instead of integrating over it. */
  fixed?: boolean;
}

/** A hyperparameter of one component after the user's settings are applied. */
export interface ResolvedHyperParameter {
  readonly definition: HyperParameterDefinition;
  readonly prior: PriorChoice;
  readonly initial: number;
  readonly fixed: boolean;
  /** e.g. `Precision for state`. */
  readonly label: string;
  /** e.g. `Log precision for state`. */
  readonly internalLabel: string;
  /** log π(θ) under the chosen prior. */
  logPrior(theta: number): number;
  /** Where the prior is defined and normalised, when not the whole line (see `PriorDefinition.support`). */
  readonly priorSupport?: readonly [number, number];
}

/** Linear constraints C x = e on a component (R-INLA's `constr` and `extraconstr`). */
export interface LinearConstraints {
  /** One row per constraint, each of the component's length. */
  readonly rows: Float64Array[];
  readonly rhs: Float64Array;
}

/** Options common to every latent model; a model may read more (its own options are passed through). */
export interface LatentModelOptions {
  /** Number of nodes (levels) of the component. */
  size: number;
  /** Name of the component, e.g. the id column `state`. */
  label: string;
  /** Hyperparameter settings by short name. */
  hyper?: Record<string, HyperSetting>;
  /** Sum-to-zero constraint; `undefined` means the model's default. */
  constr?: boolean;
  /**
   * The block's level labels in order (what the design's indicator columns stand for). Models on ordered
   * values (rw1, rw2) read their locations from them; others may ignore them.
   */
  levels?: readonly string[];
  [option: string]: unknown;
}

/**
 * A latent model instantiated for one term of a model: its precision matrix Q(θ) on a pattern that does
 * not change with θ, its hyperparameters, constraints and prior normalising constant.
 */
export interface LatentComponent {
  readonly model: string;
  readonly label: string;
  readonly size: number;
  readonly hyper: readonly ResolvedHyperParameter[];
  /** Lower triangle (row >= column, diagonal included) of Q; only the pattern is used. */
  readonly pattern: CscMatrix;
  /** Writes the values of Q(θ) in the order of `pattern.values`; θ holds this component's internal hyperparameters. */
  precisionValues(theta: ArrayLike<number>, out: Float64Array): void;
  /**
   * The log normalising constant of the prior N(0, Q(θ)⁻¹) as R-INLA counts it:
   * (size − rankDeficiency)/2 · (log τ − log 2π) for the precision-scaled models (inla.c, `Z_f`).
   */
  logNormalisingConstant(theta: ArrayLike<number>): number;
  readonly constraints: LinearConstraints | null;
  readonly rankDeficiency: number;
  /**
   * The constant R-INLA's `diagonal` adds to every diagonal entry of Q (not scaled by τ); 1e-4 for the
   * constrained intrinsic models by default, 0 (or absent) otherwise. Q(θ) − diagonal·I is the model proper.
   */
  readonly diagonal?: number;
}

/** A latent model: one entry in the registry, one file in `src/models/`. */
export interface LatentModelDefinition {
  readonly name: string;
  readonly doc: string;
  /**
   * The options this model reads besides the common `hyper`, `constr` and `values`, in camelCase
   * (R-INLA's `scale.model` is `scaleModel`); any other option is an error.
   */
  readonly options?: readonly string[];
  readonly hyper: readonly HyperParameterDefinition[];
  create(options: LatentModelOptions): LatentComponent;
  /**
   * The level labels a term of this model must have whatever the data hold (e.g. a graph's nodes 1..n for
   * besag), or undefined to use the design's default (the sorted distinct labels, or `values`). `options` is
   * the random-effect spec without `id` and `model`; `label` is the term's name.
   */
  levels?(options: Record<string, unknown>, label: string): string[] | undefined;
}
