import { analyse, cholesky, CscMatrix, itemAt, outOfRange } from '@hlm/sparse';

/**
 * Eigenvalues of a dense symmetric n × n matrix (row-major, only the lower triangle is read), increasing.
 * Householder reduction to tridiagonal form (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 8.3.1), then
 * bisection on Sturm sequence counts (ibid. §8.4.1) to full double precision. O(n³) time and O(n²) memory.
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  if (n === 0) return new Float64Array(0);
  const a = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i] ?? outOfRange(a, j * n + i);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(n - 1, 0));
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Householder vector v for x = a[k+1:n, k] so that (I − β v vᵀ) x = α e₁
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += (a[i * n + k] ?? outOfRange(a, i * n + k)) ** 2;
    norm = Math.sqrt(norm);
    const x0 = a[(k + 1) * n + k] ?? outOfRange(a, (k + 1) * n + k);
    if (isTail0(a, n, k)) {
      offDiagonal[k] = x0;
      continue;
    }
    const alpha = x0 > 0 ? -norm : norm;
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k] ?? outOfRange(a, i * n + k);
    v[k + 1] = x0 - alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += (v[i] ?? outOfRange(v, i)) * (v[i] ?? outOfRange(v, i));
    const beta = 2 / vv;
    // p = β A v on the trailing block, w = p − (β/2)(pᵀv) v, A ← A − v wᵀ − w vᵀ
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += (a[i * n + j] ?? outOfRange(a, i * n + j)) * (v[j] ?? outOfRange(v, j));
      p[i] = beta * s;
      pv += (p[i] ?? outOfRange(p, i)) * (v[i] ?? outOfRange(v, i));
    }
    const half = 0.5 * beta * pv;
    for (let i = k + 1; i < n; i++) p[i] = (p[i] ?? outOfRange(p, i)) - half * (v[i] ?? outOfRange(v, i));
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j <= i; j++) {
        const value = (a[i * n + j] ?? outOfRange(a, i * n + j)) - (v[i] ?? outOfRange(v, i)) * (p[j] ?? outOfRange(p, j)) - (p[i] ?? outOfRange(p, i)) * (v[j] ?? outOfRange(v, j));
        a[i * n + j] = value;
        a[j * n + i] = value;
      }
    }
    offDiagonal[k] = alpha;
  }
  for (let i = 0; i < n; i++) diagonal[i] = a[i * n + i] ?? outOfRange(a, i * n + i);
  if (n >= 2) offDiagonal[n - 2] = a[(n - 1) * n + (n - 2)] ?? outOfRange(a, (n - 1) * n + (n - 2));
  return tridiagonalEigenvalues(diagonal, offDiagonal);
}

function isTail0(a: Float64Array, n: number, k: number): boolean {
  for (let i = k + 2; i < n; i++) if (a[i * n + k] !== 0) return false;
  return true;
}

/** Eigenvalues of the symmetric tridiagonal matrix with diagonal d and off-diagonal e, increasing (bisection). */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  // Gershgorin bounds
  let lower = Infinity;
  let upper = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1] ?? outOfRange(e, i - 1)) : 0) + (i < n - 1 ? Math.abs(e[i] ?? outOfRange(e, i)) : 0);
    lower = Math.min(lower, (d[i] ?? outOfRange(d, i)) - r);
    upper = Math.max(upper, (d[i] ?? outOfRange(d, i)) + r);
  }
  const scale = Math.max(Math.abs(lower), Math.abs(upper), Number.MIN_VALUE);
  const e2 = Float64Array.from(e, (x) => x * x);
  const pivotFloor = Number.EPSILON * scale * 1e-3;
  /** Number of eigenvalues strictly below x: negative pivots of the LDLᵀ factorisation of T − x I. */
  const countBelow = (x: number): number => {
    let count = 0;
    let q = (d[0] ?? outOfRange(d, 0)) - x;
    if (q < 0) count++;
    for (let i = 1; i < n; i++) {
      if (Math.abs(q) < pivotFloor) q = -pivotFloor;
      q = (d[i] ?? outOfRange(d, i)) - x - (e2[i - 1] ?? outOfRange(e2, i - 1)) / q;
      if (q < 0) count++;
    }
    return count;
  };
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let lo = lower - Number.EPSILON * scale;
    let hi = upper + Number.EPSILON * scale;
    if (k > 0) lo = Math.max(lo, (out[k - 1] ?? outOfRange(out, k - 1)) - Number.EPSILON * scale);
    for (let iter = 0; iter < 200; iter++) {
      const mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi || hi - lo <= 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE)) break;
      if (countBelow(mid) > k) hi = mid;
      else lo = mid;
    }
    out[k] = 0.5 * (lo + hi);
  }
  return out;
}

/** Lower triangle (diagonal included) of a symmetric matrix given by triplets with row ≥ col; duplicates summed. */
export function lowerFromTriplets(n: number, rows: number[], cols: number[], values: number[]): CscMatrix {
  return CscMatrix.fromTriplets(n, n, rows, cols, values);
}

/**
 * The marginal variances of an intrinsic GMRF with structure matrix R (lower triangle `lower`, singular) under
 * constraints C x = 0 that fix its null space: diag of T G Tᵀ, with G a generalised inverse of R and
 * T = I − N (C N)⁻¹ C the projection onto {C x = 0} along the null space N. This is the limit ε → 0 of the
 * constrained inverse of R + εI that R-INLA computes (GMRFLib_Qinv with `c = ε`, ε = √DBL_EPSILON), without
 * its round-off. G is the inverse of R with the nodes `ground` removed (one per null-space dimension, so
 * the rest is positive definite), padded with zeros.
 */
export function constrainedGeneralisedInverseDiagonal(
  lower: CscMatrix,
  ground: readonly number[],
  nullBasis: readonly Float64Array[],
  constraints: readonly Float64Array[],
): Float64Array {
  const n = lower.ncols;
  const r = ground.length;
  const keep = new Int32Array(n).fill(-1);
  let m = 0;
  const grounded = new Set(ground);
  for (let i = 0; i < n; i++) if (!grounded.has(i)) keep[i] = m++;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    if ((keep[j] ?? outOfRange(keep, j)) < 0) continue;
    for (let p = lower.colPtr[j] ?? outOfRange(lower.colPtr, j); p < (lower.colPtr[j + 1] ?? outOfRange(lower.colPtr, j + 1)); p++) {
      const i = lower.rowIdx[p] ?? outOfRange(lower.rowIdx, p);
      if ((keep[i] ?? outOfRange(keep, i)) < 0) continue;
      rows.push(Math.max(keep[i] ?? outOfRange(keep, i), keep[j] ?? outOfRange(keep, j)));
      cols.push(Math.min(keep[i] ?? outOfRange(keep, i), keep[j] ?? outOfRange(keep, j)));
      values.push(lower.values[p] ?? outOfRange(lower.values, p));
    }
  }
  const reduced = CscMatrix.fromTriplets(m, m, rows, cols, values);
  const factor = cholesky(analyse(reduced), reduced.values);
  const reducedDiagonal = factor.inverseDiagonal();
  const G = new Float64Array(n);
  for (let i = 0; i < n; i++) if ((keep[i] ?? outOfRange(keep, i)) >= 0) G[i] = reducedDiagonal[keep[i] ?? outOfRange(keep, i)] ?? outOfRange(reducedDiagonal, keep[i] ?? outOfRange(keep, i));
  if (r === 0) return G;
  // GCᵀ, column a = G c_a (zeros at the grounded nodes)
  const GCt = constraints.map((c) => {
    const rhs = new Float64Array(m);
    for (let i = 0; i < n; i++) if ((keep[i] ?? outOfRange(keep, i)) >= 0) rhs[keep[i] ?? outOfRange(keep, i)] = c[i] ?? outOfRange(c, i);
    const solved = factor.solve(rhs);
    const full = new Float64Array(n);
    for (let i = 0; i < n; i++) if ((keep[i] ?? outOfRange(keep, i)) >= 0) full[i] = solved[keep[i] ?? outOfRange(keep, i)] ?? outOfRange(solved, keep[i] ?? outOfRange(keep, i));
    return full;
  });
  // K = (C N)⁻¹ C: KG = (CN)⁻¹ (C G), KGKᵀ = (CN)⁻¹ (C G Cᵀ) (CN)⁻ᵀ
  const CN = dense(r, r, (a, b) => dot(itemAt(constraints, a), itemAt(nullBasis, b)));
  const CNinv = invertSmall(CN, r);
  const CGCt = dense(r, r, (a, b) => dot(itemAt(constraints, a), itemAt(GCt, b)));
  const KGKt = dense(r, r, (a, b) => {
    let s = 0;
    for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) s += (CNinv[a * r + c] ?? outOfRange(CNinv, a * r + c)) * (CGCt[c * r + d] ?? outOfRange(CGCt, c * r + d)) * (CNinv[b * r + d] ?? outOfRange(CNinv, b * r + d));
    return s;
  });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // (KG)_{a,i} = Σ_c CNinv[a,c] (G Cᵀ)_{i,c}
    let cross = 0;
    let quad = 0;
    for (let a = 0; a < r; a++) {
      let kg = 0;
      for (let c = 0; c < r; c++) kg += (CNinv[a * r + c] ?? outOfRange(CNinv, a * r + c)) * (itemAt(GCt, c)[i] ?? outOfRange(itemAt(GCt, c), i));
      cross += (itemAt(nullBasis, a)[i] ?? outOfRange(itemAt(nullBasis, a), i)) * kg;
      for (let b = 0; b < r; b++) quad += (itemAt(nullBasis, a)[i] ?? outOfRange(itemAt(nullBasis, a), i)) * (KGKt[a * r + b] ?? outOfRange(KGKt, a * r + b)) * (itemAt(nullBasis, b)[i] ?? outOfRange(itemAt(nullBasis, b), i));
    }
    out[i] = (G[i] ?? outOfRange(G, i)) - 2 * cross + quad;
  }
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? outOfRange(a, i)) * (b[i] ?? outOfRange(b, i));
  return s;
}

function dense(rows: number, cols: number, entry: (a: number, b: number) => number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) out[a * cols + b] = entry(a, b);
  return out;
}

/** Inverse of a small dense matrix by Gauss–Jordan elimination with partial pivoting. */
export function invertSmall(matrix: Float64Array, r: number): Float64Array {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(r * r);
  for (let i = 0; i < r; i++) inv[i * r + i] = 1;
  for (let c = 0; c < r; c++) {
    let pivot = c;
    for (let i = c + 1; i < r; i++) if (Math.abs(a[i * r + c] ?? outOfRange(a, i * r + c)) > Math.abs(a[pivot * r + c] ?? outOfRange(a, pivot * r + c))) pivot = i;
    if (pivot !== c) {
      for (let j = 0; j < r; j++) {
        [a[c * r + j], a[pivot * r + j]] = [a[pivot * r + j] ?? outOfRange(a, pivot * r + j), a[c * r + j] ?? outOfRange(a, c * r + j)];
        [inv[c * r + j], inv[pivot * r + j]] = [inv[pivot * r + j] ?? outOfRange(inv, pivot * r + j), inv[c * r + j] ?? outOfRange(inv, c * r + j)];
      }
    }
    const d = a[c * r + c] ?? outOfRange(a, c * r + c);
    for (let j = 0; j < r; j++) {
      a[c * r + j] = (a[c * r + j] ?? outOfRange(a, c * r + j)) / d;
      inv[c * r + j] = (inv[c * r + j] ?? outOfRange(inv, c * r + j)) / d;
    }
    for (let i = 0; i < r; i++) {
      if (i === c) continue;
      const f = a[i * r + c] ?? outOfRange(a, i * r + c);
      if (f === 0) continue;
      for (let j = 0; j < r; j++) {
        a[i * r + j] = (a[i * r + j] ?? outOfRange(a, i * r + j)) - f * (a[c * r + j] ?? outOfRange(a, c * r + j));
        inv[i * r + j] = (inv[i * r + j] ?? outOfRange(inv, i * r + j)) - f * (inv[c * r + j] ?? outOfRange(inv, c * r + j));
      }
    }
  }
  return inv;
}
