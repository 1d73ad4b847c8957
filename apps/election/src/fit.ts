import type { ModelSpec, Table } from '@hlm/design';
import { fitModel } from '@hlm/cli';
import type { InlaResult, LatentStrategy } from '@hlm/inla';
import { effectLabels } from './labels.js';
import type { ElectionResults } from './results.js';

/** The tutorial's model: vote for Bush on demographics with a random intercept per state. */
export const ELECTION_FORMULA = 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")';

/** The same model as a spec, as the tutorial writes it. */
export const ELECTION_MODEL: ModelSpec = {
  response: 'bush',
  fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
  random: [{ id: 'state', model: 'iid' }],
};

/** Fits the election model with R-INLA's defaults through the `hlm` command's fitting code, and keeps what the demo shows. */
export function fitElection(table: Table, columns: number, strategy: LatentStrategy = 'auto'): { fit: InlaResult; results: ElectionResults } {
  const { fit, results: model } = fitModel(table, columns, { formula: ELECTION_FORMULA, family: 'binomial', Ntrials: 'Ntrials', strategy });
  const state = model.random.state;
  const perState = model.data.perLevel.state;
  if (!state || !perState) throw new Error("the fit has no random effect 'state'");
  const results: ElectionResults = {
    ...effectLabels(model.fixedTerms),
    data: { rows: model.data.rows, columns: model.data.columns, bushShare: model.data.response.mean, perState },
    fixed: model.fixed,
    hyperpar: model.hyperpar,
    random: { state },
    marginals: model.marginals,
    dic: model.dic,
    waic: model.waic,
    mlik: model.mlik,
    cpo: model.cpo,
    timing: model.timing,
  };
  return { fit, results };
}
