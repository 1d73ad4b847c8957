/**
 * The zoo: one small data set per latent model, family and integration design, with R-INLA's default run on each
 * (data/zoo/*.csv and test/fixtures/zoo/*.rinla.json; see test/fixtures/zoo/README.md for provenance). This module
 * fits a zoo data set as R-INLA did and measures the agreement figures the zoo tests assert.
 */
import { readFileSync } from 'node:fs';
import { computeCriteria, type Criteria } from '../src/index.js';
import { readCsvTable, type ModelSpec, type Table } from '@hlm/design';
import { dataPath } from '@hlm/test-utils';
import { inla, type InlaInput, type InlaResult } from '@hlm/inla';
import { fixture } from './helpers.js';

export interface ZooRow {
  name?: string;
  ID?: number | string;
  mean: number;
  sd: number;
  '0.025quant': number;
  '0.5quant': number;
  '0.975quant': number;
  mode?: number;
}

export interface ZooRun {
  summary_fixed: ZooRow[];
  summary_random: Record<string, ZooRow[]>;
  summary_hyperpar: ZooRow[];
  internal_summary_hyperpar: ZooRow[];
  dic: { dic: number; p_eff: number };
  waic: { waic: number; p_eff: number };
  mlik: { integration: number; gaussian: number };
  cpo: { sum_log_cpo: number; failures: number; n: number };
  joint_hyper: Record<string, number>[];
  summary_linear_predictor: { name: string; mean: number; sd: number }[] | null;
  summary_fitted_values: (ZooRow & { is_na?: boolean })[] | null;
}

export interface ZooReference {
  meta: { formula: string; family: string; E: string | null; Ntrials: string | null; factors: string[] | null; control_predictor: Record<string, unknown> | null };
  runs: Record<string, ZooRun>;
}

export function zooReference(name: string): ZooReference {
  return fixture<ZooReference>(`zoo/${name}.rinla.json`);
}

/** The data set as a table (NA responses are missing values; the reference's factors as labels). */
export function zooTable(name: string, reference = zooReference(name)): Table {
  return readCsvTable(readFileSync(dataPath(`zoo/${name}.csv`), 'utf8'), { categorical: reference.meta.factors ?? [] }).table;
}

/**
 * R-INLA's formula with the graph file at its place in this repository, and R's `a:b` integer sequences inside `f()`
 * written out as `c(a, …, b)` (the formula parser reads c() vectors there).
 */
export function zooFormula(reference: ZooReference): string {
  return reference.meta.formula
    .replace(/"shared\/data\/([^"]+)"/g, (_, file: string) => JSON.stringify(dataPath(file)))
    .replace(/values = (\d+):(\d+)/g, (_, a: string, b: string) => `values = c(${Array.from({ length: Number(b) - Number(a) + 1 }, (_, k) => Number(a) + k).join(', ')})`);
}

/** offset_pois: `y ~ 1 + x + offset(log(pop)) + f(g, model = "iid")` as a spec, its offset term in `offsets`. */
const OFFSET_POIS_SPEC: ModelSpec = { response: 'y', fixed: ['1', 'x'], offsets: ['log(pop)'], random: [{ id: 'g', model: 'iid' }] };

/** R-INLA's call on the data set, as `inla()` input; `overrides` replaces parts of it. */
export function zooInput(name: string, overrides: Partial<InlaInput> = {}): InlaInput {
  const reference = zooReference(name);
  const { meta } = reference;
  return {
    model: name === 'offset_pois' ? OFFSET_POIS_SPEC : zooFormula(reference),
    family: meta.family,
    data: zooTable(name, reference),
    ...(meta.E ? { E: meta.E } : {}),
    ...(meta.Ntrials ? { Ntrials: meta.Ntrials } : {}),
    control: { compute: { dic: true, waic: true, cpo: true }, ...(meta.control_predictor ? { predictor: { compute: true } } : {}) },
    ...overrides,
  };
}

/** The agreement of a fit with R-INLA's run, in the figures the zoo tests assert. */
export interface ZooAgreement {
  /** Largest |Δmean| / R-INLA's sd over the fixed and random effects (and fitted values when R-INLA has them). */
  meanInSd: number;
  /** Largest |sd / R-INLA's sd − 1| over the same. */
  sdRatio: number;
  /** Largest relative difference of any hyperparameter summary (mean, sd, quantiles, mode; user scale). */
  hyper: number;
  dic: number;
  waic: number;
  mlikIntegration: number;
  mlikGaussian: number;
  sumLogCpo: number;
  /** Where the worst latent figures are, for messages. */
  where: { mean: string; sd: string; hyper: string };
}

function worstOver(ours: readonly ZooRow[], theirs: readonly ZooRow[], label: string, state: { mean: number; sd: number; where: { mean: string; sd: string } }): void {
  if (ours.length !== theirs.length) throw new Error(`${label}: ${ours.length} rows, R-INLA has ${theirs.length}`);
  ours.forEach((row, i) => {
    const ref = theirs[i]!;
    const mean = Math.abs(row.mean - ref.mean) / ref.sd;
    const sd = Math.abs(row.sd / ref.sd - 1);
    if (mean > state.mean) {
      state.mean = mean;
      state.where.mean = `${label}[${ref.name ?? ref.ID ?? i}]`;
    }
    if (sd > state.sd) {
      state.sd = sd;
      state.where.sd = `${label}[${ref.name ?? ref.ID ?? i}]`;
    }
  });
}

export function zooAgreement(fit: InlaResult, criteria: Criteria, run: ZooRun): ZooAgreement {
  const state = { mean: 0, sd: 0, where: { mean: '', sd: '' } };
  worstOver(fit.summaryFixed, run.summary_fixed, 'fixed', state);
  for (const [id, rows] of Object.entries(run.summary_random)) worstOver(fit.summaryRandom[id] ?? [], rows, id, state);
  if (run.summary_fitted_values && fit.summaryFittedValues.length > 0) worstOver(fit.summaryFittedValues, run.summary_fitted_values, 'fitted', state);
  let hyper = 0;
  let hyperWhere = '';
  fit.summaryHyperpar.forEach((row, k) => {
    const ref = run.summary_hyperpar[k]!;
    if (row.name !== ref.name) throw new Error(`hyperparameter ${k} is '${row.name}', R-INLA's '${ref.name}'`);
    for (const key of ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const) {
      const reference = ref[key];
      if (reference === undefined) throw new Error(`R-INLA's ${ref.name} has no ${key}`);
      const gap = Math.abs(row[key] / reference - 1);
      if (gap > hyper) {
        hyper = gap;
        hyperWhere = `${ref.name} ${key}`;
      }
    }
  });
  return {
    meanInSd: state.mean,
    sdRatio: state.sd,
    hyper,
    dic: Math.abs(criteria.dic!.dic - run.dic.dic),
    waic: Math.abs(criteria.waic!.waic - run.waic.waic),
    mlikIntegration: Math.abs(criteria.mlik!.integration - run.mlik.integration),
    mlikGaussian: Math.abs(criteria.mlik!.gaussian - run.mlik.gaussian),
    sumLogCpo: Math.abs(criteria.cpo!.sum_log_cpo - run.cpo.sum_log_cpo),
    where: { ...state.where, hyper: hyperWhere },
  };
}

/** Fits the data set as R-INLA's default run did and measures the agreement. */
export function fitZoo(name: string, overrides: Partial<InlaInput> = {}, runName = 'default'): { fit: InlaResult; agreement: ZooAgreement } {
  const fit = inla(zooInput(name, overrides));
  const criteria = computeCriteria(fit.posterior, { dic: true, waic: true, mlik: true, cpo: true });
  const agreement = zooAgreement(fit, criteria, zooReference(name).runs[runName]!);
  return { fit, agreement };
}

/** One line of the agreement figures. */
export function formatAgreement(name: string, a: ZooAgreement): string {
  return (
    `${name}: mean ${a.meanInSd.toFixed(4)} sd (${a.where.mean}), sd ${(100 * a.sdRatio).toFixed(3)}% (${a.where.sd}), ` +
    `hyper ${(100 * a.hyper).toFixed(3)}% (${a.where.hyper}), ΔDIC ${a.dic.toFixed(3)}, ΔWAIC ${a.waic.toFixed(3)}, ` +
    `Δmlik ${a.mlikIntegration.toFixed(3)} / ${a.mlikGaussian.toFixed(3)}, ΔΣlog CPO ${a.sumLogCpo.toFixed(3)}`
  );
}
