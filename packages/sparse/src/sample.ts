/**
 * Sampling from the Gaussian N(μ, H⁻¹) given the Cholesky factor of the precision H, optionally
 * conditioned on linear constraints A x = e by the kriging correction
 *   x ← x − H⁻¹Aᵀ (A H⁻¹ Aᵀ)⁻¹ (A x − e)
 * (H. Rue, L. Held, "Gaussian Markov Random Fields", 2005, Section 2.3.3, Algorithm 2.6), which maps
 * an unconstrained draw to an exact draw from the conditional distribution.
 */
import type { CholeskyFactor } from './cholesky.js';
import { SparseError } from './errors.js';
import { itemAt, outOfRange } from './checked.js';

/** Linear constraints A x = e with H⁻¹Aᵀ and the Cholesky factor of A H⁻¹ Aᵀ precomputed (made by `linearConstraint`). */
export interface LinearConstraint {
  /** The rows of A (each of length n). */
  readonly rows: readonly Float64Array[];
  /** The right-hand side e. */
  readonly rhs: Float64Array;
  /** W = H⁻¹Aᵀ, one column per constraint. */
  readonly w: readonly Float64Array[];
  /** Lower Cholesky factor of S = A W (k × k, row-major). */
  readonly sFactor: Float64Array;
  /** x ← x − W S⁻¹ (A x − e), in place; returns x. */
  correct(x: Float64Array): Float64Array;
}

/**
 * Precomputes the kriging terms for A x = e under the precision factorised in `factor` (k solves
 * and a k × k Cholesky factorisation). The result stays tied to the factor's values at this call.
 * Throws SparseError 'dimension-mismatch' for rows or rhs of the wrong length and
 * 'not-positive-definite' when the constraints are linearly dependent.
 */
export function linearConstraint(
  factor: CholeskyFactor,
  rows: readonly ArrayLike<number>[],
  rhs: ArrayLike<number>,
): LinearConstraint {
  const n = factor.symbolic.n;
  const k = rows.length;
  if (rhs.length !== k) {
    throw new SparseError('dimension-mismatch', `rhs has length ${rhs.length}, expected one entry per constraint row (${k})`);
  }
  const a = rows.map((row, c) => {
    if (row.length !== n) throw new SparseError('dimension-mismatch', `constraint row ${c} has length ${row.length}, expected ${n}`);
    return Float64Array.from(row);
  });
  const w = factor.solveMany(a);
  // S = A W and its Cholesky factor (S is k × k, k small).
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += (itemAt(a, i)[t] ?? outOfRange(itemAt(a, i), t)) * (itemAt(w, j)[t] ?? outOfRange(itemAt(w, j), t));
      for (let t = 0; t < j; t++) s -= (l[i * k + t] ?? outOfRange(l, i * k + t)) * (l[j * k + t] ?? outOfRange(l, j * k + t));
      if (i === j) {
        if (!(s > 0)) {
          throw new SparseError('not-positive-definite', `the constraint rows are linearly dependent (row ${i})`, { row: i, pivot: s });
        }
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / (l[j * k + j] ?? outOfRange(l, j * k + j));
      }
    }
  }
  const e = Float64Array.from(rhs);
  const residual = new Float64Array(k);
  return {
    rows: a,
    rhs: e,
    w,
    sFactor: l,
    correct(x: Float64Array): Float64Array {
      if (x.length !== n) throw new SparseError('dimension-mismatch', `x has length ${x.length}, expected ${n}`);
      for (let i = 0; i < k; i++) {
        let s = -(e[i] ?? outOfRange(e, i));
        const row = itemAt(a, i);
        for (let t = 0; t < n; t++) s += (row[t] ?? outOfRange(row, t)) * (x[t] ?? outOfRange(x, t));
        residual[i] = s;
      }
      // residual ← S⁻¹ residual by the two triangular solves.
      for (let i = 0; i < k; i++) {
        let s = residual[i] ?? outOfRange(residual, i);
        for (let t = 0; t < i; t++) s -= (l[i * k + t] ?? outOfRange(l, i * k + t)) * (residual[t] ?? outOfRange(residual, t));
        residual[i] = s / (l[i * k + i] ?? outOfRange(l, i * k + i));
      }
      for (let i = k - 1; i >= 0; i--) {
        let s = residual[i] ?? outOfRange(residual, i);
        for (let t = i + 1; t < k; t++) s -= (l[t * k + i] ?? outOfRange(l, t * k + i)) * (residual[t] ?? outOfRange(residual, t));
        residual[i] = s / (l[i * k + i] ?? outOfRange(l, i * k + i));
      }
      for (let i = 0; i < k; i++) {
        const coefficient = residual[i] ?? outOfRange(residual, i);
        const wi = itemAt(w, i);
        for (let t = 0; t < n; t++) x[t] = (x[t] ?? outOfRange(x, t)) - (wi[t] ?? outOfRange(wi, t)) * coefficient;
      }
      return x;
    },
  };
}

/** Options of `sample`. */
export interface SampleOptions {
  /** The mean μ (default 0). */
  mean?: ArrayLike<number>;
  /** Condition the draw on A x = e (from `linearConstraint(factor, rows, rhs)`, made once for many draws). */
  constraint?: LinearConstraint;
  /** Where to write the draw (length n); may alias z. */
  out?: Float64Array;
}

/**
 * A draw from N(μ, H⁻¹), H = P⁻¹ L Lᵀ P⁻ᵀ the precision factorised in `factor`, from a vector z of
 * n independent standard normals: x = μ + Pᵀ L⁻ᵀ z (Cov = Pᵀ L⁻ᵀ L⁻¹ P = H⁻¹), then, with a
 * constraint, the kriging correction onto A x = e. The third argument may be the output buffer
 * alone (the zero-mean, unconstrained draw = `factor.solveUpper(z, out)`).
 */
export function sample(factor: CholeskyFactor, z: ArrayLike<number>, options?: Float64Array | SampleOptions): Float64Array {
  const { mean, constraint, out } = options instanceof Float64Array ? { out: options } : (options ?? {});
  const x = factor.solveUpper(z, out);
  if (mean !== undefined) {
    if (mean.length !== x.length) throw new SparseError('dimension-mismatch', `mean has length ${mean.length}, expected ${x.length}`);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? outOfRange(x, i)) + (mean[i] ?? outOfRange(mean, i));
  }
  if (constraint !== undefined) constraint.correct(x);
  return x;
}
