/**
 * One recipe for checking a structured latent model in a Gaussian-likelihood fit against dense, independent
 * computations (see structured-exact.ts):
 *  1. at fixed θ every latent mean and sd equals the exact constrained Gaussian posterior;
 *  2. log π̃(θ | y) equals the exact log p(y | θ) + log π(θ), up to R-INLA's convention for the prior's
 *     normalising constant (computed densely as the difference), at several θ;
 *  3. with θ free, the hyperparameter summaries and the θ-integrated latent means and sds agree with brute-force
 *     integration of the exact posterior of θ on a fine grid.
 */
import { buildDesign, type ModelSpec, type Table } from '@hlm/design';
import { getLatentModel } from '@hlm/latent';
import { getFamily } from '@hlm/likelihood';
import { EigenvalueDecomposition, inverse, Matrix } from 'ml-matrix';
import { expect } from 'vitest';
import { gaussianApproximation } from '../src/gaussian-approximation.js';
import { inla, type InlaResult } from '../src/index.js';
import { logPriorConstants, withModelLevels } from '../src/latent-field.js';
import { resolveFamilyHyper, resolveFixedPrior } from '../src/options.js';
import { readObservations } from '../src/observation-input.js';
import { buildProblem } from '../src/problem.js';
import { axis, blockDiagonal, bruteForce, exactLogMarginal, exactLogMarginalCovariance, exactPosterior, exactPriorConstant, gaussianProblem, latentRows } from './structured-exact.js';

/** The fixed effects' prior precision in these fits (the intercept's too, so that p(y | θ) is proper). */
export const FIXED_PRECISION = 0.001;

export interface StructuredCase {
  name: string;
  table: Table;
  /** Fixed effects ['1', 'x'] and the random effects; response 'y'. */
  spec: ModelSpec;
  tauY: number;
  /** Dense prior precision of the random blocks (in spec order, concatenated) and their constraint rows, from first principles. */
  dense(theta: number[]): { Q: Matrix; C: number[][] | null };
  /** θ at which to check the fixed-θ posterior and log π̃. */
  thetas: number[][];
  /** User-scale transforms of each hyperparameter, for the brute-force moments. */
  transforms: ((theta: number) => number)[];
  /** Grid half-width in posterior sds and points per axis for the brute force. */
  grid: { halfWidth: number; points: number };
  /** In the θ-free fit, hold some hyperparameters fixed at these values (null: free); all free by default. */
  fix?: (number | null)[];
}

export interface StructuredFigures {
  /** Fixed θ: worst |Δmean|/sd and |sd/sd_exact − 1| over the latent field. */
  fixedMean: number;
  fixedSd: number;
  /** Worst |log π̃ − (log p(y|θ) + log π(θ) + convention)| over the thetas. */
  logPosterior: number;
  /** Worst |θ* − θ*_exact| in exact-posterior sds (from the exact Hessian), and |eigenvalue ratio − 1| of the Hessian at the mode. */
  mode: number;
  hessianEigenvalues: number;
  /** θ free: worst |Δmean|/sd of θ (internal), |sd ratio − 1| of θ, |Δmean|/sd on the user scale, user sd ratio. */
  thetaMean: number;
  thetaSd: number;
  userMean: number;
  userSd: number;
  /** θ free: worst |Δmean|/sd and |sd ratio − 1| of the latent marginals against the brute-force mixture. */
  latentMean: number;
  latentSd: number;
  fit: InlaResult;
}

function control(tauY: number, extra: Record<string, unknown> = {}) {
  return {
    family: { hyper: { prec: { initial: Math.log(tauY), fixed: true } } },
    fixed: { 'prec.intercept': FIXED_PRECISION, prec: FIXED_PRECISION },
    ...extra,
  };
}

export function checkStructured(c: StructuredCase): StructuredFigures {
  const problemDense = gaussianProblem(c.table, c.spec, c.tauY);
  const nFixed = c.spec.fixed.length;
  const field = (theta: number[]): { Q: Matrix; C: Matrix | null } => {
    const { Q, C } = c.dense(theta);
    const fullQ = blockDiagonal([Q, Matrix.eye(nFixed).mul(FIXED_PRECISION)]);
    const fullC = C ? new Matrix(C.map((row) => [...row, ...new Array<number>(nFixed).fill(0)])) : null;
    return { Q: fullQ, C: fullC };
  };
  const ids = (c.spec.random ?? []).map((r) => r.id);

  // 1. fixed θ: the exact Gaussian posterior
  let fixedMean = 0;
  let fixedSd = 0;
  for (const theta of c.thetas) {
    let k = 0;
    const random = (c.spec.random ?? []).map((r) => {
      const definitionHyper = Object.fromEntries(getLatentModel(r.model).hyper.map((h) => [h.id, { initial: theta[k++]!, fixed: true }]));
      return { ...r, hyper: definitionHyper };
    });
    const fit = inla({ model: { ...c.spec, random }, family: 'gaussian', data: c.table, control: control(c.tauY) });
    const { Q, C } = field(theta);
    const exact = exactPosterior(problemDense, Q, C);
    latentRows(fit, ids).forEach((row, j) => {
      const sd = Math.sqrt(exact.variance[j]!);
      fixedMean = Math.max(fixedMean, Math.abs(row.mean - exact.mean[j]!) / sd);
      fixedSd = Math.max(fixedSd, Math.abs(row.sd / sd - 1));
    });
  }

  // 2. log π̃(θ | y) against the exact marginal likelihood
  const design = buildDesign(c.table, withModelLevels(c.spec), { response: 'continuous' });
  const likelihoodHyper = resolveFamilyHyper(getFamily('gaussian'), { hyper: { prec: { initial: Math.log(c.tauY), fixed: true } } });
  const problem = buildProblem(design, readObservations({}, getFamily('gaussian'), design, likelihoodHyper), resolveFixedPrior({ 'prec.intercept': FIXED_PRECISION, prec: FIXED_PRECISION }));
  /** R-INLA's target: log p(y | θ) + log π(θ) with its convention for the prior's normalising constant. */
  const reference = (theta: number[]): number => {
    const { Q, C } = field(theta);
    return exactLogMarginal(problemDense, Q, C) + logPriorConstants(problem.field, theta) - exactPriorConstant(Q, C);
  };
  let logPosterior = 0;
  for (const theta of c.thetas) {
    const approx = gaussianApproximation(problem, theta);
    logPosterior = Math.max(logPosterior, Math.abs(approx.logPosterior - reference(theta)));
    // the two dense routes to log p(y | θ) agree
    const { Q, C } = field(theta);
    expect(Math.abs(exactLogMarginal(problemDense, Q, C) - exactLogMarginalCovariance(problemDense, Q, C))).toBeLessThan(1e-8);
  }

  // 3. θ free (but for those `fix` holds), against brute force over the free ones
  const fix = c.fix ?? c.thetas[0]!.map(() => null);
  let k = 0;
  const freeSpec = {
    ...c.spec,
    random: (c.spec.random ?? []).map((r) => {
      const hyper: Record<string, { initial: number; fixed: true }> = {};
      for (const h of getLatentModel(r.model).hyper) {
        const value = fix[k++];
        if (value !== null && value !== undefined) hyper[h.id] = { initial: value, fixed: true };
      }
      return { ...r, hyper };
    }),
  };
  const freeIndex = fix.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
  const expand = (free: number[]): number[] => fix.map((v, i) => (v === null ? free[freeIndex.indexOf(i)]! : v));
  const freeReference = (free: number[]): number => reference(expand(free));
  const fit = inla({ model: freeSpec, family: 'gaussian', data: c.table, control: control(c.tauY) });
  const axes = fit.internalSummaryHyperpar.map((h) => axis(h.mean - c.grid.halfWidth * h.sd, h.mean + c.grid.halfWidth * h.sd, c.grid.points));
  const brute = bruteForce(
    axes,
    freeReference,
    freeIndex.map((i) => c.transforms[i]!),
    (free) => {
      const { Q, C } = field(expand(free));
      return exactPosterior(problemDense, Q, C);
    },
  );
  let thetaMean = 0;
  let thetaSd = 0;
  let userMean = 0;
  let userSd = 0;
  fit.internalSummaryHyperpar.forEach((h, i) => {
    thetaMean = Math.max(thetaMean, Math.abs(h.mean - brute.thetaMean[i]!) / brute.thetaSd[i]!);
    thetaSd = Math.max(thetaSd, Math.abs(h.sd / brute.thetaSd[i]! - 1));
    const u = fit.summaryHyperpar[i]!;
    userMean = Math.max(userMean, Math.abs(u.mean - brute.userMean[i]!) / brute.userSd[i]!);
    userSd = Math.max(userSd, Math.abs(u.sd / brute.userSd[i]! - 1));
  });
  let latentMean = 0;
  let latentSd = 0;
  latentRows(fit, ids).forEach((row, j) => {
    latentMean = Math.max(latentMean, Math.abs(row.mean - brute.latentMean[j]!) / brute.latentSd[j]!);
    latentSd = Math.max(latentSd, Math.abs(row.sd / brute.latentSd[j]! - 1));
  });
  // the exact posterior mode and Hessian of −log π(θ | y), which the design is built on
  const exactMode = newtonMode(freeReference, Object.values(fit.modeTheta));
  const hessian = numericalHessian(freeReference, exactMode, 0.02);
  const exactSd = diagonalOfInverse(hessian).map(Math.sqrt);
  let mode = 0;
  Object.values(fit.modeTheta).forEach((t, i) => (mode = Math.max(mode, Math.abs(t - exactMode[i]!) / exactSd[i]!)));
  const exactEigenvalues = new EigenvalueDecomposition(new Matrix(hessian), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => a - b);
  const ours = [...fit.posterior.hessianEigenvalues].sort((a, b) => a - b);
  let hessianEigenvalues = 0;
  exactEigenvalues.forEach((l, i) => (hessianEigenvalues = Math.max(hessianEigenvalues, Math.abs(ours[i]! / l - 1))));
  const figures = { fixedMean, fixedSd, logPosterior, mode, hessianEigenvalues, thetaMean, thetaSd, userMean, userSd, latentMean, latentSd, fit };
  console.log(
    `${c.name}${c.fix ? ` (θ fixed: ${JSON.stringify(c.fix)})` : ''}: fixed θ worst |Δmean|/sd ${fixedMean.toExponential(2)}, sd ratio ${fixedSd.toExponential(2)}; ` +
      `|Δ log π̃| ${logPosterior.toExponential(2)}; θ mode ${mode.toFixed(4)} sd from the exact one, Hessian eigenvalues within ${(100 * hessianEigenvalues).toFixed(2)}%; θ free vs brute force: θ mean ${thetaMean.toFixed(4)} sd, θ sd ${(100 * thetaSd).toFixed(2)}%, ` +
      `user mean ${userMean.toFixed(4)} sd, user sd ${(100 * userSd).toFixed(2)}%, latent mean ${latentMean.toFixed(4)} sd, latent sd ${(100 * latentSd).toFixed(2)}%`,
  );
  return figures;
}

/** The standard tolerances of these checks. */
export function expectStructured(f: StructuredFigures, tolerance: { thetaMean: number; thetaSd: number; latentMean: number; latentSd: number }): void {
  expect(f.fixedMean).toBeLessThan(1e-6);
  expect(f.fixedSd).toBeLessThan(1e-6);
  expect(f.logPosterior).toBeLessThan(1e-6);
  expect(f.mode).toBeLessThan(0.02);
  expect(f.hessianEigenvalues).toBeLessThan(0.03);
  expect(f.thetaMean).toBeLessThan(tolerance.thetaMean);
  expect(f.thetaSd).toBeLessThan(tolerance.thetaSd);
  expect(f.userMean).toBeLessThan(tolerance.thetaMean);
  expect(f.userSd).toBeLessThan(tolerance.thetaSd);
  expect(f.latentMean).toBeLessThan(tolerance.latentMean);
  expect(f.latentSd).toBeLessThan(tolerance.latentSd);
}

/** Central-difference Hessian of −f at θ. */
function numericalHessian(f: (theta: number[]) => number, theta: number[], h: number): number[][] {
  const m = theta.length;
  const at = (d: number[]): number => f(theta.map((t, i) => t + d[i]! * h));
  const unit = (i: number, s: number): number[] => theta.map((_, k) => (k === i ? s : 0));
  const f0 = at(new Array<number>(m).fill(0));
  const H = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    H[i]![i] = -(at(unit(i, 1)) - 2 * f0 + at(unit(i, -1))) / (h * h);
    for (let j = 0; j < i; j++) {
      const pp = at(theta.map((_, k) => (k === i || k === j ? 1 : 0)));
      const pm = at(theta.map((_, k) => (k === i ? 1 : k === j ? -1 : 0)));
      const mp = at(theta.map((_, k) => (k === i ? -1 : k === j ? 1 : 0)));
      const mm = at(theta.map((_, k) => (k === i || k === j ? -1 : 0)));
      H[i]![j] = H[j]![i] = -(pp - pm - mp + mm) / (4 * h * h);
    }
  }
  return H;
}

function diagonalOfInverse(H: number[][]): number[] {
  const inv = inverse(new Matrix(H));
  return H.map((_, i) => inv.get(i, i));
}

/** The maximum of f by Newton's method with numerical derivatives, from `start`. */
function newtonMode(f: (theta: number[]) => number, start: number[]): number[] {
  let theta = [...start];
  const h = 0.01;
  for (let iter = 0; iter < 20; iter++) {
    const g = theta.map((_, i) => (f(theta.map((t, k) => t + (k === i ? h : 0))) - f(theta.map((t, k) => t - (k === i ? h : 0)))) / (2 * h));
    const H = numericalHessian(f, theta, h);
    const step = inverse(new Matrix(H)).mmul(Matrix.columnVector(g)).getColumn(0);
    theta = theta.map((t, i) => t + step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return theta;
}
