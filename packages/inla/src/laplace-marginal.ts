import { naturalCubicSpline } from '@hlm/likelihood';
import { cholesky, type CholeskyFactor, itemAt, outOfRange } from '@hlm/sparse';
import { InlaError } from './errors.js';
import { patternCurvature, type GaussianApproximation } from './gaussian-approximation.js';
import { GridDensity, type MarginalSummary } from './grid-density.js';
import type { LatentCovariance } from './latent-moments.js';
import type { ObservationPatterns } from './observation-patterns.js';
import { patternGroups, type PatternGroups } from './pattern-groups.js';
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
 * From the mean, where x* is the approximation's mode and L′ = 0, L is accumulated outwards interval by interval,
 * each integral ∫ L′ dv taken of the Hermite interpolant of (L′, L″) at up to four neighbouring points (`QUADRATURE`):
 * exact for L a polynomial of degree 8, and so whenever the data are normal given x (L is then quadratic). Where the
 * rule's error estimate exceeds `QUADRATURE_TOLERANCE`, L is evaluated directly instead.
 * `test/laplace-marginal.test.ts` checks the log densities against the direct evaluation of log π(x*, θ, y) with a
 * fresh dense factorisation per Newton step. (With a family whose −d2 is clipped at 0, H and so L″ are those of the Newton iteration, not the exact
 * Hessian: the rule is then less accurate, though L′ itself stays exact.)
 *
 * Each value costs Newton steps on the observations' distinct patterns (see `observation-patterns.ts`), their
 * fixed-effect parts once per distinct part (`pattern-groups.ts`): a pass of the family's first two derivatives, an
 * assembly of H and its factorisation each. The first starts from the Hermite extrapolation of the modes and tangents
 * x*′(v) = H⁻¹C′ᵀS′⁻¹e_last already found at the nearest values (`warmStart`), which the full Newton step from it
 * confirms as converged for most values (on the election data all but the first of each walk).
 */
export function laplaceMarginal(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  node: number,
): LaplaceMarginal {
  const mean = approx.mode[node] ?? outOfRange(approx.mode, node);
  const sd = Math.sqrt(covariance.variance[node] ?? outOfRange(covariance.variance, node));
  const walk = conditionalWalk(problem, approx);
  const centreIndex = (LAPLACE_POINTS.length - 1) / 2;
  walk.centre(node);
  // outwards, the two sides in turn, so that each value but the first has the three found nearest to it
  for (let d = 1; d <= centreIndex; d++) {
    for (const k of [centreIndex + d, centreIndex - d]) walk.next(k, mean + (LAPLACE_POINTS[k] ?? outOfRange(LAPLACE_POINTS, k)) * sd);
  }
  const logValues = walk.logDensities(sd);
  const centre = logValues[centreIndex] ?? outOfRange(logValues, centreIndex);
  const correction = naturalCubicSpline(
    LAPLACE_POINTS,
    Float64Array.from(logValues, (l, k) => l - centre + 0.5 * (LAPLACE_POINTS[k] ?? outOfRange(LAPLACE_POINTS, k)) ** 2),
  );
  return { mean, sd, logDensity: (s) => -0.5 * s * s + correction(s) };
}

const MAX_NEWTON_ITERATIONS = 100;
/**
 * Newton stops when a step moves no coordinate by more than this. The steps shrink quadratically (on the election
 * data the first step from the warm start is below 1e-7 for most values, else about 1e-4 and then 1e-8), so the mode
 * is then exact to about the square of this, and H, S′ and λ are kept from the last linearisation, which is this close
 * to the mode: log π̃(x_j | θ, y) moves by about 1e-6 (λ by the square of it), far below the 1e-4 sd its summaries
 * are checked to.
 */
const NEWTON_TOLERANCE = 1e-6;

/**
 * The warm start of each value is the Hermite extrapolation through this many converged points nearest to it (with
 * their tangents, a quintic; see `warmStart`). On the election data the first Newton step from it is then below 1e-6,
 * and so the last, for every value but the first of each walk (from the mean alone), where the previous value's
 * tangent alone leaves 1e-4 and the Gaussian approximation's (the conditional mean) 5e-4: 1.1 assemblies and
 * factorisations per value instead of 2.
 */
const HERMITE_POINTS = 3;

/**
 * The weights of Hermite interpolation through m points s_i: for the polynomial p of degree 2m − 1 with p(s_i) = f_i
 * and p′(s_i) = f′_i, φ(p) = Σ_i w_2i f_i + w_2i+1 f′_i for a linear functional φ (a value, an integral) when
 * Vᵀw = (φ(1), φ(s), …, φ(s^(2m−1))), V the confluent Vandermonde matrix whose rows are the data's functionals (value
 * and derivative at s_i) on those monomials. `weights` holds φ of the monomials on entry and w on return; `system`
 * is scratch of 4m² entries.
 */
function hermiteWeights(abscissae: ArrayLike<number>, m: number, weights: Float64Array, system: Float64Array): void {
  const size = 2 * m;
  for (let i = 0; i < m; i++) {
    const si = abscissae[i] ?? outOfRange(abscissae, i);
    for (let k = 0; k < size; k++) {
      // row k of Vᵀ: monomial k; column 2i its value at s_i, column 2i + 1 its derivative there
      system[k * size + 2 * i] = si ** k;
      system[k * size + 2 * i + 1] = k === 0 ? 0 : k * si ** (k - 1);
    }
  }
  solveDense(system, weights, size);
}

/**
 * The rule by which L = log π(x*(v), θ, y) is accumulated over the interval from point k to point k + 1 of
 * `LAPLACE_POINTS`: ∫ L′ dv of the Hermite interpolant of (L′, L″) at the points k − 1 … k + 2 that exist (degree 7,
 * or 5 at the ends), in s = (t − t_k)/(t_k+1 − t_k) with t the standardised value: ∫_0^1 s^j ds = 1/(j + 1). The
 * rule is exact when L is a polynomial of degree 8 (6 at the ends); the two-point rule on (L′, L″) alone, exact to
 * degree 4, left 3e-5 on the small test data sets.
 */
/**
 * The largest estimated error of one interval's rule (its difference from the rules with one end point fewer) for
 * which L is accumulated by it; beyond it, L at the interval's far end is evaluated directly from the family's log
 * density at x*. On the election data no interval comes near it (the direct evaluation would add a pass of the log
 * density for each); where L is far from a polynomial over a step of the walk (a group of zeros under a nearly flat
 * prior, in `test/laplace-marginal.test.ts`) most intervals are evaluated directly.
 */
const QUADRATURE_TOLERANCE = 1e-5;
const QUADRATURE = Array.from({ length: LAPLACE_POINTS.length - 1 }, (_, k) => {
  /** The rule on the interval from point k to k + 1 through `nodes`, as weights on (L′, h L″) at each node. */
  const rule = (nodes: Int32Array): { nodes: Int32Array; weights: Float64Array } => {
    const h = (LAPLACE_POINTS[k + 1] ?? outOfRange(LAPLACE_POINTS, k + 1)) - (LAPLACE_POINTS[k] ?? outOfRange(LAPLACE_POINTS, k));
    const abscissae = Float64Array.from(nodes, (i) => ((LAPLACE_POINTS[i] ?? outOfRange(LAPLACE_POINTS, i)) - (LAPLACE_POINTS[k] ?? outOfRange(LAPLACE_POINTS, k))) / h);
    const weights = Float64Array.from({ length: 2 * nodes.length }, (_, j) => 1 / (j + 1));
    hermiteWeights(abscissae, nodes.length, weights, new Float64Array(4 * nodes.length * nodes.length));
    return { nodes, weights };
  };
  const nodes = Int32Array.from([k - 1, k, k + 1, k + 2].filter((i) => i >= 0 && i < LAPLACE_POINTS.length));
  // the rules with one end node fewer (and at least the interval's own two), whose differences from the full rule
  // estimate its error
  const checks = [nodes.subarray(1), nodes.subarray(0, nodes.length - 1)].filter((c) => c.length >= 2 && c.includes(k) && c.includes(k + 1)).map(rule);
  return { ...rule(nodes), checks };
});

/** Solves M w = b in place (b ← w) by Gaussian elimination with partial pivoting; M (size × size, row-major) is overwritten. */
function solveDense(M: Float64Array, b: Float64Array, size: number): void {
  for (let c = 0; c < size; c++) {
    let pivot = c;
    for (let r = c + 1; r < size; r++) if (Math.abs(M[r * size + c] ?? outOfRange(M, r * size + c)) > Math.abs(M[pivot * size + c] ?? outOfRange(M, pivot * size + c))) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < size; k++) {
        const t = M[c * size + k] ?? outOfRange(M, c * size + k);
        M[c * size + k] = M[pivot * size + k] ?? outOfRange(M, pivot * size + k);
        M[pivot * size + k] = t;
      }
      const t = b[c] ?? outOfRange(b, c);
      b[c] = b[pivot] ?? outOfRange(b, pivot);
      b[pivot] = t;
    }
    for (let r = c + 1; r < size; r++) {
      const f = (M[r * size + c] ?? outOfRange(M, r * size + c)) / (M[c * size + c] ?? outOfRange(M, c * size + c));
      if (f === 0) continue;
      for (let k = c; k < size; k++) M[r * size + k] = (M[r * size + k] ?? outOfRange(M, r * size + k)) - f * (M[c * size + k] ?? outOfRange(M, c * size + k));
      b[r] = (b[r] ?? outOfRange(b, r)) - f * (b[c] ?? outOfRange(b, c));
    }
  }
  for (let c = size - 1; c >= 0; c--) {
    let sum = b[c] ?? outOfRange(b, c);
    for (let k = c + 1; k < size; k++) sum -= (M[c * size + k] ?? outOfRange(M, c * size + k)) * (b[k] ?? outOfRange(b, k));
    b[c] = sum / (M[c * size + c] ?? outOfRange(M, c * size + c));
  }
}

/** The walk of one node's values from its mean outwards, at one θ. */
interface ConditionalWalk {
  /** Starts `node`'s walk at its mean, point `LAPLACE_POINTS` centre (x* = the mode, H the approximation's). */
  centre(node: number): void;
  /** Point k of `LAPLACE_POINTS`, x_node = value, next to one already found: the Newton iterations to x*(value). */
  next(k: number, value: number): void;
  /** log π̃(x_node = μ + s_k σ | θ, y) at every point s_k (up to one constant), once all are found. */
  logDensities(sd: number): Float64Array;
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
  /** Aᵀb + Qμ, the right-hand side of the Newton step, assembled with H. */
  readonly rhs: Float64Array;
  readonly work: Float64Array;
  readonly centred: Float64Array;
  /** The patterns grouped by their fixed-effect part, and the group sums of a pass. */
  readonly groups: PatternGroups;
  readonly groupEta: Float64Array;
  readonly groupCurvature: Float64Array;
  readonly groupB: Float64Array;
  readonly patternEta: Float64Array;
  readonly patternCurvature: Float64Array;
  readonly patternB: Float64Array;
  /** η per unit: the same array as `patternEta` when the units are the patterns (a pooling family). */
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
  /** x* and x*′ at each value of the current walk. */
  readonly pointX: Float64Array[];
  readonly pointTangent: Float64Array[];
  factor: CholeskyFactor | undefined;
}

const workspaces = new WeakMap<InferenceProblem, LaplaceWorkspace>();

/** The factor of H that the last linearisation left in `ws`. */
function factorOf(ws: LaplaceWorkspace): CholeskyFactor {
  if (ws.factor === undefined) throw new InlaError('numerical-failure', 'the Laplace approximation used H before factorising it; this is a bug in @hlm/inla', {});
  return ws.factor;
}

/** Whether unit u is pattern u for every u (a family with sufficient statistics pools each pattern into one unit). */
function unitsArePatterns(patterns: ObservationPatterns): boolean {
  if (patterns.nUnits !== patterns.nPatterns) return false;
  for (let u = 0; u < patterns.nUnits; u++) if (patterns.unitPattern[u] !== u) return false;
  return true;
}

function workspace(problem: InferenceProblem): LaplaceWorkspace {
  let ws = workspaces.get(problem);
  if (ws) return ws;
  const { patterns, precision } = problem;
  const n = problem.field.size;
  const nc = (problem.field.constraints?.rows.length ?? 0) + 1;
  const patternEta = new Float64Array(patterns.nPatterns);
  const { fixedOffset, fixedNames } = problem.field;
  const groups = patternGroups(patterns.patternAt, precision.pattern, fixedOffset, fixedOffset + fixedNames.length);
  ws = {
    patterns,
    precision,
    x: new Float64Array(n),
    start: new Float64Array(n),
    proposal: new Float64Array(n),
    candidate: new Float64Array(n),
    rhs: new Float64Array(n),
    work: new Float64Array(n),
    centred: new Float64Array(n),
    groups,
    groupEta: new Float64Array(groups.nGroups),
    groupCurvature: new Float64Array(groups.nGroups),
    groupB: new Float64Array(groups.nGroups),
    patternEta,
    patternCurvature: new Float64Array(patterns.nPatterns),
    patternB: new Float64Array(patterns.nPatterns),
    unitEta: unitsArePatterns(patterns) ? patternEta : new Float64Array(patterns.nUnits),
    d1: new Float64Array(patterns.nUnits),
    d2: new Float64Array(patterns.nUnits),
    logDensity: new Float64Array(patterns.nUnits),
    values: new Float64Array(precision.pattern.values.length),
    W: Array.from({ length: nc }, () => new Float64Array(n)),
    S: new Float64Array(nc * nc),
    residual: new Float64Array(nc),
    coefficient: new Float64Array(nc),
    unit: new Float64Array(nc),
    pointX: Array.from({ length: LAPLACE_POINTS.length }, () => new Float64Array(n)),
    pointTangent: Array.from({ length: LAPLACE_POINTS.length }, () => new Float64Array(n)),
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
  const { patterns, precision, x, start, proposal, candidate, rhs, work, centred, groups, groupEta, groupCurvature, groupB, patternEta, patternCurvature: curvatures, patternB, unitEta, d1, d2, logDensity, values, W, S, residual, coefficient, unit, pointX, pointTangent } = ws;
  const { field, priorMean, symbolic } = problem;
  const { family } = problem.observations;
  const { patternAt, patternOffset, unitPattern, unitWeight, unitResponse, unitColumns, nUnits, nPatterns } = patterns;
  const { familyTheta, priorValues, mode } = approx;
  const n = field.size;
  const baseRows = field.constraints?.rows ?? [];
  const baseRhs = field.constraints?.rhs ?? new Float64Array(0);
  const nc = W.length;
  const last = nc - 1;
  const priorRhs = precision.priorTimes(priorValues, priorMean, new Float64Array(n));
  const halfLogDetCentre = 0.5 * approx.factor.logDeterminant();

  const { nGroups, groupOf, restPtr, restNode, restValue, fixedPtr, fixedNode, fixedValue, pairPtr, pairPosition, pairProduct, groupPairPtr, groupPairPosition, groupPairProduct } = groups;
  /** η = A x + offset per pattern (each group's fixed part once) and per unit. */
  const predict = (point: Float64Array): void => {
    for (let g = 0; g < nGroups; g++) {
      let eta = 0;
      for (let k = fixedPtr[g] ?? outOfRange(fixedPtr, g), end = fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1); k < end; k++) eta += (fixedValue[k] ?? outOfRange(fixedValue, k)) * (point[fixedNode[k] ?? outOfRange(fixedNode, k)] ?? outOfRange(point, fixedNode[k] ?? outOfRange(fixedNode, k)));
      groupEta[g] = eta;
    }
    for (let p = 0; p < nPatterns; p++) {
      let eta = (patternOffset[p] ?? outOfRange(patternOffset, p)) + (groupEta[groupOf[p] ?? outOfRange(groupOf, p)] ?? outOfRange(groupEta, groupOf[p] ?? outOfRange(groupOf, p)));
      for (let k = restPtr[p] ?? outOfRange(restPtr, p), end = restPtr[p + 1] ?? outOfRange(restPtr, p + 1); k < end; k++) eta += (restValue[k] ?? outOfRange(restValue, k)) * (point[restNode[k] ?? outOfRange(restNode, k)] ?? outOfRange(point, restNode[k] ?? outOfRange(restNode, k)));
      patternEta[p] = eta;
    }
    if (unitEta !== patternEta) for (let u = 0; u < nUnits; u++) unitEta[u] = patternEta[unitPattern[u] ?? outOfRange(unitPattern, u)] ?? outOfRange(patternEta, unitPattern[u] ?? outOfRange(unitPattern, u));
  };
  /**
   * log p(y | x) + log p(x | θ) up to terms free of x, given `predict(point)`: only for the damped search and where
   * the quadrature's check fails (see `QUADRATURE_TOLERANCE`).
   */
  const logJoint = (point: Float64Array): number => {
    family.logDensity(unitResponse, unitColumns, familyTheta, unitEta, logDensity);
    let value = 0;
    for (let u = 0; u < nUnits; u++) value += (unitWeight[u] ?? outOfRange(unitWeight, u)) * (logDensity[u] ?? outOfRange(logDensity, u));
    for (let i = 0; i < n; i++) centred[i] = (point[i] ?? outOfRange(point, i)) - (priorMean[i] ?? outOfRange(priorMean, i));
    precision.priorTimes(priorValues, centred, work);
    let quad = 0;
    for (let i = 0; i < n; i++) quad += (centred[i] ?? outOfRange(centred, i)) * (work[i] ?? outOfRange(work, i));
    return value - 0.5 * quad;
  };
  /** W = H⁻¹C′ᵀ with `factor` and S′ = C′W factorised in place; returns ½ log|S′|. */
  const constraintTerms = (factor: CholeskyFactor, node: number): number => {
    for (let a = 0; a < nc; a++) {
      const w = itemAt(W, a);
      if (a < last) factor.solve(itemAt(baseRows, a), w);
      else {
        work.fill(0);
        work[node] = 1;
        factor.solve(work, w);
      }
    }
    for (let a = 0; a < nc; a++) {
      for (let b = 0; b <= a; b++) {
        const w = itemAt(W, b);
        let sum = 0;
        if (a < last) {
          const row = itemAt(baseRows, a);
          for (let i = 0; i < n; i++) sum += (row[i] ?? outOfRange(row, i)) * (w[i] ?? outOfRange(w, i));
        } else sum = w[node] ?? outOfRange(w, node);
        S[a * nc + b] = sum;
      }
    }
    // in-place Cholesky of S′ (lower triangle, row-major)
    let halfLogDet = 0;
    for (let a = 0; a < nc; a++) {
      for (let b = 0; b <= a; b++) {
        let sum = S[a * nc + b] ?? outOfRange(S, a * nc + b);
        for (let k = 0; k < b; k++) sum -= (S[a * nc + k] ?? outOfRange(S, a * nc + k)) * (S[b * nc + k] ?? outOfRange(S, b * nc + k));
        if (a === b) {
          const pivot = Math.sqrt(sum);
          S[a * nc + a] = pivot;
          halfLogDet += Math.log(pivot);
        } else S[a * nc + b] = sum / (S[b * nc + b] ?? outOfRange(S, b * nc + b));
      }
    }
    return halfLogDet;
  };
  /** out ← S′⁻¹ r by the factor of S′: forward then backward substitution. */
  const solveS = (r: Float64Array, out: Float64Array): void => {
    for (let a = 0; a < nc; a++) {
      let sum = r[a] ?? outOfRange(r, a);
      for (let k = 0; k < a; k++) sum -= (S[a * nc + k] ?? outOfRange(S, a * nc + k)) * (out[k] ?? outOfRange(out, k));
      out[a] = sum / (S[a * nc + a] ?? outOfRange(S, a * nc + a));
    }
    for (let a = nc - 1; a >= 0; a--) {
      let sum = out[a] ?? outOfRange(out, a);
      for (let k = a + 1; k < nc; k++) sum -= (S[k * nc + a] ?? outOfRange(S, k * nc + a)) * (out[k] ?? outOfRange(out, k));
      out[a] = sum / (S[a * nc + a] ?? outOfRange(S, a * nc + a));
    }
  };
  /** The tangent x*′(v) = W S′⁻¹ e_last into `out`; returns L″ = −(S′⁻¹)_last,last. */
  const tangentInto = (out: Float64Array): number => {
    residual.fill(0);
    residual[last] = 1;
    solveS(residual, unit);
    out.fill(0);
    for (let a = 0; a < nc; a++) {
      const w = itemAt(W, a);
      const u = unit[a] ?? outOfRange(unit, a);
      for (let i = 0; i < n; i++) out[i] = (out[i] ?? outOfRange(out, i)) + (w[i] ?? outOfRange(w, i)) * u;
    }
    return -(unit[last] ?? outOfRange(unit, last));
  };
  /** Adds pattern p's share of H and Aᵀb but for its fixed part's, which goes to its group's sums. */
  const addPattern = (p: number, c: number, bp: number): void => {
    const g = groupOf[p] ?? outOfRange(groupOf, p);
    groupCurvature[g] = (groupCurvature[g] ?? outOfRange(groupCurvature, g)) + c;
    groupB[g] = (groupB[g] ?? outOfRange(groupB, g)) + bp;
    for (let k = restPtr[p] ?? outOfRange(restPtr, p), end = restPtr[p + 1] ?? outOfRange(restPtr, p + 1); k < end; k++) rhs[restNode[k] ?? outOfRange(restNode, k)] = (rhs[restNode[k] ?? outOfRange(restNode, k)] ?? outOfRange(rhs, restNode[k] ?? outOfRange(restNode, k))) + (restValue[k] ?? outOfRange(restValue, k)) * bp;
    if (c === 0) return;
    for (let e = pairPtr[p] ?? outOfRange(pairPtr, p), end = pairPtr[p + 1] ?? outOfRange(pairPtr, p + 1); e < end; e++) values[pairPosition[e] ?? outOfRange(pairPosition, e)] = (values[pairPosition[e] ?? outOfRange(pairPosition, e)] ?? outOfRange(values, pairPosition[e] ?? outOfRange(pairPosition, e))) + c * (pairProduct[e] ?? outOfRange(pairProduct, e));
  };
  /** H at `point` (from the family's derivatives there) with the Newton step's rhs, its factor, W and S′; returns ½ log|S′|. */
  const linearise = (point: Float64Array, node: number, value: number): number => {
    predict(point);
    family.derivatives(unitResponse, unitColumns, familyTheta, unitEta, d1, d2);
    // the quadratic expansion of the log-likelihood at η0 = A x0 + o, in A x: b = d1 + c (η0 − o), summed per
    // pattern; then H = Q + Σ_p c_p a_p a_pᵀ and rhs = Aᵀb + Qμ in one pass over the patterns, the fixed parts per
    // group (see `pattern-groups.ts`)
    values.set(priorValues);
    rhs.set(priorRhs);
    groupCurvature.fill(0);
    groupB.fill(0);
    patternCurvature(patterns, unitEta, d1, d2, curvatures, patternB);
    for (let p = 0; p < nPatterns; p++) addPattern(p, curvatures[p] ?? outOfRange(curvatures, p), patternB[p] ?? outOfRange(patternB, p));
    for (let g = 0; g < nGroups; g++) {
      const c = groupCurvature[g] ?? outOfRange(groupCurvature, g);
      const bg = groupB[g] ?? outOfRange(groupB, g);
      for (let k = fixedPtr[g] ?? outOfRange(fixedPtr, g), end = fixedPtr[g + 1] ?? outOfRange(fixedPtr, g + 1); k < end; k++) rhs[fixedNode[k] ?? outOfRange(fixedNode, k)] = (rhs[fixedNode[k] ?? outOfRange(fixedNode, k)] ?? outOfRange(rhs, fixedNode[k] ?? outOfRange(fixedNode, k))) + (fixedValue[k] ?? outOfRange(fixedValue, k)) * bg;
      if (c === 0) continue;
      for (let e = groupPairPtr[g] ?? outOfRange(groupPairPtr, g), end = groupPairPtr[g + 1] ?? outOfRange(groupPairPtr, g + 1); e < end; e++) values[groupPairPosition[e] ?? outOfRange(groupPairPosition, e)] = (values[groupPairPosition[e] ?? outOfRange(groupPairPosition, e)] ?? outOfRange(values, groupPairPosition[e] ?? outOfRange(groupPairPosition, e))) + c * (groupPairProduct[e] ?? outOfRange(groupPairProduct, e));
    }
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
    // rhs: from `linearise`
    factorOf(ws).solve(rhs, proposal);
    for (let a = 0; a < nc; a++) {
      if (a < last) {
        const row = itemAt(baseRows, a);
        let sum = -(baseRhs[a] ?? outOfRange(baseRhs, a));
        for (let i = 0; i < n; i++) sum += (row[i] ?? outOfRange(row, i)) * (proposal[i] ?? outOfRange(proposal, i));
        residual[a] = sum;
      } else residual[a] = (proposal[node] ?? outOfRange(proposal, node)) - value;
    }
    solveS(residual, coefficient);
    for (let a = 0; a < nc; a++) {
      const w = itemAt(W, a);
      const c = coefficient[a] ?? outOfRange(coefficient, a);
      for (let i = 0; i < n; i++) proposal[i] = (proposal[i] ?? outOfRange(proposal, i)) - (w[i] ?? outOfRange(w, i)) * c;
    }
  };

  // every converged point of the node's walk (the mean first): its value, x* and x*′
  const pointValue = new Float64Array(LAPLACE_POINTS.length);
  let nPoints = 0;
  const nearest = new Int32Array(HERMITE_POINTS);
  const taken = new Uint8Array(LAPLACE_POINTS.length);
  const system = new Float64Array(4 * HERMITE_POINTS * HERMITE_POINTS);
  const weights = new Float64Array(2 * HERMITE_POINTS);
  const abscissae = new Float64Array(HERMITE_POINTS);
  /**
   * x ← the warm start at x_node = value: p(value) for the polynomial p of degree 2m − 1 with p(v_i) = x*(v_i) and
   * p′(v_i) = x*′(v_i) at the m ≤ HERMITE_POINTS converged points nearest to the value (Hermite interpolation, here
   * used to extrapolate one step), in s = (v − value)/δ, δ the distance to the nearest point.
   */
  const warmStart = (value: number): void => {
    const m = Math.min(nPoints, HERMITE_POINTS);
    taken.fill(0);
    for (let i = 0; i < m; i++) {
      let best = -1;
      for (let k = 0; k < nPoints; k++) {
        if (taken[k] === 0 && (best < 0 || Math.abs((pointValue[k] ?? outOfRange(pointValue, k)) - value) < Math.abs((pointValue[best] ?? outOfRange(pointValue, best)) - value))) best = k;
      }
      taken[best] = 1;
      nearest[i] = best;
    }
    const scale = Math.abs((pointValue[nearest[0] ?? outOfRange(nearest, 0)] ?? outOfRange(pointValue, nearest[0] ?? outOfRange(nearest, 0))) - value);
    for (let i = 0; i < m; i++) abscissae[i] = ((pointValue[nearest[i] ?? outOfRange(nearest, i)] ?? outOfRange(pointValue, nearest[i] ?? outOfRange(nearest, i))) - value) / scale;
    // the functional: the value at s = 0
    weights.fill(0, 0, 2 * m);
    weights[0] = 1;
    hermiteWeights(abscissae, m, weights, system);
    x.fill(0);
    for (let i = 0; i < m; i++) {
      const a = weights[2 * i] ?? outOfRange(weights, 2 * i);
      const b = (weights[2 * i + 1] ?? outOfRange(weights, 2 * i + 1)) * scale;
      const xi = itemAt(pointX, nearest[i] ?? outOfRange(nearest, i));
      const ti = itemAt(pointTangent, nearest[i] ?? outOfRange(nearest, i));
      for (let j = 0; j < n; j++) x[j] = (x[j] ?? outOfRange(x, j)) + (a * (xi[j] ?? outOfRange(xi, j)) + b * (ti[j] ?? outOfRange(ti, j)));
    }
  };

  // the walk's state: the node, and at each point L′, L″ and −½ log|H| − ½ log|S′|
  let node = -1;
  const slope = new Float64Array(LAPLACE_POINTS.length);
  const second = new Float64Array(LAPLACE_POINTS.length);
  const logDeterminants = new Float64Array(LAPLACE_POINTS.length);
  const centreIndex = (LAPLACE_POINTS.length - 1) / 2;
  /** The index among the walk's points of each point of `LAPLACE_POINTS`. */
  const pointOf = new Int32Array(LAPLACE_POINTS.length);
  let centreJoint = Number.NaN;
  /** L at point k by the family's log density at x*, relative to the mode's. */
  const directLevel = (k: number): number => {
    if (Number.isNaN(centreJoint)) {
      predict(mode);
      centreJoint = logJoint(mode);
    }
    const point = itemAt(pointX, pointOf[k] ?? outOfRange(pointOf, k));
    predict(point);
    return logJoint(point) - centreJoint;
  };

  return {
    centre(j) {
      node = j;
      const halfLogDetS = constraintTerms(approx.factor, j);
      slope[centreIndex] = 0;
      second[centreIndex] = tangentInto(itemAt(pointTangent, 0));
      logDeterminants[centreIndex] = -halfLogDetCentre - halfLogDetS;
      pointValue[0] = mode[j] ?? outOfRange(mode, j);
      pointOf[centreIndex] = 0;
      itemAt(pointX, 0).set(mode);
      nPoints = 1;
    },
    logDensities(sd) {
      // L from the mean outwards, interval by interval (see `QUADRATURE`)
      const level = new Float64Array(LAPLACE_POINTS.length);
      /** L at point `to` from point `from` (adjacent), by the rule unless the check says it is not exact enough. */
      const step = (from: number, to: number): number => {
        const k = Math.min(from, to);
        const { nodes, weights, checks } = itemAt(QUADRATURE, k);
        const h = ((LAPLACE_POINTS[k + 1] ?? outOfRange(LAPLACE_POINTS, k + 1)) - (LAPLACE_POINTS[k] ?? outOfRange(LAPLACE_POINTS, k))) * sd;
        /** ∫ L′ over the interval by a rule: h Σ_i w_2i L′_i + w_2i+1 h L″_i. */
        const integral = (nodes: Int32Array, w: Float64Array): number => {
          let sum = 0;
          for (let i = 0; i < nodes.length; i++) sum += (w[2 * i] ?? outOfRange(w, 2 * i)) * (slope[nodes[i] ?? outOfRange(nodes, i)] ?? outOfRange(slope, nodes[i] ?? outOfRange(nodes, i))) + (w[2 * i + 1] ?? outOfRange(w, 2 * i + 1)) * h * (second[nodes[i] ?? outOfRange(nodes, i)] ?? outOfRange(second, nodes[i] ?? outOfRange(nodes, i)));
          return h * sum;
        };
        const value = integral(nodes, weights);
        let error = 0;
        for (const check of checks) error = Math.max(error, Math.abs(value - integral(check.nodes, check.weights)));
        if (error > QUADRATURE_TOLERANCE) return directLevel(to);
        return (level[from] ?? outOfRange(level, from)) + (to > from ? value : -value);
      };
      for (let k = centreIndex + 1; k < LAPLACE_POINTS.length; k++) level[k] = step(k - 1, k);
      for (let k = centreIndex - 1; k >= 0; k--) level[k] = step(k + 1, k);
      for (let k = 0; k < LAPLACE_POINTS.length; k++) level[k] = (level[k] ?? outOfRange(level, k)) + (logDeterminants[k] ?? outOfRange(logDeterminants, k));
      return level;
    },
    next(k, value) {
      warmStart(value);
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
        for (let i = 0; i < n; i++) change = Math.max(change, Math.abs((proposal[i] ?? outOfRange(proposal, i)) - (x[i] ?? outOfRange(x, i))));
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
            for (let i = 0; i < n; i++) candidate[i] = (x[i] ?? outOfRange(x, i)) + step * ((proposal[i] ?? outOfRange(proposal, i)) - (x[i] ?? outOfRange(x, i)));
          }
          if (!Number.isFinite(candidateObjective)) {
            throw new InlaError('numerical-failure', `the conditional mode of node ${node} at ${value} diverged at θ = [${Array.from(approx.theta).join(', ')}]`, {
              theta: Array.from(approx.theta),
            });
          }
          change = 0;
          for (let i = 0; i < n; i++) change = Math.max(change, Math.abs((candidate[i] ?? outOfRange(candidate, i)) - (x[i] ?? outOfRange(x, i))));
          x.set(candidate);
          objective = candidateObjective;
        }
        if (change < NEWTON_TOLERANCE) break;
      }
      // L′ = λ_last, L″ = −(S′⁻¹)_last,last and the tangent, from the last linearisation
      slope[k] = coefficient[last] ?? outOfRange(coefficient, last);
      second[k] = tangentInto(itemAt(pointTangent, nPoints));
      logDeterminants[k] = -0.5 * factorOf(ws).logDeterminant() - halfLogDetS;
      pointValue[nPoints] = value;
      pointOf[k] = nPoints;
      itemAt(pointX, nPoints++).set(x);
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
  const count = marginals.length;
  const mixtureLogDensity = (x: number): number => {
    let d = 0;
    for (let k = 0; k < count; k++) {
      const m = itemAt(marginals, k);
      const s = (x - m.mean) / m.sd;
      if (Math.abs(s) <= 4) d += ((weights[k] ?? outOfRange(weights, k)) * Math.exp(m.logDensity(s))) / ((normalisers[k] ?? outOfRange(normalisers, k)) * m.sd);
    }
    return Math.log(d);
  };
  const density = new GridDensity(mixtureLogDensity, lower, upper, 2001);
  const summary = density.summarise((x) => x, () => 1);
  return { ...summary, kld: symmetricKld((x) => Math.exp(mixtureLogDensity(x)), summary) };
}
