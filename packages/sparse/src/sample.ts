import type { CholeskyFactor } from './cholesky.js';

/**
 * A draw x = Pᵀ L⁻ᵀ z with Cov(x) = H⁻¹ when z is standard normal (since Pᵀ L⁻ᵀ L⁻¹ P = H⁻¹).
 * Equivalent to `factor.solveUpper(z, out)`.
 */
export function sample(factor: CholeskyFactor, z: ArrayLike<number>, out?: Float64Array): Float64Array {
  return factor.solveUpper(z, out);
}
