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
 *   π̃(x_j = v | θ, y) ∝ π(x*, θ, y) / π̃_G(x*_{−j} | x_j = v, θ, y)
 * at the conditional mode x* = x*(v) of log π(x, θ, y) = log p(y | A x) + log p(x | θ) under C x = e and x_j = v.
 * With x_j = v imposed as one more linear constraint (C′ = [C; e_jᵀ], e′ = [e; v]), the constrained Gaussian's log
 * density at its mode is ½ log|H| + ½ log|S′| up to terms free of v, with H = Q + Aᵀ diag(c) A the Gaussian
 * approximation's precision at x* and S′ = C′ H⁻¹ C′ᵀ (kriging with the same factorisation: a rank-one extension of
 * the constraints, never a new ordering). So
 *   log π̃(x_j = v | θ, y) = L(v) − ½ log|H(x*(v))| − ½ log|S′(x*(v))| + const,   L(v) = log π(x*(v), θ, y).
 *
 * L is never evaluated through the family's log density (that pass cost more than the rest of the Newton step). By
 * the envelope theorem its derivative is the Lagrange multiplier of x_j = v, and its second derivative follows from
 * differentiating the optimality conditions ∇ log π(x*(v)) = C′ᵀλ(v), C′ x*(v) = e′(v) in v:
 *   −H x*′(v) = C′ᵀ dλ/dv,  C′ x*′(v) = e_last   ⇒   dλ/dv = −S′⁻¹ e_last,  x*′(v) = H⁻¹C′ᵀ S′⁻¹ e_last,
 *   L′(v) = λ_last(v),  L″(v) = −(S′⁻¹)_last,last.
 * Both come with the Newton step that confirms convergence (λ is the coefficient of that step's kriging correction).
 * From the mean, where x* is the approximation's mode and L′ = 0, L is accumulated outwards by the two-point
 * Hermite rule on L′,
 *   L(b) = L(a) + (b − a)/2 · (L′(a) + L′(b)) + (b − a)²/12 · (L″(a) − L″(b)),
 * which is exact when L is a polynomial of degree four or less, with error (b − a)⁵/720 · L⁽⁵⁾(ξ). For a Gaussian
 * likelihood L is quadratic and the rule exact; `test/laplace-marginal.test.ts` checks it against the direct
 * evaluation of log π(x*, θ, y) on binomial data. (With a family whose −d2 is clipped at 0, H and so L″ are those of
 * the Newton iteration, not the exact Hessian: the correction term is then approximate, L′ itself stays exact.)
 *
 * Each value costs Newton steps on the observations' distinct patterns (see `observation-patterns.ts`): a pass of
 * the family's first two derivatives, an assembly of H and its factorisation each. The first starts from the
 * previous value's mode moved along the exact tangent x*′(v) there, the values visited outwards from the mean.
 */
export function laplaceMarginal(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  node: number,
): LaplaceMarginal {
  const mean = approx.mode[node]!;
  const sd = Math.sqrt(covariance.variance[node]!);
  const walk = conditionalWalk(problem, approx);
  const logValues = new Float64Array(LAPLACE_POINTS.length);
  const centreIndex = (LAPLACE_POINTS.length - 1) / 2;
  logValues[centreIndex] = walk.centre(node);
  for (const direction of [1, -1]) {
    walk.restart();
    for (let k = centreIndex + direction; k >= 0 && k < LAPLACE_POINTS.length; k += direction) {
      logValues[k] = walk.next(mean + LAPLACE_POINTS[k]! * sd);
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
 * typically 1e-4, then 1e-8 on the election data), so the mode is then exact to about the square of this, and H, S′
 * and λ are kept from the last linearisation, which is this close to the mode: log π̃(x_j | θ, y) moves by about 1e-6
 * of its range (λ by the square of it), far below the 1e-4 sd its summaries are checked to.
 */
const NEWTON_TOLERANCE = 1e-6;

/** The walk of one node's values from its mean outwards, at one θ. */
interface ConditionalWalk {
  /** Starts `node`'s walk at its mean (x* = the mode, H the approximation's); returns log π̃ there (L = 0). */
  centre(node: number): number;
  /** Returns to the mean, for the walk in the other direction. */
  restart(): void;
  /** Moves the walk to x_node = value: the Newton iterations to x*(value); returns log π̃(x_node = value | θ, y). */
  next(value: number): number;
}

/** Everything per fit: the patterns, the assembly of H over them, and work arrays (no allocation per Newton step). */
interface LaplaceWorkspace {
  readonly patterns: ObservationPatterns;
  readonly precision: PosteriorPrecision;
  /** The walk's current point: the mode at the last value, then the Newton iterate. */
  readonly x: Float64Array;
  /** The warm start of the current value (where a damped search restarts). */
  readonly start: Float64Array;
  readonly proposal: Float64Array;
  readonly candidate: Float64Array;
  /** x*′(v) at the last value, and at the mean. */
  readonly tangent: Float64Array;
  readonly centreTangent: Float64Array;
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
  /** S′ = C′ H⁻¹ C′ᵀ, then its Cholesky factor (lower triangle, row-major). */
  readonly S: Float64Array;
  readonly residual: Float64Array;
  /** S′⁻¹ (C′ x_u − e′) of the last Newton step: the Lagrange multipliers λ at convergence. */
  readonly coefficient: Float64Array;
  readonly unit: Float64Array;
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
    start: new Float64Array(n),
    proposal: new Float64Array(n),
    candidate: new Float64Array(n),
    tangent: new Float64Array(n),
    centreTangent: new Float64Array(n),
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
    S: new Float64Array(nc * nc),
    residual: new Float64Array(nc),
    coefficient: new Float64Array(nc),
    unit: new Float64Array(nc),
    factor: undefined,
  };
  workspaces.set(problem, ws);
  return ws;
}

const walks = new WeakMap<GaussianApproximation, ConditionalWalk>();

/** The walk at approx.theta (one per θ, kept while its approximation lives): the prior's values and the family's θ are the approximation's. */
function conditionalWalk(problem: InferenceProblem, approx: GaussianApproximation): ConditionalWalk {
  let walk = walks.get(approx);
  if (!walk) {
    walk = newConditionalWalk(problem, approx);
    walks.set(approx, walk);
  }
  return walk;
}

function newConditionalWalk(problem: InferenceProblem, approx: GaussianApproximation): ConditionalWalk {
  const ws = workspace(problem);
  const { patterns, precision, x, start, proposal, candidate, tangent, centreTangent, rhs, work, patternEta, patternCurvature, patternB, unitEta, d1, d2, logDensity, values, W, S, residual, coefficient, unit } = ws;
  const { field, priorMean, symbolic } = problem;
  const { family } = problem.observations;
  const { patternAt, patternOffset, unitPattern, unitWeight, unitResponse, unitColumns, nUnits, nPatterns } = patterns;
  const { familyTheta, priorValues, mode } = approx;
  const n = field.size;
  const base = field.constraints;
  const nc = W.length;
  const last = nc - 1;
  const priorRhs = precision.priorTimes(priorValues, priorMean, new Float64Array(n));
  const halfLogDetCentre = 0.5 * approx.factor.logDeterminant();

  /** η = A x + offset per pattern and per unit. */
  const predict = (point: Float64Array): void => {
    patternAt.transposeMultiplyVector(point, patternEta);
    for (let p = 0; p < nPatterns; p++) patternEta[p]! += patternOffset[p]!;
    for (let u = 0; u < nUnits; u++) unitEta[u] = patternEta[unitPattern[u]!]!;
  };
  /** log p(y | x) + log p(x | θ) up to terms free of x, given `predict(point)` (only the damped search needs it). */
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
  /** W = H⁻¹C′ᵀ with `factor` and S′ = C′W factorised in place; returns ½ log|S′|. */
  const constraintTerms = (factor: CholeskyFactor, node: number): number => {
    for (let a = 0; a < nc; a++) {
      const w = W[a]!;
      if (a < last) factor.solve(base!.rows[a]!, w);
      else {
        work.fill(0);
        work[node] = 1;
        factor.solve(work, w);
      }
    }
    for (let a = 0; a < nc; a++) {
      for (let b = 0; b <= a; b++) {
        const w = W[b]!;
        let sum = 0;
        if (a < last) {
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
  /** out ← S′⁻¹ r by the factor of S′: forward then backward substitution. */
  const solveS = (r: Float64Array, out: Float64Array): void => {
    for (let a = 0; a < nc; a++) {
      let sum = r[a]!;
      for (let k = 0; k < a; k++) sum -= S[a * nc + k]! * out[k]!;
      out[a] = sum / S[a * nc + a]!;
    }
    for (let a = nc - 1; a >= 0; a--) {
      let sum = out[a]!;
      for (let k = a + 1; k < nc; k++) sum -= S[k * nc + a]! * out[k]!;
      out[a] = sum / S[a * nc + a]!;
    }
  };
  /** The tangent x*′(v) = W S′⁻¹ e_last into `out`; returns L″ = −(S′⁻¹)_last,last. */
  const tangentInto = (out: Float64Array): number => {
    residual.fill(0);
    residual[last] = 1;
    solveS(residual, unit);
    out.fill(0);
    for (let a = 0; a < nc; a++) {
      const w = W[a]!;
      const u = unit[a]!;
      for (let i = 0; i < n; i++) out[i]! += w[i]! * u;
    }
    return -unit[last]!;
  };
  /** H at `point` (from the family's derivatives there), its factor, W and S′; returns ½ log|S′|. */
  const linearise = (point: Float64Array, node: number, value: number): number => {
    predict(point);
    family.derivatives(unitResponse, unitColumns, familyTheta, unitEta, d1, d2);
    // the quadratic expansion of the log-likelihood at η0 = A x0 + o, in A x: b = d1 + c (η0 − o), summed per pattern
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
      throw new InlaError('numerical-failure', `the posterior precision is not positive definite at θ = [${Array.from(approx.theta).join(', ')}] in the Laplace approximation of node ${node} at ${value}`, {
        theta: Array.from(approx.theta),
        cause: error,
      });
    }
    return constraintTerms(ws.factor, node);
  };
  /**
   * The Newton point of the last linearisation under C′x = e′: x_u = H⁻¹(Aᵀb + Qμ), the unconstrained maximum of the
   * quadratic expansion, then proposal = x_u − W S′⁻¹(C′x_u − e′), whose multipliers S′⁻¹(C′x_u − e′) are left in
   * `coefficient` (H (proposal − x) = ∇ log π(x) − C′ᵀ coefficient).
   */
  const newtonPoint = (node: number, value: number): void => {
    patternAt.multiplyVector(patternB, rhs);
    for (let i = 0; i < n; i++) rhs[i]! += priorRhs[i]!;
    ws.factor!.solve(rhs, proposal);
    for (let a = 0; a < nc; a++) {
      if (a < last) {
        const row = base!.rows[a]!;
        let sum = -base!.rhs[a]!;
        for (let i = 0; i < n; i++) sum += row[i]! * proposal[i]!;
        residual[a] = sum;
      } else residual[a] = proposal[node]! - value;
    }
    solveS(residual, coefficient);
    for (let a = 0; a < nc; a++) {
      const w = W[a]!;
      const c = coefficient[a]!;
      for (let i = 0; i < n; i++) proposal[i]! -= w[i]! * c;
    }
  };

  // the walk's state: the node, the last value v′ and L, L′, L″ there
  let node = -1;
  let centreHalfLogDetS = 0;
  let centreSecond = 0;
  let previousValue = 0;
  let level = 0;
  let slope = 0;
  let second = 0;

  return {
    centre(j) {
      node = j;
      centreHalfLogDetS = constraintTerms(approx.factor, j);
      centreSecond = tangentInto(centreTangent);
      return -halfLogDetCentre - centreHalfLogDetS;
    },
    restart() {
      x.set(mode);
      tangent.set(centreTangent);
      previousValue = mode[node]!;
      level = 0;
      slope = 0;
      second = centreSecond;
    },
    next(value) {
      const h = value - previousValue;
      for (let i = 0; i < n; i++) x[i]! += h * tangent[i]!;
      x[node] = value;
      start.set(x);
      // full Newton steps while they shrink; otherwise, from the warm start again, steps halved until the log joint
      // density does not fall
      let damped = false;
      let objective = Number.NaN;
      let previousChange = Infinity;
      let halfLogDetS = 0;
      for (let iterations = 0; ; iterations++) {
        if (iterations === MAX_NEWTON_ITERATIONS) {
          throw new InlaError('not-converged', `the conditional mode of node ${node} at ${value} did not converge in ${MAX_NEWTON_ITERATIONS} Newton iterations`, {
            theta: Array.from(approx.theta),
          });
        }
        halfLogDetS = linearise(x, node, value);
        newtonPoint(node, value);
        let change = 0;
        for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(proposal[i]! - x[i]!));
        if (!damped) {
          if (!(change < previousChange)) {
            // not shrinking (or not finite): restart damped
            damped = true;
            x.set(start);
            predict(x);
            objective = logJoint(x);
            continue;
          }
          previousChange = change;
          x.set(proposal);
        } else {
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
          change = 0;
          for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(candidate[i]! - x[i]!));
          x.set(candidate);
          objective = candidateObjective;
        }
        if (change < NEWTON_TOLERANCE) break;
      }
      // L′ = λ_last, L″ = −(S′⁻¹)_last,last and the tangent, from the last linearisation
      const nextSlope = coefficient[last]!;
      const nextSecond = tangentInto(tangent);
      level += (h / 2) * (slope + nextSlope) + ((h * h) / 12) * (second - nextSecond);
      previousValue = value;
      slope = nextSlope;
      second = nextSecond;
      return level - 0.5 * ws.factor!.logDeterminant() - halfLogDetS;
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
