import type { SummaryRow } from '@hlm/plots';

/** Everything the election figures and report need from one fit of the 1988 election model. */
export interface ElectionResults {
  /**
   * The data set: its size, the share of Bush votes, and a pandas-style describe() of the number of
   * respondents per state (`count` is the number of states).
   */
  data: {
    rows: number;
    columns: number;
    bushShare: number;
    perState: { count: number; mean: number; std: number; min: number; q25: number; median: number; q75: number; max: number };
  };
  /** Readable names of the fixed effects and the category each is compared with, by coefficient name (from the design's levels). */
  labels: Record<string, string>;
  baselines: Record<string, string>;
  /** Fixed effects on the log-odds scale, with `name` ('(Intercept)', 'female', 'black', 'age_cat2', ...). */
  fixed: SummaryRow[];
  /** Hyperparameters, e.g. 'Precision for state'. */
  hyperpar: (SummaryRow & { name: string })[];
  /** Posterior summaries of the 50 state effects. */
  random: { state: (SummaryRow & { ID: string })[] };
  /** Posterior marginals of the hyperparameters, keyed by their `hyperpar` names. */
  marginals: { hyperpar: Record<string, { x: number[]; y: number[] }> };
  dic: { dic: number; p_eff: number; mean_deviance: number; deviance_mean: number } | null;
  waic: { waic: number; p_eff: number; lppd: number } | null;
  mlik: { integration: number; gaussian: number } | null;
  cpo: { sum_log_cpo: number; failures: number } | null;
  timing: { fit_ms: number };
}
