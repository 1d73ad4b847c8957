import type { ScaleOptions } from '@observablehq/plot';
import { COLORS, excludes, intervalMarks, marginFor, renderFigure, type IntervalPoint } from './render.js';
import type { FigureOptions, SummaryRow } from './types.js';
import { checkRows } from './errors.js';

/** Options of {@link coefficientPlot} and {@link oddsRatioPlot}. */
export interface CoefficientOptions extends FigureOptions {
  /** Row names left out (default `['(Intercept)']`). */
  exclude?: string[];
}

const LEGEND = [
  { label: 'Significant', color: COLORS.significant, swatch: 'dot' },
  { label: 'Not significant', color: COLORS.neutral, swatch: 'dot' },
] as const;

/** The rows to draw, largest mean first (top of the plot), mapped through `transform`. */
function points(rows: SummaryRow[], options: CoefficientOptions, transform: (x: number) => number): IntervalPoint[] {
  const exclude = new Set(options.exclude ?? ['(Intercept)']);
  return rows
    .filter((r) => !exclude.has(r.name ?? ''))
    .sort((a, b) => b.mean - a.mean)
    .map((r) => {
      const name = r.name ?? r.ID ?? '';
      return {
        label: options.labels?.[name] ?? name,
        mean: transform(r.mean),
        lo: transform(r['0.025quant']),
        hi: transform(r['0.975quant']),
        color: excludes(r, 0) ? COLORS.significant : COLORS.neutral,
      };
    });
}

function forest(
  pts: IntervalPoint[],
  options: CoefficientOptions,
  x: ScaleOptions,
  reference: number,
  xLabel: string,
): string {
  const marginLeft = marginFor(pts.map((p) => p.label));
  return renderFigure(
    {
      width: options.width ?? 720,
      height: options.height ?? 70 + 34 * pts.length,
      marginLeft,
      marginRight: 30,
      marginTop: 12,
      marginBottom: 46,
      x: { label: options.xLabel ?? xLabel, labelAnchor: 'center', labelArrow: 'none', labelOffset: 38, grid: true, inset: 14, ...x },
      y: { label: null, domain: pts.map((p) => p.label), tickSize: 0 },
      color: { type: 'identity' },
      marks: intervalMarks(pts, reference, 6, 3),
    },
    { title: options.title, legend: [...LEGEND] },
  );
}

/**
 * Forest plot of fixed effects on the log-odds (linear predictor) scale: a dot at each posterior mean,
 * a line over the 95% interval (green when it excludes 0, grey otherwise), sorted by mean with the
 * largest at the top, and a dashed red rule at 0.
 */
export function coefficientPlot(rows: SummaryRow[], options: CoefficientOptions = {}): string {
  checkRows(rows, 'coefficientPlot');
  return forest(points(rows, options, (x) => x), options, {}, 0, 'Coefficient (log-odds scale)');
}

/** Tick values 1, 2, 5 times powers of ten inside [lo, hi]; 1, 1.5, 2, 3, 5, 7 times when that gives fewer than 5. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks = (mantissas: number[]): number[] => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const t = Number((m * 10 ** e).toPrecision(6));
        if (t >= lo && t <= hi) out.push(t);
      }
    }
    return out;
  };
  const coarse = ticks([1, 2, 5]);
  return coarse.length >= 5 ? coarse : ticks([1, 1.5, 2, 3, 5, 7]);
}

/**
 * Forest plot of fixed effects as odds ratios exp(coefficient) on a log x axis, with a dashed red rule
 * at 1. Colours and order as in {@link coefficientPlot}.
 */
export function oddsRatioPlot(rows: SummaryRow[], options: CoefficientOptions = {}): string {
  checkRows(rows, 'oddsRatioPlot');
  const pts = points(rows, options, Math.exp);
  const lo = Math.min(1, ...pts.map((p) => p.lo)) / 1.1;
  const hi = Math.max(1, ...pts.map((p) => p.hi)) * 1.1;
  return forest(pts, options, { type: 'log', domain: [lo, hi], ticks: logTicks(lo, hi), tickFormat: String }, 1, 'Odds Ratio (vs reference category)');
}
