/**
 * What the page asks the fit for, and the options the URL keeps. Plain data, so it crosses to the Web Worker.
 * @module
 */

/** R-INLA's `control.inla.strategy`: how the latent marginals are approximated. */
export const STRATEGIES = ['auto', 'gaussian', 'simplified.laplace', 'laplace'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The model and its options: everything the URL keeps (never the data). */
export interface ModelOptions {
  /** The formula in R-INLA's notation, e.g. `bush ~ female + f(state, model = "iid")`. */
  formula: string;
  /** A family of `@hlm/likelihood`'s registry (R-INLA's names). */
  family: string;
  /**
   * The data column for each per-observation column the family reads, by R-INLA's argument name (`Ntrials`, `E`,
   * `scale`); absent or '' for the family's default (1 for every row).
   */
  columns: Record<string, string>;
  /** Columns read as labels (dummy-coded) even when their cells are numbers. */
  categorical: string[];
  strategy: Strategy;
}

/** A data file as the page read it. */
export interface DataFile {
  name: string;
  text: string;
}

/** A graph file in R-INLA's format, for `besag` and `bym2` terms. */
export interface GraphFile {
  name: string;
  text: string;
}

/** The tutorial's model on the election data, preloaded with it. */
export const ELECTION_OPTIONS: ModelOptions = {
  formula: 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")',
  family: 'binomial',
  columns: { Ntrials: 'Ntrials' },
  categorical: ['age_cat', 'edu_cat'],
  strategy: 'auto',
};
