import { describe, expect, it } from 'vitest';
import { getFamily, LikelihoodError, poisson } from '../src/index.js';

const y = Float64Array.of(0, 1, 3, 7, 20);
const exposure = Float64Array.of(1, 2.5, 0.3, 1, 10);
const extra = { E: exposure };
const logDensityAt = (y: number, E: number, eta: number): number => poisson.logDensityAt(y, { E: [E] }, 0, [], eta);

describe('the Poisson family (log link, exposure E)', () => {
  it('is registered under R-INLA’s name', () => {
    expect(getFamily('poisson')).toBe(poisson);
  });
  it('has the Poisson log mass, summing to 1 over the counts', () => {
    const out = new Float64Array(5);
    poisson.logDensity(y, extra, [], Float64Array.of(0.1, -0.5, 1.2, 2, 0.7), out);
    // y = 3, E = 0.3, η = 1.2: μ = 0.3 e^1.2, log p = 3 log μ − μ − log 6
    const mu = 0.3 * Math.exp(1.2);
    expect(out[2]).toBeCloseTo(3 * Math.log(mu) - mu - Math.log(6), 12);
    let total = 0;
    for (let k = 0; k < 200; k++) total += Math.exp(logDensityAt(k, 2.5, 1.4));
    expect(total).toBeCloseTo(1, 12);
    expect(poisson.cdf(4, { E: [2.5] }, 0, [], 1.4)).toBeCloseTo(
      Array.from({ length: 5 }, (_, k) => Math.exp(logDensityAt(k, 2.5, 1.4))).reduce((a, b) => a + b, 0),
      14,
    );
  });
  it('has first, second and third derivatives that finite differences confirm, finite for |η| up to 700', () => {
    for (const etaValue of [-30, -3, 0, 0.8, 4, 30]) {
      const eta = new Float64Array(5).fill(etaValue);
      const d1 = new Float64Array(5);
      const d2 = new Float64Array(5);
      const d3 = new Float64Array(5);
      poisson.derivatives(y, extra, [], eta, d1, d2, d3);
      const h = 1e-5;
      for (let i = 0; i < 5; i++) {
        const f = (t: number): number => logDensityAt(y[i]!, exposure[i]!, t);
        const fd1 = (f(etaValue + h) - f(etaValue - h)) / (2 * h);
        expect(Math.abs(d1[i]! - fd1)).toBeLessThan(1e-6 * (1 + Math.abs(fd1)));
        const p = new Float64Array(5);
        const m = new Float64Array(5);
        poisson.derivatives(y, extra, [], new Float64Array(5).fill(etaValue + h), undefined, p);
        poisson.derivatives(y, extra, [], new Float64Array(5).fill(etaValue - h), undefined, m);
        expect(Math.abs(d2[i]! - (f(etaValue + h) - 2 * f(etaValue) + f(etaValue - h)) / (h * h))).toBeLessThan(1e-3 * (1 + Math.abs(d2[i]!)));
        expect(Math.abs(d3[i]! - (p[i]! - m[i]!) / (2 * h))).toBeLessThan(1e-6 * (1 + Math.abs(d3[i]!)));
      }
    }
    const far = new Float64Array(5);
    poisson.derivatives(y, extra, [], new Float64Array(5).fill(-700), far);
    expect(Array.from(far).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(logDensityAt(0, 1, 700))).toBe(true);
  });
  it('rejects what is not a count or an exposure, naming the row', () => {
    expect(() => poisson.validate(Float64Array.of(1, 2.5), { E: Float64Array.of(1, 1) })).toThrow(/row 2 is 2.5; expected a count of at least 0/);
    expect(() => poisson.validate(Float64Array.of(1, 2), { E: Float64Array.of(1, 0) })).toThrow(LikelihoodError);
  });
});
