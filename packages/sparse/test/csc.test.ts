import { assertAllClose, assertClose, maxAbsDiff, seededRandom } from '@hlm/test-utils';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  CscMatrix,
  SparseError,
  add,
  multiply,
  symmetricFromLower,
  transposeTimesDiagTimes,
} from '../src/index.js';
import { randomSparse } from './helpers.js';

const TOL = { abs: 1e-13 };

function expectSparseError(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SparseError);
  expect((caught as SparseError).code).toBe(code);
}

/** Checks CSC invariants independently of the constructor: sorted, in-range, strictly increasing rows. */
function expectWellFormed(m: CscMatrix): void {
  expect(m.colPtr.length).toBe(m.ncols + 1);
  for (let j = 0; j < m.ncols; j++) {
    for (let p = m.colPtr[j]! + 1; p < m.colPtr[j + 1]!; p++) expect(m.rowIdx[p]).toBeGreaterThan(m.rowIdx[p - 1]!);
  }
}

function denseClose(actual: number[][], expected: Matrix, label: string): void {
  expect(actual.length).toBe(expected.rows);
  assertAllClose(actual.flat(), expected.to1DArray(), TOL, label);
}

describe('CscMatrix construction', () => {
  it('fromTriplets sums duplicates, sorts rows and keeps explicit zeros (vs dense accumulation)', () => {
    const rand = seededRandom(1);
    const m = 13;
    const n = 9;
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    const dense = Array.from({ length: m }, () => new Array<number>(n).fill(0));
    const touched = new Set<number>();
    for (let t = 0; t < 80; t++) {
      const i = Math.floor(rand() * m);
      const j = Math.floor(rand() * n);
      const v = t % 10 === 0 ? 0 : 2 * rand() - 1; // some explicit zeros
      rows.push(i);
      cols.push(j);
      vals.push(v);
      dense[i]![j]! += v;
      touched.add(i * n + j);
    }
    const a = CscMatrix.fromTriplets(m, n, rows, cols, vals);
    expectWellFormed(a);
    expect(a.nnz).toBe(touched.size); // one entry per distinct coordinate, zeros included
    assertAllClose(a.toDense().flat(), dense.flat(), TOL, 'fromTriplets');
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assertClose(a.get(i, j), dense[i]![j]!, TOL, `get(${i},${j})`);
  });

  it('fromDense / toDense round-trip, identity and nnz', () => {
    const d = [
      [1, 0, 2],
      [0, 0, 3],
      [4, 5, 0],
      [0, 6, 0],
    ];
    const a = CscMatrix.fromDense(d);
    expect(a.nrows).toBe(4);
    expect(a.ncols).toBe(3);
    expect(a.nnz).toBe(6);
    expect(a.toDense()).toEqual(d);
    expect(Array.from(a.colPtr)).toEqual([0, 2, 4, 6]);
    expect(CscMatrix.identity(3).toDense()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(CscMatrix.fromDense([]).nnz).toBe(0);
  });

  it('the constructor rejects malformed arrays with SparseError invalid-argument', () => {
    const v = new Float64Array(2);
    expectSparseError(() => new CscMatrix(3, 1, Int32Array.of(0, 2), Int32Array.of(2, 1), v), 'invalid-argument');
    expectSparseError(() => new CscMatrix(3, 1, Int32Array.of(0, 2), Int32Array.of(1, 1), v), 'invalid-argument');
    expectSparseError(() => new CscMatrix(3, 1, Int32Array.of(0, 2), Int32Array.of(1, 3), v), 'invalid-argument');
    expectSparseError(() => new CscMatrix(3, 2, Int32Array.of(0, 2), Int32Array.of(0, 1), v), 'invalid-argument');
    expectSparseError(() => new CscMatrix(3, 1, Int32Array.of(0, 3), Int32Array.of(0, 1), v), 'invalid-argument');
    expectSparseError(() => CscMatrix.fromTriplets(2, 2, [0, 2], [0, 0], [1, 1]), 'invalid-argument');
    expectSparseError(() => CscMatrix.fromTriplets(2, 2, [0], [0, 1], [1]), 'dimension-mismatch');
    expectSparseError(() => CscMatrix.fromDense([[1, 2], [3]]), 'dimension-mismatch');
  });
});

describe('CscMatrix operations vs dense ml-matrix', () => {
  const rand = seededRandom(2);
  const cases = [
    { m: 17, n: 11, density: 0.2 },
    { m: 30, n: 30, density: 0.1 },
    { m: 8, n: 25, density: 0.35 },
  ];

  it('transpose', () => {
    for (const { m, n, density } of cases) {
      const a = randomSparse(m, n, density, rand);
      const t = a.transpose();
      expectWellFormed(t);
      denseClose(t.toDense(), new Matrix(a.toDense()).transpose(), 'transpose');
    }
  });

  it('multiplyVector and transposeMultiplyVector (also into a given out buffer)', () => {
    for (const { m, n, density } of cases) {
      const a = randomSparse(m, n, density, rand);
      const dense = new Matrix(a.toDense());
      const x = Array.from({ length: n }, () => 2 * rand() - 1);
      const y = Array.from({ length: m }, () => 2 * rand() - 1);
      assertAllClose(a.multiplyVector(x), dense.mmul(Matrix.columnVector(x)).to1DArray(), TOL, 'Ax');
      assertAllClose(
        a.transposeMultiplyVector(y),
        dense.transpose().mmul(Matrix.columnVector(y)).to1DArray(),
        TOL,
        'Aᵀy',
      );
      const out = new Float64Array(m).fill(99);
      expect(a.multiplyVector(x, out)).toBe(out);
      assertAllClose(out, dense.mmul(Matrix.columnVector(x)).to1DArray(), TOL, 'Ax into out');
    }
    const a = randomSparse(4, 3, 0.5, rand);
    expectSparseError(() => a.multiplyVector([1, 2]), 'dimension-mismatch');
    expectSparseError(() => a.transposeMultiplyVector([1, 2, 3]), 'dimension-mismatch');
  });

  it('multiply (Gustavson) and add', () => {
    for (const { m, n, density } of cases) {
      const a = randomSparse(m, n, density, rand);
      const b = randomSparse(n, 14, density, rand);
      const c = multiply(a, b);
      expectWellFormed(c);
      denseClose(c.toDense(), new Matrix(a.toDense()).mmul(new Matrix(b.toDense())), 'a*b');
      const a2 = randomSparse(m, n, density, rand);
      const s = add(a, a2);
      expectWellFormed(s);
      denseClose(s.toDense(), new Matrix(a.toDense()).add(new Matrix(a2.toDense())), 'a+b');
    }
    expectSparseError(() => multiply(randomSparse(3, 4, 0.5, rand), randomSparse(3, 4, 0.5, rand)), 'dimension-mismatch');
    expectSparseError(() => add(randomSparse(3, 4, 0.5, rand), randomSparse(4, 3, 0.5, rand)), 'dimension-mismatch');
  });

  it('transposeTimesDiagTimes gives the lower triangle of Aᵀ diag(w) A', () => {
    for (const { m, n, density } of cases) {
      const a = randomSparse(m, n, density, rand);
      const w = Array.from({ length: m }, () => 0.1 + rand());
      const got = transposeTimesDiagTimes(a, w);
      expectWellFormed(got);
      for (let j = 0; j < n; j++) {
        for (let p = got.colPtr[j]!; p < got.colPtr[j + 1]!; p++) expect(got.rowIdx[p]).toBeGreaterThanOrEqual(j);
      }
      const dense = new Matrix(a.toDense());
      const expected = dense.transpose().mmul(Matrix.diag(w)).mmul(dense);
      denseClose(symmetricFromLower(got).toDense(), expected, 'AᵀWA');
    }
    expectSparseError(() => transposeTimesDiagTimes(randomSparse(3, 4, 0.5, rand), [1, 2]), 'dimension-mismatch');
  });

  it('keeps structurally reachable entries of AᵀWA that cancel numerically', () => {
    // Columns 0 and 1 of A share rows 0 and 1 with a_00 a_01 w_0 + a_10 a_11 w_1 = 1 - 1 = 0.
    const a = CscMatrix.fromDense([
      [1, 1],
      [1, -1],
    ]);
    const got = transposeTimesDiagTimes(a, [1, 1]);
    expect(got.nnz).toBe(3);
    expect(got.get(1, 0)).toBe(0);
  });

  it('lowerTriangle and symmetricFromLower', () => {
    const a = randomSparse(20, 20, 0.25, rand);
    const lower = a.lowerTriangle();
    expectWellFormed(lower);
    const dense = a.toDense();
    const expectedLower = dense.map((row, i) => row.map((v, j) => (i >= j ? v : 0)));
    expect(lower.toDense()).toEqual(expectedLower);
    const full = symmetricFromLower(lower);
    expectWellFormed(full);
    const expectedFull = expectedLower.map((row, i) => row.map((v, j) => (i >= j ? v : expectedLower[j]![i]!)));
    expect(maxAbsDiff(full.toDense().flat(), expectedFull.flat())).toBe(0);
    expectSparseError(() => symmetricFromLower(a.transpose().lowerTriangle().transpose()), 'invalid-argument');
  });
});
