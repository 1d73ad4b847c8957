import { COLORS, excludes, intervalMarks, renderFigure, type IntervalPoint } from './render.js';
import type { FigureOptions, SummaryRow } from './types.js';
import { checkRows } from './errors.js';

/** Options of {@link caterpillarPlot}. */
export interface CaterpillarOptions extends FigureOptions {
  /** Label of the y axis (default 'Level (ordered by effect)'). */
  yLabel?: string;
}

/**
 * Caterpillar plot of random-effect levels: every level's posterior mean and 95% interval, ordered by
 * mean (largest at the top, no tick labels), blue where the interval excludes 0 and grey otherwise,
 * with a dashed red rule at 0.
 */
export function caterpillarPlot(rows: SummaryRow[], options: CaterpillarOptions = {}): string {
  checkRows(rows, 'caterpillarPlot');
  const pts: IntervalPoint[] = [...rows]
    .sort((a, b) => b.mean - a.mean)
    .map((r) => {
      const id = r.ID ?? r.name ?? '';
      return {
        label: options.labels?.[id] ?? id,
        mean: r.mean,
        lo: r['0.025quant'],
        hi: r['0.975quant'],
        color: excludes(r, 0) ? COLORS.effect : COLORS.neutral,
      };
    });
  return renderFigure(
    {
      width: options.width ?? 720,
      height: options.height ?? 80 + 11 * pts.length,
      marginLeft: 40,
      marginRight: 30,
      marginTop: 12,
      marginBottom: 46,
      x: {
        label: options.xLabel ?? 'Random effect',
        labelAnchor: 'center',
        labelArrow: 'none',
        labelOffset: 38,
        grid: true,
        inset: 10,
      },
      y: {
        label: options.yLabel ?? 'Level (ordered by effect)',
        labelAnchor: 'center',
        labelArrow: 'none',
        labelOffset: 22,
        domain: pts.map((p) => p.label),
        ticks: [],
      },
      color: { type: 'identity' },
      marks: intervalMarks(pts, 0, 3, 1.5),
    },
    {
      title: options.title,
      legend: [
        { label: '95% interval excludes 0', color: COLORS.effect, swatch: 'line' },
        { label: '95% interval includes 0', color: COLORS.neutral, swatch: 'line' },
      ],
    },
  );
}
