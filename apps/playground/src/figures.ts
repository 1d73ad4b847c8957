/**
 * The fit's figures, drawn with Observable Plot (through @hlm/plots) in the page's own DOM.
 * @module
 */
import { caterpillarPlot, coefficientPlot, hyperparameterPlot, oddsRatioPlot, randomEffectHistogram } from '@hlm/plots';
import type { FitResults } from './results.js';

/** One figure: its id (the SVG file's name too), title, caption and SVG text. */
export interface Figure {
  id: string;
  caption: string;
  svg: string;
}

/** What exp(coefficient) is under each link that has one, and the scale of the coefficients. */
const RATIO: Record<string, string | undefined> = { logit: 'Odds ratio', log: 'Rate ratio' };
const SCALE: Record<string, string | undefined> = { logit: 'log-odds scale', log: 'log scale' };

/** A name safe in an id and a file name. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/**
 * The tutorial's figures for any fit: fixed effects (and their odds or rate ratios), each random effect's
 * caterpillar plot and, for an iid effect, the histogram of its means with the fitted normal; then the posterior
 * density of every hyperparameter.
 */
export function drawFigures(results: FitResults): Figure[] {
  const figures: Figure[] = [];
  const link = results.model.link;
  const slopes = results.fixed.filter((r) => r.name !== '(Intercept)');
  if (slopes.length > 0) {
    const scale = SCALE[link];
    figures.push({
      id: 'coefficients',
      caption: `Fixed effects${scale ? ` on the ${scale}` : ''}: posterior mean (dot) and 95% credible interval (line); green where the interval excludes 0.`,
      svg: coefficientPlot(results.fixed, { title: 'Fixed effects', xLabel: `Coefficient${scale ? ` (${scale})` : ''}` }),
    });
    const ratio = RATIO[link];
    if (ratio) {
      figures.push({
        id: 'odds-ratios',
        caption: `The same effects as ${ratio.toLowerCase()}s exp(coefficient) on a log axis; the dashed line at 1 means no difference from the baseline.`,
        svg: oddsRatioPlot(results.fixed, { title: `${ratio}s`, xLabel: `${ratio} (vs reference category)` }),
      });
    }
  }
  for (const [id, rows] of Object.entries(results.random)) {
    figures.push({
      id: `caterpillar-${slug(id)}`,
      caption: `All ${rows.length} levels of ${id} ordered by posterior mean with 95% intervals; blue where the interval excludes 0.`,
      svg: caterpillarPlot(rows, { title: `Random effect of ${id}`, xLabel: `Effect of ${id}`, yLabel: `${id} (ordered by effect)` }),
    });
    const precision = results.hyperpar.find((h) => h.name === `Precision for ${id}`);
    const iid = results.terms.some((term) => term.id === id && term.model === 'iid');
    if (precision && iid) {
      figures.push({
        id: `histogram-${slug(id)}`,
        caption: `Histogram (density) of the posterior means of the ${id} effects, with the fitted normal N(0, 1/√precision).`,
        svg: randomEffectHistogram(rows, { precision: precision.mean, bins: 15, title: `Distribution of the ${id} effects`, xLabel: `Effect of ${id}`, zeroLabel: 'Zero (no effect)' }),
      });
    }
  }
  results.hyperpar.forEach((summary) => {
    const marginal = results.marginals.hyperpar[summary.name];
    if (!marginal) return;
    figures.push({
      id: `hyperparameter-${slug(summary.name)}`,
      caption: `Posterior density of ${summary.name}, with its mean (solid) and 95% interval (dashed).`,
      svg: hyperparameterPlot(marginal, summary, { title: `Posterior of ${summary.name}`, xLabel: summary.name }),
    });
  });
  return figures;
}
