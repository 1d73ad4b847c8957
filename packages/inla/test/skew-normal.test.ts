import { describe, expect, it } from 'vitest';
import { GridDensity } from '../src/grid-density.js';
import { mixtureCdf, mixtureQuantile, mixtureSummary } from '../src/mixture.js';
import { normalCdf } from '@hlm/likelihood';
import { owensT, skewNormalCdf, skewNormalFromMoments, skewNormalLogDensity, skewnessFromThirdDerivative, thirdDerivativeAtMode } from '../src/skew-normal.js';

describe('the skew-normal', () => {
  it('has the mean, sd and skewness it was built from (numerical integration)', () => {
    for (const skewness of [-0.9, -0.3, 0, 0.5, 0.95]) {
      const p = skewNormalFromMoments(1.5, 2, skewness);
      const density = new GridDensity((x) => skewNormalLogDensity(p, x), 1.5 - 20, 1.5 + 20, 8001);
      const mean = density.integrate((x, d) => x * d);
      const variance = density.integrate((x, d) => (x - mean) ** 2 * d);
      const third = density.integrate((x, d) => (x - mean) ** 3 * d);
      expect(mean).toBeCloseTo(1.5, 6);
      expect(Math.sqrt(variance)).toBeCloseTo(2, 6);
      expect(third / variance ** 1.5).toBeCloseTo(skewness, 4);
    }
  });
  it('has the third log-density derivative at its mode that finite differences give, and its inverse', () => {
    for (const skewness of [-0.8, -0.2, 0.1, 0.6]) {
      const p = skewNormalFromMoments(0, 1, skewness);
      // locate the mode on a fine grid, then differentiate numerically there
      let mode = 0;
      for (let x = -3; x <= 3; x += 1e-4) if (skewNormalLogDensity(p, x) > skewNormalLogDensity(p, mode)) mode = x;
      const h = 1e-2;
      const f = (x: number): number => skewNormalLogDensity(p, x);
      const d3 = (f(mode + 2 * h) - 2 * f(mode + h) + 2 * f(mode - h) - f(mode - 2 * h)) / (2 * h ** 3);
      expect(Math.abs(thirdDerivativeAtMode(skewness) / d3 - 1)).toBeLessThan(1e-3);
      expect(skewnessFromThirdDerivative(thirdDerivativeAtMode(skewness))).toBeCloseTo(skewness, 5);
    }
    expect(skewnessFromThirdDerivative(0)).toBeCloseTo(0, 12);
  });
  it('summarises a skewed latent marginal from its density: median and mode move against the skew', () => {
    const mixture = { weights: Float64Array.of(1), means: Float64Array.of(0), sds: Float64Array.of(1), skewness: Float64Array.of(0.6) };
    const summary = mixtureSummary(mixture);
    expect(summary.mean).toBe(0);
    expect(summary.sd).toBe(1);
    expect(summary['0.5quant']).toBeLessThan(0);
    expect(summary.mode).toBeLessThan(summary['0.5quant']);
    expect(summary.kld).toBeGreaterThan(0);
  });
});

describe('a skewed latent marginal', () => {
  it("has a CDF and quantiles that agree with each other and with its summary", () => {
    const mixture = { weights: Float64Array.of(0.4, 0.6), means: Float64Array.of(0, 0.3), sds: Float64Array.of(1, 0.8), skewness: Float64Array.of(0.5, 0.3) };
    const summary = mixtureSummary(mixture);
    for (const p of [0.025, 0.5, 0.975]) expect(mixtureCdf(mixture, mixtureQuantile(mixture, p))).toBeCloseTo(p, 6);
    // the summary's quantiles are R-INLA's, from the 45-point table of its combined density: measured 0.0014 apart
    expect(Math.abs(mixtureQuantile(mixture, 0.975) - summary['0.975quant'])).toBeLessThan(0.002);
  });
});

describe("Owen's T and the skew-normal CDF", () => {
  it('match closed forms and the integrated density', () => {
    // T(h, 1) = Φ(h)(1 − Φ(h))/2 and T(0, a) = atan(a)/(2π)
    for (const h of [0, 0.5, 1.3, 2.5]) expect(owensT(h, 1)).toBeCloseTo((normalCdf(h) * (1 - normalCdf(h))) / 2, 10);
    for (const a of [0.3, 2, 7]) expect(owensT(0, a)).toBeCloseTo(Math.atan(a) / (2 * Math.PI), 10);
    const p = skewNormalFromMoments(0.5, 1.2, 0.7);
    const density = new GridDensity((x) => skewNormalLogDensity(p, x), 0.5 - 15, 0.5 + 15, 12001);
    for (const x of [-1, 0.2, 0.5, 1.5, 3]) expect(skewNormalCdf(p, x)).toBeCloseTo(density.integrate((t, d) => (t <= x ? d : 0)), 3);
  });
  it('gives a mixture CDF that holds narrow components (no grid to fall between)', () => {
    const mixture = { weights: Float64Array.of(0.5, 0.5), means: Float64Array.of(0, 10), sds: Float64Array.of(1, 0.001), skewness: Float64Array.of(0.1, 0) };
    expect(mixtureCdf(mixture, 10)).toBeCloseTo(0.75, 6);
  });
});
