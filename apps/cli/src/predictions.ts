/**
 * predictions.csv: the linear predictor and fitted value of every row whose response is missing. Browser-safe.
 * @module
 */
import { itemAt } from '@hlm/likelihood';
import type { SummaryStats } from './results.js';

const STATS = ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const;

/** A CSV cell: numbers in full precision, text quoted when it needs to be. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The CSV of predictions: one line per row to predict (1-based `row` of the data file's data rows), with the
 * posterior summary of its linear predictor η and of its fitted value g⁻¹(η).
 */
export function predictionsCsv(rows: readonly number[], linearPredictor: readonly SummaryStats[], fittedValues: readonly SummaryStats[]): string {
  const header = ['row', ...STATS.map((s) => `predictor.${s}`), ...STATS.map((s) => `fitted.${s}`)];
  const lines = rows.map((i) => [i + 1, ...STATS.map((s) => itemAt(linearPredictor, i)[s]), ...STATS.map((s) => itemAt(fittedValues, i)[s])].map(csvCell).join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
