import type { Marginal, SummaryRow } from './types.js';
import { PlotError } from './errors.js';

/** A scale a precision τ can be reported on: the standard deviation τ^(-1/2) or the variance 1/τ. */
export type PrecisionScale = 'sd' | 'variance';

const POWER: Record<PrecisionScale, number> = { sd: -0.5, variance: -1 };

/** ∫ g(x) f(x) dx / ∫ f(x) dx by the trapezoid rule on the marginal's grid. */
function expectation(points: readonly GridPoint[], g: (x: number) => number): number {
  let num = 0;
  let den = 0;
  points.forEach((point, i) => {
    const previous = points[i - 1];
    if (previous === undefined) return;
    const h = point.x - previous.x;
    num += (h * (g(point.x) * point.y + g(previous.x) * previous.y)) / 2;
    den += (h * (point.y + previous.y)) / 2;
  });
  return num / den;
}

/**
 * The marginal density of τ^k (k = -1/2 for `sd`, -1 for `variance`) from the marginal of a precision τ:
 * t = τ^k has density f(t^(1/k)) · |1/k| · t^(1/k - 1); for the SD that is f(1/s²) · 2/s³.
 * The grid is the transformed precision grid, sorted increasing.
 */
export function precisionMarginalTo(marginal: Marginal, to: PrecisionScale): { x: number[]; y: number[] } {
  const points = transformedPoints(precisionPoints(marginal), to);
  return { x: points.map((p) => p.t), y: points.map((p) => p.y) };
}

/** The points (τ^k, density of τ^k), sorted by τ^k. */
function transformedPoints(points: readonly GridPoint[], to: PrecisionScale): { t: number; y: number }[] {
  const k = POWER[to];
  return points
    .map(({ x, y }) => {
      const t = x ** k;
      return { t, y: y * Math.abs(1 / k) * t ** (1 / k - 1) };
    })
    .sort((a, b) => a.t - b.t);
}

/**
 * The posterior summary of τ^k from that of the precision τ and its marginal. Quantiles map exactly
 * (τ^k is decreasing, so the 2.5% quantile comes from τ's 97.5%); the mean and sd are integrals over
 * the marginal's grid (trapezoid rule); the mode is the grid point of highest transformed density.
 */
export function precisionSummaryTo(summary: SummaryRow, marginal: Marginal, to: PrecisionScale): SummaryRow {
  const points = precisionPoints(marginal);
  const k = POWER[to];
  const mean = expectation(points, (x) => x ** k);
  const second = expectation(points, (x) => x ** (2 * k));
  const [first, ...rest] = transformedPoints(points, to);
  if (first === undefined) throw new PlotError('precision marginal: it has no points; expected at least one', { points: 0 });
  let best = first;
  for (const point of rest) if (point.y > best.y) best = point;
  return {
    ...(summary.name === undefined ? {} : { name: summary.name }),
    mean,
    sd: Math.sqrt(Math.max(0, second - mean * mean)),
    '0.025quant': summary['0.975quant'] ** k,
    '0.5quant': summary['0.5quant'] ** k,
    '0.975quant': summary['0.025quant'] ** k,
    mode: best.t,
  };
}

/** One point of a marginal's grid. */
interface GridPoint {
  x: number;
  y: number;
}

/**
 * The points of a precision's marginal, checked: they live on x > 0 with finite densities (anything else would turn
 * into NaN summaries), one y per x.
 */
function precisionPoints(marginal: Marginal): GridPoint[] {
  const points: GridPoint[] = [];
  for (let i = 0; i < marginal.x.length; i++) {
    const x = marginal.x[i];
    const y = marginal.y[i];
    if (x === undefined || y === undefined || !(x > 0) || !Number.isFinite(x) || !(y >= 0)) {
      throw new PlotError(`precision marginal: point ${i + 1} is (${x}, ${y}); expected a precision x > 0 and a density y >= 0`, {
        index: i,
      });
    }
    points.push({ x, y });
  }
  return points;
}
