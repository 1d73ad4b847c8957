import { readFileSync } from 'node:fs';
import type { ElectionResults } from '../src/results.js';

/** ElectionResults built from the R-INLA reference fit (see fixtures/election_results.json `source`). */
export function loadResults(): ElectionResults {
  const file = JSON.parse(readFileSync(new URL('./fixtures/election_results.json', import.meta.url), 'utf8')) as {
    results: ElectionResults;
  };
  return file.results;
}

/** The HTML ids of the report's figures and tables. */
export const FIGURE_IDS = [
  'election_coefficients',
  'election_odds_ratios',
  'election_state_effects',
  'election_state_variance',
  'election_precision',
  'election_state_sd',
];
export const TABLE_IDS = ['data-summary', 'fixed-effects', 'odds-ratios', 'state-effects', 'hyperparameters', 'model-criteria'];
