import { inla, type InlaResult } from '@hlm/inla';
import { assertClose, electionModel, electionTable } from '@hlm/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeCriteria, cpo, dic, marginalLikelihood, waic, type Criteria } from '../src/index.js';
import { csvColumns, fixture } from './helpers.js';

interface Reference {
  dic: { dic: number; p_eff: number; mean_deviance: number; deviance_mean: number };
  waic: { waic: number; p_eff: number };
  mlik: { integration: number; gaussian: number };
  cpo: { sum_log_cpo: number; failures: number; n: number };
}

const reference = fixture<{
  default: Reference;
  eb: Reference;
  proper_intercept: { mlik: { integration: number; gaussian: number } };
  bridge_sampling: { log_mlik: number; sd: number };
}>('election_1988.criteria.json');

const data = electionTable();
const fit = (control: Parameters<typeof inla>[0]['control'] = {}): InlaResult =>
  inla({ model: electionModel, family: 'binomial', data, Ntrials: 'Ntrials', control });

/** Criteria against R-INLA's, to 0.1 (DIC, WAIC and their p_eff), 0.05 (both mlik lines) and 0.5 (Σ log CPO). */
function compareTotals(label: string, got: Criteria, want: Reference): void {
  const rows: [string, number, number, number][] = [
    ['dic', got.dic!.dic, want.dic.dic, 0.1],
    ['dic p_eff', got.dic!.p_eff, want.dic.p_eff, 0.1],
    ['mean deviance', got.dic!.mean_deviance, want.dic.mean_deviance, 0.1],
    ['deviance at mean', got.dic!.deviance_mean, want.dic.deviance_mean, 0.1],
    ['waic', got.waic!.waic, want.waic.waic, 0.1],
    ['waic p_eff', got.waic!.p_eff, want.waic.p_eff, 0.1],
    ['mlik integration', got.mlik!.integration, want.mlik.integration, 0.05],
    ['mlik gaussian', got.mlik!.gaussian, want.mlik.gaussian, 0.05],
    ['sum log cpo', got.cpo!.sum_log_cpo, want.cpo.sum_log_cpo, 0.5],
  ];
  console.log(
    `${label} vs R-INLA:\n` +
      rows.map(([name, a, b]) => `  ${name.padEnd(18)} ${a.toFixed(4).padStart(12)}  R-INLA ${b.toFixed(4).padStart(12)}  diff ${(a - b).toExponential(2)}`).join('\n'),
  );
  for (const [name, a, b, tol] of rows) assertClose(a, b, { abs: tol }, `${label} ${name}`);
  expect(got.cpo!.failures).toBe(want.cpo.failures);
  expect(got.cpo!.cpo.length).toBe(want.cpo.n);
}

describe('election 1988, R-INLA default (grid over one hyperparameter)', () => {
  let criteria: Criteria;
  beforeAll(() => {
    criteria = computeCriteria(fit().posterior, { dic: true, waic: true, mlik: true, cpo: true });
  });

  it('matches R-INLA: DIC, WAIC and their p_eff within 0.1, both mlik lines within 0.05, Σ log CPO within 0.5', () => {
    compareTotals('default', criteria, reference.default);
    assertClose(-2 * (criteria.waic!.lppd - criteria.waic!.p_eff), criteria.waic!.waic, { abs: 1e-9 }, 'WAIC = −2 (lppd − p_eff)');
  });

  it('matches R-INLA per observation: log CPO within 0.01; PIT, local DIC and WAIC within 0.01; the same failure flags', () => {
    const perObs = csvColumns('election_1988.per_obs.csv');
    const worst = { logCpo: 0, pit: 0, dic: 0, waic: 0, failure: 0 };
    let worstRow = 0;
    for (let i = 0; i < perObs.cpo!.length; i++) {
      const d = Math.abs(Math.log(criteria.cpo!.cpo[i]!) - Math.log(perObs.cpo![i]!));
      if (d > worst.logCpo) {
        worst.logCpo = d;
        worstRow = i + 1;
      }
      worst.pit = Math.max(worst.pit, Math.abs(criteria.cpo!.pit[i]! - perObs.pit![i]!));
      worst.failure = Math.max(worst.failure, Math.abs(criteria.cpo!.failure[i]! - perObs.failure![i]!));
      worst.dic = Math.max(worst.dic, Math.abs(criteria.dic!.local.dic[i]! - perObs.dic_local![i]!));
      worst.waic = Math.max(worst.waic, Math.abs(criteria.waic!.local[i]! - perObs.waic_local![i]!));
    }
    console.log(
      `default per observation, worst |difference| from R-INLA: log CPO ${worst.logCpo.toExponential(2)} (row ${worstRow}), ` +
        `PIT ${worst.pit.toExponential(2)}, failure ${worst.failure}, local DIC ${worst.dic.toExponential(2)}, local WAIC ${worst.waic.toExponential(2)}`,
    );
    expect(worst.logCpo).toBeLessThanOrEqual(0.01);
    expect(worst.pit).toBeLessThanOrEqual(0.01);
    expect(worst.failure).toBe(0);
    expect(worst.dic).toBeLessThanOrEqual(0.01);
    expect(worst.waic).toBeLessThanOrEqual(0.01);
  });

  it('sums its local values to the totals (to 1e-6)', () => {
    const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);
    assertClose(sum(criteria.dic!.local.dic), criteria.dic!.dic, { abs: 1e-6 }, 'Σ local DIC');
    assertClose(sum(criteria.dic!.local.p_eff), criteria.dic!.p_eff, { abs: 1e-6 }, 'Σ local p_eff');
    assertClose(sum(criteria.waic!.local), criteria.waic!.waic, { abs: 1e-6 }, 'Σ local WAIC');
    assertClose(sum(criteria.cpo!.cpo.map(Math.log)), criteria.cpo!.sum_log_cpo, { abs: 1e-6 }, 'Σ log CPO');
  });
});

describe('election 1988, int.strategy = eb (the mode alone)', () => {
  it('matches R-INLA: DIC, WAIC and their p_eff within 0.1, both mlik lines within 0.05, Σ log CPO within 0.5', () => {
    const posterior = fit({ inla: { 'int.strategy': 'eb' } }).posterior;
    compareTotals('eb', { dic: dic(posterior), waic: waic(posterior), mlik: marginalLikelihood(posterior), cpo: cpo(posterior) }, reference.eb);
  });
});

describe('election 1988 with a proper intercept N(0, precision 0.001)', () => {
  it('matches R-INLA (both lines within 0.05) and bridge sampling (within 0.5)', () => {
    const mlik = marginalLikelihood(fit({ fixed: { 'prec.intercept': 0.001 } }).posterior);
    const want = reference.proper_intercept.mlik;
    const bridge = reference.bridge_sampling.log_mlik;
    console.log(
      `proper intercept mlik: integration ${mlik.integration.toFixed(4)} (R-INLA ${want.integration.toFixed(4)}, diff ${(mlik.integration - want.integration).toExponential(2)}; ` +
        `bridge sampling ${bridge.toFixed(4)}, diff ${(mlik.integration - bridge).toFixed(4)}), ` +
        `Gaussian ${mlik.gaussian.toFixed(4)} (R-INLA ${want.gaussian.toFixed(4)}, diff ${(mlik.gaussian - want.gaussian).toExponential(2)}; bridge diff ${(mlik.gaussian - bridge).toFixed(4)})`,
    );
    assertClose(mlik.integration, want.integration, { abs: 0.05 }, 'mlik integration vs R-INLA');
    assertClose(mlik.gaussian, want.gaussian, { abs: 0.05 }, 'mlik gaussian vs R-INLA');
    assertClose(mlik.integration, bridge, { abs: 0.5 }, 'mlik integration vs bridge sampling');
    assertClose(mlik.gaussian, bridge, { abs: 0.5 }, 'mlik gaussian vs bridge sampling');
  });
});
