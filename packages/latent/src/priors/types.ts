/** A prior for one hyperparameter, as a log density on R-INLA's internal scale θ. */
export interface PriorDefinition {
  /** R-INLA's name for the prior, e.g. `loggamma`. */
  readonly name: string;
  /** One line on what the prior is and what its parameters mean. */
  readonly doc: string;
  /** How many parameters it takes. */
  readonly parameterCount: number;
  /** Throws a LatentError when the parameters are not valid for this prior. */
  validate(param: readonly number[]): void;
  /** log π(θ), including every normalising constant R-INLA includes. */
  logDensity(theta: number, param: readonly number[]): number;
  /**
   * The interval R-INLA defines the prior on (a tabulated prior), over which it is normalised; absent means the
   * whole line. `logDensity` still extends beyond it smoothly (where R-INLA would stop with an error).
   */
  readonly support?: readonly [number, number];
}
