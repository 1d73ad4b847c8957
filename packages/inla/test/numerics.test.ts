import { normalCdf, normalQuantile } from '@hlm/likelihood';
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { GridDensity, SplineCorrectedGaussian, splineCorrectedSummary } from '../src/grid-density.js';
import { negativeHessian, standardise } from '../src/hessian.js';
import { integrationDesign } from '../src/integration-design.js';
import { pruneWeights } from '../src/inla.js';
import { mixtureCdf, mixtureMode, mixtureMoments, mixtureQuantile, mixtureSummary } from '../src/mixture.js';
import { findMode } from '../src/mode-search.js';

describe('Gaussian mixtures', () => {
  const mixture = { weights: Float64Array.of(0.3, 0.7), means: Float64Array.of(-1, 2), sds: Float64Array.of(0.5, 1.5) };
  it('has the exact moments and quantiles that invert the CDF', () => {
    const { mean, sd } = mixtureMoments(mixture);
    expect(mean).toBeCloseTo(0.3 * -1 + 0.7 * 2, 14);
    expect(sd).toBeCloseTo(Math.sqrt(0.3 * (0.25 + 1) + 0.7 * (2.25 + 4) - mean * mean), 14);
    for (const p of [0.025, 0.5, 0.975]) expect(mixtureCdf(mixture, mixtureQuantile(mixture, p))).toBeCloseTo(p, 12);
  });
  it('reduces to the Gaussian for one component, with kld 0', () => {
    const one = { weights: Float64Array.of(1), means: Float64Array.of(0.3), sds: Float64Array.of(2) };
    const summary = mixtureSummary(one);
    expect(summary['0.975quant']).toBeCloseTo(0.3 + 2 * normalQuantile(0.975), 12);
    expect(summary.mode).toBeCloseTo(0.3, 12);
    expect(summary.kld).toBe(0);
  });
  it('finds the mode of a skewed mixture and a positive kld', () => {
    const mode = mixtureMode(mixture);
    // the density at the mode beats its neighbours
    const density = (x: number): number =>
      0.3 * Math.exp(-0.5 * ((x + 1) / 0.5) ** 2) / 0.5 + 0.7 * Math.exp(-0.5 * ((x - 2) / 1.5) ** 2) / 1.5;
    expect(density(mode)).toBeGreaterThan(density(mode + 0.01));
    expect(density(mode)).toBeGreaterThan(density(mode - 0.01));
    expect(mixtureSummary(mixture).kld).toBeGreaterThan(0.01);
  });
  it('summarises components of sd 0 at one value as that value (no density to tabulate)', () => {
    const summary = mixtureSummary({ weights: Float64Array.of(0.5, 0.5), means: Float64Array.of(1, 1), sds: Float64Array.of(0, 0) });
    expect([summary.mean, summary.sd, summary['0.025quant'], summary['0.5quant'], summary['0.975quant'], summary.mode]).toEqual([1, 0, 1, 1, 1, 1]);
  });
  it("summarises it as R-INLA does, from its combined density's tables rather than exactly", () => {
    // a bimodal mixture is the hard case for R-INLA's 27-point spline-corrected Gaussian and 45-point tables: measured
    // mean 1.1222 (exact 1.1), sd 1.8729 (1.8815), quantiles −1.7345, 1.1744, 4.7113 (−1.7430, 1.1511, 4.7041) and
    // mode −1.012 (−0.964)
    const summary = mixtureSummary(mixture);
    const { mean, sd } = mixtureMoments(mixture);
    expect(Math.abs(summary.mean - mean)).toBeLessThan(0.025);
    expect(Math.abs(summary.sd / sd - 1)).toBeLessThan(0.005);
    for (const [p, key] of [[0.025, '0.025quant'], [0.5, '0.5quant'], [0.975, '0.975quant']] as const) {
      expect(Math.abs(summary[key] - mixtureQuantile(mixture, p))).toBeLessThan(0.025);
    }
    expect(Math.abs(summary.mode - mixtureMode(mixture))).toBeLessThan(0.05);
  });
});

describe('the standard normal', () => {
  it('has CDF and quantile accurate to 1e-14 and mutually inverse', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300946, 15);
    expect(Math.abs(normalCdf(-8) / 6.22096057427178e-16 - 1)).toBeLessThan(1e-10);
    for (const p of [1e-10, 0.001, 0.025, 0.3, 0.5, 0.9, 0.999999]) expect(Math.abs(normalCdf(normalQuantile(p)) / p - 1)).toBeLessThan(1e-12);
  });
});

describe("R-INLA's spline-corrected Gaussian", () => {
  const u = [-5, -4, -3.5, -3, -2.5, -2, -1.5, -1.25, -1, -0.75, -0.5, -0.25, -0.125, 0, 0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 3.5, 4, 5];
  it('has splineCorrectedSummary give its summary() bit for bit, on skewed, heavy-tailed and unsorted points with gaps', () => {
    let compared = 0;
    for (const [shape, centre, scale] of [[0, 1, 0.3], [0.4, -2, 1.7], [-0.9, 0.5, 0.01], [1.5, 3, 4]] as const) {
      // a skewed log density (−u²/2 + shape·u³/6 + a heavier tail), some points unsorted and one −∞ (dropped)
      const points = [...u.slice(14), ...u.slice(0, 14)];
      const logDensity = points.map((x, i) => (i === 3 ? -Infinity : -0.5 * x * x + (shape * x ** 3) / 6 / (1 + x * x) - 0.05 * Math.abs(x)));
      const expected = new SplineCorrectedGaussian(points, logDensity, centre, scale).summary();
      const summary = splineCorrectedSummary(points, logDensity, centre, scale);
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        expect(Object.is(summary[key], expected[key])).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(24);
  });
  it("holds a Gaussian to its tables' accuracy, on θ and on exp(θ)", () => {
    const density = new SplineCorrectedGaussian(u, u.map((x) => -0.5 * x * x), 1, 0.3);
    // on ±5 sd the sd loses 7e-6; the 45-point quantile table gives 1.96089 for 1.95996
    expect(density.mean).toBeCloseTo(0, 12);
    expect(Math.abs(density.sd - 1)).toBeLessThan(1e-5);
    expect(Math.abs(density.quantileStandardised(0.975) - normalQuantile(0.975))).toBeLessThan(1e-3);
    expect(density.summary().mode).toBeCloseTo(1, 12);
    // normalised as R-INLA does, over its table with the log density linear between 45 points: 0.38 % high
    const exact = Math.exp(-0.5 * (0.2 / 0.3) ** 2) / (0.3 * Math.sqrt(2 * Math.PI));
    expect(density.densityAt(1.2) / exact - 1).toBeCloseTo(0.0038, 4);
    // the log-normal: mean e^(1 + 0.045), sd √((e^0.09 − 1) e^2.09), mode e^(1 − 0.09)
    const user = density.summarise(Math.exp, Math.exp);
    expect(Math.abs(user.mean / Math.exp(1.045) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(user.sd / Math.sqrt((Math.exp(0.09) - 1) * Math.exp(2.09)) - 1)).toBeLessThan(3e-5);
    expect(user['0.5quant']).toBeCloseTo(Math.exp(1), 10);
    expect(Math.abs(user.mode / Math.exp(0.91) - 1)).toBeLessThan(1e-4);
  });
});

describe('a tabulated density', () => {
  it('summarises a Gaussian in θ and the log-normal of exp(θ) in closed form', () => {
    const density = new GridDensity((t) => -0.5 * ((t - 1) / 0.3) ** 2, 1 - 9 * 0.3, 1 + 9 * 0.3, 4001);
    const internal = density.summarise((t) => t, () => 1);
    expect(internal.mean).toBeCloseTo(1, 8);
    expect(internal.sd).toBeCloseTo(0.3, 6);
    expect(internal['0.975quant']).toBeCloseTo(1 + 0.3 * normalQuantile(0.975), 4);
    const user = density.summarise(Math.exp, Math.exp);
    expect(Math.abs(user.mean / Math.exp(1 + 0.045) - 1)).toBeLessThan(1e-6);
    expect(user['0.5quant']).toBeCloseTo(Math.exp(1), 3);
    // the log-normal's mode is exp(μ − σ²)
    expect(Math.abs(user.mode / Math.exp(1 - 0.09) - 1)).toBeLessThan(1e-3);
  });
});

describe('the integration designs', () => {
  it("lays R-INLA's fixed 11-point and 45-point grids", () => {
    const one = integrationDesign(1, 'auto');
    expect(one.points.map((p) => p[0])).toEqual([-3.5, -2.5, -1.75, -1, -0.5, 0, 0.5, 1, 1.75, 2.5, 3.5]);
    expect(Math.exp(one.logWeights[0]!)).toBeCloseTo(3.187537795, 9);
    expect(one.scale).toBeCloseTo(1.1, 12);
    const two = integrationDesign(2, 'auto');
    expect(two.points).toHaveLength(45);
    const weightAt = (a: number, b: number): number => Math.exp(two.logWeights[two.points.findIndex((p) => p[0] === a && p[1] === b)]!);
    expect(weightAt(0.5, 0.5)).toBeCloseTo(0.4180151587, 9);
    expect(weightAt(2.25, 1.25)).toBeCloseTo(2.277250821, 8);
    expect(weightAt(-1.25, 0)).toBeCloseTo(1.17894196, 8);
  });
  it('builds central composite designs of the sizes R-INLA uses, with a resolution-V factorial part', () => {
    const sizes: Record<number, number> = { 3: 15, 4: 25, 5: 27, 6: 45, 7: 79, 8: 81 };
    for (const [m, size] of Object.entries(sizes).map(([m, s]) => [Number(m), s] as const)) {
      const design = integrationDesign(m, 'auto');
      expect(design.points).toHaveLength(size);
      const weights = Array.from(design.logWeights, Math.exp);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const factorial = design.points.slice(1 + 2 * m).map((p) => Array.from(p, Math.sign));
      // resolution V: all main effects and two-factor interactions are mutually orthogonal
      const columns: number[][] = [];
      for (let i = 0; i < m; i++) columns.push(factorial.map((r) => r[i]!));
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) columns.push(factorial.map((r) => r[i]! * r[j]!));
      for (let a = 0; a < columns.length; a++) {
        for (let b = a + 1; b < columns.length; b++) {
          expect(columns[a]!.reduce((s, v, k) => s + v * columns[b]![k]!, 0)).toBe(0);
        }
      }
    }
  });
});

describe('the mode, Hessian and standardised scale of θ', () => {
  const f = (t: Float64Array): number => -0.5 * (4 * (t[0]! - 1) ** 2 + 2 * (t[0]! - 1) * (t[1]! + 2) + 3 * (t[1]! + 2) ** 2);
  it('finds the mode of a quadratic and its Hessian exactly', () => {
    const mode = findMode(f, Float64Array.of(0, 0), { h: 0.005 });
    expect(mode.theta[0]).toBeCloseTo(1, 5);
    expect(mode.theta[1]).toBeCloseTo(-2, 5);
    const H = negativeHessian(f, mode.theta, mode.logPosterior, Math.sqrt(0.005));
    expect(H.get(0, 0)).toBeCloseTo(4, 6);
    expect(H.get(0, 1)).toBeCloseTo(1, 6);
    expect(H.get(1, 1)).toBeCloseTo(3, 6);
    const scale = standardise(f, mode.theta, mode.logPosterior, H);
    // a Gaussian has stretch 1 on both sides, and z(θ(z)) = z
    for (const s of [...scale.stretchNegative, ...scale.stretchPositive]) expect(s).toBeCloseTo(1, 5);
    const z = Float64Array.of(0.3, -1.2);
    const back = scale.zOf(scale.thetaOf(z));
    expect(back[0]).toBeCloseTo(0.3, 12);
    expect(back[1]).toBeCloseTo(-1.2, 12);
    const covariance = inverse(new Matrix([[4, 1], [1, 3]]));
    expect(scale.covariance.get(0, 1)).toBeCloseTo(covariance.get(0, 1), 6);
  });
  it('stretches the heavier side of a skewed log density', () => {
    const skewed = (t: Float64Array): number => -0.5 * t[0]! ** 2 - 0.1 * t[0]! ** 3 / (1 + t[0]! ** 2);
    const mode = findMode(skewed, Float64Array.of(0.5), { h: 0.005 });
    const H = negativeHessian(skewed, mode.theta, mode.logPosterior, Math.sqrt(0.005));
    const scale = standardise(skewed, mode.theta, mode.logPosterior, H);
    expect(scale.stretchNegative[0]!).toBeGreaterThan(scale.stretchPositive[0]!);
  });
});

describe('pruning the mixture weights', () => {
  it('keeps the largest weights until they hold 97.5% of the mass, as R-INLA does', () => {
    const kept = pruneWeights([0.003, 0.045, 0.285, 0.701, 0.993, 0.899, 1, 0.708, 0.272, 0.035, 0], 0.975);
    expect(kept.filter((w) => w > 0)).toHaveLength(7);
    expect(kept[1]).toBe(0);
    expect(kept[9]).toBe(0);
    expect(kept.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
});
