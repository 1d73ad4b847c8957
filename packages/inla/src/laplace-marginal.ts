import { naturalCubicSpline } from '@hlm/likelihood';
import { cholesky, type CholeskyFactor } from '@hlm/sparse';
import { InlaError } from './errors.js';
import type { GaussianApproximation } from './gaussian-approximation.js';
import { GridDensity, type MarginalSummary } from './grid-density.js';
import type { LatentCovariance } from './latent-moments.js';
import type { ObservationPatterns } from './observation-patterns.js';
import type { PosteriorPrecision } from './posterior-precision.js';
import type { InferenceProblem } from './problem.js';
import { symmetricKld } from './mixture.js';

/** Standardised values s at which the full Laplace approximation of π(x_j | θ, y) is evaluated. */
export const LAPLACE_POINTS = Float64Array.of(-4, -3, -2, -1.25, -0.5, 0, 0.5, 1.25, 2, 3, 4);

/** One latent marginal at one θ as a spline-corrected Gaussian in s = (x_j − μ_j)/σ_j on [−4, 4]. */
export interface LaplaceMarginal {
  readonly mean: number;
  readonly sd: number;
  /** log density of s (unnormalised): −s²/2 plus a natural cubic spline correction. */
  logDensity(s: number): number;
}

/**
 * The full Laplace approximation of a latent marginal (Rue, Martino & Chopin 2009, eq. 4):
 * π̃(x_j | θ, y) ∝ π(x, θ, y) / π̃_G(x_{−j} | x_j, θ, y) at the conditional mode x*_{−j}(x_j). With x_j = v imposed
 * as one more linear constraint, that ratio is the Laplace approximation of log π(θ | y) under the constraints, up to
 * terms that do not depend on v: log p(y | x*) + log p(x* | θ) − ½ log|H(x*)| − ½ log|C′ H(x*)⁻¹ C′ᵀ|, with H the
 * Gaussian approximation's precision at x* and C′ the field's constraints with the row e_jᵀ added (kriging with the
 * same factorisation: a rank-one extension of the constraints, never a new ordering).
 *
 * Each value costs a few Newton steps on the observations' distinct patterns (see `observation-patterns.ts`),
 * warm-started from the mode at the neighbouring value moved by the linear prediction Σ[:, j](v − v′)/Σ_jj; the
 * values are visited outwards from the mean, where the conditional mode is x* itself.
 */
export function laplaceMarginal(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  node: number,
): LaplaceMarginal {
  const mean = approx.mode[node]!;
  const sd = Math.sqrt(covariance.variance[node]!);
  const column = covariance.column(node);
  const solver = conditionalSolver(problem, approx);
  const logValues = new Float64Array(LAPLACE_POINTS.length);
  const centreIndex = (LAPLACE_POINTS.length - 1) / 2;
  const x = new Float64Array(approx.mode.length);
  logValues[centreIndex] = solver.logDensity(node, mean, approx.mode);
  for (const direction of [1, -1]) {
    x.set(approx.mode);
    let previous = mean;
    for (let k = centreIndex + direction; k >= 0 && k < LAPLACE_POINTS.length; k += direction) {
      const value = mean + LAPLACE_POINTS[k]! * sd;
      const shift = (value - previous) / (sd * sd);
      for (let i = 0; i < x.length; i++) x[i]! += column[i]! * shift;
      x[node] = value;
      logValues[k] = solver.logDensity(node, value, x);
      previous = value;
    }
  }
  const centre = logValues[centreIndex]!;
  const correction = naturalCubicSpline(
    LAPLACE_POINTS,
    Float64Array.from(logValues, (l, k) => l - centre + 0.5 * LAPLACE_POINTS[k]! ** 2),
  );
  return { mean, sd, logDensity: (s) => -0.5 * s * s + correction(s) };
}

const MAX_NEWTON_ITERATIONS = 100;
/**
 * Newton stops when a step moves no coordinate by more than this. The steps shrink quadratically (from the warm start
 * typically 1e-3, then 1e-8, then 1e-14 on the election data), so the mode is then exact to about the square of this,
 * and H and S′ are kept from the last linearisation, which is this close to the mode: log π̃(x_j | θ, y) moves by
 * about 1e-6 of its range, far below the 1e-4 sd its summaries are checked to.
 */
const NEWTON_TOLERANCE = 1e-6;

/** The Newton solver of the conditional modes at one θ. */
interface ConditionalSolver {
  /**
   * log π(x*, θ, y) − ½ log|H| − ½ log|C′ H⁻¹ C′ᵀ| (up to terms free of the value) at the mode x* under C x = e and
   * x_node = value, found from `start`; x* is written into `start` when it is not the approximation's mode.
   */
  logDensity(node: number, value: number, start: Float64Array): number;
}

/** Everything per fit: the patterns, the assembly of H over them, and work arrays (no allocation per Newton step). */
interface LaplaceWorkspace {
  readonly patterns: ObservationPatterns;
  readonly precision: PosteriorPrecision;
  readonly x: Float64Array;
  readonly candidate: Float64Array;
  readonly proposal: Float64Array;
  readonly rhs: Float64Array;
  readonly work: Float64Array;
  readonly patternEta: Float64Array;
  readonly patternCurvature: Float64Array;
  readonly patternB: Float64Array;
  readonly unitEta: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly logDensity: Float64Array;
  readonly values: Float64Array;
  /** The constraint rows' solves H⁻¹cᵀ, one per row of C and one for e_j. */
  readonly W: Float64Array[];
  factor: CholeskyFactor | undefined;
}

const workspaces = new WeakMap<InferenceProblem, LaplaceWorkspace>();

function workspace(problem: InferenceProblem): LaplaceWorkspace {
  let ws = workspaces.get(problem);
  if (ws) return ws;
  const { patterns, precision } = problem;
  const n = problem.field.size;
  const nc = (problem.field.constraints?.rows.length ?? 0) + 1;
  ws = {
    patterns,
    precision,
    x: new Float64Array(n),
    candidate: new Float64Array(n),
    proposal: new Float64Array(n),
    rhs: new Float64Array(n),
    work: new Float64Array(n),
    patternEta: new Float64Array(patterns.nPatterns),
    patternCurvature: new Float64Array(patterns.nPatterns),
    patternB: new Float64Array(patterns.nPatterns),
    unitEta: new Float64Array(patterns.nUnits),
    d1: new Float64Array(patterns.nUnits),
    d2: new Float64Array(patterns.nUnits),
    logDensity: new Float64Array(patterns.nUnits),
    values: new Float64Array(precision.pattern.values.length),
    W: Array.from({ length: nc }, () => new Float64Array(n)),
    factor: undefined,
  };
  workspaces.set(problem, ws);
  return ws;
}

/** The solver at approx.theta: the prior's values and the family's θ are those of the approximation. */
function conditionalSolver(problem: InferenceProblem, approx: GaussianApproximation): ConditionalSolver {
  const ws = workspace(problem);
  const { patterns, precision, x, candidate, proposal, rhs, work, patternEta, patternCurvature, patternB, unitEta, d1, d2, logDensity, values, W } = ws;
  const { field, priorMean, symbolic } = problem;
  const { family } = problem.observations;
  const { patternAt, patternOffset, unitPattern, unitWeight, unitResponse, unitColumns, nUnits, nPatterns } = patterns;
  const { familyTheta, priorValues } = approx;
  const n = field.size;
  const base = field.constraints;
  const nc = W.length;
  const priorRhs = precision.priorTimes(priorValues, priorMean, new Float64Array(n));
  // S′ = C′ H⁻¹ C′ᵀ, its Cholesky factor (row-major, lower) and the constraint residuals
  const S = new Float64Array(nc * nc);
  const residual = new Float64Array(nc);
  const coefficient = new Float64Array(nc);

  /** η = A x + offset per pattern and per unit. */
  const predict = (point: Float64Array): void => {
    patternAt.transposeMultiplyVector(point, patternEta);
    for (let p = 0; p < nPatterns; p++) patternEta[p]! += patternOffset[p]!;
    for (let u = 0; u < nUnits; u++) unitEta[u] = patternEta[unitPattern[u]!]!;
  };
  /** log p(y | x) + log p(x | θ) up to terms free of x, given `predict(point)`. */
  const logJoint = (point: Float64Array): number => {
    family.logDensity(unitResponse, unitColumns, familyTheta, unitEta, logDensity);
    let value = 0;
    for (let u = 0; u < nUnits; u++) value += unitWeight[u]! * logDensity[u]!;
    for (let i = 0; i < n; i++) rhs[i] = point[i]! - priorMean[i]!;
    precision.priorTimes(priorValues, rhs, work);
    let quad = 0;
    for (let i = 0; i < n; i++) quad += rhs[i]! * work[i]!;
    return value - 0.5 * quad;
  };
  /** H at `point` (after `predict(point)`), its factor, and W = H⁻¹C′ᵀ with S′ factorised; returns ½ log|S′|. */
  const linearise = (node: number): number => {
    family.derivatives(unitResponse, unitColumns, familyTheta, unitEta, d1, d2);
    patternCurvature.fill(0);
    patternB.fill(0);
    for (let u = 0; u < nUnits; u++) {
      const w = unitWeight[u]!;
      const curvature = w * Math.max(-d2[u]!, 0);
      const p = unitPattern[u]!;
      patternCurvature[p]! += curvature;
      patternB[p]! += w * d1[u]! + curvature * (unitEta[u]! - patternOffset[p]!);
    }
    precision.assemble(priorValues, patternCurvature, values);
    try {
      ws.factor = cholesky(symbolic, values, ws.factor);
    } catch (error) {
      throw new InlaError('numerical-failure', `the posterior precision is not positive definite at θ = [${Array.from(approx.theta).join(', ')}] in the Laplace approximation of node ${node}`, {
        theta: Array.from(approx.theta),
        cause: error,
      });
    }
    for (let a = 0; a < nc; a++) {
      const w = W[a]!;
      if (a < nc - 1) ws.factor.solve(base!.rows[a]!, w);
      else {
        work.fill(0);
        work[node] = 1;
        ws.factor.solve(work, w);
      }
    }
    for (let a = 0; a < nc; a++) {
      for (let b = 0; b <= a; b++) {
        const w = W[b]!;
        let sum = 0;
        if (a < nc - 1) {
          const row = base!.rows[a]!;
          for (let i = 0; i < n; i++) sum += row[i]! * w[i]!;
        } else sum = w[node]!;
        S[a * nc + b] = sum;
      }
    }
    // in-place Cholesky of S′ (lower triangle, row-major)
    let halfLogDet = 0;
    for (let a = 0; a < nc; a++) {
      for (let b = 0; b <= a; b++) {
        let sum = S[a * nc + b]!;
        for (let k = 0; k < b; k++) sum -= S[a * nc + k]! * S[b * nc + k]!;
        if (a === b) {
          const pivot = Math.sqrt(sum);
          S[a * nc + a] = pivot;
          halfLogDet += Math.log(pivot);
        } else S[a * nc + b] = sum / S[b * nc + b]!;
      }
    }
    return halfLogDet;
  };
  /** point ← point − W S′⁻¹ (C′ point − e′). */
  const constrain = (point: Float64Array, node: number, value: number): void => {
    for (let a = 0; a < nc; a++) {
      if (a < nc - 1) {
        const row = base!.rows[a]!;
        let sum = -base!.rhs[a]!;
        for (let i = 0; i < n; i++) sum += row[i]! * point[i]!;
        residual[a] = sum;
      } else residual[a] = point[node]! - value;
    }
    // S′ c = r by the factor: forward then backward substitution
    for (let a = 0; a < nc; a++) {
      let sum = residual[a]!;
      for (let k = 0; k < a; k++) sum -= S[a * nc + k]! * coefficient[k]!;
      coefficient[a] = sum / S[a * nc + a]!;
    }
    for (let a = nc - 1; a >= 0; a--) {
      let sum = coefficient[a]!;
      for (let k = a + 1; k < nc; k++) sum -= S[k * nc + a]! * coefficient[k]!;
      coefficient[a] = sum / S[a * nc + a]!;
    }
    for (let a = 0; a < nc; a++) {
      const w = W[a]!;
      const c = coefficient[a]!;
      for (let i = 0; i < n; i++) point[i]! -= w[i]! * c;
    }
  };

  return {
    logDensity(node, value, start) {
      x.set(start);
      predict(x);
      let objective = logJoint(x);
      let iterations = 0;
      let halfLogDetS = 0;
      for (; iterations < MAX_NEWTON_ITERATIONS; iterations++) {
        halfLogDetS = linearise(node);
        patternAt.multiplyVector(patternB, rhs);
        for (let i = 0; i < n; i++) rhs[i]! += priorRhs[i]!;
        ws.factor!.solve(rhs, proposal);
        constrain(proposal, node, value);
        // the full Newton step unless it lowers the objective, then halved
        let step = 1;
        candidate.set(proposal);
        let candidateObjective = Number.NaN;
        for (let halving = 0; halving < 30; halving++) {
          predict(candidate);
          candidateObjective = logJoint(candidate);
          if (candidateObjective >= objective - 1e-10 * Math.abs(objective) || !Number.isFinite(objective)) break;
          step /= 2;
          for (let i = 0; i < n; i++) candidate[i] = x[i]! + step * (proposal[i]! - x[i]!);
        }
        if (!Number.isFinite(candidateObjective)) {
          throw new InlaError('numerical-failure', `the conditional mode of node ${node} at ${value} diverged at θ = [${Array.from(approx.theta).join(', ')}]`, {
            theta: Array.from(approx.theta),
          });
        }
        let change = 0;
        for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(candidate[i]! - x[i]!));
        x.set(candidate);
        objective = candidateObjective;
        if (change < NEWTON_TOLERANCE) break;
      }
      if (iterations === MAX_NEWTON_ITERATIONS) {
        throw new InlaError('not-converged', `the conditional mode of node ${node} at ${value} did not converge in ${MAX_NEWTON_ITERATIONS} Newton iterations`, {
          theta: Array.from(approx.theta),
        });
      }
      if (start !== approx.mode) start.set(x);
      return objective - 0.5 * ws.factor!.logDeterminant() - halfLogDetS;
    },
  };
}

/**
 * The summary of a latent marginal from its Laplace approximations at the integration points, mixed with the
 * points' weights: each point's density is normalised over s ∈ [−4, 4] (R-INLA's spline-corrected Gaussians
 * end at their points, too), the mixture is tabulated, and mean, sd, quantiles, mode and kld are read off it.
 */
export function laplaceSummary(marginals: readonly LaplaceMarginal[], weights: readonly number[]): MarginalSummary & { kld: number } {
  const normalisers = marginals.map((m) => {
    let sum = 0;
    const points = 801;
    for (let i = 0; i < points; i++) {
      const s = -4 + (8 * i) / (points - 1);
      sum += (i === 0 || i === points - 1 ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(m.logDensity(s));
    }
    return (sum * (8 / (points - 1))) / 3;
  });
  const lower = Math.min(...marginals.map((m) => m.mean - 4 * m.sd));
  const upper = Math.max(...marginals.map((m) => m.mean + 4 * m.sd));
  const mixtureLogDensity = (x: number): number => {
    let d = 0;
    marginals.forEach((m, k) => {
      const s = (x - m.mean) / m.sd;
      if (Math.abs(s) <= 4) d += (weights[k]! * Math.exp(m.logDensity(s))) / (normalisers[k]! * m.sd);
    });
    return Math.log(d);
  };
  const density = new GridDensity(mixtureLogDensity, lower, upper, 2001);
  const summary = density.summarise((x) => x, () => 1);
  return { ...summary, kld: symmetricKld((x) => Math.exp(mixtureLogDensity(x)), summary) };
}
