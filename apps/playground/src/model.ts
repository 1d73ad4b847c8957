/**
 * What the page asks the fit for, and the options the URL keeps. Plain data, so it crosses to the Web Worker.
 * @module
 */

/** The likelihood families the page offers, with the column each one may take. */
export const FAMILIES = ['binomial', 'poisson', 'gaussian'] as const;
export type FamilyName = (typeof FAMILIES)[number];

/** R-INLA's `control.inla.strategy`: how the latent marginals are approximated. */
export const STRATEGIES = ['auto', 'gaussian', 'simplified.laplace', 'laplace'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The model and its options: everything the URL keeps (never the data). */
export interface ModelOptions {
  /** The formula in R-INLA's notation, e.g. `bush ~ female + f(state, model = "iid")`. */
  formula: string;
  family: FamilyName;
  /** Binomial: the column holding the number of trials; '' for one trial per row. */
  Ntrials: string;
  /** Poisson: the column holding the exposure E; '' for E = 1. */
  E: string;
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
  Ntrials: 'Ntrials',
  E: '',
  categorical: ['age_cat', 'edu_cat'],
  strategy: 'auto',
};
