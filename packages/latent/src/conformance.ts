/**
 * The conformance kit every latent model passes (see CONTRIBUTING.md). It builds a component from sample
 * options and checks, densely with ml-matrix:
 *  1. the pattern is a valid lower triangle with the diagonal;
 *  2. Q(θ) is symmetric positive semi-definite, and Q(θ) − diagonal·I (the model before R-INLA's `diagonal`) has
 *     exactly `rankDeficiency` zero eigenvalues;
 *  3. the constraints act on that null space with full rank: C N has rank nc, so nc ≤ rankDeficiency and the
 *     null directions the constraints leave (rankDeficiency − nc of them) are the ones only `diagonal` keeps proper;
 *  4. the log normalising constant differs from the dense ½ log|Vᵀ(Q − diagonal·I)V|* − (n − r)/2 log 2π (the prior
 *     density on {C x = 0}, V an orthonormal basis of it, |·|* the product of the non-zero eigenvalues) by a constant
 *     that does not depend on θ (R-INLA's convention drops ½ log|R|* and similar θ-free terms), and by nothing for
 *     models flagged `exactConstant`;
 *  5. every hyperparameter's prior density on θ integrates to 1 (flat priors excepted; over its `support` when the
 *     prior has one, as R-INLA's tabulated priors do).
 */
import type { LatentComponent, LatentModelDefinition, LatentModelOptions } from './types.js';
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { outOfRange } from '@hlm/sparse';

export interface ConformanceCase {
  /** Options for `create` (size, label, and the model's own). */
  options: LatentModelOptions;
  /** Internal hyperparameter vectors to test at (all of the component's hyperparameters). */
  thetas: number[][];
  /** The normalising constant is the exact one (no θ-free term dropped). */
  exactConstant?: boolean;
}

export interface ConformanceReport {
  /** Largest |Q_ij − Q_ji| relative to max |Q| (0 by construction from the lower triangle). */
  symmetry: number;
  /** Smallest eigenvalue of Q(θ) over the thetas, relative to the largest. */
  minEigenvalue: number;
  /** Number of (numerically) zero eigenvalues of Q − diagonal·I. */
  nullity: number;
  /** rank(C N). */
  constraintRank: number;
  /** The θ-free difference exact − R-INLA's log normalising constant, and its spread over the thetas. */
  constantOffset: number;
  constantSpread: number;
  /** Largest |∫ π(θ) dθ − 1| over the hyperparameters. */
  priorIntegralError: number;
}

function denseQ(component: LatentComponent, theta: number[]): Matrix {
  const n = component.size;
  const values = new Float64Array(component.pattern.values.length);
  component.precisionValues(theta, values);
  const Q = Matrix.zeros(n, n);
  const p = component.pattern;
  for (let j = 0; j < n; j++) {
    for (let k = p.colPtr[j] ?? outOfRange(p.colPtr, j); k < (p.colPtr[j + 1] ?? outOfRange(p.colPtr, j + 1)); k++) {
      const i = p.rowIdx[k] ?? outOfRange(p.rowIdx, k);
      if (!Number.isFinite(values[k] ?? outOfRange(values, k))) throw new Error(`Q(${theta}) entry (${i}, ${j}) is ${values[k]}`);
      Q.set(i, j, Q.get(i, j) + (values[k] ?? outOfRange(values, k)));
      if (i !== j) Q.set(j, i, Q.get(j, i) + (values[k] ?? outOfRange(values, k)));
    }
  }
  return Q;
}

/**
 * ∫ exp(log π(θ)) dθ by the trapezoidal rule on a fine grid covering where the density is not negligible
 * (within `support` when given).
 */
export function integratePrior(logPrior: (theta: number) => number, support?: readonly [number, number]): number {
  const coarse = Array.from({ length: 2001 }, (_, i) => -100 + 0.1 * i);
  const values = coarse.map(logPrior);
  const max = Math.max(...values.filter(Number.isFinite));
  const inside = coarse.filter((_, i) => (values[i] ?? outOfRange(values, i)) > max - 60);
  const lo = support ? support[0] : (inside[0] ?? outOfRange(inside, 0)) - 0.1;
  const hi = support ? support[1] : (inside[inside.length - 1] ?? outOfRange(inside, inside.length - 1)) + 0.1;
  const steps = 200000;
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const v = Math.exp(logPrior(lo + i * h));
    sum += (i === 0 || i === steps ? 0.5 : 1) * (Number.isFinite(v) ? v : 0);
  }
  return sum * h;
}

/** An orthonormal basis (columns) of {x : C x = 0}: the eigenvectors of I − Cᵀ(CCᵀ)⁻¹C with eigenvalue 1. */
function kernelBasis(rows: readonly Float64Array[], n: number): Matrix {
  if (rows.length === 0) return Matrix.eye(n);
  const C = new Matrix(rows.map((r) => Array.from(r)));
  const CCt = C.mmul(C.transpose());
  const projector = Matrix.eye(n).sub(C.transpose().mmul(solve(CCt, C)));
  const decomposition = new EigenvalueDecomposition(projector.add(projector.transpose()).mul(0.5), { assumeSymmetric: true });
  const keep = decomposition.realEigenvalues.map((l, k) => ({ l, k })).filter(({ l }) => l > 0.5);
  const V = new Matrix(n, keep.length);
  keep.forEach(({ k }, c) => V.setColumn(c, decomposition.eigenvectorMatrix.getColumn(k)));
  return V;
}

function solve(A: Matrix, B: Matrix): Matrix {
  return new SingularValueDecomposition(A).solve(B);
}

export function checkConformance(model: LatentModelDefinition, testCase: ConformanceCase): ConformanceReport {
  const component = model.create(testCase.options);
  const n = component.size;
  const p = component.pattern;
  if (p.nrows !== n || p.ncols !== n) throw new Error(`${model.name}: pattern is ${p.nrows} × ${p.ncols}, size ${n}`);
  for (let j = 0; j < n; j++) {
    let previous = -1;
    let hasDiagonal = false;
    for (let k = p.colPtr[j] ?? outOfRange(p.colPtr, j); k < (p.colPtr[j + 1] ?? outOfRange(p.colPtr, j + 1)); k++) {
      const i = p.rowIdx[k] ?? outOfRange(p.rowIdx, k);
      if (i < j) throw new Error(`${model.name}: pattern entry (${i}, ${j}) is above the diagonal`);
      if (i <= previous) throw new Error(`${model.name}: pattern rows of column ${j} are not increasing`);
      if (i === j) hasDiagonal = true;
      previous = i;
    }
    if (!hasDiagonal) throw new Error(`${model.name}: pattern lacks diagonal entry ${j}`);
  }
  if (component.hyper.length !== model.hyper.length) throw new Error(`${model.name}: component has ${component.hyper.length} hyperparameters`);
  const diagonal = component.diagonal ?? 0;
  const constraints = component.constraints;
  const nc = constraints?.rows.length ?? 0;
  if (constraints) {
    for (const row of constraints.rows) if (row.length !== n) throw new Error(`${model.name}: a constraint row has length ${row.length}`);
    if (constraints.rhs.length !== nc) throw new Error(`${model.name}: ${nc} constraints but ${constraints.rhs.length} right-hand sides`);
  }

  let symmetry = 0;
  let minEigenvalue = Infinity;
  let nullity = -1;
  let constraintRank = 0;
  const offsets: number[] = [];
  for (const theta of testCase.thetas) {
    const Q = denseQ(component, theta);
    const scale = Math.max(Q.max(), -Q.min(), Number.MIN_VALUE);
    symmetry = Math.max(symmetry, Q.clone().sub(Q.transpose()).abs().max() / scale);
    const full = new EigenvalueDecomposition(Q, { assumeSymmetric: true }).realEigenvalues;
    minEigenvalue = Math.min(minEigenvalue, Math.min(...full) / Math.max(...full));

    const intrinsic = Q.clone().sub(Matrix.eye(n).mul(diagonal));
    const decomposition = new EigenvalueDecomposition(intrinsic, { assumeSymmetric: true });
    const eigenvalues = decomposition.realEigenvalues;
    const largest = Math.max(...eigenvalues.map(Math.abs));
    const tolerance = 1e-9 * largest;
    const zero = eigenvalues.map((l, k) => ({ l, k })).filter(({ l }) => Math.abs(l) <= tolerance);
    if (eigenvalues.some((l) => l < -tolerance)) throw new Error(`${model.name}: Q − diagonal·I has a negative eigenvalue at θ = ${theta}`);
    if (nullity >= 0 && zero.length !== nullity) throw new Error(`${model.name}: the nullity changes with θ`);
    nullity = zero.length;
    if (constraints && zero.length > 0) {
      const N = new Matrix(n, zero.length);
      zero.forEach(({ k }, c) => N.setColumn(c, decomposition.eigenvectorMatrix.getColumn(k)));
      const C = new Matrix(constraints.rows.map((r) => Array.from(r)));
      const singular = new SingularValueDecomposition(C.mmul(N)).diagonal;
      const top = Math.max(...singular, 0);
      constraintRank = singular.filter((s) => s > 1e-8 * Math.max(top, 1)).length;
    }
    // exact: the density of x on {C x = 0} (Lebesgue measure there), ½ log|Vᵀ(Q − diagonal·I)V|* − (n − r)/2 log 2π
    // with V an orthonormal basis of ker C and |·|* the product of the non-zero eigenvalues
    const V = kernelBasis(constraints?.rows ?? [], n);
    const restricted = new EigenvalueDecomposition(V.transpose().mmul(intrinsic).mmul(V), { assumeSymmetric: true }).realEigenvalues;
    let logPseudoDeterminant = 0;
    for (const l of restricted) if (Math.abs(l) > tolerance) logPseudoDeterminant += Math.log(l);
    const exact = 0.5 * logPseudoDeterminant - ((n - zero.length) / 2) * Math.log(2 * Math.PI);
    offsets.push(exact - component.logNormalisingConstant(theta));
  }
  const constantSpread = Math.max(...offsets) - Math.min(...offsets);

  let priorIntegralError = 0;
  for (const h of component.hyper) {
    if (h.prior.prior === 'flat') continue;
    priorIntegralError = Math.max(priorIntegralError, Math.abs(integratePrior((t) => h.logPrior(t), h.priorSupport) - 1));
  }

  if (nullity !== component.rankDeficiency) {
    throw new Error(`${model.name}: Q − diagonal·I has ${nullity} zero eigenvalues but rankDeficiency is ${component.rankDeficiency}`);
  }
  if (constraints && constraintRank !== nc) {
    throw new Error(`${model.name}: the ${nc} constraints have rank ${constraintRank} on the null space; they must act on it with full rank`);
  }
  if (constantSpread > 1e-7 * Math.max(1, Math.abs(offsets[0] ?? outOfRange(offsets, 0)))) {
    throw new Error(`${model.name}: exact − R-INLA log normalising constant varies with θ by ${constantSpread}`);
  }
  if (testCase.exactConstant && Math.abs(offsets[0] ?? outOfRange(offsets, 0)) > 1e-8 * n) {
    throw new Error(`${model.name}: the log normalising constant is off the exact one by ${offsets[0]}`);
  }
  if (minEigenvalue < -1e-12) throw new Error(`${model.name}: Q has a negative eigenvalue (relative ${minEigenvalue})`);
  if (priorIntegralError > 1e-6) throw new Error(`${model.name}: a prior integrates to 1 ± ${priorIntegralError}`);
  if (model.levels) {
    const { size, label, ...rest } = testCase.options;
    const levels = model.levels(rest, label);
    if (levels && levels.length !== size) throw new Error(`${model.name}: levels() gives ${levels.length} levels but the case has size ${size}`);
  }
  return { symmetry, minEigenvalue, nullity, constraintRank, constantOffset: (offsets[0] ?? outOfRange(offsets, 0)), constantSpread, priorIntegralError };
}
