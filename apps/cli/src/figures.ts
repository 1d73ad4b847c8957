/**
 * The figures of any fit, as SVG strings. Browser-safe: no Node imports.
 * @module
 */
import { caterpillarPlot, coefficientPlot, hyperparameterPlot, oddsRatioPlot } from '@hlm/plots';
import { ratioName } from './format.js';
import type { ModelResults } from './results.js';

/** One figure: its file stem and HTML id, caption and SVG. */
export interface Figure {
  name: string;
  /** What it shows; `of` names the random term or hyperparameter. */
  kind: 'coefficients' | 'ratios' | 'random' | 'hyperparameter';
  of?: string;
  title: string;
  caption: string;
  svg: string;
}

/** A name safe as a file stem and an HTML id. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'term';
}

/** How the figures name things. */
export interface FigureOptions {
  /** Prefix of every figure's name (default 'hlm'). */
  prefix?: string;
  /** Readable names of fixed effects, by coefficient name. */
  labels?: Record<string, string>;
  /** Titles by figure kind; defaults describe the model. */
  titles?: { coefficients?: string; ratios?: string };
}

/**
 * The figures of a fit: the coefficients with 95% intervals; their exponentials as odds or rate ratios when the
 * link is logit or log; each random term's effects (caterpillar); and each hyperparameter's posterior density
 * (precisions also on the SD scale).
 */
export function modelFigures(results: ModelResults, options: FigureOptions = {}): Figure[] {
  const prefix = options.prefix ?? 'hlm';
  const figures: Figure[] = [];
  const effects = results.fixed.filter((r) => r.name !== '(Intercept)');
  const scale = results.model.link === 'identity' ? 'response scale' : `${results.model.link} scale`;
  if (effects.length > 0) {
    figures.push({
      name: `${prefix}_coefficients`,
      kind: 'coefficients',
      title: options.titles?.coefficients ?? `Fixed effects on ${results.model.response}`,
      caption: `Fixed effects on the ${scale}: posterior mean (dot) and 95% credible interval (line); green where the interval excludes 0.`,
      svg: coefficientPlot(results.fixed, {
        ...(options.labels ? { labels: options.labels } : {}),
        title: options.titles?.coefficients ?? `Fixed effects on ${results.model.response}`,
        xLabel: `Coefficient (${scale})`,
      }),
    });
    const ratio = ratioName(results.model.link, results.model.family);
    if (ratio) {
      figures.push({
        name: `${prefix}_${slug(ratio.long.toLowerCase())}s`,
        kind: 'ratios',
        title: options.titles?.ratios ?? `${ratio.long}s for ${results.model.response}`,
        caption: `The same effects as ${ratio.long.toLowerCase()}s exp(coefficient) on a log axis; the dashed line at 1 means no difference.`,
        svg: oddsRatioPlot(results.fixed, {
          ...(options.labels ? { labels: options.labels } : {}),
          title: options.titles?.ratios ?? `${ratio.long}s for ${results.model.response}`,
          xLabel: `${ratio.long} (vs reference category)`,
        }),
      });
    }
  }
  for (const [id, rows] of Object.entries(results.random)) {
    figures.push({
      name: `${prefix}_${slug(id)}_effects`,
      kind: 'random',
      of: id,
      title: `Effects of ${id}`,
      caption: `All ${rows.length} effects of ${id} ordered by posterior mean with 95% intervals; blue where the interval excludes 0.`,
      svg: caterpillarPlot(rows, { title: `Effects of ${id}`, xLabel: `Effect of ${id} (${scale})`, yLabel: `${id} (ordered by effect)` }),
    });
  }
  for (const h of results.hyperpar) {
    const marginal = results.marginals.hyperpar[h.name];
    if (!marginal) continue;
    const isPrecision = h.name.startsWith('Precision for');
    figures.push({
      name: `${prefix}_${slug(h.name)}`,
      kind: 'hyperparameter',
      of: h.name,
      title: `Posterior of ${h.name}`,
      caption: `Posterior density of ${h.name}, with its mean (solid) and 95% interval (dashed).`,
      svg: hyperparameterPlot(marginal, h, { title: `Posterior of ${h.name}`, xLabel: h.name }),
    });
    if (isPrecision) {
      const of = h.name.replace(/^Precision for /, '');
      figures.push({
        name: `${prefix}_${slug(`sd for ${of}`)}`,
        kind: 'hyperparameter',
        of: h.name,
        title: `Posterior of the SD of ${of}`,
        caption: `The same posterior on the standard-deviation scale σ = 1/√precision, with its mean and 95% interval.`,
        svg: hyperparameterPlot(marginal, h, { scale: 'sd', title: `Posterior of the SD of ${of}`, xLabel: `SD for ${of}` }),
      });
    }
  }
  return figures;
}
