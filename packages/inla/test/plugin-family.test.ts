/**
 * A family registered from outside `@hlm/likelihood` (test/plugin-family/logistic.ts) passes the exported
 * conformance kit and is fitted by the engine, which knows it only through the registry.
 */
import { getFamily } from '@hlm/likelihood';
import { checkFamily } from '@hlm/likelihood/conformance';
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { inla } from '../src/index.js';
import { logisticFamily } from './plugin-family/logistic.js';

describe('a likelihood family written outside @hlm/likelihood', () => {
  it('registers itself and passes the conformance kit', () => {
    expect(getFamily('test-logistic')).toBe(logisticFamily);
    const findings = checkFamily(logisticFamily, [{ y: [0.3, -2, 5], columns: {}, theta: [], eta: [0, 1, 4.5] }]);
    expect(findings).toEqual([]);
  });

  it('is fitted: the intercept of y ~ 1 matches its exact posterior (flat prior) within 0.01 sd and 0.5% in sd (measured 0.00 sd, 0.3%)', () => {
    const u = seededRandom(11);
    const y = Array.from({ length: 60 }, () => {
      const p = u();
      return 1.5 + Math.log(p / (1 - p));
    });
    const fit = inla({ model: 'y ~ 1', family: 'test-logistic', data: { y } });
    // the exact posterior of β0 under a flat prior, by quadrature on a fine grid
    const logPosterior = (b: number): number => y.reduce((s, yi) => s + logisticFamily.logDensityAt(yi, {}, 0, [], b), 0);
    const grid = Array.from({ length: 4001 }, (_, k) => 0 + (3 * k) / 4000);
    const top = Math.max(...grid.map(logPosterior));
    const weights = grid.map((b) => Math.exp(logPosterior(b) - top));
    const total = weights.reduce((a, b) => a + b, 0);
    const mean = grid.reduce((s, b, k) => s + b * weights[k]!, 0) / total;
    const sd = Math.sqrt(grid.reduce((s, b, k) => s + (b - mean) ** 2 * weights[k]!, 0) / total);
    const row = fit.summaryFixed[0]!;
    console.log(`test-logistic intercept: |Δmean|/sd ${(Math.abs(row.mean - mean) / sd).toFixed(4)}, sd ratio ${(row.sd / sd).toFixed(4)}`);
    expect(Math.abs(row.mean - mean) / sd).toBeLessThan(0.01);
    expect(Math.abs(row.sd / sd - 1)).toBeLessThan(0.005);
  });
});
