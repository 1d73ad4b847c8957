/**
 * The tutorial's tables for any fit, as data: shown in the page, downloaded as CSV.
 * @module
 */
import type { FitResults } from './results.js';

/** One cell: a number (shown rounded, kept whole) or text. */
export type Cell = number | string;

/** A table: its id (and CSV file name), heading, column names and rows whose first cell names the row. */
export interface Table {
  id: string;
  heading: string;
  note?: string;
  columns: string[];
  rows: Cell[][];
  /** Long tables (a random effect's levels) start folded. */
  folded?: boolean;
}

const SUMMARY = ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const;
type Summary = Record<(typeof SUMMARY)[number], number>;
const summaryCells = (row: Summary): number[] => SUMMARY.map((c) => row[c]);

/** '*' when the 95% interval excludes 0, as the tutorial marks an effect. */
function star(row: Summary): string {
  return row['0.025quant'] > 0 || row['0.975quant'] < 0 ? '*' : '';
}

/** The tables in the tutorial's order: data, fixed effects, odds (rate) ratios, hyperparameters, criteria, random effects. */
export function resultTables(results: FitResults): Table[] {
  const { data, criteria } = results;
  const tables: Table[] = [];
  tables.push({
    id: 'data-summary',
    heading: 'Data',
    columns: ['', 'value'],
    rows: [
      ['File', results.model.data],
      ['Rows', data.rows],
      ['Columns', data.columns.length],
      [`Mean of ${data.response}`, data.responseMean],
    ],
  });
  for (const [id, g] of Object.entries(data.groups)) {
    tables.push({
      id: `rows-per-${id}`,
      heading: `Rows per ${id}`,
      columns: ['', 'rows'],
      rows: [
        ['count', g.count],
        ['mean', g.mean],
        ['std', g.std],
        ['min', g.min],
        ['25%', g.q25],
        ['50%', g.median],
        ['75%', g.q75],
        ['max', g.max],
      ],
    });
  }
  tables.push({ id: 'fixed-effects', heading: 'Fixed effects', columns: ['', ...SUMMARY], rows: results.fixed.map((r) => [r.name, ...summaryCells(r)]) });
  const ratio = results.model.link === 'logit' ? 'odds' : results.model.link === 'log' ? 'rate' : null;
  const slopes = results.fixed.filter((r) => r.name !== '(Intercept)');
  if (ratio && slopes.length > 0) {
    tables.push({
      id: `${ratio}-ratios`,
      heading: ratio === 'odds' ? 'Odds ratios' : 'Rate ratios',
      note: `exp(coefficient) with its 95% interval; * where the interval excludes 1.`,
      columns: ['', `${ratio === 'odds' ? 'OR' : 'RR'}`, '2.5%', '97.5%', ''],
      rows: slopes.map((r) => [r.name, Math.exp(r.mean), Math.exp(r['0.025quant']), Math.exp(r['0.975quant']), star(r)]),
    });
  }
  tables.push({ id: 'hyperparameters', heading: 'Hyperparameters', columns: ['', ...SUMMARY], rows: results.hyperpar.map((r) => [r.name, ...summaryCells(r)]) });
  const rows: Cell[][] = [];
  if (!criteria) {
    rows.push(['computing…', '']);
  } else {
    if (criteria.dic) rows.push(['DIC', criteria.dic.dic], ['Effective parameters (DIC)', criteria.dic.p_eff]);
    if (criteria.waic) rows.push(['WAIC', criteria.waic.waic], ['Effective parameters (WAIC)', criteria.waic.p_eff]);
    if (criteria.mlik) rows.push(['log marginal-likelihood (integration)', criteria.mlik.integration], ['log marginal-likelihood (Gaussian)', criteria.mlik.gaussian]);
  }
  rows.push(['Fit time (ms)', results.timing.fit_ms]);
  tables.push({ id: 'criteria', heading: 'Model criteria', columns: ['', 'value'], rows });
  for (const [id, levels] of Object.entries(results.random)) {
    tables.push({
      id: `random-${id}`,
      heading: `Random effect of ${id}`,
      columns: ['ID', ...SUMMARY],
      rows: levels.map((r) => [r.ID, ...summaryCells(r)]),
      folded: true,
    });
  }
  return tables;
}

/** A number as the tables show it: 4 decimals, or an integer as is. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return x.toFixed(4);
}

/** A table as CSV (RFC 4180), numbers in full (shortest round-trip) precision. */
export function tableCsv(table: Table): string {
  const quote = (cell: Cell): string => {
    const text = typeof cell === 'number' ? String(cell) : cell;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = table.columns.map((c, j) => (j === 0 && c === '' ? 'name' : c === '' ? 'note' : c));
  return [header, ...table.rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
}
