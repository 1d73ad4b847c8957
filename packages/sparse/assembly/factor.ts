// AssemblyScript source of the WebAssembly supernodal factorisation loop (see src/simd-kernels.ts; the TypeScript loop
// in CholeskyFactor.refactor, src/cholesky.ts, stays the fallback and the test oracle). `pnpm --filter @hlm/sparse
// build:wasm` compiles it into src/factor-wasm.ts, a module of its own so that each stays under the 4 KB a browser's
// main thread compiles synchronously. It calls the dense kernels of assembly/kernels.ts, imported from that module's
// instance on the same memory (a call from one WebAssembly instance into another, no JavaScript in between). The
// memory is addressed as assembly/memory.ts describes; the symbolic arrays (symbolic.ts) and the work arrays are
// Int32 arrays in it.
import { indexAt, valueAt } from './memory';

@external('env', 'subtractProduct')
declare function subtractProduct(sourceBase: usize, kd: i32, offset: i32, rows: i32, cols: i32, targetBase: usize, targets: usize): void;

@external('env', 'factorTrapezoid')
declare function factorTrapezoid(columnBase: usize, k: i32, m: i32): i32;

@inline function setIndex(array: usize, i: i32, value: i32): void {
  store<i32>(array + (<usize>i << 2), value);
}

/**
 * Supernode d waits, in waitHead/waitNext, to update the supernode of its row at position p (R_d starts at rd), from
 * which its next update starts (nextRow).
 */
@inline function wait(d: i32, p: i32, rd: i32, superRows: usize, superOf: usize, waitHead: usize, waitNext: usize, nextRow: usize): void {
  setIndex(nextRow, d, p);
  const t = indexAt(superOf, indexAt(superRows, rd + p));
  setIndex(waitNext, d, indexAt(waitHead, t));
  setIndex(waitHead, t, d);
}

/**
 * The left-looking supernodal factorisation of CholeskyFactor.refactor (src/cholesky.ts), step for step: per
 * supernode s, C's columns assembled from the input values (element index `values`) into the zeroed block, every
 * waiting supernode's block product subtracted, then s's dense trapezoid factorised. Returns the first column whose
 * pivot is not positive and finite (its diagonal left in place), or -1.
 */
export function factorise(
  supernodes: i32,
  superPtr: usize,
  superRowPtr: usize,
  superRows: usize,
  superOf: usize,
  lColPtr: usize,
  cColPtr: usize,
  cRowIdx: usize,
  cSource: usize,
  values: i32,
  relative: usize,
  waitHead: usize,
  waitNext: usize,
  nextRow: usize,
  targets: usize,
  sourceBase: usize,
  targetBase: usize,
  columnBase: usize,
): i32 {
  memory.fill(waitHead, 0xff, <usize>supernodes << 2);
  for (let s = 0; s < supernodes; s++) {
    const f = indexAt(superPtr, s);
    const k = indexAt(superPtr, s + 1) - f;
    const last = f + k - 1;
    const rs = indexAt(superRowPtr, s);
    const m = indexAt(superRowPtr, s + 1) - rs;
    for (let a = 0; a < m; a++) setIndex(relative, indexAt(superRows, rs + a), a);

    const first = indexAt(lColPtr, f);
    memory.fill(<usize>first << 3, 0, <usize>(indexAt(lColPtr, f + k) - first) << 3);
    for (let c = 0; c < k; c++) {
      const base = indexAt(lColPtr, f + c) - c;
      const end = indexAt(cColPtr, f + c + 1);
      for (let p = indexAt(cColPtr, f + c); p < end; p++) {
        store<f64>(<usize>(base + indexAt(relative, indexAt(cRowIdx, p))) << 3, valueAt(values + indexAt(cSource, p)));
      }
    }

    let d = indexAt(waitHead, s);
    while (d != -1) {
      const following = indexAt(waitNext, d);
      const fd = indexAt(superPtr, d);
      const kd = indexAt(superPtr, d + 1) - fd;
      const rd = indexAt(superRowPtr, d);
      const md = indexAt(superRowPtr, d + 1) - rd;
      const p1 = indexAt(nextRow, d);
      let p2 = p1;
      while (p2 < md && indexAt(superRows, rd + p2) <= last) p2++;
      const rows = md - p1;
      for (let i = 0; i < rows; i++) setIndex(targets, i, indexAt(relative, indexAt(superRows, rd + p1 + i)));
      for (let c = 0; c < kd; c++) setIndex(sourceBase, c, indexAt(lColPtr, fd + c) - c + p1);
      for (let j = 0; j < p2 - p1; j++) {
        const column = indexAt(superRows, rd + p1 + j);
        setIndex(targetBase, j, indexAt(lColPtr, column) - (column - f));
      }
      subtractProduct(sourceBase, kd, 0, rows, p2 - p1, targetBase, targets);
      if (p2 < md) wait(d, p2, rd, superRows, superOf, waitHead, waitNext, nextRow);
      d = following;
    }

    for (let c = 0; c < k; c++) setIndex(columnBase, c, indexAt(lColPtr, f + c) - c);
    const failed = factorTrapezoid(columnBase, k, m);
    if (failed >= 0) return f + failed;
    if (m > k) wait(s, k, rs, superRows, superOf, waitHead, waitNext, nextRow);
  }
  return -1;
}
