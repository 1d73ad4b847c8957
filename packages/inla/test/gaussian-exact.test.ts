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

/** y = 0.5 x + u_group + ε, u ~ N(0, effectSd²), ε ~ N(0, 1/τ_y), from one fixed seed. */
function simulate(effectSd = 0.7): Table {
  const uniform = seededRandom(11);
  const group: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const effects = Array.from({ length: GROUPS }, () => effectSd * normalDraw(uniform));
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

/**
 * The same exact quantities through the 7 × 7 posterior precision H = Q + τ_y AᵀA (Woodbury): log|Σ| =
 * −N log τ_y + log|Q⁻¹| + log|H| and yᵀΣ⁻¹y = τ_y yᵀy − τ_y² (Aᵀy)ᵀ H⁻¹ (Aᵀy), for fine grids over (τ_u, τ_y).
 */
function woodburyExact(table: Table): (tauU: number, tauY: number) => { logMarginal: number; mean: number[]; variance: number[] } {
  const design = buildDesign(table, spec, { response: 'continuous' });
  const A = new Matrix(design.A.toDense());
  const n = A.columns;
  const y = Matrix.columnVector(Array.from(design.response));
  const AtA = A.transpose().mmul(A);
  const Aty = A.transpose().mmul(y);
  const yty = y.transpose().mmul(y).get(0, 0);
  return (tauU, tauY) => {
    const H = AtA.clone().mul(tauY);
    for (let j = 0; j < GROUPS; j++) H.set(j, j, H.get(j, j) + tauU);
    H.set(n - 1, n - 1, H.get(n - 1, n - 1) + 0.001);
    const chol = new CholeskyDecomposition(H);
    let logDetH = 0;
    for (let j = 0; j < n; j++) logDetH += 2 * Math.log(chol.lowerTriangularMatrix.get(j, j));
    const logDetQinv = -GROUPS * Math.log(tauU) - Math.log(0.001);
    const solved = chol.solve(Aty);
    const quadratic = tauY * yty - tauY * tauY * Aty.transpose().mmul(solved).get(0, 0);
    const logMarginal = -0.5 * N * Math.log(2 * Math.PI) - 0.5 * (-N * Math.log(tauY) + logDetQinv + logDetH) - 0.5 * quadratic;
    const Hinv = chol.solve(Matrix.eye(n));
    return { logMarginal, mean: solved.mul(tauY).getColumn(0), variance: Array.from({ length: n }, (_, j) => Hinv.get(j, j)) };
  };
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

  it('the hyperparameter summaries agree with the exact posterior of θ, integrated over the whole line to convergence', () => {
    const fit = inla({ model: spec, family: 'gaussian', data: table, control: { family: familyControl } });
    // exact log π(θ | y) = log p(y | θ) + log π(θ) + const, θ = log τ_u with R-INLA's loggamma(1, 5e-5) prior
    const prior = (theta: number): number => Math.log(5e-5) + theta - 5e-5 * Math.exp(theta);
    const logPosterior = (theta: number): number => denseExact(table, Math.exp(theta)).logMarginal + prior(theta);
    // As τ_u → ∞, p(y | τ_u) tends to a constant and only the prior's exp(−5e-5 τ_u) ends the right tail (by
    // θ ≈ 15); as τ_u → 0 it falls like τ_u^(groups/2 + 1). The line is covered on [−14, 16]: the log density
    // must be 40 below its peak at both ends.
    const lo = -14;
    const hi = 16;
    const finest = 3000;
    const grid = Array.from({ length: finest + 1 }, (_, i) => lo + ((hi - lo) * i) / finest);
    const logPost = grid.map(logPosterior);
    const peak = Math.max(...logPost);
    expect(logPost[0]! - peak).toBeLessThan(-40);
    expect(logPost[finest]! - peak).toBeLessThan(-40);
    // Moments by the trapezoid rule on every `stride`-th point: for a smooth integrand that vanishes at both ends
    // it converges faster than any power of the step, so halving the step shows the error directly.
    const moments = (stride: number, from = 0, to = finest): { meanTheta: number; sdTheta: number; meanTau: number; sdTau: number } => {
      let w = 0;
      let t1 = 0;
      let t2 = 0;
      let u1 = 0;
      let u2 = 0;
      for (let i = from; i <= to; i += stride) {
        const d = Math.exp(logPost[i]! - peak) * (i === from || i === to ? 0.5 : 1);
        const t = grid[i]!;
        w += d;
        t1 += d * t;
        t2 += d * t * t;
        u1 += d * Math.exp(t);
        u2 += d * Math.exp(2 * t);
      }
      const meanTheta = t1 / w;
      const meanTau = u1 / w;
      return { meanTheta, sdTheta: Math.sqrt(t2 / w - meanTheta ** 2), meanTau, sdTau: Math.sqrt(u2 / w - meanTau ** 2) };
    };
    const h4 = moments(4); // step 0.04
    const h2 = moments(2); // step 0.02
    const exact = moments(1); // step 0.01
    const narrower = moments(1, 200, 2800); // [−12, 14]: the ends carry nothing
    for (const key of ['meanTheta', 'sdTheta', 'meanTau', 'sdTau'] as const) {
      expect(Math.abs(h2[key] / exact[key] - 1), `${key}: step 0.02 vs 0.01`).toBeLessThan(1e-9);
      expect(Math.abs(narrower[key] / exact[key] - 1), `${key}: [−12, 14] vs [−14, 16]`).toBeLessThan(1e-9);
    }
    const internal = fit.internalSummaryHyperpar[0]!;
    const user = fit.summaryHyperpar[0]!;
    const figures = {
      meanTheta: Math.abs(internal.mean - exact.meanTheta) / exact.sdTheta,
      sdTheta: Math.abs(internal.sd / exact.sdTheta - 1),
      meanTau: Math.abs(user.mean / exact.meanTau - 1),
      sdTau: Math.abs(user.sd / exact.sdTau - 1),
    };
    console.log(
      `gaussian model, exact moments (step 0.04 → 0.02 → 0.01: E[τ] ${h4.meanTau.toFixed(12)}, ${h2.meanTau.toFixed(12)}, ${exact.meanTau.toFixed(12)}): ` +
        `E[log τ] INLA ${internal.mean.toFixed(5)} vs ${exact.meanTheta.toFixed(5)} (${figures.meanTheta.toFixed(4)} sd), sd ${(100 * figures.sdTheta).toFixed(2)}% off; ` +
        `E[τ] INLA ${user.mean.toFixed(5)} vs ${exact.meanTau.toFixed(5)} (${(100 * figures.meanTau).toFixed(3)}%), sd(τ) ${(100 * figures.sdTau).toFixed(2)}% off`,
    );
    // measured: 0.0034 sd, 0.77%, 0.059%, 0.21% (R-INLA's 11-point grid and spline-corrected marginal); asserted at 1.5 times
    expect(figures.meanTheta).toBeLessThan(0.005);
    expect(figures.sdTheta).toBeLessThan(0.012);
    expect(figures.meanTau).toBeLessThan(0.0009);
    expect(figures.sdTau).toBeLessThan(0.0032);
  });

  it('estimates the observation precision too: both precisions and the effects against the exact 2-D posterior, integrated to convergence', () => {
    // With τ_y free too, the exact posterior of the data above (group effects of sd 0.7) has a second mode far out
    // at τ_u ≈ 1/5e-5 (no group effect, the noise explaining all) holding much of the mass: INLA integrates around
    // one mode only and is 18% off in E[τ_y]. Group effects of sd 1.2 leave 5e-5 of the mass there (checked below).
    const table = simulate(1.2);
    const fit = inla({ model: spec, family: 'gaussian', data: table });
    expect(fit.summaryHyperpar.map((h) => h.name)).toEqual(['Precision for the Gaussian observations', 'Precision for group']);
    // exact π(θ_y, θ_u | y) ∝ p(y | θ) π(θ_y) π(θ_u), through the 7 × 7 posterior precision of x (checked against
    // the N × N route), on a grid that covers the plane: the log density is 40 below its peak all round its edge
    const exactAt = woodburyExact(table);
    for (const [tu, ty] of [[-2, 0.5], [1, 1.5], [6, 3]] as const) {
      const slow = denseExactWith(table, Math.exp(tu), Math.exp(ty));
      const fast = exactAt(Math.exp(tu), Math.exp(ty));
      expect(Math.abs(fast.logMarginal - slow.logMarginal)).toBeLessThan(1e-8);
      fast.mean.forEach((m, j) => expect(Math.abs(m - slow.mean[j]!)).toBeLessThan(1e-8));
    }
    const prior = (theta: number): number => Math.log(5e-5) + theta - 5e-5 * Math.exp(theta);
    const step = 0.05;
    const thetaY = Array.from({ length: 201 }, (_, i) => -5 + step * i); // [−5, 5]
    const thetaU = Array.from({ length: 601 }, (_, i) => -14 + step * i); // [−14, 16]
    const cells = thetaY.flatMap((ty, a) =>
      thetaU.map((tu, b) => {
        const exact = exactAt(Math.exp(tu), Math.exp(ty));
        return { a, b, ty, tu, logPost: exact.logMarginal + prior(ty) + prior(tu), mean: exact.mean, variance: exact.variance };
      }),
    );
    const peak = Math.max(...cells.map((c) => c.logPost));
    const edge = Math.max(...cells.filter((c) => c.a === 0 || c.a === 200 || c.b === 0 || c.b === 600).map((c) => c.logPost));
    expect(edge - peak).toBeLessThan(-40);
    const mass = (keep: (c: (typeof cells)[number]) => boolean): number => cells.filter(keep).reduce((m, c) => m + Math.exp(c.logPost - peak), 0);
    const farMass = mass((c) => c.tu > 7) / mass(() => true);
    // trapezoid moments on every `stride`-th grid line, within [aFrom, aTo] × [bFrom, bTo]
    const moments = (stride: number, [aFrom, aTo, bFrom, bTo] = [0, 200, 0, 600]) => {
      let total = 0;
      const sum = { ty: 0, tauY: 0, tu: 0, tu2: 0, tauU: 0 };
      const first = new Array<number>(GROUPS + 1).fill(0);
      const second = new Array<number>(GROUPS + 1).fill(0);
      for (const c of cells) {
        if (c.a < aFrom || c.a > aTo || c.b < bFrom || c.b > bTo || (c.a - aFrom) % stride !== 0 || (c.b - bFrom) % stride !== 0) continue;
        const w = Math.exp(c.logPost - peak) * (c.a === aFrom || c.a === aTo ? 0.5 : 1) * (c.b === bFrom || c.b === bTo ? 0.5 : 1);
        total += w;
        sum.ty += w * c.ty;
        sum.tauY += w * Math.exp(c.ty);
        sum.tu += w * c.tu;
        sum.tu2 += w * c.tu * c.tu;
        sum.tauU += w * Math.exp(c.tu);
        c.mean.forEach((m, j) => {
          first[j]! += w * m;
          second[j]! += w * (m * m + c.variance[j]!);
        });
      }
      const logTauU = sum.tu / total;
      return {
        tauY: sum.tauY / total,
        logTauU,
        logTauUSd: Math.sqrt(sum.tu2 / total - logTauU ** 2),
        tauU: sum.tauU / total,
        latentMean: first.map((f) => f / total),
        latentSd: first.map((f, j) => Math.sqrt(second[j]! / total - (f / total) ** 2)),
      };
    };
    const exact = moments(1);
    const coarse = moments(2); // step 0.1
    const narrower = moments(1, [20, 180, 40, 560]); // [−4, 4] × [−12, 14]
    for (const other of [coarse, narrower]) {
      for (const key of ['tauY', 'logTauU', 'logTauUSd', 'tauU'] as const) expect(Math.abs(other[key] / exact[key] - 1), key).toBeLessThan(1e-6);
      other.latentMean.forEach((m, j) => expect(Math.abs(m - exact.latentMean[j]!) / exact.latentSd[j]!).toBeLessThan(1e-6));
    }
    const rows = [...fit.summaryRandom.group!, ...fit.summaryFixed];
    let worstMean = 0;
    let worstSd = 0;
    rows.forEach((row, j) => {
      worstMean = Math.max(worstMean, Math.abs(row.mean - exact.latentMean[j]!) / exact.latentSd[j]!);
      worstSd = Math.max(worstSd, Math.abs(row.sd / exact.latentSd[j]! - 1));
    });
    const figures = {
      tauY: Math.abs(fit.summaryHyperpar[0]!.mean / exact.tauY - 1),
      logTauU: Math.abs(fit.internalSummaryHyperpar[1]!.mean - exact.logTauU) / exact.logTauUSd,
      worstMean,
      worstSd,
    };
    console.log(
      `gaussian model with estimated precision (exact: step 0.05, plane to 40 log units): E[τ_y] INLA ${fit.summaryHyperpar[0]!.mean.toFixed(4)} vs ${exact.tauY.toFixed(4)} (step 0.1: ${coarse.tauY.toFixed(8)}, ${exact.tauY.toFixed(8)}), ` +
        `E[τ_u] ${fit.summaryHyperpar[1]!.mean.toFixed(3)} vs ${exact.tauU.toFixed(3)}, E[log τ_u] ${fit.internalSummaryHyperpar[1]!.mean.toFixed(4)} vs ${exact.logTauU.toFixed(4)} (sd ${exact.logTauUSd.toFixed(3)}); ` +
        `latent worst |Δmean|/sd ${worstMean.toFixed(4)}, |sd ratio − 1| ${worstSd.toFixed(4)}; mass at τ_u > e⁷ ${farMass.toExponential(1)}`,
    );
    // measured: far mass 5.2e-5; E[τ_y] 1.44% off, E[log τ_u] 0.049 sd, latent means 0.0027 sd, sds 1.9% (R-INLA's
    // 45-point design and skewed-Gaussian marginals); asserted at 1.5 times. E[τ_u] is not compared: the far mode's
    // 5e-5 of the mass at τ_u ≈ 2·10⁴ makes up two thirds of it (exact 1.69, INLA 0.61).
    expect(farMass, 'posterior mass at τ_u > e⁷').toBeLessThan(8e-5);
    expect(figures.tauY).toBeLessThan(0.022);
    expect(figures.logTauU).toBeLessThan(0.075);
    expect(figures.worstMean).toBeLessThan(0.0041);
    expect(figures.worstSd).toBeLessThan(0.028);
  });
});
