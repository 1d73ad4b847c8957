import { gaussHermite, normalCdf } from '@hlm/likelihood';
import { assertClose } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { GHQ_POINTS, logLikelihoodMoments, pointCpo, simpsonWeights } from '../src/index.js';

const LOG_2PI = Math.log(2 * Math.PI);
/** log N(y; η, 1/τ). */
const gaussianLoglik = (y: number, tau: number) => (eta: number): number => 0.5 * (Math.log(tau) - LOG_2PI) - 0.5 * tau * (y - eta) ** 2;

describe('the 15-point Gauss–Hermite rule the criteria use (@hlm/likelihood)', () => {
  it('integrates E[Z^k] exactly for k ≤ 29: 0 for odd k, (k − 1)!! for even k (relative 1e-12)', () => {
    const doubleFactorial = (m: number): number => (m <= 1 ? 1 : m * doubleFactorial(m - 2));
    const rule = gaussHermite(GHQ_POINTS);
    let worst = 0;
    for (let k = 0; k < 2 * GHQ_POINTS; k++) {
      let moment = 0;
      for (let j = 0; j < GHQ_POINTS; j++) moment += rule.weights[j]! * rule.nodes[j]! ** k;
      const exact = k % 2 === 1 ? 0 : doubleFactorial(k - 1);
      // odd moments are compared on the scale of E[Z^(k+1)]
      worst = Math.max(worst, Math.abs(moment - exact) / doubleFactorial(k % 2 === 1 ? k : k - 1));
    }
    console.log(`15-point Gauss–Hermite: worst relative error of E[Z^0..Z^29] ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('has the tabulated 15-point nodes: symmetric, centre 0, largest √2 · 4.499990707309392 (to 1e-12)', () => {
    const rule = gaussHermite(15);
    expect(rule.nodes[7]).toBe(0);
    for (let j = 0; j < 7; j++) expect(rule.nodes[j]).toBe(-rule.nodes[14 - j]!);
    assertClose(rule.nodes[14]!, Math.SQRT2 * 4.499990707309392, { abs: 1e-12 }, 'largest node');
  });
});

describe('simpsonWeights', () => {
  it('integrates a cubic exactly (to 1e-14) and rejects an even number of points', () => {
    const n = 9;
    const w = simpsonWeights(n);
    const h = 2 / (n - 1);
    let integral = 0;
    for (let j = 0; j < n; j++) {
      const x = -1 + j * h;
      integral += (w[j]! * h * (x ** 3 + 2 * x * x + 1)) / 3;
    }
    assertClose(integral, 4 / 3 + 2, { abs: 1e-14 }, '∫_{−1}^{1} x³ + 2x² + 1');
    expect(() => simpsonWeights(8)).toThrow(RangeError);
  });
});

describe('logLikelihoodMoments', () => {
  it('gives E[p(y | η)], E[ℓ] and E[ℓ²] in closed form for a Gaussian likelihood and η ~ N(m, v) (to 1e-9)', () => {
    // ℓ = c − ½ τ r², r = y − η ~ N(μ, v): E[r²] = μ² + v, E[r⁴] = μ⁴ + 6μ²v + 3v², E[p] = N(y; m, v + 1/τ)
    // (cases where ℓ spans less than 20.25 over the nodes, so no node is dropped)
    let worst = 0;
    for (const [y, m, v, tau] of [
      [0.3, -0.2, 0.4, 1.5],
      [2, 1.1, 0.05, 4],
      [-1, 0, 1, 0.5],
    ] as const) {
      const c = 0.5 * (Math.log(tau) - LOG_2PI);
      const mu = y - m;
      const er2 = mu * mu + v;
      const er4 = mu ** 4 + 6 * mu * mu * v + 3 * v * v;
      const got = logLikelihoodMoments(gaussianLoglik(y, tau), m, Math.sqrt(v), gaussHermite(GHQ_POINTS));
      const meanDensity = Math.exp(-0.5 * (LOG_2PI + Math.log(v + 1 / tau)) - (0.5 * mu * mu) / (v + 1 / tau));
      const meanLog = c - 0.5 * tau * er2;
      const meanLogSquared = c * c - c * tau * er2 + 0.25 * tau * tau * er4;
      worst = Math.max(worst, Math.abs(got.meanDensity - meanDensity), Math.abs(got.meanLog - meanLog), Math.abs(got.meanLogSquared - meanLogSquared));
    }
    console.log(`Gaussian closed forms of E[p], E[ℓ], E[ℓ²]: worst error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it("drops the nodes where ℓ is more than z₁²/2 below its maximum when ℓ spans more than that (R-INLA's guard)", () => {
    const rule = gaussHermite(GHQ_POINTS);
    // ℓ = −100 η²: only the centre node is within 20.25 of the maximum
    const got = logLikelihoodMoments((eta) => -100 * eta * eta, 0, 1, rule);
    expect(got.meanLog).toBe(0);
    expect(got.meanLogSquared).toBe(0);
    assertClose(got.meanDensity, rule.weights[7]!, { abs: 1e-15 }, 'E[p] from the centre node');
  });
});

describe('pointCpo', () => {
  it('gives CPO and PIT in closed form for a Gaussian likelihood (log CPO and PIT to 1e-6)', () => {
    // η | y ~ N(m, v) including y ~ N(η, 1/τ): η | y_−i ~ N(m₀, v₀) with 1/v₀ = 1/v − τ, m₀ = v₀(m/v − τy),
    // so CPO = N(y; m₀, v₀ + 1/τ) and PIT = Φ((y − m₀)/√(v₀ + 1/τ)). The cases keep m₀ ± 5√v₀ where the likelihood
    // is above ε = 1.8e-12 of its maximum, so R-INLA's damping of the division does not enter.
    let worstLogCpo = 0;
    let worstPit = 0;
    for (const [y, m, v, tau] of [
      [0.3, -0.2, 0.4, 1],
      [-1, 0, 0.2, 2],
      [2, 1.5, 0.1, 0.5],
      [1, 0, 1, 0.2],
    ] as const) {
      const v0 = 1 / (1 / v - tau);
      const m0 = v0 * (m / v - tau * y);
      const s2 = v0 + 1 / tau;
      const logCpo = -0.5 * (LOG_2PI + Math.log(s2)) - (0.5 * (y - m0) ** 2) / s2;
      const got = pointCpo(gaussianLoglik(y, tau), (eta) => normalCdf(Math.sqrt(tau) * (y - eta)), m, Math.sqrt(v));
      expect(got.failure).toBe(0);
      worstLogCpo = Math.max(worstLogCpo, Math.abs(Math.log(got.cpo) - logCpo));
      worstPit = Math.max(worstPit, Math.abs(got.pit - normalCdf((y - m0) / Math.sqrt(s2))));
    }
    console.log(`Gaussian closed form of the leave-one-out CPO and PIT: worst |Δ log CPO| ${worstLogCpo.toExponential(2)}, |Δ PIT| ${worstPit.toExponential(2)}`);
    expect(worstLogCpo).toBeLessThanOrEqual(1e-6);
    expect(worstPit).toBeLessThanOrEqual(1e-6);
  });

  it('fails (NaN, flag 1) when at most 4 abscissas have a finite density', () => {
    // a likelihood supported on |η| < 0.7: only the nodes 0 and ±0.66 of the 19-point rule remain
    const got = pointCpo((eta) => (Math.abs(eta) < 0.7 ? 0 : -Infinity), () => 0.5, 0, 1);
    expect(got).toEqual({ cpo: Number.NaN, pit: Number.NaN, failure: 1 });
  });

  it('fails (NaN, flag 1) when the leave-one-out density does not peak at least 3 above both ends', () => {
    // ℓ = −η²/2 on |η| < 2: the leave-one-out density N(z)/p is flat there
    const got = pointCpo((eta) => (Math.abs(eta) < 2 ? -0.5 * eta * eta : -Infinity), () => 0.5, 0, 1);
    expect(got).toEqual({ cpo: Number.NaN, pit: Number.NaN, failure: 1 });
  });

  it('flags the point (failure 1) but still integrates when the density rises at an end of the abscissas', () => {
    // a likelihood that drops by 26 log units just before the last abscissa (twice the largest 19-point node):
    // there the leave-one-out density rises, and that end is cut off
    const last = 2 * gaussHermite(19).nodes[18]!;
    const step = (eta: number): number => -26 / (1 + Math.exp(-5 * (eta - (last - 0.3))));
    const got = pointCpo(step, () => 0.5, 0, 1);
    expect(got.failure).toBe(1);
    assertClose(got.cpo, 1, { abs: 1e-6 }, 'CPO where the likelihood is 1 over the density');
    assertClose(got.pit, 0.5, { abs: 1e-12 }, 'PIT with a constant CDF');
  });
});
