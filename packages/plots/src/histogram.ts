import * as Plot from '@observablehq/plot';
import { COLORS, DASH, renderFigure } from './render.js';
import type { FigureOptions, SummaryRow } from './types.js';
import { checkFinite, checkRows, PlotError } from './errors.js';

/** Options of {@link randomEffectHistogram}. */
export interface HistogramOptions extends FigureOptions {
  /** Posterior mean of the random effect's precision; the fitted normal has sd 1/sqrt(precision). */
  precision: number;
  /** Number of equal-width bins over the range of the means (default 15). */
  bins?: number;
  /** Legend text of the rule at 0 (default 'Zero (no effect)'). */
  zeroLabel?: string;
}

/** One bar of a density histogram. */
export interface DensityBin {
  x0: number;
  x1: number;
  count: number;
  /** count / (n · width), so the bars' areas sum to 1. */
  density: number;
}

/** Splits [min, max] of `values` into `bins` equal bins (the last one closed) and scales counts to a density. */
export function densityHistogram(values: readonly number[], bins: number): DensityBin[] {
  if (values.length === 0) throw new PlotError('densityHistogram: expected at least one value');
  if (!Number.isInteger(bins) || bins < 1) throw new PlotError(`densityHistogram: bins must be a positive integer, got ${bins}`, { bins });
  checkFinite(values, 'densityHistogram');
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const k = Math.min(bins - 1, Math.floor((v - min) / width));
    const count = counts[k];
    if (count === undefined) throw new PlotError(`densityHistogram: the value ${v} falls in no bin of [${min}, ${max}]`, { value: v });
    counts[k] = count + 1;
  }
  return counts.map((count, i) => ({
    x0: min + i * width,
    x1: i === bins - 1 ? max : min + (i + 1) * width,
    count,
    density: count / (values.length * width),
  }));
}

/**
 * Density histogram of random-effect posterior means with a dashed red rule at 0 and the fitted
 * normal N(0, 1/sqrt(precision)) drawn over it as a black curve.
 */
export function randomEffectHistogram(rows: SummaryRow[], options: HistogramOptions): string {
  if (!(options.precision > 0) || !Number.isFinite(options.precision)) {
    throw new PlotError(`randomEffectHistogram: precision must be a finite number > 0, got ${options.precision}`, { precision: options.precision });
  }
  checkRows(rows, 'randomEffectHistogram');
  const bins = densityHistogram(
    rows.map((r) => r.mean),
    options.bins ?? 15,
  );
  const sd = 1 / Math.sqrt(options.precision);
  const first = bins[0];
  const last = bins[bins.length - 1];
  if (first === undefined || last === undefined) throw new PlotError('randomEffectHistogram: no rows to draw; expected at least one', { rows: rows.length });
  const lo = Math.min(first.x0, -2.5 * sd);
  const hi = Math.max(last.x1, 2.5 * sd);
  const curve = Array.from({ length: 201 }, (_, i) => {
    const x = lo + ((hi - lo) * i) / 200;
    return { x, y: Math.exp(-0.5 * (x / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI)) };
  });
  const normalLabel = `Fitted N(0, ${sd.toFixed(2)})`;
  return renderFigure(
    {
      width: options.width ?? 720,
      height: options.height ?? 400,
      marginLeft: 72,
      marginRight: 30,
      marginTop: 12,
      marginBottom: 46,
      x: { label: options.xLabel ?? 'Random effect', labelAnchor: 'center', labelArrow: 'none', labelOffset: 38, domain: [lo, hi] },
      y: { label: 'Density', labelAnchor: 'center', labelArrow: 'none', labelOffset: 58, grid: true, nice: true, insetTop: 6 },
      marks: [
        Plot.rectY(bins, {
          x1: 'x0',
          x2: 'x1',
          y: 'density',
          fill: COLORS.effect,
          fillOpacity: 0.75,
          stroke: 'white',
          strokeWidth: 1,
          inset: 0,
          className: 'bar',
          title: (b: DensityBin) => `${b.count} of ${rows.length} in [${b.x0.toFixed(3)}, ${b.x1.toFixed(3)})`,
        }),
        Plot.ruleY([0]),
        Plot.line(curve, { x: 'x', y: 'y', stroke: 'black', strokeWidth: 2, className: 'normal' }),
        Plot.ruleX([0], { stroke: COLORS.reference, strokeDasharray: DASH, strokeWidth: 1.5, className: 'reference' }),
      ],
    },
    {
      title: options.title,
      legend: [
        { label: 'Posterior means', color: COLORS.effect, swatch: 'bar' },
        { label: options.zeroLabel ?? 'Zero (no effect)', color: COLORS.reference, swatch: 'dashed' },
        { label: normalLabel, color: 'black', swatch: 'line' },
      ],
    },
  );
}
