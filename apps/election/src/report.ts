import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReport, precisionSummaryTo, type ReportSection, type SummaryRow } from '@hlm/plots';
import { electionFigures, statePrecision, type ElectionFigure } from './figures.js';
import type { ElectionResults } from './results.js';

/**
 * Significance stars of a fixed effect: '*' when its 95% interval (from the posterior quantiles)
 * excludes 0; '**' and '***' when |mean/sd| exceeds 2.576 and 3.291, i.e. when a normal
 * approximation of the posterior puts the 99% and 99.9% intervals clear of 0.
 */
export function stars(row: SummaryRow): string {
  if (!(row['0.025quant'] > 0 || row['0.975quant'] < 0)) return '';
  const z = Math.abs(row.mean / row.sd);
  return z > 3.291 ? '***' : z > 2.576 ? '**' : '*';
}

const QUANTILE_COLUMNS = ['Mean', 'SD', '2.5%', 'Median', '97.5%', 'Mode'];
const quantiles = (r: SummaryRow): number[] => [r.mean, r.sd, r['0.025quant'], r['0.5quant'], r['0.975quant'], r.mode];
const fixed2 = (x: number): string => x.toFixed(2);

/** A sentence reading one significant odds ratio. */
function oddsSentence(row: SummaryRow & { name: string }, label: (name: string) => string, baselineOf: (name: string) => string): string {
  const or = Math.exp(row.mean);
  const lo = Math.exp(row['0.025quant']);
  const hi = Math.exp(row['0.975quant']);
  const change = or >= 1 ? `${Math.round((or - 1) * 100)}% higher` : `${Math.round((1 - or) * 100)}% lower`;
  return (
    `${label(row.name)}: odds ratio ${fixed2(or)} (95% interval ${fixed2(lo)} to ${fixed2(hi)}), ` +
    `i.e. odds of a Bush vote about ${change} than in the baseline group (${baselineOf(row.name)}), other characteristics equal.`
  );
}

function criteriaRows(results: ElectionResults): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const add = (name: string, value: number | undefined, note: string): void => {
    rows.push([name, value === undefined ? 'not computed' : value, note]);
  };
  add('DIC', results.dic?.dic, 'Deviance information criterion; lower is better');
  add('Effective parameters (DIC)', results.dic?.p_eff, 'Mean deviance minus deviance at the mean');
  add('Mean deviance', results.dic?.mean_deviance, '');
  add('Deviance at the posterior mean', results.dic?.deviance_mean, '');
  add('WAIC', results.waic?.waic, 'Widely applicable information criterion; lower is better');
  add('Effective parameters (WAIC)', results.waic?.p_eff, '');
  add('lppd', results.waic?.lppd, 'Log pointwise predictive density');
  add('log marginal likelihood (integration)', results.mlik?.integration, 'Integrated over the hyperparameter');
  add('log marginal likelihood (Gaussian)', results.mlik?.gaussian, 'Gaussian approximation');
  add('Sum of log CPO', results.cpo?.sum_log_cpo, 'Leave-one-out predictive fit; higher is better');
  add('CPO failures', results.cpo?.failures, 'Observations whose CPO is unreliable');
  add('Fit time (ms)', results.timing.fit_ms, 'Wall time of the fit');
  return rows;
}

/** The report's sections, in order. */
export function reportSections(results: ElectionResults, figures: ElectionFigure[]): ReportSection[] {
  const label = (name: string): string => results.labels[name] ?? name;
  const baselineOf = (name: string): string => results.baselines[name] ?? '';
  const figure = (name: string): ReportSection['figure'] => {
    const f = figures.find((g) => g.name === name);
    if (!f) throw new Error(`no figure ${name}`);
    return { id: f.name, svg: f.svg, caption: f.caption };
  };
  const { summary: precision, marginal } = statePrecision(results);
  const variance = precisionSummaryTo(precision, marginal, 'variance');
  const sd = precisionSummaryTo(precision, marginal, 'sd');
  const effects = results.fixed.filter((r): r is SummaryRow & { name: string } => r.name !== undefined && r.name !== '(Intercept)');
  const intercept = results.fixed.find((r) => r.name === '(Intercept)');
  const states = [...results.random.state].sort((a, b) => b.mean - a.mean);
  const clearStates = states.filter((s) => s['0.025quant'] > 0 || s['0.975quant'] < 0);
  const means = states.map((s) => s.mean);
  const meanOfMeans = means.reduce((a, b) => a + b, 0) / means.length;
  const spread = Math.sqrt(means.reduce((a, b) => a + (b - meanOfMeans) ** 2, 0) / (means.length - 1));
  const plugInSd = 1 / Math.sqrt(precision.mean);
  const { data } = results;

  return [
    {
      heading: 'Model',
      paragraphs: [
        'Each survey respondent either voted for Bush (1) or did not (0). The model is a logistic regression ' +
          'with a random intercept per state: logit P(Bush) = intercept + sex + race + age group + education + state effect, ' +
          'where the 50 state effects are independent draws from N(0, σ²) and σ² = 1/τ is learnt from the data.',
        'It was fitted with INLA (integrated nested Laplace approximations), which gives the posterior mean, standard deviation ' +
          'and quantiles of every coefficient, state effect and of the precision τ without MCMC sampling.',
      ],
    },
    {
      heading: 'Data',
      paragraphs: [
        `${data.rows} respondents in ${data.perState.count} states, ${data.columns} columns; ` +
          `${(data.bushShare * 100).toFixed(1)}% of them voted for Bush.`,
      ],
      table: {
        id: 'data-summary',
        caption: 'Data summary and respondents per state',
        columns: ['Quantity', 'Value'],
        rows: [
          ['Respondents (rows)', data.rows],
          ['Columns', data.columns],
          ['Share voting Bush', `${(data.bushShare * 100).toFixed(1)}%`],
          ['States', data.perState.count],
          ['Respondents per state: mean', data.perState.mean],
          ['Respondents per state: std', data.perState.std],
          ['Respondents per state: min', data.perState.min],
          ['Respondents per state: 25%', data.perState.q25],
          ['Respondents per state: median', data.perState.median],
          ['Respondents per state: 75%', data.perState.q75],
          ['Respondents per state: max', data.perState.max],
        ],
      },
    },
    {
      heading: 'Fixed effects',
      paragraphs: [
        'Coefficients are on the log-odds scale. ' +
          (intercept
            ? `The intercept (${intercept.mean.toFixed(3)}) is the log-odds of a Bush vote for the baseline respondent ` +
              `(male, non-Black, aged 18-29, no high-school diploma) in a typical state; `
            : '') +
          'each other coefficient is the change in log-odds relative to its baseline category. ' +
          'A 95% interval that lies wholly on one side of 0 marks an effect whose sign the data settle.',
      ],
      table: {
        id: 'fixed-effects',
        caption: 'Posterior summary of the fixed effects (log-odds)',
        columns: ['Effect', 'Term', ...QUANTILE_COLUMNS],
        rows: results.fixed.map((r) => [r.name === '(Intercept)' ? 'Intercept' : label(r.name ?? ''), r.name ?? '', ...quantiles(r)]),
      },
      figure: figure('election_coefficients'),
    },
    {
      heading: 'Odds ratios',
      paragraphs: [
        'The odds of an event with probability p are p/(1-p): a 60% chance is odds of 1.5 (3 to 2). ' +
          'Exponentiating a coefficient gives an odds ratio, OR = exp(coefficient): how many times larger the odds of a ' +
          'Bush vote are for that group than for its baseline, everything else held equal. OR above 1 means higher odds, ' +
          'below 1 lower odds, exactly 1 no difference.',
        'Each odds ratio compares with the baseline category of its variable: Female with Male, Black with Non-Black, ' +
          'each age group with Age 18-29, and each education level with No HS diploma. ' +
          'When the 95% interval of an odds ratio excludes 1 the data point clearly to an effect in that direction; ' +
          'an interval that includes 1 is compatible with no difference.',
        'Stars: * the 95% interval excludes 1; ** and *** a normal approximation of the posterior (mean, SD) puts the 99% ' +
          'and 99.9% intervals clear of 1 as well.',
        ...effects.filter((r) => stars(r) !== '').map((r) => oddsSentence(r, label, baselineOf)),
      ],
      table: {
        id: 'odds-ratios',
        caption: 'Odds ratios exp(coefficient) with 95% intervals',
        columns: ['Effect', 'Compared with', 'Odds ratio', '2.5%', '97.5%', 'Signif.'],
        rows: effects.map((r) => [
          label(r.name),
          baselineOf(r.name),
          Math.exp(r.mean),
          Math.exp(r['0.025quant']),
          Math.exp(r['0.975quant']),
          stars(r),
        ]),
      },
      figure: figure('election_odds_ratios'),
    },
    {
      heading: 'State effects',
      paragraphs: [
        'Each state effect shifts the log-odds of a Bush vote for everyone in that state, after the demographic effects. ' +
          'The caterpillar plot orders the states by their posterior mean; a state whose 95% interval excludes 0 (blue) ' +
          `supported Bush clearly more or less than its demographics predict. ${clearStates.length} of ${states.length} states do.`,
        'The estimates are partially pooled: the model treats the states as draws from one normal distribution, so each ' +
          "state's estimate is pulled (shrunk) towards 0, the more so the less information its own respondents carry. " +
          'This sits between fitting every state separately (no pooling, noisy extremes) and ignoring states (complete pooling). ' +
          'Shrinkage is why no interval is as wide, and no mean as extreme, as a state-by-state fit would give.',
      ],
      table: {
        id: 'state-effects',
        caption: 'State effects (log-odds), ordered by posterior mean',
        columns: ['Rank', 'State', 'Mean', 'SD', '2.5%', '97.5%', 'Interval excludes 0'],
        rows: states.map((s, i) => [
          i + 1,
          s.ID,
          s.mean,
          s.sd,
          s['0.025quant'],
          s['0.975quant'],
          s['0.025quant'] > 0 || s['0.975quant'] < 0 ? 'yes' : 'no',
        ]),
      },
      figure: figure('election_state_effects'),
    },
    {
      heading: 'Distribution of the state effects',
      paragraphs: [
        `The bars are the posterior means of the ${states.length} state effects (standard deviation ${spread.toFixed(2)}); ` +
          `the curve is the fitted distribution of the true effects, N(0, ${plugInSd.toFixed(2)}), with the SD taken ` +
          'as 1/√(posterior mean of τ). ' +
          (spread < plugInSd
            ? 'The means spread less than the curve because each is shrunk towards 0: '
            : 'Each mean is shrunk towards 0, yet here they spread as widely as the curve: ') +
          'the curve describes how much the states really differ, the bars our best single guess for each state.',
      ],
      figure: figure('election_state_variance'),
    },
    {
      heading: 'Hyperparameters',
      paragraphs: [
        'The precision τ of the state effect measures how alike the states are: a large τ means small state differences. ' +
          'It is easier to read as a variance σ² = 1/τ or a standard deviation σ = 1/√τ on the log-odds scale. ' +
          'Quantiles carry over exactly (the 2.5% quantile of σ is 1/√(97.5% quantile of τ)); means do not, so the ' +
          `posterior mean of σ (${sd.mean.toFixed(3)}) differs from 1/√(mean of τ) (${plugInSd.toFixed(3)}).`,
      ],
      table: {
        id: 'hyperparameters',
        caption: 'Posterior of the state precision and of the variance and SD it implies',
        columns: ['Quantity', ...QUANTILE_COLUMNS],
        rows: [
          ['Precision τ (state)', ...quantiles(precision)],
          ['Variance σ² = 1/τ', ...quantiles(variance)],
          ['SD σ = 1/√τ', ...quantiles(sd)],
        ],
      },
      figure: figure('election_precision'),
    },
    {
      heading: 'Standard deviation of the state effect',
      paragraphs: [
        `A state one SD above the typical state (effect 0) has odds of a Bush vote about ${Math.exp(sd.mean).toFixed(2)} ` +
          'times those of the typical state for the same demographics (exp of the posterior mean of σ).',
      ],
      figure: figure('election_state_sd'),
    },
    {
      heading: 'Model criteria',
      paragraphs: ['Criteria for comparing this model with others fitted to the same data; entries the fit did not compute are marked.'],
      table: { id: 'model-criteria', caption: 'Information criteria and marginal likelihood', columns: ['Criterion', 'Value', 'Note'], rows: criteriaRows(results) },
    },
  ];
}

/** Writes `report.html` (self-contained: inline SVG figures and CSS) under `outDir`; returns its path. */
export function writeReport(outDir: string, results: ElectionResults): string {
  mkdirSync(outDir, { recursive: true });
  const html = htmlReport({
    title: '1988 U.S. Presidential Election: Multilevel Logistic Regression',
    sections: reportSections(results, electionFigures(results)),
  });
  const path = join(outDir, 'report.html');
  writeFileSync(path, html);
  return path;
}
