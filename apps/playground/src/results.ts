/**
 * What a fit hands back to the page: R-INLA's summaries, the hyperparameter marginals and the criteria, as plain
 * JSON (it is also the page's results.json).
 * @module
 */
import type { FitWarning, FixedSummaryRow, HyperparameterSummaryRow, RandomSummaryRow } from '@hlm/inla';
import type { ModelOptions } from './model.js';

/** pandas' describe() of the number of rows per level of a grouping column. */
export interface GroupSizes {
  count: number;
  mean: number;
  std: number;
  min: number;
  q25: number;
  median: number;
  q75: number;
  max: number;
}

export interface FitResults {
  /** The options (with only the columns the family reads), the family's link, the data and graph files' names. */
  model: ModelOptions & { link: string; data: string; graph: string | null };
  /** The random effects of the formula: index column and latent model. */
  terms: { id: string; model: string }[];
  data: {
    rows: number;
    columns: string[];
    response: string;
    /** Mean of the response (the share of successes for a 0/1 binomial response). */
    responseMean: number;
    /** Rows per level of each random effect's index column. */
    groups: Record<string, GroupSizes>;
  };
  fixed: FixedSummaryRow[];
  hyperpar: HyperparameterSummaryRow[];
  random: Record<string, RandomSummaryRow[]>;
  marginals: { hyperpar: Record<string, { x: number[]; y: number[] }> };
  /** Null until computed: the page shows the summaries first. */
  criteria: {
    dic: { dic: number; p_eff: number; mean_deviance: number; deviance_mean: number } | null;
    waic: { waic: number; p_eff: number; lppd: number } | null;
    mlik: { integration: number; gaussian: number } | null;
  } | null;
  /** What the fit warns about (separation, a constant response, ...), each with its code and message. */
  warnings: FitWarning[];
  timing: { fit_ms: number };
}
