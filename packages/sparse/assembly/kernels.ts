// AssemblyScript source of the WebAssembly SIMD kernels of the factorisation and the selected inverse (see
// src/simd-kernels.ts; src/kernels.ts holds the TypeScript kernels, which stay the fallback and the test oracle).
// `pnpm --filter @hlm/sparse build:wasm` compiles it into src/kernels-wasm.ts. The memory is imported and addressed as
// assembly/memory.ts describes.
import { indexAt, pairAt, subtractAt, valueAt } from './memory';

/** Source columns per pass of subtractProduct: 64 was 10-15% faster than all at once on lattices of 316² and 600² nodes. */
const CHUNK = 64;

/** Subtracts `value` from target (row, column) if it lies in the wanted lower trapezoid (column <= row < rows, column < cols). */
@inline function put(row: i32, column: i32, rows: i32, cols: i32, offset: i32, targetBase: usize, targets: usize, value: f64): void {
  if (row < rows && column < cols && row >= column) {
    subtractAt(indexAt(targetBase, column) + (targets == 0 ? offset + row : indexAt(targets, row)), value);
  }
}

/**
 * target(i, j) -= Σ_c S(i, c) S(j, c) for j < cols, j <= i < rows, where S(i, c) is at sourceBase[c] + offset + i
 * (c < kd). Target (i, j) is at targetBase[j] + targets[i], or at targetBase[j] + offset + i when targets is 0 (no
 * array starts at byte 0, where the factor's values do). Tiles of 4 rows by 4 columns accumulate over a chunk of
 * CHUNK source columns in eight f64x2 registers before one subtraction per entry (a chunk's columns stay in the
 * cache while its tiles run down the rows); edge tiles compute past the last row or column and do not store
 * there, so up to 3 values past a source column are read (the memory is padded).
 */
export function subtractProduct(sourceBase: usize, kd: i32, offset: i32, rows: i32, cols: i32, targetBase: usize, targets: usize): void {
  for (let c0 = 0; c0 < kd; c0 += CHUNK) {
    const c1 = min(c0 + CHUNK, kd);
    for (let j = 0; j < cols; j += 4) {
      for (let i = j; i < rows; i += 4) {
        let s00 = f64x2.splat(0);
        let s01 = f64x2.splat(0);
        let s10 = f64x2.splat(0);
        let s11 = f64x2.splat(0);
        let s20 = f64x2.splat(0);
        let s21 = f64x2.splat(0);
        let s30 = f64x2.splat(0);
        let s31 = f64x2.splat(0);
        for (let c = c0; c < c1; c++) {
          const b = indexAt(sourceBase, c) + offset;
          const x0 = pairAt(b + i);
          const x1 = pairAt(b + i + 2);
          const a0 = f64x2.splat(valueAt(b + j));
          const a1 = f64x2.splat(valueAt(b + j + 1));
          const a2 = f64x2.splat(valueAt(b + j + 2));
          const a3 = f64x2.splat(valueAt(b + j + 3));
          s00 = f64x2.add(s00, f64x2.mul(a0, x0));
          s01 = f64x2.add(s01, f64x2.mul(a0, x1));
          s10 = f64x2.add(s10, f64x2.mul(a1, x0));
          s11 = f64x2.add(s11, f64x2.mul(a1, x1));
          s20 = f64x2.add(s20, f64x2.mul(a2, x0));
          s21 = f64x2.add(s21, f64x2.mul(a2, x1));
          s30 = f64x2.add(s30, f64x2.mul(a3, x0));
          s31 = f64x2.add(s31, f64x2.mul(a3, x1));
        }
        put(i, j, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s00, 0));
        put(i + 1, j, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s00, 1));
        put(i + 2, j, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s01, 0));
        put(i + 3, j, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s01, 1));
        put(i, j + 1, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s10, 0));
        put(i + 1, j + 1, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s10, 1));
        put(i + 2, j + 1, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s11, 0));
        put(i + 3, j + 1, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s11, 1));
        put(i, j + 2, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s20, 0));
        put(i + 1, j + 2, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s20, 1));
        put(i + 2, j + 2, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s21, 0));
        put(i + 3, j + 2, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s21, 1));
        put(i, j + 3, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s30, 0));
        put(i + 1, j + 3, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s30, 1));
        put(i + 2, j + 3, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s31, 0));
        put(i + 3, j + 3, rows, cols, offset, targetBase, targets, f64x2.extract_lane(s31, 1));
      }
    }
  }
}

/**
 * Dense Cholesky of a supernode's m × k trapezoid in place (column c at columnBase[c], its row r at columnBase[c] + r),
 * left-looking by blocks of four columns: the block minus the product of all earlier columns (subtractProduct), then
 * its columns one by one. Returns the first column whose pivot is not positive and finite (left in place), or -1.
 */
export function factorTrapezoid(columnBase: usize, k: i32, m: i32): i32 {
  for (let c = 0; c < k; c += 4) {
    const width = min(4, k - c);
    subtractProduct(columnBase, c, c, m - c, width, columnBase + (<usize>c << 2), 0);
    for (let q = c; q < c + width; q++) {
      const bq = indexAt(columnBase, q);
      for (let p = c; p < q; p++) {
        const bp = indexAt(columnBase, p);
        const a = valueAt(bp + q);
        for (let r = q; r < m; r++) subtractAt(bq + r, a * valueAt(bp + r));
      }
      const pivot = valueAt(bq + q);
      if (!(pivot > 0) || pivot == Infinity) return q;
      const root = Math.sqrt(pivot);
      store<f64>(<usize>(bq + q) << 3, root);
      for (let r = q + 1; r < m; r++) store<f64>(<usize>(bq + r) << 3, valueAt(bq + r) / root);
    }
  }
  return -1;
}

/**
 * W = [I; L_BF] L_FF⁻¹ of the selected inverse (solveAgainstDiagonalBlock in src/selected-inverse.ts), (k + B) × k
 * column-major from element w, for the m × k trapezoid whose column c is at columnBase[c] (row r at columnBase[c] + r):
 * from the last column, W(:, c) = (e_c or L(r, c) below) − Σ_{c' > c} W(:, c') L(c', c), over L(c, c), two rows at a
 * time; rows above c are zero and are left so.
 */
export function invertDiagonalBlock(columnBase: usize, k: i32, m: i32, w: i32): void {
  for (let c = k - 1; c >= 0; c--) {
    const bc = indexAt(columnBase, c);
    const wc = w + c * m;
    for (let r = 0; r < k; r++) store<f64>(<usize>(wc + r) << 3, r == c ? 1 : 0);
    for (let r = k; r < m; r++) store<f64>(<usize>(wc + r) << 3, valueAt(bc + r));
    const inverse = 1 / valueAt(bc + c);
    let r = c;
    for (; r + 1 < m; r += 2) {
      let sum = pairAt(wc + r);
      for (let c2 = c + 1; c2 < k; c2++) sum = f64x2.sub(sum, f64x2.mul(pairAt(w + c2 * m + r), f64x2.splat(valueAt(bc + c2))));
      v128.store(<usize>(wc + r) << 3, f64x2.mul(sum, f64x2.splat(inverse)));
    }
    if (r < m) {
      let sum = valueAt(wc + r);
      for (let c2 = c + 1; c2 < k; c2++) sum -= valueAt(w + c2 * m + r) * valueAt(bc + c2);
      store<f64>(<usize>(wc + r) << 3, sum * inverse);
    }
  }
}

/** out(a, c) = sign · x · y as dotProductTiles in src/kernels.ts does, x, y and out all in this memory. */
@inline function finish(position: i32, sum: v128, sign: f64, accumulate: bool): void {
  const value = sign * (f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1));
  store<f64>(<usize>position << 3, accumulate ? valueAt(position) + value : value);
}

/**
 * Dot products of columns, as dotProductTiles in src/kernels.ts (same arguments, with x, y and out in this memory):
 * tiles of three by three, each sum two lanes wide over b.
 */
export function dotProducts(
  xBase: usize,
  yBase: usize,
  rows: i32,
  cols: i32,
  length: i32,
  outBase: usize,
  sign: f64,
  accumulate: bool,
  lower: bool,
  xTriangular: bool,
): void {
  for (let c = 0; c < cols; c += 3) {
    const c1 = min(c + 1, cols - 1);
    const c2 = min(c + 2, cols - 1);
    const y0 = indexAt(yBase, c);
    const y1 = indexAt(yBase, c1);
    const y2 = indexAt(yBase, c2);
    const o0 = indexAt(outBase, c);
    const o1 = indexAt(outBase, c1);
    const o2 = indexAt(outBase, c2);
    for (let a = lower ? c : 0; a < rows; a += 3) {
      const a1 = min(a + 1, rows - 1);
      const a2 = min(a + 2, rows - 1);
      const x0 = indexAt(xBase, a);
      const x1 = indexAt(xBase, a1);
      const x2 = indexAt(xBase, a2);
      let s00 = f64x2.splat(0);
      let s01 = f64x2.splat(0);
      let s02 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let s11 = f64x2.splat(0);
      let s12 = f64x2.splat(0);
      let s20 = f64x2.splat(0);
      let s21 = f64x2.splat(0);
      let s22 = f64x2.splat(0);
      let b = xTriangular ? a : 0;
      for (; b < length; b += 2) {
        // an odd last b: the pairs are read whole (the memory is padded) and their second lane masked to zero
        const mask = i64x2.replace_lane(i64x2.splat(-1), 1, b + 1 < length ? -1 : 0);
        const u0 = v128.and(pairAt(x0 + b), mask);
        const u1 = v128.and(pairAt(x1 + b), mask);
        const u2 = v128.and(pairAt(x2 + b), mask);
        const v0 = v128.and(pairAt(y0 + b), mask);
        const v1 = v128.and(pairAt(y1 + b), mask);
        const v2 = v128.and(pairAt(y2 + b), mask);
        s00 = f64x2.add(s00, f64x2.mul(u0, v0));
        s01 = f64x2.add(s01, f64x2.mul(u0, v1));
        s02 = f64x2.add(s02, f64x2.mul(u0, v2));
        s10 = f64x2.add(s10, f64x2.mul(u1, v0));
        s11 = f64x2.add(s11, f64x2.mul(u1, v1));
        s12 = f64x2.add(s12, f64x2.mul(u1, v2));
        s20 = f64x2.add(s20, f64x2.mul(u2, v0));
        s21 = f64x2.add(s21, f64x2.mul(u2, v1));
        s22 = f64x2.add(s22, f64x2.mul(u2, v2));
      }
      finish(o0 + a, s00, sign, accumulate);
      if (c1 > c) finish(o1 + a, s01, sign, accumulate);
      if (c2 > c1) finish(o2 + a, s02, sign, accumulate);
      if (a1 > a) {
        finish(o0 + a1, s10, sign, accumulate);
        if (c1 > c) finish(o1 + a1, s11, sign, accumulate);
        if (c2 > c1) finish(o2 + a1, s12, sign, accumulate);
      }
      if (a2 > a1) {
        finish(o0 + a2, s20, sign, accumulate);
        if (c1 > c) finish(o1 + a2, s21, sign, accumulate);
        if (c2 > c1) finish(o2 + a2, s22, sign, accumulate);
      }
    }
  }
}
