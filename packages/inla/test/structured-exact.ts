/**
 * Dense, independent references for latent Gaussian models with a Gaussian likelihood of known precision, where
 * π(x | θ, y) is Gaussian and INLA's Laplace approximation is exact for fixed θ. Everything here is dense ml-matrix
 * linear algebra on precision matrices the tests build from first principles.
 */
import { buildDesign, type ModelSpec, type Table } from '@hlm/design';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, pseudoInverse } from 'ml-matrix';
import type { InlaResult } from '../src/index.js';
import { withModelLevels } from '../src/latent-field.js';

export const LOG_2PI = Math.log(2 * Math.PI);

/** Block-diagonal matrix of the blocks. */
export function blockDiagonal(blocks: Matrix[]): Matrix {
  const n = blocks.reduce((s, b) => s + b.rows, 0);
  const out = Matrix.zeros(n, n);
  let at = 0;
  for (const b of blocks) {
    out.setSubMatrix(b, at, at);
    at += b.rows;
  }
  return out;
}

/** (M + Mᵀ)/2 as a new matrix (ml-matrix's add, sub and mul work in place). */
function symmetric(M: Matrix): Matrix {
  return M.clone().add(M.transpose()).mul(0.5);
}

function logDetSpd(M: Matrix): number {
  const L = new CholeskyDecomposition(symmetric(M)).lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < M.rows; i++) s += 2 * Math.log(L.get(i, i));
  return s;
}

function inverseSpd(M: Matrix): Matrix {
  return new CholeskyDecomposition(symmetric(M)).solve(Matrix.eye(M.rows));
}

/** Covariance of N(0, Q⁻¹) conditioned on C x = 0 (Rue & Held 2005, eq. 2.30). */
export function constrainedCovariance(Q: Matrix, C: Matrix | null): Matrix {
  const S = inverseSpd(Q);
  if (!C) return S;
  const SCt = S.mmul(C.transpose());
  return S.sub(SCt.mmul(inverseSpd(C.mmul(SCt))).mmul(SCt.transpose()));
}

/** The model's field: design matrix A, response y, and the constraint matrix on the whole field. */
export interface GaussianProblem {
  A: Matrix;
  y: Matrix;
  tauY: number;
  /** τ_y AᵀA, τ_y Aᵀy and yᵀy, computed once. */
  AtA: Matrix;
  b: Matrix;
  yty: number;
}

export function gaussianProblem(table: Table, spec: ModelSpec, tauY: number): GaussianProblem {
  const design = buildDesign(table, withModelLevels(spec), { response: 'continuous' });
  const A = new Matrix(design.A.toDense());
  const y = Matrix.columnVector(Array.from(design.response));
  return { A, y, tauY, AtA: A.transpose().mmul(A).mul(tauY), b: A.transpose().mmul(y).mul(tauY), yty: y.transpose().mmul(y).get(0, 0) };
}

/** The exact posterior of x | θ, y: mean and marginal variances, under C x = 0. */
export function exactPosterior(problem: GaussianProblem, Q: Matrix, C: Matrix | null): { mean: number[]; variance: number[] } {
  const H = Q.clone().add(problem.AtA);
  const Sigma = constrainedCovariance(H, C);
  // the constrained mean is Σ_c b (kriging of H⁻¹b), b = τ_y Aᵀ y
  const mean = Sigma.mmul(problem.b).getColumn(0);
  return { mean, variance: Array.from({ length: Q.rows }, (_, j) => Sigma.get(j, j)) };
}

/**
 * log p(y | θ, C x = 0) in the field's dimension: with H = Q + τ_y AᵀA, b = τ_y Aᵀy and μ = H⁻¹b,
 *   log p(y) = −m/2 log 2π + m/2 log τ_y − ½ τ_y yᵀy + ½ log|Q| − ½ log|H| + ½ bᵀμ,
 * plus log p(C x = 0 | y) − log p(C x = 0) = −½ log|CH⁻¹Cᵀ| − ½ (Cμ)ᵀ(CH⁻¹Cᵀ)⁻¹(Cμ) + ½ log|CQ⁻¹Cᵀ|.
 * The same number as `exactLogMarginalCovariance`, faster for many θ.
 */
export function exactLogMarginal(problem: GaussianProblem, Q: Matrix, C: Matrix | null): number {
  const { tauY, b, yty } = problem;
  const m = problem.A.rows;
  const H = Q.clone().add(problem.AtA);
  const cholH = new CholeskyDecomposition(symmetric(H));
  const mu = cholH.solve(b);
  let value = -0.5 * m * LOG_2PI + 0.5 * m * Math.log(tauY) - 0.5 * tauY * yty + 0.5 * logDetSpd(Q) - 0.5 * logDetSpd(H) + 0.5 * b.transpose().mmul(mu).get(0, 0);
  if (C) {
    const CHC = C.mmul(cholH.solve(C.transpose()));
    const Cmu = C.mmul(mu);
    const cholS = new CholeskyDecomposition(symmetric(CHC));
    const CQC = C.mmul(new CholeskyDecomposition(symmetric(Q)).solve(C.transpose()));
    value += -0.5 * logDetSpd(CHC) - 0.5 * Cmu.transpose().mmul(cholS.solve(Cmu)).get(0, 0) + 0.5 * logDetSpd(CQC);
  }
  return value;
}

/** log p(y | θ) = log N(y; 0, A Σ_c Aᵀ + I/τ_y), with Σ_c the constrained prior covariance of the field. */
export function exactLogMarginalCovariance(problem: GaussianProblem, Q: Matrix, C: Matrix | null): number {
  const { A, y, tauY } = problem;
  const cov = A.mmul(constrainedCovariance(Q, C)).mmul(A.transpose()).add(Matrix.eye(A.rows).mul(1 / tauY));
  const chol = new CholeskyDecomposition(symmetric(cov));
  const alpha = chol.solve(y);
  let logDet = 0;
  for (let i = 0; i < A.rows; i++) logDet += 2 * Math.log(chol.lowerTriangularMatrix.get(i, i));
  return -0.5 * A.rows * LOG_2PI - 0.5 * logDet - 0.5 * y.transpose().mmul(alpha).get(0, 0);
}

/**
 * The exact log normalising constant of the constrained prior density of the field on {C x = 0}
 * (R-INLA's constrained density, problem-setup.c): −n/2 log 2π + ½ log|Q| − ½ log|CCᵀ| + nc/2 log 2π + ½ log|CQ⁻¹Cᵀ|.
 */
export function exactPriorConstant(Q: Matrix, C: Matrix | null): number {
  let value = -0.5 * Q.rows * LOG_2PI + 0.5 * logDetSpd(Q);
  if (C) {
    value += -0.5 * logDetSpd(C.mmul(C.transpose())) + 0.5 * C.rows * LOG_2PI + 0.5 * logDetSpd(C.mmul(inverseSpd(Q)).mmul(C.transpose()));
  }
  return value;
}

/** Graph Laplacian D − W of 0-based neighbour lists. */
export function laplacian(neighbours: number[][]): Matrix {
  const n = neighbours.length;
  const R = Matrix.zeros(n, n);
  neighbours.forEach((nb, i) => {
    R.set(i, i, nb.length);
    for (const j of nb) R.set(i, j, -1);
  });
  return R;
}

/** Connected components of 0-based neighbour lists (depth-first). */
export function components(neighbours: number[][]): number[][] {
  const seen = new Array<boolean>(neighbours.length).fill(false);
  const out: number[][] = [];
  for (let s = 0; s < neighbours.length; s++) {
    if (seen[s]) continue;
    const stack = [s];
    const members: number[] = [];
    seen[s] = true;
    while (stack.length) {
      const i = stack.pop()!;
      members.push(i);
      for (const j of neighbours[i]!) if (!seen[j]) stack.push(j), (seen[j] = true);
    }
    out.push(members.sort((a, b) => a - b));
  }
  return out;
}

/**
 * The Sørbye–Rue scaled Laplacian, densely: per component of ≥ 2 nodes, R_c · exp(mean log diag(R_c⁺)) with the
 * Moore–Penrose inverse; an isolated node gets 1.
 */
export function scaledLaplacian(neighbours: number[][]): Matrix {
  const R = laplacian(neighbours);
  const out = Matrix.zeros(R.rows, R.rows);
  for (const members of components(neighbours)) {
    if (members.length === 1) {
      out.set(members[0]!, members[0]!, 1);
      continue;
    }
    const sub = R.selection(members, members);
    const pinv = pseudoInverse(sub);
    let logSum = 0;
    members.forEach((_, k) => (logSum += Math.log(pinv.get(k, k))));
    const s = Math.exp(logSum / members.length);
    members.forEach((i, a) => members.forEach((j, b) => out.set(i, j, s * sub.get(a, b))));
  }
  return out;
}

/** Smallest eigenvalue, to check a matrix is positive definite. */
export function minEigenvalue(M: Matrix): number {
  return Math.min(...new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues);
}

/** One hyperparameter grid axis. */
export function axis(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/**
 * Posterior moments of θ (internal scale), of user-scale transforms, and the θ-integrated latent means and
 * sds, by brute force on a product grid with the exact log posterior `logPosterior(θ)` and the exact
 * conditional moments `conditional(θ)` (equal weights: trapezoid on a fine uniform grid).
 */
export function bruteForce(
  axes: number[][],
  logPosterior: (theta: number[]) => number,
  transforms: ((theta: number) => number)[],
  conditional?: (theta: number[]) => { mean: number[]; variance: number[] },
): { thetaMean: number[]; thetaSd: number[]; userMean: number[]; userSd: number[]; latentMean: number[]; latentSd: number[] } {
  const points: number[][] = [];
  const recurse = (prefix: number[], k: number): void => {
    if (k === axes.length) {
      points.push(prefix);
      return;
    }
    for (const v of axes[k]!) recurse([...prefix, v], k + 1);
  };
  recurse([], 0);
  const logs = points.map(logPosterior);
  const max = Math.max(...logs);
  const w = logs.map((l) => Math.exp(l - max));
  const total = w.reduce((a, b) => a + b, 0);
  const m = axes.length;
  const expect = (f: (t: number[]) => number): number => points.reduce((s, t, k) => s + w[k]! * f(t), 0) / total;
  const thetaMean = Array.from({ length: m }, (_, i) => expect((t) => t[i]!));
  const thetaSd = thetaMean.map((mu, i) => Math.sqrt(expect((t) => (t[i]! - mu) ** 2)));
  const userMean = transforms.map((g, i) => expect((t) => g(t[i]!)));
  const userSd = userMean.map((mu, i) => Math.sqrt(expect((t) => (transforms[i]!(t[i]!) - mu) ** 2)));
  let latentMean: number[] = [];
  let latentSd: number[] = [];
  if (conditional) {
    let first: number[] | null = null;
    let second: number[] | null = null;
    points.forEach((t, k) => {
      if (w[k]! / total < 1e-7) return;
      const c = conditional(t);
      first ??= new Array<number>(c.mean.length).fill(0);
      second ??= new Array<number>(c.mean.length).fill(0);
      c.mean.forEach((mu, j) => {
        first![j]! += (w[k]! / total) * mu;
        second![j]! += (w[k]! / total) * (c.variance[j]! + mu * mu);
      });
    });
    latentMean = first!;
    latentSd = latentMean.map((mu, j) => Math.sqrt(second![j]! - mu * mu));
  }
  return { thetaMean, thetaSd, userMean, userSd, latentMean, latentSd };
}

/** All latent rows of a fit in field order: each random block's levels, then the fixed effects. */
export function latentRows(fit: InlaResult, ids: string[]): { mean: number; sd: number }[] {
  return [...ids.flatMap((id) => fit.summaryRandom[id]!), ...fit.summaryFixed];
}
