/**
 * The HTML report of any fit: tables, figures and how to read them. Browser-safe: no Node imports.
 * @module
 */
import { htmlReport, precisionSummaryTo, type ReportSection } from '@hlm/plots';
import type { Figure } from './figures.js';
import { ratioName } from './format.js';
import type { ModelResults, SummaryStats } from './results.js';

const QUANTILE_COLUMNS = ['Mean', 'SD', '2.5%', 'Median', '97.5%', 'Mode'];
const quantiles = (r: SummaryStats): number[] => [r.mean, r.sd, r['0.025quant'], r['0.5quant'], r['0.975quant'], r.mode];

/** The criteria table's rows; entries the fit did not compute are marked. */
export function criteriaRows(results: ModelResults): (string | number)[][] {
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
  add('log marginal likelihood (integration)', results.mlik?.integration, 'Integrated over the hyperparameters');
  add('log marginal likelihood (Gaussian)', results.mlik?.gaussian, 'Gaussian approximation');
  add('Sum of log CPO', results.cpo?.sum_log_cpo, 'Leave-one-out predictive fit; higher is better');
  add('CPO failures', results.cpo?.failures, 'Observations whose CPO is unreliable');
  add('Fit time (ms)', results.timing.fit_ms, 'Wall time of the fit');
  return rows;
}

/** The sections of the report of any model, in order. */
export function modelReportSections(results: ModelResults, figures: Figure[], label: (name: string) => string = (n) => n): ReportSection[] {
  const figureOf = (kind: Figure['kind'], of?: string): ReportSection['figure'] | undefined => {
    const f = figures.find((g) => g.kind === kind && g.of === of);
    return f && { id: f.name, svg: f.svg, caption: f.caption };
  };
  const withFigure = (section: ReportSection, figure: ReportSection['figure'] | undefined): ReportSection => (figure ? { ...section, figure } : section);
  const { model, data } = results;
  const ratio = ratioName(model.link, model.family);
  const sections: ReportSection[] = [
    {
      heading: 'Model',
      paragraphs: [
        `${model.formula}, fitted by INLA (integrated nested Laplace approximations) with the ${model.family} likelihood and ${model.link} link, ` +
          "with R-INLA's default priors and approximations. Every summary below is a posterior mean, standard deviation and quantiles.",
      ],
    },
    {
      heading: 'Data',
      paragraphs: [
        `${data.rows} rows and ${data.columns} columns` +
          (data.predictionRows > 0 ? `; ${data.predictionRows} rows have no response and are predicted, not fitted` : '') +
          '. ' +
          (data.response.trials !== undefined
            ? `${data.response.successes} successes in ${data.response.trials} trials (${(100 * data.response.mean).toFixed(1)}%).`
            : `The mean of ${data.response.name} is ${data.response.mean.toPrecision(4)}.`),
      ],
    },
    withFigure(
      {
        heading: 'Fixed effects',
        paragraphs: [
          `Coefficients are on the scale of the linear predictor (${model.link} link). A coefficient of a categorical ` +
            'variable is the difference from its first (baseline) level; a 95% interval wholly on one side of 0 marks an effect whose sign the data settle.',
        ],
        table: {
          id: 'fixed-effects',
          caption: 'Posterior summary of the fixed effects',
          columns: ['Effect', 'Term', ...QUANTILE_COLUMNS],
          rows: results.fixed.map((r) => [label(r.name), r.name, ...quantiles(r)]),
        },
      },
      figureOf('coefficients'),
    ),
  ];
  const effects = results.fixed.filter((r) => r.name !== '(Intercept)');
  if (ratio && effects.length > 0) {
    sections.push(
      withFigure(
        {
          heading: `${ratio.long}s`,
          paragraphs: [`exp(coefficient) is the ${ratio.long.toLowerCase()} of each effect against its baseline, other variables equal; 1 means no difference.`],
          table: {
            id: 'ratios',
            caption: `${ratio.long}s exp(coefficient) with 95% intervals`,
            columns: ['Effect', ratio.long, '2.5%', '97.5%'],
            rows: effects.map((r) => [label(r.name), Math.exp(r.mean), Math.exp(r['0.025quant']), Math.exp(r['0.975quant'])]),
          },
        },
        figureOf('ratios'),
      ),
    );
  }
  for (const [id, rows] of Object.entries(results.random)) {
    const clear = rows.filter((s) => s['0.025quant'] > 0 || s['0.975quant'] < 0).length;
    sections.push(
      withFigure(
        {
          heading: `Effects of ${id}`,
          paragraphs: [
            `${rows.length} levels; ${clear} have a 95% interval that excludes 0. The estimates are partially pooled: each is shrunk towards 0, the more so the less data its level has.`,
          ],
          table: {
            id: `random-${id}`,
            caption: `Effects of ${id}, ordered by posterior mean`,
            columns: ['Rank', id, ...QUANTILE_COLUMNS],
            rows: [...rows].sort((a, b) => b.mean - a.mean).map((s, i) => [i + 1, s.ID, ...quantiles(s)]),
          },
        },
        figureOf('random', id),
      ),
    );
  }
  if (results.hyperpar.length > 0) {
    const rows: (string | number)[][] = [];
    for (const h of results.hyperpar) {
      rows.push([h.name, ...quantiles(h)]);
      const marginal = results.marginals.hyperpar[h.name];
      if (h.name.startsWith('Precision for') && marginal) {
        rows.push([`  variance 1/τ`, ...quantiles(precisionSummaryTo(h, marginal, 'variance'))]);
        rows.push([`  SD 1/√τ`, ...quantiles(precisionSummaryTo(h, marginal, 'sd'))]);
      }
    }
    sections.push({
      heading: 'Hyperparameters',
      paragraphs: ['A precision τ measures how alike the levels of a random effect are; its variance 1/τ and SD 1/√τ are easier to read. Quantiles carry over exactly between these scales; means do not.'],
      table: { id: 'hyperparameters', caption: 'Posterior of the hyperparameters', columns: ['Quantity', ...QUANTILE_COLUMNS], rows },
    });
    for (const f of figures.filter((g) => g.kind === 'hyperparameter')) {
      sections.push({ heading: f.title, figure: { id: f.name, svg: f.svg, caption: f.caption } });
    }
  }
  sections.push({
    heading: 'Model criteria',
    paragraphs: ['Criteria for comparing this model with others fitted to the same data.'],
    table: { id: 'model-criteria', caption: 'Information criteria and marginal likelihood', columns: ['Criterion', 'Value', 'Note'], rows: criteriaRows(results) },
  });
  if (results.warnings.length > 0) {
    sections.push({ heading: 'Warnings', paragraphs: results.warnings.map((w) => w.message) });
  }
  return sections;
}

/** The self-contained HTML report of a fit. */
export function modelReportHtml(results: ModelResults, figures: Figure[], title = `hlm: ${results.model.formula}`): string {
  return htmlReport({ title, sections: modelReportSections(results, figures) });
}
