/**
 * The dense kernels of the supernodal factorisation and selected inverse, on columns stored in
 * Float64Arrays. A column is addressed by `base`, with its entry at row position r at lv[base + r].
 * The loops are register-blocked (several target columns by several source columns), so that each
 * value loaded feeds several multiply-adds, which is what plain JavaScript can do in place of SIMD.
 */

import { outOfRange } from './checked.js';

/**
 * The update of a target supernode by an earlier supernode d: for the rows p1.. of d (rows = their
 * number, the first `cols` of them are columns of the target), target(i, j) -= Σ_c L_d(p1 + i, c) L_d(p1 + j, c)
 * for i >= j. Source column c of d starts at sourceBase[c] + p1; target column j starts at
 * targetBase[j] and row i lands at targetBase[j] + targets[i].
 */
export function subtractBlockProduct(
  lv: Float64Array,
  sourceBase: Int32Array,
  kd: number,
  rows: number,
  cols: number,
  targetBase: Int32Array,
  targets: Int32Array,
): void {
  let j = 0;
  for (; j + 1 < cols; j += 2) {
    const t0 = targetBase[j] ?? outOfRange(targetBase, j);
    const t1 = targetBase[j + 1] ?? outOfRange(targetBase, j + 1);
    let c = 0;
    for (; c + 3 < kd; c += 4) {
      const b0 = sourceBase[c] ?? outOfRange(sourceBase, c);
      const b1 = sourceBase[c + 1] ?? outOfRange(sourceBase, c + 1);
      const b2 = sourceBase[c + 2] ?? outOfRange(sourceBase, c + 2);
      const b3 = sourceBase[c + 3] ?? outOfRange(sourceBase, c + 3);
      const a00 = lv[b0 + j] ?? outOfRange(lv, b0 + j);
      const a10 = lv[b1 + j] ?? outOfRange(lv, b1 + j);
      const a20 = lv[b2 + j] ?? outOfRange(lv, b2 + j);
      const a30 = lv[b3 + j] ?? outOfRange(lv, b3 + j);
      const a01 = lv[b0 + j + 1] ?? outOfRange(lv, b0 + j + 1);
      const a11 = lv[b1 + j + 1] ?? outOfRange(lv, b1 + j + 1);
      const a21 = lv[b2 + j + 1] ?? outOfRange(lv, b2 + j + 1);
      const a31 = lv[b3 + j + 1] ?? outOfRange(lv, b3 + j + 1);
      const t = t0 + (targets[j] ?? outOfRange(targets, j));
      lv[t] = (lv[t] ?? outOfRange(lv, t)) - (a00 * a00 + a10 * a10 + a20 * a20 + a30 * a30);
      for (let i = j + 1; i < rows; i++) {
        const x0 = lv[b0 + i] ?? outOfRange(lv, b0 + i);
        const x1 = lv[b1 + i] ?? outOfRange(lv, b1 + i);
        const x2 = lv[b2 + i] ?? outOfRange(lv, b2 + i);
        const x3 = lv[b3 + i] ?? outOfRange(lv, b3 + i);
        const ti = targets[i] ?? outOfRange(targets, i);
        lv[t0 + ti] = (lv[t0 + ti] ?? outOfRange(lv, t0 + ti)) - (a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3);
        lv[t1 + ti] = (lv[t1 + ti] ?? outOfRange(lv, t1 + ti)) - (a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3);
      }
    }
    for (; c < kd; c++) {
      const b0 = sourceBase[c] ?? outOfRange(sourceBase, c);
      const a0 = lv[b0 + j] ?? outOfRange(lv, b0 + j);
      const a1 = lv[b0 + j + 1] ?? outOfRange(lv, b0 + j + 1);
      const t = t0 + (targets[j] ?? outOfRange(targets, j));
      lv[t] = (lv[t] ?? outOfRange(lv, t)) - a0 * a0;
      for (let i = j + 1; i < rows; i++) {
        const x0 = lv[b0 + i] ?? outOfRange(lv, b0 + i);
        const ti = targets[i] ?? outOfRange(targets, i);
        lv[t0 + ti] = (lv[t0 + ti] ?? outOfRange(lv, t0 + ti)) - a0 * x0;
        lv[t1 + ti] = (lv[t1 + ti] ?? outOfRange(lv, t1 + ti)) - a1 * x0;
      }
    }
  }
  if (j < cols) {
    const t0 = targetBase[j] ?? outOfRange(targetBase, j);
    let c = 0;
    for (; c + 3 < kd; c += 4) {
      const b0 = sourceBase[c] ?? outOfRange(sourceBase, c);
      const b1 = sourceBase[c + 1] ?? outOfRange(sourceBase, c + 1);
      const b2 = sourceBase[c + 2] ?? outOfRange(sourceBase, c + 2);
      const b3 = sourceBase[c + 3] ?? outOfRange(sourceBase, c + 3);
      const a0 = lv[b0 + j] ?? outOfRange(lv, b0 + j);
      const a1 = lv[b1 + j] ?? outOfRange(lv, b1 + j);
      const a2 = lv[b2 + j] ?? outOfRange(lv, b2 + j);
      const a3 = lv[b3 + j] ?? outOfRange(lv, b3 + j);
      for (let i = j; i < rows; i++) {
        const t = t0 + (targets[i] ?? outOfRange(targets, i));
        const x0 = lv[b0 + i] ?? outOfRange(lv, b0 + i);
        const x1 = lv[b1 + i] ?? outOfRange(lv, b1 + i);
        const x2 = lv[b2 + i] ?? outOfRange(lv, b2 + i);
        const x3 = lv[b3 + i] ?? outOfRange(lv, b3 + i);
        lv[t] = (lv[t] ?? outOfRange(lv, t)) - (a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3);
      }
    }
    for (; c < kd; c++) {
      const b0 = sourceBase[c] ?? outOfRange(sourceBase, c);
      const a0 = lv[b0 + j] ?? outOfRange(lv, b0 + j);
      for (let i = j; i < rows; i++) {
        const t = t0 + (targets[i] ?? outOfRange(targets, i));
        lv[t] = (lv[t] ?? outOfRange(lv, t)) - a0 * (lv[b0 + i] ?? outOfRange(lv, b0 + i));
      }
    }
  }
}

/**
 * Column `c` (base bc) of a supernode's trapezoid minus the contributions of its earlier columns
 * 0..c-1 (bases in `base`): col(r) -= Σ_{c' < c} L(c, c') L(r, c') for r in from..m-1. Processes
 * the column pair (c, c + 1) together when `pair` is set: then column c + 1 (base bc1) gets the same
 * contributions for r >= c + 1.
 */
export function subtractEarlierColumns(
  lv: Float64Array,
  base: Int32Array,
  c: number,
  m: number,
  bc: number,
  bc1: number,
  pair: boolean,
): void {
  let cc = 0;
  if (pair) {
    for (; cc + 3 < c; cc += 4) {
      const b0 = base[cc] ?? outOfRange(base, cc);
      const b1 = base[cc + 1] ?? outOfRange(base, cc + 1);
      const b2 = base[cc + 2] ?? outOfRange(base, cc + 2);
      const b3 = base[cc + 3] ?? outOfRange(base, cc + 3);
      const a00 = lv[b0 + c] ?? outOfRange(lv, b0 + c);
      const a10 = lv[b1 + c] ?? outOfRange(lv, b1 + c);
      const a20 = lv[b2 + c] ?? outOfRange(lv, b2 + c);
      const a30 = lv[b3 + c] ?? outOfRange(lv, b3 + c);
      const a01 = lv[b0 + c + 1] ?? outOfRange(lv, b0 + c + 1);
      const a11 = lv[b1 + c + 1] ?? outOfRange(lv, b1 + c + 1);
      const a21 = lv[b2 + c + 1] ?? outOfRange(lv, b2 + c + 1);
      const a31 = lv[b3 + c + 1] ?? outOfRange(lv, b3 + c + 1);
      lv[bc + c] = (lv[bc + c] ?? outOfRange(lv, bc + c)) - (a00 * a00 + a10 * a10 + a20 * a20 + a30 * a30);
      for (let r = c + 1; r < m; r++) {
        const x0 = lv[b0 + r] ?? outOfRange(lv, b0 + r);
        const x1 = lv[b1 + r] ?? outOfRange(lv, b1 + r);
        const x2 = lv[b2 + r] ?? outOfRange(lv, b2 + r);
        const x3 = lv[b3 + r] ?? outOfRange(lv, b3 + r);
        lv[bc + r] = (lv[bc + r] ?? outOfRange(lv, bc + r)) - (a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3);
        lv[bc1 + r] = (lv[bc1 + r] ?? outOfRange(lv, bc1 + r)) - (a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3);
      }
    }
    for (; cc < c; cc++) {
      const b0 = base[cc] ?? outOfRange(base, cc);
      const a0 = lv[b0 + c] ?? outOfRange(lv, b0 + c);
      const a1 = lv[b0 + c + 1] ?? outOfRange(lv, b0 + c + 1);
      lv[bc + c] = (lv[bc + c] ?? outOfRange(lv, bc + c)) - a0 * a0;
      for (let r = c + 1; r < m; r++) {
        const x0 = lv[b0 + r] ?? outOfRange(lv, b0 + r);
        lv[bc + r] = (lv[bc + r] ?? outOfRange(lv, bc + r)) - a0 * x0;
        lv[bc1 + r] = (lv[bc1 + r] ?? outOfRange(lv, bc1 + r)) - a1 * x0;
      }
    }
    return;
  }
  for (; cc + 3 < c; cc += 4) {
    const b0 = base[cc] ?? outOfRange(base, cc);
    const b1 = base[cc + 1] ?? outOfRange(base, cc + 1);
    const b2 = base[cc + 2] ?? outOfRange(base, cc + 2);
    const b3 = base[cc + 3] ?? outOfRange(base, cc + 3);
    const a0 = lv[b0 + c] ?? outOfRange(lv, b0 + c);
    const a1 = lv[b1 + c] ?? outOfRange(lv, b1 + c);
    const a2 = lv[b2 + c] ?? outOfRange(lv, b2 + c);
    const a3 = lv[b3 + c] ?? outOfRange(lv, b3 + c);
    for (let r = c; r < m; r++) {
      const x0 = lv[b0 + r] ?? outOfRange(lv, b0 + r);
      const x1 = lv[b1 + r] ?? outOfRange(lv, b1 + r);
      const x2 = lv[b2 + r] ?? outOfRange(lv, b2 + r);
      const x3 = lv[b3 + r] ?? outOfRange(lv, b3 + r);
      lv[bc + r] = (lv[bc + r] ?? outOfRange(lv, bc + r)) - (a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3);
    }
  }
  for (; cc < c; cc++) {
    const b0 = base[cc] ?? outOfRange(base, cc);
    const a0 = lv[b0 + c] ?? outOfRange(lv, b0 + c);
    for (let r = c; r < m; r++) lv[bc + r] = (lv[bc + r] ?? outOfRange(lv, bc + r)) - a0 * (lv[b0 + r] ?? outOfRange(lv, b0 + r));
  }
}

/**
 * Dot products of columns: out(a, c) = sign · Σ_b x(b, a) y(b, c) for a < rows, c < cols, where
 * x(b, a) = x[xBase[a] + b], y(b, c) = y[yBase[c] + b] and b < length; out(a, c) is
 * out[outBase[c] + a], overwritten, or incremented when `accumulate`. With `lower` only a >= c is
 * wanted (tiles wholly above the diagonal are skipped; the others may also fill some a < c). With
 * `xTriangular`, x(b, a) = 0 for b < a, so each tile's sums start at its first row.
 *
 * Tiled three a by three c: each inner step loads six values for nine multiply-adds and stores
 * nothing. At the edges a tile repeats its last row or column, computed twice and stored once.
 */
export function dotProductTiles(
  x: Float64Array,
  xBase: Int32Array,
  y: Float64Array,
  yBase: Int32Array,
  rows: number,
  cols: number,
  length: number,
  out: Float64Array,
  outBase: Int32Array,
  sign: number,
  accumulate: boolean,
  lower: boolean,
  xTriangular: boolean,
): void {
  const put = (position: number, sum: number): void => {
    out[position] = accumulate ? (out[position] ?? outOfRange(out, position)) + sign * sum : sign * sum;
  };
  for (let c = 0; c < cols; c += 3) {
    const c1 = Math.min(c + 1, cols - 1);
    const c2 = Math.min(c + 2, cols - 1);
    const y0 = yBase[c] ?? outOfRange(yBase, c);
    const y1 = yBase[c1] ?? outOfRange(yBase, c1);
    const y2 = yBase[c2] ?? outOfRange(yBase, c2);
    const o0 = outBase[c] ?? outOfRange(outBase, c);
    const o1 = outBase[c1] ?? outOfRange(outBase, c1);
    const o2 = outBase[c2] ?? outOfRange(outBase, c2);
    // c is a multiple of 3, so with `lower` the first tile of rows is the diagonal one.
    for (let a = lower ? c : 0; a < rows; a += 3) {
      const a1 = Math.min(a + 1, rows - 1);
      const a2 = Math.min(a + 2, rows - 1);
      const x0 = xBase[a] ?? outOfRange(xBase, a);
      const x1 = xBase[a1] ?? outOfRange(xBase, a1);
      const x2 = xBase[a2] ?? outOfRange(xBase, a2);
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      for (let b = xTriangular ? a : 0; b < length; b++) {
        const u0 = x[x0 + b] ?? outOfRange(x, x0 + b);
        const u1 = x[x1 + b] ?? outOfRange(x, x1 + b);
        const u2 = x[x2 + b] ?? outOfRange(x, x2 + b);
        const v0 = y[y0 + b] ?? outOfRange(y, y0 + b);
        const v1 = y[y1 + b] ?? outOfRange(y, y1 + b);
        const v2 = y[y2 + b] ?? outOfRange(y, y2 + b);
        s00 += u0 * v0;
        s01 += u0 * v1;
        s02 += u0 * v2;
        s10 += u1 * v0;
        s11 += u1 * v1;
        s12 += u1 * v2;
        s20 += u2 * v0;
        s21 += u2 * v1;
        s22 += u2 * v2;
      }
      put(o0 + a, s00);
      if (c1 > c) put(o1 + a, s01);
      if (c2 > c1) put(o2 + a, s02);
      if (a1 > a) {
        put(o0 + a1, s10);
        if (c1 > c) put(o1 + a1, s11);
        if (c2 > c1) put(o2 + a1, s12);
      }
      if (a2 > a1) {
        put(o0 + a2, s20);
        if (c1 > c) put(o1 + a2, s21);
        if (c2 > c1) put(o2 + a2, s22);
      }
    }
  }
}
