import { describe, expect, it } from 'vitest';
import { analyse, cholesky, symmetricFromLower } from '../src/index.js';
import { gridLaplacianLower } from './helpers.js';

describe('scale', () => {
  it('factorises and solves a 200 x 200 grid Laplacian + 1e-4 I (n = 40 000) with residual < 1e-8', () => {
    const k = 200;
    const n = k * k;
    const lower = gridLaplacianLower(k, 1e-4);
    const symbolic = analyse(lower);
    // Stays genuinely sparse: AMD keeps nnz(L) near 25 per column (the natural order has ~k).
    expect(symbolic.nnzL).toBeLessThan(30 * n);
    const factor = cholesky(symbolic, lower.values);
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(0.37 * i) + 0.5);
    const x = factor.solve(b);
    const r = symmetricFromLower(lower).multiplyVector(x);
    let residual = 0;
    let bNorm = 0;
    for (let i = 0; i < n; i++) {
      residual = Math.max(residual, Math.abs(r[i]! - b[i]!));
      bNorm = Math.max(bNorm, Math.abs(b[i]!));
    }
    expect(residual / bNorm).toBeLessThan(1e-8);
    // log|H| = Σ log λ with the grid Laplacian's known eigenvalues λ_ab = μ_a + μ_b + 1e-4,
    // μ_a = 2 - 2 cos(π a / k) (the 1-D path Laplacian with free ends).
    let expected = 0;
    for (let a = 0; a < k; a++) {
      for (let c = 0; c < k; c++) {
        expected += Math.log(4 - 2 * Math.cos((Math.PI * a) / k) - 2 * Math.cos((Math.PI * c) / k) + 1e-4);
      }
    }
    expect(Math.abs(factor.logDeterminant() - expected)).toBeLessThan(1e-8 * Math.abs(expected));
  });
});
