/**
 * Fitting a formula to a table with R-INLA's defaults and gathering what the tables, figures and report show.
 * Browser-safe: no Node imports.
 * @module
 */
import { computeCriteria, type Criteria } from '@hlm/criteria';
import { parseFormula, type Table } from '@hlm/design';
import { inla, type ControlOptions, type FitProgress, type InlaResult, type IntegrationStrategy, type LatentStrategy } from '@hlm/inla';
import { getFamily, itemAt } from '@hlm/likelihood';
import type { DataSummary, Describe, FitWarning, ModelResults } from './results.js';

/** What to fit: R-INLA's arguments, with columns named. */
export interface FitRequest {
  /** An R-INLA formula, e.g. `y ~ x + f(g, model = "iid")`. */
  formula: string;
  /** Likelihood family, by its name in `@hlm/likelihood`'s registry (default binomial). */
  family?: string;
  /** Column holding the numbers of trials (binomial). */
  Ntrials?: string;
  /** Column holding the exposure E (poisson, nbinomial). */
  E?: string;
  /** Column holding a known factor of each observation's precision (gaussian). */
  scale?: string;
  /** Column added to the linear predictor (R-INLA's offset). */
  offset?: string;
  /** Column of weights: each row's log-likelihood is multiplied by its weight (R-INLA's weights). */
  weights?: string;
  /** A graph for the random terms that need one (besag, bym2) and name none in the formula: a file path, or a graph object. */
  graph?: unknown;
  strategy?: LatentStrategy;
  intStrategy?: IntegrationStrategy;
  /** R-INLA's control sections; `strategy` and `intStrategy` override `control.inla`. */
  control?: ControlOptions;
  /** Told where the fit is (mode search, integration points, marginals). */
  progress?: (event: FitProgress) => void;
}

/** Models whose latent structure is a graph. */
const GRAPH_MODELS = new Set(['besag', 'bym2']);

/** Raised for a request that cannot be fitted as given (exit code 2 on the command line). */
export class RequestError extends Error {
  readonly code = 'invalid-request';
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The column `name` of the data; a `RequestError` naming it when the data have no such column. */
export function tableColumn(table: Table, name: string): NonNullable<Table[string]> {
  const column = table[name];
  if (column === undefined) throw new RequestError(`the data have no column '${name}'; columns: ${Object.keys(table).join(', ')}`);
  return column;
}

/** Linear-interpolation quantile of sorted values (pandas' and R's type 7 default). */
function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return itemAt(sorted, lower) + (position - lower) * (itemAt(sorted, upper) - itemAt(sorted, lower));
}

/** pandas' describe() of counts. */
export function describe(values: number[]): Describe {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return {
    count: n,
    mean,
    std: Math.sqrt(variance),
    min: itemAt(sorted, 0),
    q25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    q75: quantile(sorted, 0.75),
    max: itemAt(sorted, n - 1),
  };
}

const isPresent = (v: unknown): boolean => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v));

/** The data summary: size, the response's share of successes (counts in trials) or mean, and observations per level. */
export function summariseData(table: Table, columns: number, response: string, trials: string | undefined, groups: string[]): DataSummary {
  const y = tableColumn(table, response);
  const rows = y.length;
  const observed: number[] = [];
  for (let i = 0; i < rows; i++) if (isPresent(y[i])) observed.push(i);
  const sum = observed.reduce((s, i) => s + Number(y[i]), 0);
  const responseSummary: DataSummary['response'] = { name: response, mean: sum / observed.length };
  if (trials !== undefined) {
    const n = tableColumn(table, trials);
    const totalTrials = observed.reduce((s, i) => s + Number(n[i]), 0);
    Object.assign(responseSummary, { mean: sum / totalTrials, successes: sum, trials: totalTrials });
  }
  const perLevel: DataSummary['perLevel'] = {};
  for (const group of groups) {
    const column = tableColumn(table, group);
    const counts = new Map<string, number>();
    for (const i of observed) counts.set(String(column[i]), (counts.get(String(column[i])) ?? 0) + 1);
    perLevel[group] = describe([...counts.values()]);
  }
  return { rows, columns, response: responseSummary, predictionRows: rows - observed.length, perLevel };
}

/**
 * The request's control, with every criterion on unless the control says otherwise, the strategies applied, and the
 * linear predictor summarised when some rows are to be predicted (a missing response).
 */
function controlOf(request: FitRequest, predict: boolean): ControlOptions {
  const control: ControlOptions = { ...(request.control ?? {}) };
  control.compute = { dic: true, waic: true, mlik: true, cpo: true, ...(control.compute ?? {}) };
  if (predict) control.predictor = { compute: true, ...(control.predictor ?? {}) };
  if (request.strategy !== undefined || request.intStrategy !== undefined) {
    control.inla = {
      ...(control.inla ?? {}),
      ...(request.strategy !== undefined ? { strategy: request.strategy } : {}),
      ...(request.intStrategy !== undefined ? { 'int.strategy': request.intStrategy } : {}),
    };
  }
  return control;
}

/** Fits `request.formula` to `table` by INLA and returns the fit, its criteria and the results the outputs are made of. */
export function fitModel(table: Table, columns: number, request: FitRequest): { fit: InlaResult; criteria: Criteria; results: ModelResults } {
  const family = getFamily(request.family ?? 'binomial');
  const spec = parseFormula(request.formula);
  const random = (spec.random ?? []).map((r) => {
    if (request.graph === undefined || !GRAPH_MODELS.has(r.model) || r.graph !== undefined) return r;
    return { ...r, graph: request.graph };
  });
  if (request.graph !== undefined && !random.some((r, k) => r.graph !== undefined && spec.random?.[k]?.graph === undefined)) {
    throw new RequestError(`a graph was given but no f() term of the formula needs one (a besag or bym2 term without graph = "...")`);
  }
  const fit = inla({
    model: { ...spec, ...(random.length > 0 ? { random } : {}) },
    family: family.name,
    data: table,
    ...(request.Ntrials !== undefined ? { Ntrials: request.Ntrials } : {}),
    ...(request.E !== undefined ? { E: request.E } : {}),
    ...(request.scale !== undefined ? { scale: request.scale } : {}),
    ...(request.offset !== undefined ? { offset: request.offset } : {}),
    ...(request.weights !== undefined ? { weights: request.weights } : {}),
    ...(request.progress ? { progress: request.progress } : {}),
    control: controlOf(request, Array.from(table[spec.response] ?? []).some((v) => !isPresent(v))),
  });
  const criteria = computeCriteria(fit.posterior, fit.compute);
  const warnings: FitWarning[] = [...fit.warnings];
  if (criteria.cpo && criteria.cpo.failures > 0) {
    warnings.push({
      code: 'cpo-failure',
      message: `${criteria.cpo.failures} observation${criteria.cpo.failures === 1 ? '' : 's'} have unreliable CPO values (R-INLA's cpo$failure > 0); their CPO and PIT should not be trusted`,
    });
  }
  const results: ModelResults = {
    model: { formula: request.formula, family: family.name, link: family.link, response: spec.response },
    data: summariseData(table, columns, spec.response, request.Ntrials, random.map((r) => r.id)),
    fixed: fit.summaryFixed,
    fixedTerms: fit.fixedEffects.map((f) => ({ name: f.name, term: f.column, ...(f.level !== undefined ? { level: f.level } : {}) })),
    hyperpar: fit.summaryHyperpar,
    random: fit.summaryRandom,
    marginals: { hyperpar: fit.marginals.hyperpar },
    dic: criteria.dic && {
      dic: criteria.dic.dic,
      p_eff: criteria.dic.p_eff,
      mean_deviance: criteria.dic.mean_deviance,
      deviance_mean: criteria.dic.deviance_mean,
    },
    waic: criteria.waic && { waic: criteria.waic.waic, p_eff: criteria.waic.p_eff, lppd: criteria.waic.lppd },
    mlik: criteria.mlik && { integration: criteria.mlik.integration, gaussian: criteria.mlik.gaussian },
    cpo: criteria.cpo && { sum_log_cpo: criteria.cpo.sum_log_cpo, failures: criteria.cpo.failures },
    warnings,
    timing: { fit_ms: fit.timing.fit_ms },
  };
  return { fit, criteria, results };
}
