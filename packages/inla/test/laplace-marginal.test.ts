import { buildDesign, type Design, type ModelSpec, type Table } from '@hlm/design';
import { getFamily, naturalCubicSpline } from '@hlm/likelihood';
import { seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { gaussianApproximation } from '../src/gaussian-approximation.js';
import { LAPLACE_POINTS, laplaceMarginal, laplaceSummary, type LaplaceMarginal } from '../src/laplace-marginal.js';
import { withModelLevels } from '../src/latent-field.js';
import { latentCovariance } from '../src/latent-moments.js';
import { readObservations } from '../src/observation-input.js';
import { resolveFamilyHyper, resolveFixedPrior } from '../src/options.js';
import { buildProblem, type InferenceProblem } from '../src/problem.js';
import { binomialRw1Table } from './binomial-rw1-data.js';

/**
 * The full Laplace approximation of every latent marginal against the slow exact route: for each node j and each value
 * v = μ_j + s σ_j at which it is evaluated, the mode of log π(x, θ, y) on {C x = e, x_j = v} by Newton iterations in
 * an orthonormal basis N of that set's directions (a fresh dense Cholesky factorisation of NᵀHN at every step, the
 * step halved until the log joint density does not fall, to steps below 1e-12), then
 *   log π̃(x_j = v | θ, y) = log p(y | A x*) + log p(x* | θ) − ½ log|Nᵀ H(x*) N| + const,
 * the log density of x_{−j} | x_j under the constrained Gaussian approximation at x* being ½ log|NᵀHN| + const. The
 * engine's route (a factorisation shared with the constraints' kriging, the value function from its derivatives,
 * warm starts) must give the same log densities, and marginal summaries within 1e-4 posterior sd.
 */

interface Case {
  name: string;
  table: Table;
  spec: ModelSpec;
  family: string;
  input: Record<string, unknown>;
  theta: number[];
}

/** The exact route's log π̃(x_j = v | θ, y) (up to a constant) for one node and value. */
function exactLogDensity(problem: InferenceProblem, design: Design, theta: number[], node: number, value: number): number {
  const { field, observations, precision, priorMean } = problem;
  const n = field.size;
  const { family, response, columns } = observations;
  const familyTheta = field.familyTheta(theta);
  // A and Q densely
  const A = Matrix.zeros(design.A.nrows, n);
  for (let j = 0; j < n; j++) {
    for (let e = design.A.colPtr[j]!; e < design.A.colPtr[j + 1]!; e++) A.set(design.A.rowIdx[e]!, j, design.A.values[e]!);
  }
  const priorValues = new Float64Array(precision.pattern.values.length);
  precision.assemblePrior(theta, priorValues);
  const Q = Matrix.zeros(n, n);
  const { colPtr, rowIdx } = precision.pattern;
  for (let c = 0; c < n; c++) {
    for (let e = colPtr[c]!; e < colPtr[c + 1]!; e++) {
      Q.set(rowIdx[e]!, c, priorValues[e]!);
      Q.set(c, rowIdx[e]!, priorValues[e]!);
    }
  }
  // C′ = [C; e_jᵀ], e′ = [e; v]; the point of {C′x = e′} nearest 0 and an orthonormal basis of its directions
  const rows = [...(field.constraints?.rows ?? []).map((r) => Array.from(r)), Array.from({ length: n }, (_, i) => (i === node ? 1 : 0))];
  const rhs = [...Array.from(field.constraints?.rhs ?? []), value];
  const Cp = new Matrix(rows);
  const x0 = Cp.transpose().mmul(new CholeskyDecomposition(Cp.mmul(Cp.transpose())).solve(Matrix.columnVector(rhs)));
  const projector = Matrix.eye(n).sub(Cp.transpose().mmul(new CholeskyDecomposition(Cp.mmul(Cp.transpose())).solve(Cp)));
  const basis: number[][] = [];
  for (let i = 0; i < n; i++) {
    const v = projector.getColumn(i);
    for (const b of basis) {
      const dot = v.reduce((s, vi, k) => s + vi * b[k]!, 0);
      for (let k = 0; k < n; k++) v[k]! -= dot * b[k]!;
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) basis.push(v.map((vi) => vi / norm));
  }
  expect(basis).toHaveLength(n - rows.length);
  const N = new Matrix(basis).transpose();

  /** NᵀMN, made exactly symmetric (ml-matrix's Cholesky asks for it). */
  const reduced = (M: Matrix): Matrix => {
    const R = N.transpose().mmul(M).mmul(N);
    return R.add(R.transpose()).mul(0.5);
  };
  const eta = (x: Matrix): Float64Array => Float64Array.from(A.mmul(x).getColumn(0), (e, i) => e + observations.offset[i]!);
  const logJoint = (x: Matrix): number => {
    const out = new Float64Array(response.length);
    family.logDensity(response, columns, familyTheta, eta(x), out);
    const centred = x.clone().sub(Matrix.columnVector(Array.from(priorMean)));
    return out.reduce((a, b) => a + b, 0) - 0.5 * centred.transpose().mmul(Q).mmul(centred).get(0, 0);
  };
  /** ∇ log π and H = Q + Aᵀ diag(−d2) A at x. */
  const derivatives = (x: Matrix): { gradient: Matrix; H: Matrix } => {
    const d1 = new Float64Array(response.length);
    const d2 = new Float64Array(response.length);
    family.derivatives(response, columns, familyTheta, eta(x), d1, d2);
    const centred = x.clone().sub(Matrix.columnVector(Array.from(priorMean)));
    const gradient = A.transpose().mmul(Matrix.columnVector(Array.from(d1))).sub(Q.mmul(centred));
    const H = Q.clone().add(A.transpose().mmul(Matrix.diag(Array.from(d2, (d) => -d))).mmul(A));
    return { gradient, H };
  };
  let x = x0.clone();
  let objective = logJoint(x);
  for (let iteration = 0; ; iteration++) {
    expect(iteration).toBeLessThan(100);
    const { gradient, H } = derivatives(x);
    const step = N.mmul(new CholeskyDecomposition(reduced(H)).solve(N.transpose().mmul(gradient)));
    let t = 1;
    let candidate = x.clone().add(step);
    while (logJoint(candidate) < objective && t > 1e-10) {
      t /= 2;
      candidate = x.clone().add(step.clone().mul(t));
    }
    x = candidate;
    objective = logJoint(x);
    if (step.abs().max() * t < 1e-12) break;
  }
  const { H } = derivatives(x);
  const L = new CholeskyDecomposition(reduced(H)).lowerTriangularMatrix;
  let halfLogDet = 0;
  for (let i = 0; i < L.rows; i++) halfLogDet += Math.log(L.get(i, i));
  return objective - halfLogDet;
}

/** A spline-corrected marginal as the engine builds it, from log densities at LAPLACE_POINTS. */
function marginalFrom(mean: number, sd: number, logValues: number[]): LaplaceMarginal {
  const centre = logValues[(LAPLACE_POINTS.length - 1) / 2]!;
  const correction = naturalCubicSpline(LAPLACE_POINTS, Float64Array.from(logValues, (l, k) => l - centre + 0.5 * LAPLACE_POINTS[k]! ** 2));
  return { mean, sd, logDensity: (s) => -0.5 * s * s + correction(s) };
}

function check(c: Case): void {
  const family = getFamily(c.family);
  const design = buildDesign(c.table, withModelLevels(c.spec), { response: 'unbounded-counts' });
  const observations = readObservations({ ...c.input, data: c.table }, family, design, resolveFamilyHyper(family, undefined));
  const problem = buildProblem(design, observations, resolveFixedPrior(undefined));
  const approx = gaussianApproximation(problem, c.theta);
  const covariance = latentCovariance(approx);
  const n = problem.field.size;
  const centreIndex = (LAPLACE_POINTS.length - 1) / 2;
  let worstLogDensity = 0;
  let worstSummary = 0;
  for (let node = 0; node < n; node++) {
    const fast = laplaceMarginal(problem, approx, covariance, node);
    const exact = Array.from(LAPLACE_POINTS, (s) => exactLogDensity(problem, design, c.theta, node, fast.mean + s * fast.sd));
    // at its points the engine's spline is its log density, relative to the mean's
    LAPLACE_POINTS.forEach((s, k) => {
      const got = fast.logDensity(s) - fast.logDensity(0);
      const want = exact[k]! - exact[centreIndex]!;
      worstLogDensity = Math.max(worstLogDensity, Math.abs(got - want));
      if (process.env.DEBUG) console.log(node, s, (got - want).toExponential(2));
    });
    const a = laplaceSummary([fast], [1]);
    const b = laplaceSummary([marginalFrom(fast.mean, fast.sd, exact)], [1]);
    for (const key of ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant'] as const) {
      worstSummary = Math.max(worstSummary, Math.abs(a[key] - b[key]) / b.sd);
    }
  }
  console.log(`${c.name}: laplace vs exact route, worst |Δ log density| ${worstLogDensity.toExponential(2)}, worst |Δ| of mean, sd and quantiles ${worstSummary.toExponential(2)} sd`);
  // the Newton iterations stop at steps below 1e-6 and keep H from the last linearisation, as close to the mode
  expect(worstLogDensity).toBeLessThan(1e-5);
  expect(worstSummary).toBeLessThan(1e-4);
}

describe("strategy 'laplace': each latent marginal against the exact route (fresh dense factorisations)", () => {
  it('a Poisson model with an exposure, a covariate and an iid group effect', () => {
    const uniform = seededRandom(11);
    const table: { y: number[]; E: number[]; x: number[]; g: string[] } = { y: [], E: [], x: [], g: [] };
    const effects = [0.4, -0.3, 0.8, -0.6, 0.1, -0.2];
    for (let i = 0; i < 60; i++) {
      const g = i % effects.length;
      const x = 2 * uniform() - 1;
      const E = 0.5 + uniform();
      const mean = E * Math.exp(0.3 + 0.5 * x + effects[g]!);
      let k = 0;
      let p = Math.exp(-mean);
      let cumulative = p;
      const target = uniform();
      while (cumulative < target) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      table.y.push(k);
      table.E.push(E);
      table.x.push(Math.round(x * 100) / 100);
      table.g.push(`g${g + 1}`);
    }
    check({
      name: 'poisson, iid',
      table,
      spec: { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] },
      family: 'poisson',
      input: { E: 'E' },
      theta: [Math.log(2)],
    });
  });

  it('a binomial model with an rw1 effect under its sum-to-zero constraint', () => {
    const table = binomialRw1Table();
    check({
      name: 'binomial, rw1',
      table,
      spec: { response: 'y', fixed: ['1'], random: [{ id: 't', model: 'rw1' }] },
      family: 'binomial',
      input: { Ntrials: 'n' },
      theta: [Math.log(3)],
    });
  });

  it('a binomial model with groups of zeros under a nearly flat prior: skewed marginals, checked rule and damped steps', () => {
    // Three of ten groups have no successes and the group effects' prior sd is 31.6: their marginals run over tens of
    // units on one side, L is far from a polynomial over a step of the walk, and the full Newton step from the warm
    // start overshoots. Measured: of 120 intervals, 75 fail the rule's check and are evaluated from the log density;
    // 22 values need the damped search.
    const uniform = seededRandom(3);
    const table: { y: number[]; n: number[]; x: number[]; g: string[] } = { y: [], n: [], x: [], g: [] };
    for (let i = 0; i < 40; i++) {
      const g = i % 10;
      table.y.push(g < 3 ? 0 : uniform() < 0.9 ? 1 : 0);
      table.n.push(1);
      table.x.push(Math.round((2 * uniform() - 1) * 100) / 100);
      table.g.push(`g${g + 1}`);
    }
    check({
      name: 'binomial, groups of zeros, flat prior',
      table,
      spec: { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] },
      family: 'binomial',
      input: { Ntrials: 'n' },
      theta: [Math.log(0.001)],
    });
  });
});
