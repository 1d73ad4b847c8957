/**
 * What a fit gives the tables, figures, report and results.json: the election demo's schema, for any model.
 * @module
 */

/** One row of an R-INLA posterior summary. */
export interface SummaryStats {
  mean: number;
  sd: number;
  '0.025quant': number;
  '0.5quant': number;
  '0.975quant': number;
  mode: number;
  kld?: number;
}

/** pandas' describe() of a set of counts (`count` is how many there are). */
export interface Describe {
  count: number;
  mean: number;
  std: number;
  min: number;
  q25: number;
  median: number;
  q75: number;
  max: number;
}

/** The data a fit saw. */
export interface DataSummary {
  rows: number;
  columns: number;
  /** The response column and its summary: for counts in trials the share of successes Σy / ΣNtrials, else the mean of y. */
  response: { name: string; mean: number; successes?: number; trials?: number };
  /** Rows whose response is missing (NA or empty): predicted, not fitted. */
  predictionRows: number;
  /** For each random effect, describe() of the number of observations per level. */
  perLevel: Record<string, Describe>;
}

/** A fixed effect's coefficient name, the term it comes from and, for a single factor, its level. */
export interface FixedTerm {
  name: string;
  term: string;
  level?: string;
}

/** A structured warning: a machine-readable `code`, a message, and what it concerns. */
export interface FitWarning {
  code: string;
  message: string;
  column?: string;
}

/** Everything the printed tables, figures, report and results.json hold for one fit. */
export interface ModelResults {
  model: { formula: string; family: string; link: string; response: string };
  data: DataSummary;
  /** Fixed effects on the scale of the linear predictor. */
  fixed: (SummaryStats & { name: string })[];
  fixedTerms: FixedTerm[];
  hyperpar: (SummaryStats & { name: string })[];
  /** Each random effect's levels, by its index column. */
  random: Record<string, (SummaryStats & { ID: string })[]>;
  /** Hyperparameter marginals on the user scale, keyed by their `hyperpar` names. */
  marginals: { hyperpar: Record<string, { x: number[]; y: number[] }> };
  dic: { dic: number; p_eff: number; mean_deviance: number; deviance_mean: number } | null;
  waic: { waic: number; p_eff: number; lppd: number } | null;
  mlik: { integration: number; gaussian: number } | null;
  cpo: { sum_log_cpo: number; failures: number } | null;
  warnings: FitWarning[];
  timing: { fit_ms: number };
}
