import * as Plot from '@observablehq/plot';
import { precisionMarginalTo, precisionSummaryTo } from './marginal.js';
import { COLORS, DASH, renderFigure } from './render.js';
import type { FigureOptions, Marginal, SummaryRow } from './types.js';
import { PlotError } from './errors.js';

/** Options of {@link hyperparameterPlot}. */
export interface HyperparameterOptions extends FigureOptions {
  /** Draw the precision itself (default) or the standard deviation 1/sqrt(precision). */
  scale?: 'precision' | 'sd';
}

const fmt = (x: number): string => x.toPrecision(3);

/**
 * Posterior density of a precision hyperparameter (or of its SD, `scale: 'sd'`) with solid rule at the
 * posterior mean and dashed rules at the 2.5% and 97.5% quantiles.
 */
export function hyperparameterPlot(marginal: Marginal, summary: SummaryRow, options: HyperparameterOptions = {}): string {
  if (marginal.x.length !== marginal.y.length || marginal.x.length < 2) {
    throw new PlotError('hyperparameterPlot: the marginal needs equally long x and y with at least 2 points');
  }
  const sd = options.scale === 'sd';
  const density = sd ? precisionMarginalTo(marginal, 'sd') : { x: Array.from(marginal.x), y: Array.from(marginal.y) };
  const stats = sd ? precisionSummaryTo(summary, marginal, 'sd') : summary;
  const curve = density.x.map((x, i) => ({ x, y: density.y[i] }));
  const interval: [number, number] = [stats['0.025quant'], stats['0.975quant']];
  return renderFigure(
    {
      width: options.width ?? 720,
      height: options.height ?? 360,
      marginLeft: 72,
      marginRight: 30,
      marginTop: 12,
      marginBottom: 46,
      x: {
        label: options.xLabel ?? (sd ? 'Standard deviation (1/√precision)' : 'Precision'),
        labelAnchor: 'center',
        labelArrow: 'none',
        labelOffset: 38,
      },
      y: { label: 'Density', labelAnchor: 'center', labelArrow: 'none', labelOffset: 58, grid: true, nice: true, insetTop: 6 },
      marks: [
        Plot.areaY(curve, { x: 'x', y: 'y', fill: COLORS.effect, fillOpacity: 0.15, curve: 'monotone-x' }),
        Plot.line(curve, { x: 'x', y: 'y', stroke: COLORS.effect, strokeWidth: 2, curve: 'monotone-x', className: 'density' }),
        Plot.ruleY([0]),
        Plot.ruleX([stats.mean], { stroke: COLORS.reference, strokeWidth: 2, className: 'mean' }),
        Plot.ruleX(interval, { stroke: COLORS.ink, strokeDasharray: DASH, strokeWidth: 1.5, className: 'interval' }),
      ],
    },
    {
      title: options.title,
      legend: [
        { label: 'Posterior density', color: COLORS.effect, swatch: 'line' },
        { label: `Mean ${fmt(stats.mean)}`, color: COLORS.reference, swatch: 'line' },
        { label: `95% interval [${fmt(interval[0])}, ${fmt(interval[1])}]`, color: COLORS.ink, swatch: 'dashed' },
      ],
    },
  );
}
