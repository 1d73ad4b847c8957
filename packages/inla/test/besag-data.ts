import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from '@hlm/design';
import { dataPath, readNumericCsv } from '@hlm/test-utils';

/** A numeric CSV of the data/ folder as a column table. */
export function csvTable(name: string): Table {
  return readNumericCsv(dataPath(name));
}

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}

export interface SummaryRow {
  name?: string;
  ID?: number | string;
  mean: number;
  sd: number;
  '0.025quant': number;
  '0.5quant': number;
  '0.975quant': number;
}

export interface RinlaRun {
  summary_fixed: SummaryRow[];
  summary_hyperpar: SummaryRow[];
  internal_summary_hyperpar: SummaryRow[];
  summary_random: { region: SummaryRow[] };
  mode_theta: Record<string, number>;
  mlik: { integration: number; gaussian: number };
  dic: { dic: number; p_eff: number };
  waic: { waic: number; p_eff: number };
}

/** The besag model of the reference runs: y ~ 1 + x + f(region, model = "besag", graph), binomial with Ntrials. */
export function besagModel(graph: string, extra: Record<string, unknown> = {}) {
  return { response: 'y', fixed: ['1', 'x'], random: [{ id: 'region', model: 'besag', graph: dataPath(graph), ...extra }] };
}
