/**
 * The supernodal triangular solves with L in TypeScript, on a vector or on several right-hand sides at once: the
 * fallback and the test oracle of the WebAssembly SIMD solves (assembly/solves.ts). Column c of supernode s (first
 * column f, row list superRows[superRowPtr[s] ..], m rows) holds its row position r at lv[lColPtr[f + c] - c + r].
 */
import { outOfRange } from './checked.js';
import type { SymbolicCholesky } from './symbolic.js';

/** x ← L⁻¹ x (pivot order): per supernode, its dense triangle, then the rows below four columns at a time. */
export function forwardSolve(symbolic: SymbolicCholesky, lv: Float64Array, x: Float64Array): void {
  const { nSupernodes, superPtr, superRowPtr, superRows, lColPtr } = symbolic;
  for (let s = 0; s < nSupernodes; s++) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
    const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
    const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
    for (let c = 0; c < k; c++) {
      const bc = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const xj = (x[f + c] ?? outOfRange(x, f + c)) / (lv[bc + c] ?? outOfRange(lv, bc + c));
      x[f + c] = xj;
      for (let r = c + 1; r < k; r++) x[f + r] = (x[f + r] ?? outOfRange(x, f + r)) - (lv[bc + r] ?? outOfRange(lv, bc + r)) * xj;
    }
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const b0 = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const b1 = (lColPtr[f + c + 1] ?? outOfRange(lColPtr, f + c + 1)) - c - 1;
      const b2 = (lColPtr[f + c + 2] ?? outOfRange(lColPtr, f + c + 2)) - c - 2;
      const b3 = (lColPtr[f + c + 3] ?? outOfRange(lColPtr, f + c + 3)) - c - 3;
      const x0 = x[f + c] ?? outOfRange(x, f + c);
      const x1 = x[f + c + 1] ?? outOfRange(x, f + c + 1);
      const x2 = x[f + c + 2] ?? outOfRange(x, f + c + 2);
      const x3 = x[f + c + 3] ?? outOfRange(x, f + c + 3);
      for (let r = k; r < m; r++) x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] = (x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] ?? outOfRange(x, superRows[rs + r] ?? outOfRange(superRows, rs + r))) - ((lv[b0 + r] ?? outOfRange(lv, b0 + r)) * x0 + (lv[b1 + r] ?? outOfRange(lv, b1 + r)) * x1 + (lv[b2 + r] ?? outOfRange(lv, b2 + r)) * x2 + (lv[b3 + r] ?? outOfRange(lv, b3 + r)) * x3);
    }
    for (; c < k; c++) {
      const b0 = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const x0 = x[f + c] ?? outOfRange(x, f + c);
      for (let r = k; r < m; r++) x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] = (x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] ?? outOfRange(x, superRows[rs + r] ?? outOfRange(superRows, rs + r))) - (lv[b0 + r] ?? outOfRange(lv, b0 + r)) * x0;
    }
  }
}

/** x ← L⁻ᵀ x (pivot order): per supernode from the last, the rows below four columns at a time, then its triangle. */
export function backwardSolve(symbolic: SymbolicCholesky, lv: Float64Array, x: Float64Array): void {
  const { nSupernodes, superPtr, superRowPtr, superRows, lColPtr } = symbolic;
  for (let s = nSupernodes - 1; s >= 0; s--) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
    const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
    const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const b0 = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const b1 = (lColPtr[f + c + 1] ?? outOfRange(lColPtr, f + c + 1)) - c - 1;
      const b2 = (lColPtr[f + c + 2] ?? outOfRange(lColPtr, f + c + 2)) - c - 2;
      const b3 = (lColPtr[f + c + 3] ?? outOfRange(lColPtr, f + c + 3)) - c - 3;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let r = k; r < m; r++) {
        const xr = x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] ?? outOfRange(x, superRows[rs + r] ?? outOfRange(superRows, rs + r));
        a0 += (lv[b0 + r] ?? outOfRange(lv, b0 + r)) * xr;
        a1 += (lv[b1 + r] ?? outOfRange(lv, b1 + r)) * xr;
        a2 += (lv[b2 + r] ?? outOfRange(lv, b2 + r)) * xr;
        a3 += (lv[b3 + r] ?? outOfRange(lv, b3 + r)) * xr;
      }
      x[f + c] = (x[f + c] ?? outOfRange(x, f + c)) - a0;
      x[f + c + 1] = (x[f + c + 1] ?? outOfRange(x, f + c + 1)) - a1;
      x[f + c + 2] = (x[f + c + 2] ?? outOfRange(x, f + c + 2)) - a2;
      x[f + c + 3] = (x[f + c + 3] ?? outOfRange(x, f + c + 3)) - a3;
    }
    for (; c < k; c++) {
      const b0 = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      let a0 = 0;
      for (let r = k; r < m; r++) a0 += (lv[b0 + r] ?? outOfRange(lv, b0 + r)) * (x[superRows[rs + r] ?? outOfRange(superRows, rs + r)] ?? outOfRange(x, superRows[rs + r] ?? outOfRange(superRows, rs + r)));
      x[f + c] = (x[f + c] ?? outOfRange(x, f + c)) - a0;
    }
    for (let c2 = k - 1; c2 >= 0; c2--) {
      const bc = (lColPtr[f + c2] ?? outOfRange(lColPtr, f + c2)) - c2;
      let acc = x[f + c2] ?? outOfRange(x, f + c2);
      for (let r = c2 + 1; r < k; r++) acc -= (lv[bc + r] ?? outOfRange(lv, bc + r)) * (x[f + r] ?? outOfRange(x, f + r));
      x[f + c2] = acc / (lv[bc + c2] ?? outOfRange(lv, bc + c2));
    }
  }
}

/** X ← L⁻ᵀ L⁻¹ X (pivot order) for q right-hand sides in the row-major n × q array x: one pass over L per triangle. */
export function solveRowMajor(symbolic: SymbolicCholesky, lv: Float64Array, x: Float64Array, q: number): void {
  const { nSupernodes, superPtr, superRowPtr, superRows, lColPtr } = symbolic;
  for (let s = 0; s < nSupernodes; s++) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
    const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
    for (let c = 0; c < (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f; c++) {
      const bc = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const jq = (f + c) * q;
      const inv = 1 / (lv[bc + c] ?? outOfRange(lv, bc + c));
      for (let a = 0; a < q; a++) x[jq + a] = (x[jq + a] ?? outOfRange(x, jq + a)) * inv;
      for (let r = c + 1; r < m; r++) {
        const l = lv[bc + r] ?? outOfRange(lv, bc + r);
        const rq = (superRows[rs + r] ?? outOfRange(superRows, rs + r)) * q;
        for (let a = 0; a < q; a++) x[rq + a] = (x[rq + a] ?? outOfRange(x, rq + a)) - l * (x[jq + a] ?? outOfRange(x, jq + a));
      }
    }
  }
  for (let s = nSupernodes - 1; s >= 0; s--) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const rs = superRowPtr[s] ?? outOfRange(superRowPtr, s);
    const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - rs;
    for (let c = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f - 1; c >= 0; c--) {
      const bc = (lColPtr[f + c] ?? outOfRange(lColPtr, f + c)) - c;
      const jq = (f + c) * q;
      for (let r = c + 1; r < m; r++) {
        const l = lv[bc + r] ?? outOfRange(lv, bc + r);
        const rq = (superRows[rs + r] ?? outOfRange(superRows, rs + r)) * q;
        for (let a = 0; a < q; a++) x[jq + a] = (x[jq + a] ?? outOfRange(x, jq + a)) - l * (x[rq + a] ?? outOfRange(x, rq + a));
      }
      const inv = 1 / (lv[bc + c] ?? outOfRange(lv, bc + c));
      for (let a = 0; a < q; a++) x[jq + a] = (x[jq + a] ?? outOfRange(x, jq + a)) * inv;
    }
  }
}
