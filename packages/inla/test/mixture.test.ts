/**
 * The summaries of a Gaussian mixture (a latent marginal over the integration points) against independent
 * computations: quantiles against a bisection of the CDF run to the last bit, the KLD against the trapezoid rule on
 * the density evaluated point by point.
 */
import { normalDensity } from '@hlm/likelihood';
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { splineCorrectedSummary } from '../src/grid-density.js';
import { mixtureCdf, mixtureKld, mixtureMoments, mixtureQuantile, mixtureSummary, symmetricKld, type GaussianMixture } from '../src/mixture.js';

/** Mixtures like those over integration points: 2 to 11 components, close or far apart, some very unequal sds. */
function mixtures(): GaussianMixture[] {
  const u = seededRandom(5);
  const out: GaussianMixture[] = [];
  for (let t = 0; t < 40; t++) {
    const k = 2 + Math.floor(10 * u());
    const spread = [0.01, 0.3, 3][t % 3]!;
    const raw = Float64Array.from({ length: k }, () => u() + 0.05);
    const total = raw.reduce((a, b) => a + b, 0);
    out.push({
      weights: raw.map((w) => w / total),
      means: Float64Array.from({ length: k }, () => 5 * (u() - 0.5) + spread * (u() - 0.5)),
      sds: Float64Array.from({ length: k }, () => (t % 5 === 0 ? 1e-3 : 0.2) + u()),
    });
  }
  return out;
}

/**
 * Mixtures like a latent node's over θ: components whose means lie within 0.4 sd of each other and whose sds are
 * within ±45 % of the mixture's, down to the mixture that is its Gaussian up to rounding.
 */
function nearGaussianMixtures(): GaussianMixture[] {
  const u = seededRandom(9);
  const out: GaussianMixture[] = [];
  for (let t = 0; t < 400; t++) {
    const k = 2 + Math.floor(10 * u());
    const spread = [0.01, 0.1, 0.4, 1][t % 4]!;
    const sdSpread = [0.01, 0.3, 0.9][t % 3]!;
    const raw = Float64Array.from({ length: k }, () => u() + 0.05);
    const total = raw.reduce((a, b) => a + b, 0);
    out.push({
      weights: raw.map((w) => w / total),
      means: Float64Array.from({ length: k }, () => 1 + spread * (u() - 0.5)),
      sds: Float64Array.from({ length: k }, () => 0.5 * (1 + sdSpread * (u() - 0.5))),
    });
  }
  return out;
}

/** ½ ∫ (f − g) log(f/g) on ±8 sd by the trapezoid rule on 801 points, the density evaluated point by point with Math.log. */
function writtenOutKld(mixture: GaussianMixture): number {
  const moments = mixtureMoments(mixture);
  const step = (16 * moments.sd) / 800;
  let kl = 0;
  for (let i = 0; i <= 800; i++) {
    const x = moments.mean - 8 * moments.sd + i * step;
    let f = 0;
    for (let k = 0; k < mixture.weights.length; k++) f += (mixture.weights[k]! * normalDensity((x - mixture.means[k]!) / mixture.sds[k]!)) / mixture.sds[k]!;
    const g = normalDensity((x - moments.mean) / moments.sd) / moments.sd;
    if (f > 0 && g > 0) kl += (i === 0 || i === 800 ? 0.5 : 1) * (f - g) * Math.log(f / g);
  }
  return 0.5 * kl * step;
}

/** The p-quantile by bisection until the bracket cannot shrink. */
function bisectQuantile(mixture: GaussianMixture, p: number): number {
  const { mean, sd } = mixtureMoments(mixture);
  let lo = mean - 40 * sd;
  let hi = mean + 40 * sd;
  for (;;) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) return mid;
    if (mixtureCdf(mixture, mid) < p) lo = mid;
    else hi = mid;
  }
}

describe('a Gaussian mixture', () => {
  it('has quantiles equal to a bisection of its CDF to 1e-13 of its scale', () => {
    let worst = 0;
    for (const mixture of mixtures()) {
      const { mean, sd } = mixtureMoments(mixture);
      for (const p of [0.025, 0.5, 0.975]) {
        const error = Math.abs(mixtureQuantile(mixture, p) - bisectQuantile(mixture, p)) / (Math.abs(mean) + sd);
        worst = Math.max(worst, error);
      }
    }
    console.log(`mixture quantiles: worst error ${worst.toExponential(1)} of |mean| + sd`);
    expect(worst).toBeLessThan(1e-13);
  });

  it('has the KLD of the trapezoid rule on its density evaluated point by point, with Math.log, to 1e-11 relative', () => {
    let worst = 0;
    for (const mixture of mixtures()) {
      const moments = mixtureMoments(mixture);
      const density = (x: number): number => {
        let d = 0;
        for (let k = 0; k < mixture.weights.length; k++) d += (mixture.weights[k]! * normalDensity((x - mixture.means[k]!) / mixture.sds[k]!)) / mixture.sds[k]!;
        return d;
      };
      const direct = writtenOutKld(mixture);
      // relative to the KLD, or to 1e-12 for a mixture that is its Gaussian (KLD 0 up to rounding)
      const scale = Math.max(direct, 1e-12);
      worst = Math.max(worst, Math.abs(mixtureKld(mixture, moments) - direct) / scale);
      worst = Math.max(worst, Math.abs(symmetricKld(density, moments) - direct) / scale);
    }
    console.log(`mixture KLD: worst relative error ${worst.toExponential(1)}`);
    expect(worst).toBeLessThan(1e-11);
  });

  it('has, for a near-Gaussian mixture (its coarser rule), the KLD of the 801-point rule to 1e-9 relative, 1e-18 absolute', () => {
    // a KLD of 1e-11 is (f − g)²/g summed: the densities' last bits, which no two evaluations share, set its last digits
    let worst = 0;
    for (const mixture of nearGaussianMixtures()) {
      const direct = writtenOutKld(mixture);
      worst = Math.max(worst, Math.abs(mixtureKld(mixture) - direct) / (1e-9 * direct + 1e-18));
    }
    console.log(`near-Gaussian mixture KLD: worst error ${worst.toFixed(2)} of 1e-9 relative + 1e-18`);
    expect(worst).toBeLessThan(1);
  });

  it("summarises a near-Gaussian mixture as R-INLA's combined density of it, to 1e-13 of its sd", () => {
    // R-INLA's 27 standardised points (density.c, GMRFLib_density_combine_x), each density written out with its exponentials
    const u = [-5, -4, -3.5, -3, -2.5, -2, -1.5, -1.25, -1, -0.75, -0.5, -0.25, -0.125, 0, 0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 3.5, 4, 5];
    let worst = 0;
    for (const mixture of nearGaussianMixtures()) {
      const { mean, sd } = mixtureMoments(mixture);
      const logDensity = u.map((v) => {
        const x = mean + sd * v;
        let f = 0;
        for (let k = 0; k < mixture.weights.length; k++) f += (mixture.weights[k]! * normalDensity((x - mixture.means[k]!) / mixture.sds[k]!)) / mixture.sds[k]!;
        return Math.log(f);
      });
      const expected = splineCorrectedSummary(u, logDensity, mean, sd);
      const got = mixtureSummary(mixture);
      for (const key of ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const) worst = Math.max(worst, Math.abs(got[key] - expected[key]) / sd);
    }
    console.log(`near-Gaussian mixture summaries: worst difference ${worst.toExponential(1)} of the sd`);
    expect(worst).toBeLessThan(1e-13);
  });
});
