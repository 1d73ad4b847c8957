/**
 * The dense kernels of the supernodal factorisation, on columns stored in one Float64Array.
 * A column is addressed by `base`, with its entry at row position r at lv[base + r]. The loops are
 * register-blocked two target columns by four source columns: each source value loaded feeds two
 * multiply-adds, which is what plain JavaScript can do in place of SIMD.
 */

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
    const t0 = targetBase[j];
    const t1 = targetBase[j + 1];
    let c = 0;
    for (; c + 3 < kd; c += 4) {
      const b0 = sourceBase[c];
      const b1 = sourceBase[c + 1];
      const b2 = sourceBase[c + 2];
      const b3 = sourceBase[c + 3];
      const a00 = lv[b0 + j];
      const a10 = lv[b1 + j];
      const a20 = lv[b2 + j];
      const a30 = lv[b3 + j];
      const a01 = lv[b0 + j + 1];
      const a11 = lv[b1 + j + 1];
      const a21 = lv[b2 + j + 1];
      const a31 = lv[b3 + j + 1];
      lv[t0 + targets[j]] -= a00 * a00 + a10 * a10 + a20 * a20 + a30 * a30;
      for (let i = j + 1; i < rows; i++) {
        const x0 = lv[b0 + i];
        const x1 = lv[b1 + i];
        const x2 = lv[b2 + i];
        const x3 = lv[b3 + i];
        const ti = targets[i];
        lv[t0 + ti] -= a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
        lv[t1 + ti] -= a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
      }
    }
    for (; c < kd; c++) {
      const b0 = sourceBase[c];
      const a0 = lv[b0 + j];
      const a1 = lv[b0 + j + 1];
      lv[t0 + targets[j]] -= a0 * a0;
      for (let i = j + 1; i < rows; i++) {
        const x0 = lv[b0 + i];
        const ti = targets[i];
        lv[t0 + ti] -= a0 * x0;
        lv[t1 + ti] -= a1 * x0;
      }
    }
  }
  if (j < cols) {
    const t0 = targetBase[j];
    let c = 0;
    for (; c + 3 < kd; c += 4) {
      const b0 = sourceBase[c];
      const b1 = sourceBase[c + 1];
      const b2 = sourceBase[c + 2];
      const b3 = sourceBase[c + 3];
      const a0 = lv[b0 + j];
      const a1 = lv[b1 + j];
      const a2 = lv[b2 + j];
      const a3 = lv[b3 + j];
      for (let i = j; i < rows; i++) lv[t0 + targets[i]] -= a0 * lv[b0 + i] + a1 * lv[b1 + i] + a2 * lv[b2 + i] + a3 * lv[b3 + i];
    }
    for (; c < kd; c++) {
      const b0 = sourceBase[c];
      const a0 = lv[b0 + j];
      for (let i = j; i < rows; i++) lv[t0 + targets[i]] -= a0 * lv[b0 + i];
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
      const b0 = base[cc];
      const b1 = base[cc + 1];
      const b2 = base[cc + 2];
      const b3 = base[cc + 3];
      const a00 = lv[b0 + c];
      const a10 = lv[b1 + c];
      const a20 = lv[b2 + c];
      const a30 = lv[b3 + c];
      const a01 = lv[b0 + c + 1];
      const a11 = lv[b1 + c + 1];
      const a21 = lv[b2 + c + 1];
      const a31 = lv[b3 + c + 1];
      lv[bc + c] -= a00 * a00 + a10 * a10 + a20 * a20 + a30 * a30;
      for (let r = c + 1; r < m; r++) {
        const x0 = lv[b0 + r];
        const x1 = lv[b1 + r];
        const x2 = lv[b2 + r];
        const x3 = lv[b3 + r];
        lv[bc + r] -= a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
        lv[bc1 + r] -= a01 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
      }
    }
    for (; cc < c; cc++) {
      const b0 = base[cc];
      const a0 = lv[b0 + c];
      const a1 = lv[b0 + c + 1];
      lv[bc + c] -= a0 * a0;
      for (let r = c + 1; r < m; r++) {
        const x0 = lv[b0 + r];
        lv[bc + r] -= a0 * x0;
        lv[bc1 + r] -= a1 * x0;
      }
    }
    return;
  }
  for (; cc + 3 < c; cc += 4) {
    const b0 = base[cc];
    const b1 = base[cc + 1];
    const b2 = base[cc + 2];
    const b3 = base[cc + 3];
    const a0 = lv[b0 + c];
    const a1 = lv[b1 + c];
    const a2 = lv[b2 + c];
    const a3 = lv[b3 + c];
    for (let r = c; r < m; r++) lv[bc + r] -= a0 * lv[b0 + r] + a1 * lv[b1 + r] + a2 * lv[b2 + r] + a3 * lv[b3 + r];
  }
  for (; cc < c; cc++) {
    const b0 = base[cc];
    const a0 = lv[b0 + c];
    for (let r = c; r < m; r++) lv[bc + r] -= a0 * lv[b0 + r];
  }
}
