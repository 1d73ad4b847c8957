/**
 * The fit the page runs (in a Web Worker) and the Node test repeats: CSV text → table → INLA → criteria → summaries.
 * @module
 */
import { computeCriteria } from '@hlm/criteria';
import { parseFormula, readCsvTable, type ModelSpec, type Table } from '@hlm/design';
import { inla, type FitProgress } from '@hlm/inla';
import { parseGraph } from '@hlm/latent';
import { getFamily, itemAt } from '@hlm/likelihood';
import type { DataFile, GraphFile, ModelOptions } from './model.js';
import type { FitResults, GroupSizes } from './results.js';
import { PlaygroundError } from './errors.js';

/** The latent models that need a graph. */
const GRAPH_MODELS = new Set(['besag', 'bym2']);

/** A data file read with the categorical columns it was read with. */
export interface ReadData {
  table: Table;
  columns: string[];
  kinds: Record<string, 'numeric' | 'categorical'>;
}

/** The column `name` of the data; a `PlaygroundError` on the formula when the data have no such column. */
function tableColumn(table: Table, name: string): NonNullable<Table[string]> {
  const column = table[name];
  if (column === undefined) throw new PlaygroundError('formula', `the data have no column '${name}'`);
  return column;
}

/** The number of rows of the data read (the length of its first column). */
export function rowCount(data: ReadData): number {
  const [first] = data.columns;
  if (first === undefined) throw new PlaygroundError('data', 'the data have no columns; expected a CSV file with a header row');
  return tableColumn(data.table, first).length;
}

/** Reads the CSV text, with `categorical` columns as labels (see `readCsvTable`). */
export function readData(file: DataFile, categorical: readonly string[]): ReadData {
  return readCsvTable(file.text, { categorical });
}

/** Where a fit is, for the page: what it is doing and, when known, the fraction of that step done. */
export interface FitStage {
  text: string;
  fraction?: number;
}

/** INLA's progress in words: the mode search counts its evaluations of π̃(θ | y); the points are counted of their total. */
function inlaStage(event: FitProgress): FitStage {
  if (event.stage === 'mode') return { text: `finding the mode of θ (${event.done} evaluations of π̃(θ | y))` };
  const what = event.stage === 'integration' ? 'integration points' : 'latent marginals at the points';
  return { text: `${what}: ${event.done} of ${event.total}`, ...(event.total ? { fraction: event.done / event.total } : {}) };
}

/** What `fitModel` reports as it goes: each stage as it starts, and the summaries before the criteria are computed. */
export interface FitReport {
  stage?: (stage: FitStage) => void;
  summaries?: (results: FitResults) => void;
}

/**
 * Fits `options`' model to `data` by INLA with R-INLA's defaults and DIC, WAIC and the marginal likelihood, as the
 * tutorial does. `graph` is the uploaded graph file, given to every besag or bym2 term.
 */
export function fitModel(data: ReadData, options: ModelOptions, meta: { dataName: string; graph: GraphFile | null }, progress: FitReport = {}): FitResults {
  const onStage = progress.stage ?? (() => {});
  const family = getFamily(options.family);
  const model = withGraph(parseFormula(options.formula), meta.graph);
  // the columns this family reads that the user chose; the others take the family's default
  const columns = Object.fromEntries(family.columns.map((c) => [c.name, options.columns[c.name] ?? '']).filter(([, column]) => column !== ''));
  onStage({ text: 'fitting the model (INLA)' });
  const fit = inla({
    model,
    family: family.name,
    data: data.table,
    ...columns,
    progress: (event) => onStage(inlaStage(event)),
    control: { compute: { dic: true, waic: true, mlik: true }, inla: { strategy: options.strategy } },
  });
  const response = Array.from(data.table[model.response] as ArrayLike<number | null>).filter((v): v is number => typeof v === 'number');
  const groups: Record<string, GroupSizes> = {};
  for (const term of model.random ?? []) groups[term.id] = groupSizes(tableColumn(data.table, term.id));
  const results: FitResults = {
    model: { ...options, columns, link: family.link, data: meta.dataName, graph: meta.graph?.name ?? null },
    terms: (model.random ?? []).map((term) => ({ id: term.id, model: term.model })),
    data: {
      rows: rowCount(data),
      columns: data.columns,
      response: model.response,
      responseMean: response.reduce((a, b) => a + b, 0) / response.length,
      groups,
    },
    fixed: fit.summaryFixed,
    hyperpar: fit.summaryHyperpar,
    random: fit.summaryRandom,
    marginals: { hyperpar: fit.marginals.hyperpar },
    criteria: null,
    warnings: fit.warnings,
    timing: { fit_ms: fit.timing.fit_ms },
  };
  progress.summaries?.(results);
  onStage({ text: 'model criteria: DIC, WAIC, marginal likelihood' });
  const criteria = computeCriteria(fit.posterior, fit.compute);
  return {
    ...results,
    criteria: {
      dic: criteria.dic && { dic: criteria.dic.dic, p_eff: criteria.dic.p_eff, mean_deviance: criteria.dic.mean_deviance, deviance_mean: criteria.dic.deviance_mean },
      waic: criteria.waic && { waic: criteria.waic.waic, p_eff: criteria.waic.p_eff, lppd: criteria.waic.lppd },
      mlik: criteria.mlik && { integration: criteria.mlik.integration, gaussian: criteria.mlik.gaussian },
    },
  };
}

/**
 * Gives the uploaded graph to each besag or bym2 term, in place of the file name the formula may carry (a page
 * cannot open files by name). Without an upload such a term is an error about the graph field.
 */
function withGraph(model: ModelSpec, graph: GraphFile | null): ModelSpec {
  const random = (model.random ?? []).map((term) => {
    if (!GRAPH_MODELS.has(term.model)) return term;
    const named = typeof term.graph === 'string' ? ` '${term.graph}'` : '';
    if (!graph) {
      throw new PlaygroundError('graph', `f(${term.id}, model = "${term.model}") needs a graph: upload the graph file${named} in R-INLA's format`);
    }
    return { ...term, graph: parseGraph(graph.text, graph.name) };
  });
  return { ...model, random };
}

/** Linear-interpolation quantile of sorted values (pandas' and R's type 7 default). */
function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return itemAt(sorted, lower) + (position - lower) * (itemAt(sorted, upper) - itemAt(sorted, lower));
}

/** pandas' describe() of the rows per level of `column`. */
function groupSizes(column: ArrayLike<unknown>): GroupSizes {
  const counts = new Map<string, number>();
  for (let i = 0; i < column.length; i++) {
    const key = String(column[i]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sizes = [...counts.values()].sort((a, b) => a - b);
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const variance = sizes.length > 1 ? sizes.reduce((s, v) => s + (v - mean) ** 2, 0) / (sizes.length - 1) : 0;
  return {
    count: sizes.length,
    mean,
    std: Math.sqrt(variance),
    min: itemAt(sizes, 0),
    q25: quantile(sizes, 0.25),
    median: quantile(sizes, 0.5),
    q75: quantile(sizes, 0.75),
    max: itemAt(sizes, sizes.length - 1),
  };
}
