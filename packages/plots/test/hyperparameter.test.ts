import { describe, expect, it } from 'vitest';
import { assertClose } from '@hlm/test-utils';
import { COLORS, hyperparameterPlot, precisionMarginalTo, precisionSummaryTo } from '../src/index.js';
import { fixture, linearPos, num, parseSvg, ticks } from './helpers.js';

const summary = fixture.summary_hyperpar[0]!;
const marginal = fixture.marginals_hyperpar['Precision for state']!;

/** ∫ y dx by the trapezoid rule. */
function integral(m: { x: number[]; y: number[] }): number {
  let s = 0;
  for (let i = 1; i < m.x.length; i++) s += ((m.x[i]! - m.x[i - 1]!) * (m.y[i]! + m.y[i - 1]!)) / 2;
  return s;
}

/** A Gamma(shape, rate) density on a fine grid, normalised by its log-gamma constant. */
function gammaMarginal(shape: number, rate: number): { x: number[]; y: number[] } {
  const lgamma = (a: number): number => {
    // Stirling series, accurate to ~1e-10 for a >= 5 (we only need shape 6).
    return (a - 0.5) * Math.log(a) - a + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * a) - 1 / (360 * a ** 3) + 1 / (1260 * a ** 5);
  };
  const x = Array.from({ length: 4001 }, (_, i) => 0.01 + (i * 30) / 4000);
  const y = x.map((t) => Math.exp(shape * Math.log(rate) - lgamma(shape) + (shape - 1) * Math.log(t) - rate * t));
  return { x, y };
}

describe('precision transforms', () => {
  it('keeps the mass (R-INLA grid: 1 within 2%) when moving the marginal to the SD and variance scales', () => {
    assertClose(integral(marginal), 1, { abs: 0.02 }, 'precision mass');
    assertClose(integral(precisionMarginalTo(marginal, 'sd')), 1, { abs: 0.02 }, 'sd mass');
    assertClose(integral(precisionMarginalTo(marginal, 'variance')), 1, { abs: 0.02 }, 'variance mass');
  });

  it('uses y_sd(s) = y_prec(1/s²)·2/s³ on an increasing grid', () => {
    const sd = precisionMarginalTo(marginal, 'sd');
    const n = marginal.x.length;
    for (let i = 0; i < n; i++) {
      const s = sd.x[n - 1 - i]!;
      assertClose(s, 1 / Math.sqrt(marginal.x[i]!), { rel: 1e-12 }, `s[${i}]`);
      assertClose(sd.y[n - 1 - i]!, marginal.y[i]! * (2 / s ** 3), { rel: 1e-12 }, `y[${i}]`);
    }
    for (let i = 1; i < n; i++) expect(sd.x[i]).toBeGreaterThan(sd.x[i - 1]!);
  });

  it('matches the Gamma moments E[τ^-1/2] and E[1/τ] and maps quantiles exactly', () => {
    // τ ~ Gamma(6, rate 2): E[1/τ] = rate/(shape-1) = 0.4; E[τ^-1/2] = sqrt(rate)·Γ(5.5)/Γ(6).
    const m = gammaMarginal(6, 2);
    const row = { name: 'Precision', mean: 3, sd: Math.sqrt(1.5), '0.025quant': 1.1, '0.5quant': 2.8, '0.975quant': 5.8, mode: 2.5 };
    const variance = precisionSummaryTo(row, m, 'variance');
    assertClose(variance.mean, 0.4, { rel: 1e-4 }, 'E[1/τ]');
    assertClose(variance.sd, Math.sqrt(2 ** 2 / (5 ** 2 * 4)), { rel: 1e-3 }, 'sd of 1/τ'); // InvGamma variance b²/((a-1)²(a-2))
    const gammaRatio = (4.5 * 3.5 * 2.5 * 1.5 * 0.5 * Math.sqrt(Math.PI)) / 120; // Γ(5.5)/Γ(6)
    const sd = precisionSummaryTo(row, m, 'sd');
    assertClose(sd.mean, Math.sqrt(2) * gammaRatio, { rel: 1e-4 }, 'E[τ^-1/2]');
    expect(sd['0.025quant']).toBe(5.8 ** -0.5);
    expect(sd['0.5quant']).toBe(2.8 ** -0.5);
    expect(sd['0.975quant']).toBe(1.1 ** -0.5);
    expect(sd.name).toBe('Precision');
  });
});

describe('hyperparameterPlot', () => {
  it('draws the precision density with rules at the mean and the 95% interval', () => {
    const root = parseSvg(hyperparameterPlot(marginal, summary, { title: 'Precision for state' }));
    const x = ticks(root, 'x');
    expect(root.querySelector('g.density path')?.getAttribute('d')).toMatch(/^M/);
    const mean = root.querySelectorAll('g.mean line');
    expect(mean).toHaveLength(1);
    expect(root.querySelector('g.mean')?.getAttribute('stroke')).toBe(COLORS.reference);
    assertClose(num(mean[0]!, 'x1'), linearPos(x, summary.mean), { abs: 0.6 }, 'mean rule');
    const interval = Array.from(root.querySelectorAll('g.interval line')).map((l) => num(l, 'x1'));
    expect(root.querySelector('g.interval')?.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(interval).toHaveLength(2);
    assertClose(interval[0]!, linearPos(x, summary['0.025quant']!), { abs: 0.6 }, '2.5% rule');
    assertClose(interval[1]!, linearPos(x, summary['0.975quant']!), { abs: 0.6 }, '97.5% rule');
    const legend = Array.from(root.querySelectorAll('.legend text')).map((t) => t.textContent);
    expect(legend).toEqual(['Posterior density', 'Mean 5.11', '95% interval [3.07, 7.89]']);
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('Precision');
  });

  it('draws the SD scale with its own mean and the transformed quantiles', () => {
    const root = parseSvg(hyperparameterPlot(marginal, summary, { scale: 'sd' }));
    const x = ticks(root, 'x');
    const stats = precisionSummaryTo(summary, marginal, 'sd');
    assertClose(num(root.querySelector('g.mean line')!, 'x1'), linearPos(x, stats.mean), { abs: 0.6 }, 'sd mean rule');
    const interval = Array.from(root.querySelectorAll('g.interval line')).map((l) => num(l, 'x1'));
    assertClose(interval[0]!, linearPos(x, 1 / Math.sqrt(summary['0.975quant']!)), { abs: 0.6 }, 'sd 2.5% rule');
    assertClose(interval[1]!, linearPos(x, 1 / Math.sqrt(summary['0.025quant']!)), { abs: 0.6 }, 'sd 97.5% rule');
    // The SD's mean lies between 1/sqrt(E[τ]) (Jensen) and its 97.5% quantile.
    expect(stats.mean).toBeGreaterThan(1 / Math.sqrt(summary.mean));
    expect(stats.mean).toBeLessThan(stats['0.975quant']);
  });

  it('rejects a marginal whose x and y differ in length', () => {
    expect(() => hyperparameterPlot({ x: [1, 2, 3], y: [1, 2] }, summary)).toThrow();
  });
});
