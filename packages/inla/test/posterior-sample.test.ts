import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { inla, mixtureMoments, posteriorSamples } from '../src/index.js';

/**
 * Samples against the Gaussian approximation, with Monte Carlo bounds: with n draws, a sample mean is within
 * 4·sd/√n of the mean, and a sample covariance within 4·√((Σ_ii Σ_jj + Σ_ij²)/n) of Σ_ij (the sd of a Gaussian
 * sample covariance), each with probability 0.99994; the seed is fixed, so the test is deterministic.
 */
const N = 10_000;
const Z = 4;

function moments(samples: Float64Array[]): { mean: number[]; cov: number[][] } {
  const p = samples[0]!.length;
  const mean = new Array<number>(p).fill(0);
  for (const s of samples) for (let j = 0; j < p; j++) mean[j]! += s[j]! / samples.length;
  const cov = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const s of samples) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov[i]![j]! += ((s[i]! - mean[i]!) * (s[j]! - mean[j]!)) / (samples.length - 1);
  return { mean, cov };
}

function expectAgreement(samples: Float64Array[], mean: number[], cov: number[][]): void {
  const m = moments(samples);
  mean.forEach((mu, j) => expect(Math.abs(m.mean[j]! - mu), `mean ${j}`).toBeLessThanOrEqual(Z * Math.sqrt(cov[j]![j]! / N)));
  for (let i = 0; i < mean.length; i++) {
    for (let j = 0; j < mean.length; j++) {
      const bound = Z * Math.sqrt((cov[i]![i]! * cov[j]![j]! + cov[i]![j]! ** 2) / N);
      expect(Math.abs(m.cov[i]![j]! - cov[i]![j]!), `cov ${i},${j}`).toBeLessThanOrEqual(bound);
    }
  }
}

// a Gaussian response with known precision 1 and a random effect of known precision: x | y is exactly Gaussian
const y = [1.2, 0.4, -0.3, 2.1, 0.9, -1.1, 0.5, 1.7, -0.6, 0.2, 1.4, -0.2];
const x = [0.3, -1.2, 0.8, 1.5, -0.4, 0.1, 0.9, -0.7, 1.1, -1.5, 0.6, -0.1];
const t = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6];
const known = 'hyper = list(prec = list(initial = 0, fixed = TRUE))';
const control = { family: { hyper: { prec: { initial: 0, fixed: true } } }, inla: { strategy: 'gaussian' } };

/** The exact posterior of x = (effects, fixed effects): N(μ, Σ) with Σ = (Q + AᵀA)⁻¹, μ = Σ Aᵀy, then conditioned on C x = 0. */
function exactPosterior(A: number[][], Q: number[][], C: number[][] | null): { mean: number[]; cov: number[][] } {
  const a = new Matrix(A);
  let sigma = inverse(new Matrix(Q).add(a.transpose().mmul(a)));
  let mu = sigma.mmul(a.transpose()).mmul(Matrix.columnVector(y));
  if (C) {
    const c = new Matrix(C);
    const gain = sigma.mmul(c.transpose()).mmul(inverse(c.mmul(sigma).mmul(c.transpose())));
    mu = mu.sub(gain.mmul(c).mmul(mu));
    sigma = sigma.sub(gain.mmul(c).mmul(sigma));
  }
  return { mean: mu.getColumn(0), cov: sigma.to2DArray() };
}

describe('posteriorSamples, as inla.posterior.sample', () => {
  it('draws x | y from the exact Gaussian posterior of a Gaussian model (iid effect, fixed precisions)', () => {
    const fit = inla({ model: `y ~ x + f(t, model = "iid", ${known})`, family: 'gaussian', data: { y, x, t }, control });
    const samples = posteriorSamples(fit, N, { seed: 7 });
    expect(samples.latentNames).toEqual(['t:1', 't:2', 't:3', 't:4', 't:5', 't:6', '(Intercept):1', 'x:1']);
    // A = [indicators of t | 1 | x]; Q = diag(1 × 6, 0 for the intercept, 0.001 for x)
    const A = y.map((_, i) => [...t.map((_, l) => (l < 6 && t[i] === l + 1 ? 1 : 0)).slice(0, 6), 1, x[i]!]);
    const Q = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? (i < 6 ? 1 : i === 6 ? 0 : 0.001) : 0)));
    const exact = exactPosterior(A, Q, null);
    expectAgreement(samples.latent, exact.mean, exact.cov);
  });

  it('conditions on the sum-to-zero constraint of an rw1 effect', () => {
    const fit = inla({ model: `y ~ -1 + x + f(t, model = "rw1", ${known})`, family: 'gaussian', data: { y, x, t }, control });
    const samples = posteriorSamples(fit, N, { seed: 11 });
    const A = y.map((_, i) => [...Array.from({ length: 6 }, (_, l) => (t[i] === l + 1 ? 1 : 0)), x[i]!]);
    // rw1 precision: the first-difference structure D'D on 6 nodes; 0.001 for x
    const Q = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
    for (let l = 0; l < 5; l++) {
      Q[l]![l]! += 1;
      Q[l + 1]![l + 1]! += 1;
      Q[l]![l + 1]! -= 1;
      Q[l + 1]![l]! -= 1;
    }
    Q[6]![6] = 0.001;
    const exact = exactPosterior(A, Q, [[1, 1, 1, 1, 1, 1, 0]]);
    expectAgreement(samples.latent, exact.mean, exact.cov);
    for (const s of samples.latent) expect(Math.abs(s.slice(0, 6).reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
  });

  it('draws θ by weight over the integration points: the fixed effects match their mixture marginals', () => {
    const g = ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'];
    const fit = inla({ model: 'y ~ x + f(g, model = "iid")', family: 'gaussian', data: { y, x, g }, control: { inla: { strategy: 'gaussian' } } });
    expect(fit.posterior.points.filter((p) => p.weight > 0).length).toBeGreaterThan(1);
    const samples = posteriorSamples(fit, N, { seed: 3 });
    expect(samples.hyperparameterNames).toEqual(fit.summaryHyperpar.map((h) => h.name));
    const values = new Set(fit.posterior.points.map((p) => p.theta.join(',')));
    expect(values.size).toBeGreaterThan(1);
    for (const name of ['(Intercept)', 'x']) {
      const j = samples.latentNames.indexOf(`${name}:1`);
      const { mean, sd } = mixtureMoments(fit.marginals.fixed[name]!);
      const drawn = samples.latent.map((s) => s[j]!);
      const m = drawn.reduce((a, b) => a + b, 0) / N;
      const v = drawn.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1);
      // the marginals mix over the points holding 99.9% of the weight, the samples over all: allow 0.001 sd besides Monte Carlo error
      expect(Math.abs(m - mean)).toBeLessThanOrEqual(Z * sd / Math.sqrt(N) + 0.001 * sd);
      expect(Math.abs(Math.sqrt(v) - sd)).toBeLessThanOrEqual(Z * sd / Math.sqrt(2 * N) + 0.001 * sd);
    }
  });
});
