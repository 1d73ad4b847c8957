import { describe, expect, it } from 'vitest';
import { getPrior } from '../src/index.js';

/** ∫ f over [lo, hi] by Simpson's rule on n (odd) points. */
function simpson(f: (t: number) => number, lo: number, hi: number, n = 20001): number {
  const h = (hi - lo) / (n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

describe('hyperpriors against their closed forms', () => {
  it('loggamma(a, b) is the density of log τ for τ ~ Gamma(shape a, rate b)', () => {
    const prior = getPrior('loggamma');
    // Γ(1) = Γ(2) = 1, Γ(1/2) = √π
    for (const [a, b, gamma] of [[1, 5e-5, 1], [2, 0.5, 1], [0.5, 3, Math.sqrt(Math.PI)]] as const) {
      for (const theta of [-3, 0, 1.7, 6]) {
        const exact = Math.log(b ** a / gamma) + a * theta - b * Math.exp(theta);
        expect(prior.logDensity(theta, [a, b])).toBeCloseTo(exact, 12);
      }
    }
    // E[τ] = a / b
    const mean = simpson((t) => Math.exp(t + prior.logDensity(t, [2, 0.5])), -30, 8);
    expect(mean).toBeCloseTo(4, 6);
  });
  it('pc.prec(u, α) puts probability α on σ = τ^(-1/2) > u (Simpson et al. 2017)', () => {
    const prior = getPrior('pc.prec');
    for (const [u, alpha] of [[1, 0.01], [0.5, 0.1], [3, 0.5]] as const) {
      // σ > u ⟺ θ = log τ < −2 log u
      const tail = simpson((t) => Math.exp(prior.logDensity(t, [u, alpha])), -2 * Math.log(u) - 60, -2 * Math.log(u));
      expect(tail).toBeCloseTo(alpha, 6);
      expect(simpson((t) => Math.exp(prior.logDensity(t, [u, alpha])), -2 * Math.log(u) - 60, 60)).toBeCloseTo(1, 6);
    }
  });
  it('normal(mean, precision) is N(mean, 1/precision) on θ, and gaussian is its alias', () => {
    const prior = getPrior('normal');
    expect(getPrior('gaussian')).toBe(prior);
    expect(prior.logDensity(1, [1, 4])).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(4), 14);
    expect(simpson((t) => t * Math.exp(prior.logDensity(t, [2, 0.15])), -40, 44)).toBeCloseTo(2, 6);
  });
  it('pc.mgamma(λ) is the PC prior of a = 1/size = exp(−θ) in Gamma(1/a, 1/a): closed forms at size 2 and ½, and proper', () => {
    const prior = getPrior('pc.mgamma');
    // ψ(2) = 1 − γ, ψ′(2) = π²/6 − 1; ψ(½) = −γ − 2 log 2, ψ′(½) = π²/2 (Abramowitz & Stegun 6.3.2, 6.3.3, 6.4.2, 6.4.4)
    const EULER = 0.5772156649015329;
    const exact = (size: number, psi: number, trigamma: number, lambda: number): number => {
      const a = 1 / size;
      const d = Math.sqrt(2 * (Math.log(size) - psi));
      return Math.log(lambda) - lambda * d - Math.log(d) - 2 * Math.log(a) + Math.log(trigamma - a) + Math.log(a);
    };
    expect(prior.logDensity(Math.log(2), [7])).toBeCloseTo(exact(2, 1 - EULER, Math.PI ** 2 / 6 - 1, 7), 12);
    expect(prior.logDensity(Math.log(0.5), [3])).toBeCloseTo(exact(0.5, -EULER - 2 * Math.log(2), Math.PI ** 2 / 2, 3), 12);
    // proper on θ = log size; the series branch (size ≥ 10) joins the recurrence smoothly
    expect(simpson((t) => Math.exp(prior.logDensity(t, [7])), -25, 60, 200001)).toBeCloseTo(1, 6);
    const below = prior.logDensity(Math.log(10) - 1e-9, [7]);
    const above = prior.logDensity(Math.log(10) + 1e-9, [7]);
    expect(Math.abs(below - above)).toBeLessThan(1e-7);
    expect(() => prior.validate([0])).toThrow(/rate lambda > 0/);
  });
  it('rejects parameters outside their domain with a message saying what was expected', () => {
    expect(() => getPrior('loggamma').validate([0, 1])).toThrow(/shape > 0 and rate > 0/);
    expect(() => getPrior('pc.prec').validate([1, 1.5])).toThrow(/0 < alpha < 1/);
    expect(() => getPrior('nope')).toThrow(/unknown prior 'nope'; known priors: loggamma/);
  });
});
