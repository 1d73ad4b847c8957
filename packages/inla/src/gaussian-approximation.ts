import { cholesky, type CholeskyFactor, itemAt, outOfRange } from '@hlm/sparse';
import type { LinearConstraints } from '@hlm/latent';
import { Matrix, CholeskyDecomposition } from 'ml-matrix';
import { InlaError } from './errors.js';
import { logPriorConstants } from './latent-field.js';
import type { ObservationPatterns } from './observation-patterns.js';
import type { InferenceProblem } from './problem.js';

/** Conditioning on C x = e by kriging (Rue & Held 2005, §2.3.3): W = H⁻¹Cᵀ, S = C H⁻¹ Cᵀ. */
export interface ConstraintCorrection {
  /** The constraints C x = e it corrects for. */
  readonly constraints: LinearConstraints;
  /** Columns of W = H⁻¹Cᵀ, one per constraint. */
  readonly W: Float64Array[];
  /** S⁻¹ = (C H⁻¹ Cᵀ)⁻¹, dense nc × nc. */
  readonly SInverse: Matrix;
  readonly logDetS: number;
}

/** The Gaussian approximation π_G(x | θ, y) at one θ, and the Laplace approximation of log π(θ | y). */
export interface GaussianApproximation {
  readonly theta: Float64Array;
  /** The likelihood family's hyperparameters at θ (fixed ones at their value). */
  readonly familyTheta: Float64Array;
  /** Conditional mode x*(θ) (satisfying the constraints). */
  readonly mode: Float64Array;
  /** Values of Q(θ) on the pattern of H. */
  readonly priorValues: Float64Array;
  /** Cholesky factor of H = Q + Aᵀ diag(c) A at x*. */
  readonly factor: CholeskyFactor;
  readonly constraint: ConstraintCorrection | null;
  /** The unnormalised Laplace approximation log π̃(θ | y) (Rue, Martino & Chopin 2009, eq. 3). */
  readonly logPosterior: number;
  /** Newton iterations used. */
  readonly iterations: number;
}

const MAX_NEWTON_ITERATIONS = 100;
const NEWTON_TOLERANCE = 1e-10;

/** η = A x + offset on each distinct row of A (pattern). */
export function patternPredictor(problem: InferenceProblem, x: Float64Array): Float64Array {
  const { patternAt, patternOffset, nPatterns } = problem.patterns;
  const eta = patternAt.transposeMultiplyVector(x, new Float64Array(nPatterns));
  for (let p = 0; p < nPatterns; p++) eta[p] = (eta[p] ?? outOfRange(eta, p)) + (patternOffset[p] ?? outOfRange(patternOffset, p));
  return eta;
}

/** η = A x + offset on every row, into `eta` (each row's from its pattern's: the same numbers). */
export function linearPredictor(problem: InferenceProblem, x: Float64Array, eta: Float64Array): Float64Array {
  return rowValues(problem, patternPredictor(problem, x), eta);
}

/** Each row's value from its pattern's, into `out`. */
export function rowValues(problem: InferenceProblem, perPattern: Float64Array, out: Float64Array): Float64Array {
  const { rowPattern } = problem.patterns;
  for (let i = 0; i < out.length; i++) out[i] = perPattern[rowPattern[i] ?? outOfRange(rowPattern, i)] ?? outOfRange(perPattern, rowPattern[i] ?? outOfRange(rowPattern, i));
  return out;
}

/** The constraint correction under `factor`; W = H⁻¹Cᵀ is computed unless given. */
function constraintCorrection(problem: InferenceProblem, factor: CholeskyFactor, given?: Float64Array[]): ConstraintCorrection | null {
  const constraints = problem.field.constraints;
  if (!constraints) return null;
  const nc = constraints.rows.length;
  const W = given ?? constraints.rows.map((row) => factor.solve(row));
  const S = new Matrix(nc, nc);
  // S is symmetric in exact arithmetic; compute its lower triangle and mirror it (ml-matrix's Cholesky demands exact symmetry)
  for (let a = 0; a < nc; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const row = itemAt(constraints.rows, a);
      const w = itemAt(W, b);
      for (let i = 0; i < row.length; i++) s += (row[i] ?? outOfRange(row, i)) * (w[i] ?? outOfRange(w, i));
      S.set(a, b, s);
      S.set(b, a, s);
    }
  }
  const chol = new CholeskyDecomposition(S);
  const L = chol.lowerTriangularMatrix;
  let logDetS = 0;
  for (let a = 0; a < nc; a++) logDetS += 2 * Math.log(L.get(a, a));
  return { constraints, W, SInverse: chol.solve(Matrix.eye(nc)), logDetS };
}

/**
 * x ← x − W S⁻¹ (C x − e): the kriging projection onto {C x = e}; with `homogeneous`, onto {C x = 0} (for a
 * direction, such as the mode's tangent, rather than a point).
 */
function applyConstraint(correction: ConstraintCorrection, x: Float64Array, homogeneous = false): void {
  const { constraints } = correction;
  const nc = constraints.rows.length;
  const residual = new Float64Array(nc);
  constraints.rows.forEach((row, a) => {
    let s = homogeneous ? 0 : -(constraints.rhs[a] ?? outOfRange(constraints.rhs, a));
    for (let i = 0; i < row.length; i++) s += (row[i] ?? outOfRange(row, i)) * (x[i] ?? outOfRange(x, i));
    residual[a] = s;
  });
  for (let a = 0; a < nc; a++) {
    let coefficient = 0;
    for (let b = 0; b < nc; b++) coefficient += correction.SInverse.get(a, b) * (residual[b] ?? outOfRange(residual, b));
    const w = itemAt(correction.W, a);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? outOfRange(x, i)) - (w[i] ?? outOfRange(w, i)) * coefficient;
  }
}

const halfLogDets = new WeakMap<InferenceProblem, number>();

/** ½ log|C Cᵀ|, part of the constrained Gaussian density (spec §2.7); computed once per problem. */
function halfLogDetCCt(problem: InferenceProblem, constraints: LinearConstraints): number {
  const held = halfLogDets.get(problem);
  if (held !== undefined) return held;
  const rows = constraints.rows;
  const nc = rows.length;
  const G = new Matrix(nc, nc);
  for (let a = 0; a < nc; a++) {
    for (let b = 0; b < nc; b++) {
      let s = 0;
      for (let i = 0; i < itemAt(rows, a).length; i++) s += (itemAt(rows, a)[i] ?? outOfRange(itemAt(rows, a), i)) * (itemAt(rows, b)[i] ?? outOfRange(itemAt(rows, b), i));
      G.set(a, b, s);
    }
  }
  const L = new CholeskyDecomposition(G).lowerTriangularMatrix;
  let half = 0;
  for (let a = 0; a < nc; a++) half += Math.log(L.get(a, a));
  halfLogDets.set(problem, half);
  return half;
}

/** The scratch arrays of the Newton iterations, one set per problem (evaluations run one at a time). */
interface NewtonWorkspace {
  /** Values of H on its pattern. */
  readonly values: Float64Array;
  readonly patternEta: Float64Array;
  readonly unitEta: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly unitLogDensity: Float64Array;
  readonly curvature: Float64Array;
  readonly b: Float64Array;
  readonly rhs: Float64Array;
  readonly work: Float64Array;
  readonly centred: Float64Array;
  /** Q μ, μ the prior mean. */
  readonly priorRhs: Float64Array;
}

const workspaces = new WeakMap<InferenceProblem, NewtonWorkspace>();

function workspaceOf(problem: InferenceProblem): NewtonWorkspace {
  let held = workspaces.get(problem);
  if (!held) {
    const n = problem.field.size;
    const { nPatterns, nUnits } = problem.patterns;
    held = {
      values: new Float64Array(problem.precision.pattern.values.length),
      patternEta: new Float64Array(nPatterns),
      unitEta: new Float64Array(nUnits),
      d1: new Float64Array(nUnits),
      d2: new Float64Array(nUnits),
      unitLogDensity: new Float64Array(nUnits),
      curvature: new Float64Array(nPatterns),
      b: new Float64Array(nPatterns),
      rhs: new Float64Array(n),
      work: new Float64Array(n),
      centred: new Float64Array(n),
      priorRhs: new Float64Array(n),
    };
    workspaces.set(problem, held);
  }
  return held;
}

/** η = A x + offset on the patterns and units, into `ws.patternEta` and `ws.unitEta`. */
function predictUnits(problem: InferenceProblem, x: Float64Array, ws: NewtonWorkspace): void {
  const { patternAt, patternOffset, unitPattern, nUnits, nPatterns } = problem.patterns;
  const { patternEta, unitEta } = ws;
  patternAt.transposeMultiplyVector(x, patternEta);
  for (let p = 0; p < nPatterns; p++) patternEta[p] = (patternEta[p] ?? outOfRange(patternEta, p)) + (patternOffset[p] ?? outOfRange(patternOffset, p));
  for (let u = 0; u < nUnits; u++) unitEta[u] = patternEta[unitPattern[u] ?? outOfRange(unitPattern, u)] ?? outOfRange(patternEta, unitPattern[u] ?? outOfRange(unitPattern, u));
}

/**
 * The Gaussian approximation's curvatures c and linear terms b per pattern, from the family's derivatives at the
 * units' predictors in `ws.unitEta`.
 */
function curvatureAt(problem: InferenceProblem, familyTheta: Float64Array, ws: NewtonWorkspace): void {
  const { unitResponse, unitColumns } = problem.patterns;
  problem.observations.family.derivatives(unitResponse, unitColumns, familyTheta, ws.unitEta, ws.d1, ws.d2);
  patternCurvature(problem.patterns, ws.unitEta, ws.d1, ws.d2, ws.curvature, ws.b);
}

/**
 * The quadratic expansion of the log-likelihood at η0 = A x0 + o, in A x, from the family's derivatives d1, d2 at the
 * units' predictors `unitEta`: curvature c = −d2 (clipped at 0) and linear term b = d1 + c (η0 − o), weighted and
 * summed per pattern into `curvature` and `b`.
 */
export function patternCurvature(patterns: ObservationPatterns, unitEta: Float64Array, d1: Float64Array, d2: Float64Array, curvature: Float64Array, b: Float64Array): void {
  const { unitPattern, unitWeight, nUnits, patternOffset } = patterns;
  curvature.fill(0);
  b.fill(0);
  for (let u = 0; u < nUnits; u++) {
    const w = unitWeight[u] ?? outOfRange(unitWeight, u);
    const c = w * Math.max(-(d2[u] ?? outOfRange(d2, u)), 0);
    const p = unitPattern[u] ?? outOfRange(unitPattern, u);
    curvature[p] = (curvature[p] ?? outOfRange(curvature, p)) + c;
    b[p] = (b[p] ?? outOfRange(b, p)) + (w * (d1[u] ?? outOfRange(d1, u)) + c * ((unitEta[u] ?? outOfRange(unitEta, u)) - (patternOffset[p] ?? outOfRange(patternOffset, p))));
  }
}

/** The Cholesky factor of H (values on the problem's pattern), into `reuse` when given; a typed error if H is not positive definite. */
function factorise(problem: InferenceProblem, theta: ArrayLike<number>, values: Float64Array, reuse: CholeskyFactor | undefined): CholeskyFactor {
  try {
    return cholesky(problem.symbolic, values, reuse);
  } catch (error) {
    // an intrinsic component without its constraint leaves directions the data cannot pin down
    const unconstrained = problem.field.components
      .filter((placed) => placed.component.rankDeficiency > 0 && placed.component.constraints === null)
      .map((placed) => `'${placed.component.label}' (${placed.component.model})`);
    const hint =
      unconstrained.length > 0
        ? `; the intrinsic component(s) ${unconstrained.join(', ')} have no sum-to-zero constraint: set constr: true (the default) or a positive diagonal`
        : '; check for fixed effects the data cannot identify, or give them a proper prior (control.fixed)';
    throw new InlaError(
      'numerical-failure',
      `the posterior precision is not positive definite at θ = [${Array.from(theta).join(', ')}]${hint}`,
      { theta: Array.from(theta) },
      { cause: error },
    );
  }
}

/**
 * The factor of the Gaussian approximation's precision H = Q(θ) + Aᵀ diag(c) A linearised at x (an earlier
 * approximation's mode), with its constraint terms: what a Gaussian approximation held, rebuilt after its factor was
 * released, for sampling.
 */
export function precisionAt(problem: InferenceProblem, theta: ArrayLike<number>, x: Float64Array): { factor: CholeskyFactor; constraint: ConstraintCorrection | null } {
  const ws = workspaceOf(problem);
  predictUnits(problem, x, ws);
  curvatureAt(problem, problem.field.familyTheta(theta), ws);
  const priorValues = new Float64Array(problem.precision.pattern.values.length);
  problem.precision.assemblePrior(theta, priorValues);
  const values = new Float64Array(priorValues.length);
  problem.precision.assemble(priorValues, ws.curvature, values);
  const factor = factorise(problem, theta, values, undefined);
  return { factor, constraint: constraintCorrection(problem, factor) };
}

/** The step of the finite difference in θ of ∇_x log p(y, x | θ) in `modeTangent`. */
const TANGENT_STEP = 1e-4;

/** ∇_x [log p(y | x, θ) + log p(x | θ)] = Aᵀ ℓ′(η) − Q(θ)(x − μ) at x, into `out` (uses the problem's Newton scratch). */
function logJointGradient(problem: InferenceProblem, theta: ArrayLike<number>, x: Float64Array, priorValues: Float64Array, out: Float64Array): Float64Array {
  const ws = workspaceOf(problem);
  const { patternAt, unitPattern, unitWeight, unitResponse, unitColumns, nUnits } = problem.patterns;
  predictUnits(problem, x, ws);
  problem.observations.family.derivatives(unitResponse, unitColumns, problem.field.familyTheta(theta), ws.unitEta, ws.d1, ws.d2);
  const score = ws.b;
  score.fill(0);
  for (let u = 0; u < nUnits; u++) score[unitPattern[u] ?? outOfRange(unitPattern, u)] = (score[unitPattern[u] ?? outOfRange(unitPattern, u)] ?? outOfRange(score, unitPattern[u] ?? outOfRange(unitPattern, u))) + (unitWeight[u] ?? outOfRange(unitWeight, u)) * (ws.d1[u] ?? outOfRange(ws.d1, u));
  patternAt.multiplyVector(score, out);
  problem.precision.assemblePrior(theta, priorValues);
  for (let i = 0; i < x.length; i++) ws.centred[i] = (x[i] ?? outOfRange(x, i)) - (problem.priorMean[i] ?? outOfRange(problem.priorMean, i));
  problem.precision.priorTimes(priorValues, ws.centred, ws.work);
  for (let i = 0; i < x.length; i++) out[i] = (out[i] ?? outOfRange(out, i)) - (ws.work[i] ?? outOfRange(ws.work, i));
  return out;
}

/**
 * The derivative t_i of the conditional mode x*(θ) in each θ_i (one vector per hyperparameter), by the implicit
 * function theorem: ∇_x f(x*(θ), θ) = 0 for f = log p(y, x | θ) gives H t_i = ∂_θi ∇_x f, the right side by a forward difference
 * in θ_i at x* fixed, then projected onto C t = 0 (the constraints hold at every θ). The mode at a nearby θ′ is
 * x*(θ) + Σ_i (θ′_i − θ_i) t_i up to O(|θ′ − θ|²): a warm start one Newton step closer than x*(θ) itself.
 */
export function modeTangent(problem: InferenceProblem, approx: GaussianApproximation): Float64Array[] {
  const n = approx.mode.length;
  const priorValues = new Float64Array(problem.precision.pattern.values.length);
  const base = logJointGradient(problem, approx.theta, approx.mode, priorValues, new Float64Array(n));
  const shifted = Float64Array.from(approx.theta);
  return Array.from(approx.theta, (_, i) => {
    shifted[i] = (shifted[i] ?? outOfRange(shifted, i)) + TANGENT_STEP;
    const tangent = logJointGradient(problem, shifted, approx.mode, priorValues, new Float64Array(n));
    shifted[i] = approx.theta[i] ?? outOfRange(approx.theta, i);
    for (let j = 0; j < n; j++) tangent[j] = ((tangent[j] ?? outOfRange(tangent, j)) - (base[j] ?? outOfRange(base, j))) / TANGENT_STEP;
    const direction = approx.factor.solve(tangent);
    if (approx.constraint) applyConstraint(approx.constraint, direction, true);
    return direction;
  });
}

/**
 * Newton iterations to the conditional mode x*(θ) of log p(y | Ax) + log p(x | θ) under the constraints,
 * then the Laplace approximation
 *   log π̃(θ | y) = log p(y | x*) + log p(x* | θ) + log π(θ) − log π_G(x* | θ, y)
 * where π_G is the (constrained) Gaussian with precision H = Q + Aᵀ diag(c) A at x*
 * (Rue, Martino & Chopin 2009, eq. 3; R-INLA's constrained density, problem-setup.c).
 * Newton starts from `start` (a nearby θ's mode) when given; `spareFactor`, a factor of this problem that is no longer
 * needed, is refactorised in place instead of allocating a new one.
 */
export function gaussianApproximation(problem: InferenceProblem, theta: ArrayLike<number>, start?: Float64Array, spareFactor?: CholeskyFactor): GaussianApproximation {
  const { field, observations } = problem;
  const n = field.size;
  const familyTheta = field.familyTheta(theta);
  // the likelihood works on the observations' distinct patterns, pooled by the family's sufficient statistics
  const { patterns, precision } = problem;
  const { patternAt, unitWeight, unitResponse, unitColumns, nUnits } = patterns;
  const { family } = observations;
  const pooledConstant = patterns.pooledConstant(familyTheta);
  const priorValues = new Float64Array(precision.pattern.values.length);
  precision.assemblePrior(theta, priorValues);
  const x = start ? Float64Array.from(start) : new Float64Array(n);
  const ws = workspaceOf(problem);
  const { values, unitEta, unitLogDensity, curvature, b, rhs, work, centred, priorRhs } = ws;
  precision.priorTimes(priorValues, problem.priorMean, priorRhs);
  let factor: CholeskyFactor | undefined = spareFactor;

  const predict = (point: Float64Array): void => predictUnits(problem, point, ws);
  /** Σ_i w_i log p(y_i | η_i) + log p(x | θ) (without its normalising constants), after `predict(point)`. */
  const logJoint = (point: Float64Array): number => {
    family.logDensity(unitResponse, unitColumns, familyTheta, unitEta, unitLogDensity);
    let loglik = pooledConstant;
    for (let u = 0; u < nUnits; u++) loglik += (unitWeight[u] ?? outOfRange(unitWeight, u)) * (unitLogDensity[u] ?? outOfRange(unitLogDensity, u));
    for (let i = 0; i < n; i++) centred[i] = (point[i] ?? outOfRange(point, i)) - (problem.priorMean[i] ?? outOfRange(problem.priorMean, i));
    precision.priorTimes(priorValues, centred, work);
    let quad = 0;
    for (let i = 0; i < n; i++) quad += (centred[i] ?? outOfRange(centred, i)) * (work[i] ?? outOfRange(work, i));
    return loglik - 0.5 * quad;
  };

  /**
   * Factorises H at the current η; returns its factor, the constraint correction under it and the unconstrained
   * Newton proposal H⁻¹(Aᵀb + Qμ). With the SIMD kernels the proposal and W = H⁻¹Cᵀ come from one pass over the
   * factor per right-hand-side pair (`solveMany`), which costs far less than a solve each.
   */
  const linearise = (): { factor: CholeskyFactor; correction: ConstraintCorrection | null; proposal: Float64Array } => {
    curvatureAt(problem, familyTheta, ws);
    precision.assemble(priorValues, curvature, values);
    const current = factorise(problem, theta, values, factor);
    factor = current;
    patternAt.multiplyVector(b, rhs);
    for (let i = 0; i < n; i++) rhs[i] = (rhs[i] ?? outOfRange(rhs, i)) + (priorRhs[i] ?? outOfRange(priorRhs, i));
    const rows = field.constraints?.rows;
    if (rows && current.kernels === 'webassembly') {
      const solutions = current.solveMany([rhs, ...rows]);
      return { factor: current, correction: constraintCorrection(problem, current, solutions.slice(1)), proposal: itemAt(solutions, 0) };
    }
    return { factor: current, correction: constraintCorrection(problem, current), proposal: current.solve(rhs) };
  };
  let linearised: ReturnType<typeof linearise> | undefined;

  predict(x);
  let objective = logJoint(x);
  let iterations = 0;
  for (; iterations < MAX_NEWTON_ITERATIONS; iterations++) {
    linearised = linearise();
    const { proposal } = linearised;
    if (linearised.correction) applyConstraint(linearised.correction, proposal);
    // Newton on a concave objective: take the full step unless it lowers the objective, then halve it.
    let step = 1;
    let candidate = proposal;
    let candidateObjective = Number.NaN;
    for (let halving = 0; halving < 30; halving++) {
      predict(candidate);
      candidateObjective = logJoint(candidate);
      if (candidateObjective >= objective - 1e-10 * Math.abs(objective) || !Number.isFinite(objective)) break;
      step /= 2;
      candidate = Float64Array.from(x, (xi, i) => xi + step * ((proposal[i] ?? outOfRange(proposal, i)) - xi));
    }
    if (!Number.isFinite(candidateObjective)) {
      throw new InlaError('numerical-failure', `the conditional mode search diverged at θ = [${Array.from(theta).join(', ')}]`, {
        theta: Array.from(theta),
      });
    }
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs((candidate[i] ?? outOfRange(candidate, i)) - (x[i] ?? outOfRange(x, i))));
    x.set(candidate);
    objective = candidateObjective;
    if (change < NEWTON_TOLERANCE * (1 + Math.sqrt(n))) break;
  }
  if (iterations === MAX_NEWTON_ITERATIONS) {
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(x[i] ?? outOfRange(x, i)));
    const drifting = largest > 30
      ? `: the latent field runs off (|x| reaches ${largest.toExponential(1)}), so the posterior is improper — a response that is 0 (or at its maximum) in every row of a group or of the whole data set with a flat prior (the intercept's prec.intercept = 0 by default) has no finite mode; give it a proper prior, e.g. control: { fixed: { 'prec.intercept': 0.001 } }`
      : '';
    throw new InlaError(
      'not-converged',
      `the conditional mode did not converge in ${MAX_NEWTON_ITERATIONS} Newton iterations at θ = [${Array.from(theta).join(', ')}]${drifting}`,
      { theta: Array.from(theta) },
    );
  }
  // H, its factor and the constraint terms are kept from the last linearisation, at the iterate one step before the
  // mode x: that step moved no coordinate by more than NEWTON_TOLERANCE · (1 + √n), so the curvatures c(η) in H move
  // by about that relative amount at the mode, and ½ log|H| by the same order times Σ_p Var(η_p) (under 1e-6 on a
  // 10⁴-node field): relinearising at x itself would cost one more factorisation per θ for that
  const logJointAtMode = objective;

  if (linearised === undefined) throw new InlaError('not-converged', `the conditional mode search took no Newton step at θ = [${Array.from(theta).join(', ')}]`, { theta: Array.from(theta) });
  const { correction } = linearised;
  const nc = field.constraints?.rows.length ?? 0;
  let logGaussianAtMode = -((n - nc) / 2) * Math.log(2 * Math.PI) + 0.5 * linearised.factor.logDeterminant();
  if (correction) logGaussianAtMode += -halfLogDetCCt(problem, correction.constraints) + 0.5 * correction.logDetS;
  const logPosterior = logJointAtMode + logPriorConstants(field, theta) - logGaussianAtMode;

  return {
    theta: Float64Array.from(theta),
    familyTheta,
    mode: x,
    priorValues,
    factor: linearised.factor,
    constraint: correction,
    logPosterior,
    iterations,
  };
}
