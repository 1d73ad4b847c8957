// AssemblyScript source of the WebAssembly SIMD supernodal triangular solves (see src/simd-kernels.ts; src/solves.ts
// holds the TypeScript solves, which stay the fallback and the test oracle). `pnpm --filter @hlm/sparse build:wasm`
// compiles it into src/solves-wasm.ts, a module of its own so that each stays under the 4 KB a browser's main thread
// compiles synchronously. The memory is imported and addressed as assembly/memory.ts describes; the symbolic arrays
// superPtr, superRowPtr, superRows and lColPtr (symbolic.ts) are Int32 arrays in it, and column c of supernode s
// (first column f) holds its row position r at lColPtr[f + c] - c + r, for c <= r < m.
import { indexAt, pairAt, subtractAt, valueAt } from './memory';

@inline function storeValue(index: i32, value: f64): void {
  store<f64>(<usize>index << 3, value);
}

@inline function storePair(index: i32, value: v128): void {
  v128.store(<usize>index << 3, value);
}

/** Σ_{i < length} u[i] v[i] for contiguous u and v, two lanes at a time. */
@inline function dot(u: i32, v: i32, length: i32): f64 {
  let sum = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < length; i += 2) sum = f64x2.add(sum, f64x2.mul(pairAt(u + i), pairAt(v + i)));
  let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
  if (i < length) total += valueAt(u + i) * valueAt(v + i);
  return total;
}

/** y[i] -= a u[i] for i < length, contiguous u and y. */
@inline function subtractMultiple(y: i32, u: i32, length: i32, a: f64): void {
  const aa = f64x2.splat(a);
  let i = 0;
  for (; i + 1 < length; i += 2) storePair(y + i, f64x2.sub(pairAt(y + i), f64x2.mul(aa, pairAt(u + i))));
  if (i < length) subtractAt(y + i, a * valueAt(u + i));
}

/**
 * x ← L⁻¹ x (pivot order; x from element x). Per supernode: its dense triangle on its own contiguous entries of x,
 * then t = L_panel x_s (the rows below the triangle, contiguous in L) accumulated four columns at a time in the
 * workspace t (as long as the longest row list), then x[superRows[r]] -= t[r] scattered.
 */
export function forwardSolve(supernodes: i32, superPtr: usize, superRowPtr: usize, superRows: usize, lColPtr: usize, x: i32, t: i32): void {
  for (let s = 0; s < supernodes; s++) {
    const f = indexAt(superPtr, s);
    const k = indexAt(superPtr, s + 1) - f;
    const rs = indexAt(superRowPtr, s);
    const rows = indexAt(superRowPtr, s + 1) - rs - k;
    const xs = x + f;
    for (let c = 0; c < k; c++) {
      const bc = indexAt(lColPtr, f + c) - c;
      const xc = valueAt(xs + c) / valueAt(bc + c);
      storeValue(xs + c, xc);
      subtractMultiple(xs + c + 1, bc + c + 1, k - c - 1, xc);
    }
    if (rows == 0) continue;
    memory.fill(<usize>t << 3, 0, <usize>rows << 3);
    let c = 0;
    for (; c + 3 < k; c += 4) {
      // the panel rows of columns c..c+3 start at row position k
      const l0 = indexAt(lColPtr, f + c) - c + k;
      const l1 = indexAt(lColPtr, f + c + 1) - c - 1 + k;
      const l2 = indexAt(lColPtr, f + c + 2) - c - 2 + k;
      const l3 = indexAt(lColPtr, f + c + 3) - c - 3 + k;
      const x0 = f64x2.splat(valueAt(xs + c));
      const x1 = f64x2.splat(valueAt(xs + c + 1));
      const x2 = f64x2.splat(valueAt(xs + c + 2));
      const x3 = f64x2.splat(valueAt(xs + c + 3));
      let i = 0;
      for (; i + 1 < rows; i += 2) {
        const sum01 = f64x2.add(f64x2.mul(pairAt(l0 + i), x0), f64x2.mul(pairAt(l1 + i), x1));
        const sum23 = f64x2.add(f64x2.mul(pairAt(l2 + i), x2), f64x2.mul(pairAt(l3 + i), x3));
        storePair(t + i, f64x2.add(pairAt(t + i), f64x2.add(sum01, sum23)));
      }
      if (i < rows) {
        const sum = valueAt(l0 + i) * valueAt(xs + c) + valueAt(l1 + i) * valueAt(xs + c + 1) + valueAt(l2 + i) * valueAt(xs + c + 2) + valueAt(l3 + i) * valueAt(xs + c + 3);
        storeValue(t + i, valueAt(t + i) + sum);
      }
    }
    for (; c < k; c++) subtractMultiple(t, indexAt(lColPtr, f + c) - c + k, rows, -valueAt(xs + c));
    const below = rs + k;
    for (let i = 0; i < rows; i++) subtractAt(x + indexAt(superRows, below + i), valueAt(t + i));
  }
}

/**
 * x ← L⁻ᵀ x (pivot order; x from element x). Per supernode from the last: t = x[superRows[r]] gathered for the rows
 * below its triangle, x_s -= L_panelᵀ t by dot products of contiguous columns with t, four columns at a time, then the
 * triangle from its last column.
 */
export function backwardSolve(supernodes: i32, superPtr: usize, superRowPtr: usize, superRows: usize, lColPtr: usize, x: i32, t: i32): void {
  for (let s = supernodes - 1; s >= 0; s--) {
    const f = indexAt(superPtr, s);
    const k = indexAt(superPtr, s + 1) - f;
    const rs = indexAt(superRowPtr, s);
    const rows = indexAt(superRowPtr, s + 1) - rs - k;
    const xs = x + f;
    if (rows > 0) {
      const below = rs + k;
      for (let i = 0; i < rows; i++) storeValue(t + i, valueAt(x + indexAt(superRows, below + i)));
      let c = 0;
      for (; c + 3 < k; c += 4) {
        const l0 = indexAt(lColPtr, f + c) - c + k;
        const l1 = indexAt(lColPtr, f + c + 1) - c - 1 + k;
        const l2 = indexAt(lColPtr, f + c + 2) - c - 2 + k;
        const l3 = indexAt(lColPtr, f + c + 3) - c - 3 + k;
        let s0 = f64x2.splat(0);
        let s1 = f64x2.splat(0);
        let s2 = f64x2.splat(0);
        let s3 = f64x2.splat(0);
        let i = 0;
        for (; i + 1 < rows; i += 2) {
          const ti = pairAt(t + i);
          s0 = f64x2.add(s0, f64x2.mul(pairAt(l0 + i), ti));
          s1 = f64x2.add(s1, f64x2.mul(pairAt(l1 + i), ti));
          s2 = f64x2.add(s2, f64x2.mul(pairAt(l2 + i), ti));
          s3 = f64x2.add(s3, f64x2.mul(pairAt(l3 + i), ti));
        }
        let a0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
        let a1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
        let a2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
        let a3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
        if (i < rows) {
          const ti = valueAt(t + i);
          a0 += valueAt(l0 + i) * ti;
          a1 += valueAt(l1 + i) * ti;
          a2 += valueAt(l2 + i) * ti;
          a3 += valueAt(l3 + i) * ti;
        }
        subtractAt(xs + c, a0);
        subtractAt(xs + c + 1, a1);
        subtractAt(xs + c + 2, a2);
        subtractAt(xs + c + 3, a3);
      }
      for (; c < k; c++) subtractAt(xs + c, dot(indexAt(lColPtr, f + c) - c + k, t, rows));
    }
    for (let c = k - 1; c >= 0; c--) {
      const bc = indexAt(lColPtr, f + c) - c;
      storeValue(xs + c, (valueAt(xs + c) - dot(bc + c + 1, xs + c + 1, k - c - 1)) / valueAt(bc + c));
    }
  }
}

/**
 * X ← L⁻¹ X for two right-hand sides at once, interleaved (row i's pair at element x + 2i), so that one pass over L
 * serves both and each row's pair is one f64x2. Per supernode: its triangle column by column, then the rows below,
 * each updated by four columns at a time through its index in superRows.
 */
export function forwardSolvePairs(supernodes: i32, superPtr: usize, superRowPtr: usize, superRows: usize, lColPtr: usize, x: i32): void {
  for (let s = 0; s < supernodes; s++) {
    const f = indexAt(superPtr, s);
    const k = indexAt(superPtr, s + 1) - f;
    const rs = indexAt(superRowPtr, s);
    const m = indexAt(superRowPtr, s + 1) - rs;
    const xs = x + 2 * f;
    for (let c = 0; c < k; c++) {
      const bc = indexAt(lColPtr, f + c) - c;
      const xc = f64x2.div(pairAt(xs + 2 * c), f64x2.splat(valueAt(bc + c)));
      storePair(xs + 2 * c, xc);
      for (let r = c + 1; r < k; r++) storePair(xs + 2 * r, f64x2.sub(pairAt(xs + 2 * r), f64x2.mul(f64x2.splat(valueAt(bc + r)), xc)));
    }
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const b0 = indexAt(lColPtr, f + c) - c;
      const b1 = indexAt(lColPtr, f + c + 1) - c - 1;
      const b2 = indexAt(lColPtr, f + c + 2) - c - 2;
      const b3 = indexAt(lColPtr, f + c + 3) - c - 3;
      const x0 = pairAt(xs + 2 * c);
      const x1 = pairAt(xs + 2 * c + 2);
      const x2 = pairAt(xs + 2 * c + 4);
      const x3 = pairAt(xs + 2 * c + 6);
      for (let r = k; r < m; r++) {
        const xr = x + 2 * indexAt(superRows, rs + r);
        const sum01 = f64x2.add(f64x2.mul(f64x2.splat(valueAt(b0 + r)), x0), f64x2.mul(f64x2.splat(valueAt(b1 + r)), x1));
        const sum23 = f64x2.add(f64x2.mul(f64x2.splat(valueAt(b2 + r)), x2), f64x2.mul(f64x2.splat(valueAt(b3 + r)), x3));
        storePair(xr, f64x2.sub(pairAt(xr), f64x2.add(sum01, sum23)));
      }
    }
    for (; c < k; c++) {
      const bc = indexAt(lColPtr, f + c) - c;
      const xc = pairAt(xs + 2 * c);
      for (let r = k; r < m; r++) {
        const xr = x + 2 * indexAt(superRows, rs + r);
        storePair(xr, f64x2.sub(pairAt(xr), f64x2.mul(f64x2.splat(valueAt(bc + r)), xc)));
      }
    }
  }
}

/**
 * X ← L⁻ᵀ X for two interleaved right-hand sides (as forwardSolvePairs). Per supernode from the last: the rows below
 * its triangle gathered through superRows into four columns' sums at a time, then the triangle from its last column.
 */
export function backwardSolvePairs(supernodes: i32, superPtr: usize, superRowPtr: usize, superRows: usize, lColPtr: usize, x: i32): void {
  for (let s = supernodes - 1; s >= 0; s--) {
    const f = indexAt(superPtr, s);
    const k = indexAt(superPtr, s + 1) - f;
    const rs = indexAt(superRowPtr, s);
    const m = indexAt(superRowPtr, s + 1) - rs;
    const xs = x + 2 * f;
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const b0 = indexAt(lColPtr, f + c) - c;
      const b1 = indexAt(lColPtr, f + c + 1) - c - 1;
      const b2 = indexAt(lColPtr, f + c + 2) - c - 2;
      const b3 = indexAt(lColPtr, f + c + 3) - c - 3;
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      for (let r = k; r < m; r++) {
        const xr = pairAt(x + 2 * indexAt(superRows, rs + r));
        s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(valueAt(b0 + r)), xr));
        s1 = f64x2.add(s1, f64x2.mul(f64x2.splat(valueAt(b1 + r)), xr));
        s2 = f64x2.add(s2, f64x2.mul(f64x2.splat(valueAt(b2 + r)), xr));
        s3 = f64x2.add(s3, f64x2.mul(f64x2.splat(valueAt(b3 + r)), xr));
      }
      storePair(xs + 2 * c, f64x2.sub(pairAt(xs + 2 * c), s0));
      storePair(xs + 2 * c + 2, f64x2.sub(pairAt(xs + 2 * c + 2), s1));
      storePair(xs + 2 * c + 4, f64x2.sub(pairAt(xs + 2 * c + 4), s2));
      storePair(xs + 2 * c + 6, f64x2.sub(pairAt(xs + 2 * c + 6), s3));
    }
    for (; c < k; c++) {
      const bc = indexAt(lColPtr, f + c) - c;
      let sum = f64x2.splat(0);
      for (let r = k; r < m; r++) sum = f64x2.add(sum, f64x2.mul(f64x2.splat(valueAt(bc + r)), pairAt(x + 2 * indexAt(superRows, rs + r))));
      storePair(xs + 2 * c, f64x2.sub(pairAt(xs + 2 * c), sum));
    }
    for (let c2 = k - 1; c2 >= 0; c2--) {
      const bc = indexAt(lColPtr, f + c2) - c2;
      let sum = pairAt(xs + 2 * c2);
      for (let r = c2 + 1; r < k; r++) sum = f64x2.sub(sum, f64x2.mul(f64x2.splat(valueAt(bc + r)), pairAt(xs + 2 * r)));
      storePair(xs + 2 * c2, f64x2.div(sum, f64x2.splat(valueAt(bc + c2))));
    }
  }
}
