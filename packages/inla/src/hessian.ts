import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { outOfRange } from '@hlm/sparse';

/**
 * The standardised parametrisation of the hyperparameters at their mode (Rue, Martino & Chopin 2009, §6.1):
 * θ(z) = θ* + V Λ^(-1/2) z with −∂² log π̃(θ | y) = V Λ Vᵀ, and the asymmetric stretch s± of each z axis.
 */
export interface StandardisedScale {
  readonly mode: Float64Array;
  readonly logPosteriorAtMode: number;
  /** −Hessian of log π̃(θ | y) at the mode. */
  readonly hessian: Matrix;
  readonly eigenvalues: Float64Array;
  /** Eigenvectors as columns. */
  readonly eigenvectors: Matrix;
  /** Covariance H⁻¹ of θ. */
  readonly covariance: Matrix;
  /** Stretch of each z axis on its negative and positive side. */
  readonly stretchNegative: Float64Array;
  readonly stretchPositive: Float64Array;
  /** θ(z). */
  thetaOf(z: ArrayLike<number>): Float64Array;
  /** z(θ). */
  zOf(theta: ArrayLike<number>): Float64Array;
  /** Warnings raised while building it (e.g. a non-positive eigenvalue replaced). */
  readonly warnings: string[];
}

/**
 * −∂² f by central differences with step `step` (R-INLA: √h = 0.0707 for h = 0.005):
 * diagonal (f(θ+δe_i) − 2f(θ) + f(θ−δe_i))/δ², off-diagonal (f(++) − f(+−) − f(−+) + f(−−))/(4δ²).
 */
export function negativeHessian(f: (theta: Float64Array) => number, theta: Float64Array, f0: number, step: number): Matrix {
  const m = theta.length;
  const H = new Matrix(m, m);
  const shifted = (shifts: [number, number][]): number => {
    const point = Float64Array.from(theta);
    for (const [i, s] of shifts) point[i] = (point[i] ?? outOfRange(point, i)) + s;
    return f(point);
  };
  for (let i = 0; i < m; i++) {
    H.set(i, i, -(shifted([[i, step]]) - 2 * f0 + shifted([[i, -step]])) / (step * step));
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const value =
        -(shifted([[i, step], [j, step]]) - shifted([[i, step], [j, -step]]) - shifted([[i, -step], [j, step]]) + shifted([[i, -step], [j, -step]])) /
        (4 * step * step);
      H.set(i, j, value);
      H.set(j, i, value);
    }
  }
  return H;
}

/**
 * Builds the standardised scale from the Hessian; non-positive eigenvalues are replaced by the smallest
 * positive one, as R-INLA does (approx-inference.c), with a warning. The stretch s± of axis k is
 * 1/√(f(θ*) − f(θ(±√2 e_k))), so that a Gaussian would give 1 (Rue, Martino & Chopin 2009, §6.5), and then, as
 * R-INLA's default `hessian.correct.skewness.only` (its logs print "Hessian correct skewness only [1]" and stretch
 * pairs whose product is 1), the pair is divided by its geometric mean √(s⁻ s⁺): only the asymmetry is corrected,
 * the scale stays the Hessian's.
 */
export function standardise(
  f: (theta: Float64Array) => number,
  mode: Float64Array,
  logPosteriorAtMode: number,
  hessian: Matrix,
): StandardisedScale {
  const m = mode.length;
  const warnings: string[] = [];
  const evd = new EigenvalueDecomposition(hessian, { assumeSymmetric: true });
  const eigenvalues = Float64Array.from(evd.realEigenvalues);
  const eigenvectors = evd.eigenvectorMatrix;
  const positive = Array.from(eigenvalues).filter((v) => v > 0);
  if (positive.length < m) {
    const smallest = positive.length > 0 ? Math.min(...positive) : 1;
    warnings.push(`the Hessian of log π(θ | y) at the mode has ${m - positive.length} non-positive eigenvalue(s); replaced by ${smallest}`);
    for (let k = 0; k < m; k++) if (!((eigenvalues[k] ?? outOfRange(eigenvalues, k)) > 0)) eigenvalues[k] = smallest;
  }
  const thetaOf = (z: ArrayLike<number>): Float64Array => {
    const theta = Float64Array.from(mode);
    for (let k = 0; k < m; k++) {
      const scaled = (z[k] ?? outOfRange(z, k)) / Math.sqrt(eigenvalues[k] ?? outOfRange(eigenvalues, k));
      for (let i = 0; i < m; i++) theta[i] = (theta[i] ?? outOfRange(theta, i)) + eigenvectors.get(i, k) * scaled;
    }
    return theta;
  };
  const zOf = (theta: ArrayLike<number>): Float64Array => {
    const z = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += eigenvectors.get(i, k) * ((theta[i] ?? outOfRange(theta, i)) - (mode[i] ?? outOfRange(mode, i)));
      z[k] = s * Math.sqrt(eigenvalues[k] ?? outOfRange(eigenvalues, k));
    }
    return z;
  };
  const stretchNegative = new Float64Array(m);
  const stretchPositive = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    for (const sign of [-1, 1]) {
      const z = new Float64Array(m);
      z[k] = sign * Math.SQRT2;
      const drop = logPosteriorAtMode - f(thetaOf(z));
      const stretch = drop > 0 ? 1 / Math.sqrt(drop) : 1;
      if (sign < 0) stretchNegative[k] = stretch;
      else stretchPositive[k] = stretch;
    }
    const geometricMean = Math.sqrt((stretchNegative[k] ?? outOfRange(stretchNegative, k)) * (stretchPositive[k] ?? outOfRange(stretchPositive, k)));
    stretchNegative[k] = (stretchNegative[k] ?? outOfRange(stretchNegative, k)) / geometricMean;
    stretchPositive[k] = (stretchPositive[k] ?? outOfRange(stretchPositive, k)) / geometricMean;
  }
  const covariance = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += (eigenvectors.get(i, k) * eigenvectors.get(j, k)) / (eigenvalues[k] ?? outOfRange(eigenvalues, k));
      covariance.set(i, j, s);
    }
  }
  return {
    mode,
    logPosteriorAtMode,
    hessian,
    eigenvalues,
    eigenvectors,
    covariance,
    stretchNegative,
    stretchPositive,
    thetaOf,
    zOf,
    warnings,
  };
}
