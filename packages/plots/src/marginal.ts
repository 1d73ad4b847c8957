import type { Marginal, SummaryRow } from './types.js';
import { PlotError } from './errors.js';

/** A scale a precision τ can be reported on: the standard deviation τ^(-1/2) or the variance 1/τ. */
export type PrecisionScale = 'sd' | 'variance';

const POWER: Record<PrecisionScale, number> = { sd: -0.5, variance: -1 };

/** ∫ g(x) f(x) dx / ∫ f(x) dx by the trapezoid rule on the marginal's grid. */
function expectation(m: Marginal, g: (x: number) => number): number {
  let num = 0;
  let den = 0;
  for (let i = 1; i < m.x.length; i++) {
    const h = m.x[i]! - m.x[i - 1]!;
    num += (h * (g(m.x[i]!) * m.y[i]! + g(m.x[i - 1]!) * m.y[i - 1]!)) / 2;
    den += (h * (m.y[i]! + m.y[i - 1]!)) / 2;
  }
  return num / den;
}

/**
 * The marginal density of τ^k (k = -1/2 for `sd`, -1 for `variance`) from the marginal of a precision τ:
 * t = τ^k has density f(t^(1/k)) · |1/k| · t^(1/k - 1); for the SD that is f(1/s²) · 2/s³.
 * The grid is the transformed precision grid, sorted increasing.
 */
export function precisionMarginalTo(marginal: Marginal, to: PrecisionScale): { x: number[]; y: number[] } {
  checkPrecisionMarginal(marginal);
  const k = POWER[to];
  const points = Array.from({ length: marginal.x.length }, (_, i) => {
    const t = marginal.x[i]! ** k;
    return { t, y: marginal.y[i]! * Math.abs(1 / k) * t ** (1 / k - 1) };
  }).sort((a, b) => a.t - b.t);
  return { x: points.map((p) => p.t), y: points.map((p) => p.y) };
}

/**
 * The posterior summary of τ^k from that of the precision τ and its marginal. Quantiles map exactly
 * (τ^k is decreasing, so the 2.5% quantile comes from τ's 97.5%); the mean and sd are integrals over
 * the marginal's grid (trapezoid rule); the mode is the grid point of highest transformed density.
 */
export function precisionSummaryTo(summary: SummaryRow, marginal: Marginal, to: PrecisionScale): SummaryRow {
  checkPrecisionMarginal(marginal);
  const k = POWER[to];
  const mean = expectation(marginal, (x) => x ** k);
  const second = expectation(marginal, (x) => x ** (2 * k));
  const density = precisionMarginalTo(marginal, to);
  let best = 0;
  for (let i = 1; i < density.y.length; i++) if (density.y[i]! > density.y[best]!) best = i;
  return {
    ...(summary.name === undefined ? {} : { name: summary.name }),
    mean,
    sd: Math.sqrt(Math.max(0, second - mean * mean)),
    '0.025quant': summary['0.975quant'] ** k,
    '0.5quant': summary['0.5quant'] ** k,
    '0.975quant': summary['0.025quant'] ** k,
    mode: density.x[best]!,
  };
}

/** A precision's marginal lives on x > 0 with finite densities; anything else would turn into NaN summaries. */
function checkPrecisionMarginal(marginal: Marginal): void {
  for (let i = 0; i < marginal.x.length; i++) {
    if (!(marginal.x[i]! > 0) || !Number.isFinite(marginal.x[i]) || !(marginal.y[i]! >= 0)) {
      throw new PlotError(`precision marginal: point ${i + 1} is (${marginal.x[i]}, ${marginal.y[i]}); expected a precision x > 0 and a density y >= 0`, {
        index: i,
      });
    }
  }
}
