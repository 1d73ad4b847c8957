import { buildDesign, type Table } from '@hlm/design';
import { getFamily } from '@hlm/likelihood';
import { normalDraw, seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { gaussianApproximation } from '../src/gaussian-approximation.js';
import { inla } from '../src/index.js';
import { resolveFamilyHyper, resolveFixedPrior } from '../src/options.js';
import { readObservations } from '../src/observation-input.js';
import { buildProblem } from '../src/problem.js';

/**
 * A Gaussian likelihood with known precision and a Gaussian latent field: π(x | θ, y) is Gaussian, so the
 * Laplace approximation is exact and log π̃(θ | y) − log π(θ) is the log marginal likelihood log p(y | θ).
 */
const TAU_Y = 4;
const GROUPS = 6;
const N = 30;

function simulate(): Table {
  const uniform = seededRandom(11);
  const group: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const effects = Array.from({ length: GROUPS }, () => 0.7 * normalDraw(uniform));
  for (let i = 0; i < N; i++) {
    const g = i % GROUPS;
    const xi = normalDraw(uniform);
    group.push(`g${g + 1}`);
    x.push(xi);
    y.push(0.5 * xi + effects[g]! + normalDraw(uniform) / Math.sqrt(TAU_Y));
  }
  return { y, x, group };
}

const spec = { response: 'y', fixed: ['x'], random: [{ id: 'group', model: 'iid' }] };
const familyControl = { hyper: { prec: { initial: Math.log(TAU_Y), fixed: true } } };

/** Dense log N(y; 0, A Q⁻¹ Aᵀ + τ_y⁻¹ I) and the dense posterior of x, for prior precision Q = diag(τ_u I, 0.001). */
function denseExact(table: Table, tauU: number): { logMarginal: number; mean: number[]; variance: number[] } {
  return denseExactWith(table, tauU, TAU_Y);
}

function denseExactWith(table: Table, tauU: number, tauY: number): { logMarginal: number; mean: number[]; variance: number[] } {
  const design = buildDesign(table, spec, { response: 'continuous' });
  const A = new Matrix(design.A.toDense());
  const n = A.columns;
  const Q = Matrix.zeros(n, n);
  for (let j = 0; j < GROUPS; j++) Q.set(j, j, tauU);
  Q.set(n - 1, n - 1, 0.001);
  const Qinv = Matrix.zeros(n, n);
  for (let j = 0; j < n; j++) Qinv.set(j, j, 1 / Q.get(j, j));
  const raw = A.mmul(Qinv).mmul(A.transpose()).add(Matrix.eye(N).mul(1 / tauY));
  const cov = raw.add(raw.transpose()).mul(0.5);
  const chol = new CholeskyDecomposition(cov);
  const y = Matrix.columnVector(Array.from(design.response));
  const alpha = chol.solve(y);
  let logDet = 0;
  for (let i = 0; i < N; i++) logDet += 2 * Math.log(chol.lowerTriangularMatrix.get(i, i));
  const logMarginal = -0.5 * N * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * y.transpose().mmul(alpha).get(0, 0);
  const AtA = A.transpose().mmul(A);
  const H = Q.clone().add(AtA.add(AtA.transpose()).mul(0.5 * tauY));
  const Hchol = new CholeskyDecomposition(H);
  const mean = Hchol.solve(A.transpose().mmul(y).mul(tauY)).getColumn(0);
  const Hinv = Hchol.solve(Matrix.eye(n));
  return { logMarginal, mean, variance: Array.from({ length: n }, (_, j) => Hinv.get(j, j)) };
}

describe('a Gaussian likelihood, where the Laplace approximation is exact', () => {
  const table = simulate();

  it('log π̃(θ | y) − log π(θ) equals the dense log marginal likelihood at every θ', () => {
    const design = buildDesign(table, spec, { response: 'continuous' });
      const likelihoodHyper = resolveFamilyHyper(getFamily('gaussian'), { hyper: { prec: { initial: Math.log(TAU_Y), fixed: true } } });
    const problem = buildProblem(design, readObservations({}, getFamily('gaussian'), design, likelihoodHyper), resolveFixedPrior(undefined));
    const logPrior = problem.field.free[0]!.hyper.logPrior;
    for (const theta of [-1, 0.5, 2, 4]) {
      const approx = gaussianApproximation(problem, [theta]);
      const exact = denseExact(table, Math.exp(theta));
      expect(Math.abs(approx.logPosterior - logPrior(theta) - exact.logMarginal)).toBeLessThan(1e-8);
      approx.mode.forEach((m, j) => expect(Math.abs(m - exact.mean[j]!)).toBeLessThan(1e-9));
    }
  });

  it('with θ fixed, the posterior summaries are the exact Gaussian posterior (and the VB correction does not move them)', () => {
    const tauU = 2.5;
    const fit = inla({
      model: { ...spec, random: [{ id: 'group', model: 'iid', hyper: { prec: { initial: Math.log(tauU), fixed: true } } }] },
      family: 'gaussian',
      data: table,
      control: { family: familyControl },
    });
    const exact = denseExact(table, tauU);
    expect(fit.posterior.points).toHaveLength(1);
    const rows = [...fit.summaryRandom.group!, ...fit.summaryFixed];
    rows.forEach((row, j) => {
      expect(Math.abs(row.mean - exact.mean[j]!)).toBeLessThan(1e-9);
      expect(Math.abs(row.sd - Math.sqrt(exact.variance[j]!))).toBeLessThan(1e-12);
      expect(Math.abs(row['0.975quant'] - (row.mean + 1.959963984540054 * row.sd))).toBeLessThan(1e-9);
    });
  });

  it("strategy 'laplace' recovers the exact Gaussian marginals (its only loss: the support ends at ±4 sd)", () => {
    const tauU = 2.5;
    const fit = inla({
      model: { ...spec, random: [{ id: 'group', model: 'iid', hyper: { prec: { initial: Math.log(tauU), fixed: true } } }] },
      family: 'gaussian',
      data: table,
      control: { family: familyControl, inla: { strategy: 'laplace' } },
    });
    const exact = denseExact(table, tauU);
    [...fit.summaryRandom.group!, ...fit.summaryFixed].forEach((row, j) => {
      const sd = Math.sqrt(exact.variance[j]!);
      expect(Math.abs(row.mean - exact.mean[j]!) / sd).toBeLessThan(1e-6);
      expect(Math.abs(row.sd / sd - 1)).toBeLessThan(2e-3);
      expect(Math.abs(row['0.975quant'] - (exact.mean[j]! + 1.959963984540054 * sd)) / sd).toBeLessThan(2e-3);
      // an exactly Gaussian marginal has (up to the ±4 sd truncation) no divergence from its Gaussian
      expect(row.kld).toBeLessThan(1e-3);
    });
  });

  it('the hyperparameter marginal agrees with brute-force integration of the exact posterior of θ', () => {
    const fit = inla({ model: spec, family: 'gaussian', data: table, control: { family: familyControl } });
    // exact π(θ | y) ∝ p(y | θ) π(θ) on a fine grid of log τ_u
    const prior = (theta: number): number => Math.log(5e-5) + theta - 5e-5 * Math.exp(theta);
    const grid = Array.from({ length: 4001 }, (_, i) => -6 + (14 * i) / 4000);
    const logPost = grid.map((t) => denseExact(table, Math.exp(t)).logMarginal + prior(t));
    const max = Math.max(...logPost);
    const density = logPost.map((l) => Math.exp(l - max));
    const total = density.reduce((a, b) => a + b, 0);
    const meanTheta = grid.reduce((s, t, i) => s + t * density[i]!, 0) / total;
    const meanPrecision = grid.reduce((s, t, i) => s + Math.exp(t) * density[i]!, 0) / total;
    const internal = fit.internalSummaryHyperpar[0]!;
    const sdTheta = Math.sqrt(grid.reduce((s, t, i) => s + (t - meanTheta) ** 2 * density[i]!, 0) / total);
    console.log(
      `gaussian model: E[log τ] INLA ${internal.mean.toFixed(4)} vs exact ${meanTheta.toFixed(4)} (sd ${sdTheta.toFixed(3)}); ` +
        `E[τ] INLA ${fit.summaryHyperpar[0]!.mean.toFixed(4)} vs exact ${meanPrecision.toFixed(4)}`,
    );
    expect(Math.abs(internal.mean - meanTheta)).toBeLessThan(0.05 * sdTheta);
    expect(Math.abs(fit.summaryHyperpar[0]!.mean / meanPrecision - 1)).toBeLessThan(0.05);
  });

  it('estimates the observation precision too: posterior means of both precisions and of the effects against 2-D brute-force integration', () => {
    const fit = inla({ model: spec, family: 'gaussian', data: table });
    expect(fit.summaryHyperpar.map((h) => h.name)).toEqual(['Precision for the Gaussian observations', 'Precision for group']);
    // exact π(θ_y, θ_u | y) ∝ p(y | θ) π(θ_y) π(θ_u) on a fine grid, and E[x | θ, y] averaged over it
    const prior = (theta: number): number => Math.log(5e-5) + theta - 5e-5 * Math.exp(theta);
    const grid = (lo: number, hi: number, n: number): number[] => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const thetaY = grid(-0.5, 3.5, 81);
    const thetaU = grid(-4, 5, 91);
    const cells: { logPost: number; tauY: number; tauU: number; mean: number[]; second: number[] }[] = [];
    for (const ty of thetaY) {
      for (const tu of thetaU) {
        const exact = denseExactWith(table, Math.exp(tu), Math.exp(ty));
        cells.push({
          logPost: exact.logMarginal + prior(ty) + prior(tu),
          tauY: Math.exp(ty),
          tauU: Math.exp(tu),
          mean: exact.mean,
          second: exact.mean.map((m, j) => m * m + exact.variance[j]!),
        });
      }
    }
    const max = Math.max(...cells.map((c) => c.logPost));
    const weights = cells.map((c) => Math.exp(c.logPost - max));
    const total = weights.reduce((a, b) => a + b, 0);
    const expectation = (f: (c: (typeof cells)[number]) => number): number => cells.reduce((s, c, k) => s + weights[k]! * f(c), 0) / total;
    const precisionY = expectation((c) => c.tauY);
    const precisionU = expectation((c) => c.tauU);
    // with 6 groups τ_u has a heavy right tail, so compare log τ, whose posterior is well defined on the grid
    const logTauU = expectation((c) => Math.log(c.tauU));
    const logTauUSd = Math.sqrt(expectation((c) => Math.log(c.tauU) ** 2) - logTauU ** 2);
    const rows = [...fit.summaryRandom.group!, ...fit.summaryFixed];
    let worstMean = 0;
    let worstSd = 0;
    rows.forEach((row, j) => {
      const mean = expectation((c) => c.mean[j]!);
      const sd = Math.sqrt(expectation((c) => c.second[j]!) - mean * mean);
      worstMean = Math.max(worstMean, Math.abs(row.mean - mean) / sd);
      worstSd = Math.max(worstSd, Math.abs(row.sd / sd - 1));
    });
    console.log(
      `gaussian model with estimated precision: E[τ_y] INLA ${fit.summaryHyperpar[0]!.mean.toFixed(3)} vs exact ${precisionY.toFixed(3)}, ` +
        `E[τ_u] INLA ${fit.summaryHyperpar[1]!.mean.toFixed(3)} vs exact ${precisionU.toFixed(3)}, E[log τ_u] INLA ${fit.internalSummaryHyperpar[1]!.mean.toFixed(3)} vs exact ${logTauU.toFixed(3)} (sd ${logTauUSd.toFixed(3)}); ` +
        `latent worst |Δmean|/sd ${worstMean.toFixed(4)}, |sd ratio − 1| ${worstSd.toFixed(4)}`,
    );
    // R-INLA's 45-point design and skewed-Gaussian marginals for two hyperparameters: close, not exact
    expect(Math.abs(fit.summaryHyperpar[0]!.mean / precisionY - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.internalSummaryHyperpar[1]!.mean - logTauU)).toBeLessThan(0.15 * logTauUSd);
    expect(worstMean).toBeLessThan(0.05);
    expect(worstSd).toBeLessThan(0.08);
  });
});
