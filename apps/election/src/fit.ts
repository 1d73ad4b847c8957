import { computeCriteria } from '@hlm/criteria';
import type { ModelSpec, Table } from '@hlm/design';
import { inla, type InlaResult } from '@hlm/inla';
import type { ElectionResults } from './results.js';
import { summariseData } from './summary.js';

/** The tutorial's model: vote for Bush on demographics with a random intercept per state. */
export const ELECTION_MODEL: ModelSpec = {
  response: 'bush',
  fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
  random: [{ id: 'state', model: 'iid' }],
};

/** Fits the election model with R-INLA's defaults and gathers what the demo prints, plots and saves. */
export function fitElection(
  table: Table,
  columns: number,
  strategy: 'auto' | 'gaussian' | 'simplified.laplace' | 'laplace' = 'auto',
): { fit: InlaResult; results: ElectionResults } {
  const fit = inla({
    model: ELECTION_MODEL,
    family: 'binomial',
    data: table,
    Ntrials: 'Ntrials',
    control: { compute: { dic: true, waic: true, mlik: true, cpo: true }, inla: { strategy } },
  });
  const criteria = computeCriteria(fit.posterior, fit.compute);
  const state = fit.summaryRandom.state;
  if (!state) throw new Error("the fit has no random effect 'state'");
  const results: ElectionResults = {
    data: summariseData(table, columns),
    fixed: fit.summaryFixed,
    hyperpar: fit.summaryHyperpar,
    random: { state },
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
    timing: { fit_ms: fit.timing.fit_ms },
  };
  return { fit, results };
}
