import { assertAllClose, assertClose, seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix, inverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  CholeskyFactor,
  CscMatrix,
  InverseEntries,
  SparseError,
  add,
  analyse,
  cholesky,
  sample,
  symmetricFromLower,
  transposeTimesDiagTimes,
  type SymbolicCholesky,
} from '../src/index.js';
import { denseSymmetric, maxAbs, randomSparse, randomSpdLower } from './helpers.js';

function caught(fn: () => unknown): SparseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SparseError) return e;
    throw e;
  }
  throw new Error('expected a SparseError');
}

/** L as a dense ml-matrix Matrix. */
function denseL(f: CholeskyFactor): Matrix {
  const { n, lColPtr, lRowIdx } = f.symbolic;
  const l = Matrix.zeros(n, n);
  for (let j = 0; j < n; j++) for (let p = lColPtr[j]!; p < lColPtr[j + 1]!; p++) l.set(lRowIdx[p]!, j, f.lValues[p]!);
  return l;
}

/** P H Pᵀ with (P H Pᵀ)[a][b] = H[perm[a]][perm[b]]. */
function permuted(h: Matrix, perm: Int32Array): Matrix {
  const n = h.rows;
  const out = Matrix.zeros(n, n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out.set(a, b, h.get(perm[a]!, perm[b]!));
  return out;
}

function denseLogDet(h: Matrix): number {
  const l = new CholeskyDecomposition(h).lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < h.rows; i++) s += Math.log(l.get(i, i));
  return 2 * s;
}

function unit(n: number, k: number): Float64Array {
  const e = new Float64Array(n);
  e[k] = 1;
  return e;
}

/** Lower triangle of an INLA-style H = Q + Aᵀ diag(w) A (Q: random sparse SPD precision, A: random design). */
function inlaLikeLower(design: CscMatrix, w: number[], rand: () => number): CscMatrix {
  return add(randomSpdLower(design.ncols, 3, rand), transposeTimesDiagTimes(design, w));
}

interface Case {
  name: string;
  lower: CscMatrix;
}

function cases(): Case[] {
  const rand = seededRandom(21);
  const design = randomSparse(70, 50, 0.06, rand);
  const w = Array.from({ length: 70 }, () => 0.2 + rand());
  return [
    { name: 'random n=40', lower: randomSpdLower(40, 4, rand) },
    { name: 'random n=90', lower: randomSpdLower(90, 6, rand) },
    { name: 'random n=150', lower: randomSpdLower(150, 3, rand) },
    { name: 'Q + AᵀWA n=50', lower: inlaLikeLower(design, w, rand) },
  ];
}

describe.each(['amd', 'natural'] as const)('cholesky with %s ordering', (ordering) => {
  for (const { name, lower } of cases()) {
    describe(name, () => {
      const n = lower.ncols;
      const h = denseSymmetric(lower);
      const scale = maxAbs(h);
      const symbolic = analyse(lower, { ordering });
      const factor = cholesky(symbolic, lower.values);
      const hInv = inverse(h);
      const invScale = maxAbs(hInv);

      it('has a well-formed symbolic structure: sorted columns, diagonal first, parent = first subdiagonal row', () => {
        const { lColPtr, lRowIdx, parent, perm, invPerm } = symbolic;
        for (let j = 0; j < n; j++) {
          expect(lRowIdx[lColPtr[j]!]).toBe(j);
          for (let p = lColPtr[j]! + 1; p < lColPtr[j + 1]!; p++) expect(lRowIdx[p]).toBeGreaterThan(lRowIdx[p - 1]!);
          expect(parent[j]).toBe(lColPtr[j + 1]! > lColPtr[j]! + 1 ? lRowIdx[lColPtr[j]! + 1] : -1);
          expect(perm[invPerm[j]!]).toBe(j);
        }
      });

      it('L Lᵀ = P H Pᵀ (dense check)', () => {
        const l = denseL(factor);
        const llt = l.mmul(l.transpose());
        assertAllClose(llt.to1DArray(), permuted(h, symbolic.perm).to1DArray(), { abs: 1e-12 * scale }, 'LLᵀ');
      });

      it('logDeterminant matches the dense Cholesky', () => {
        assertClose(factor.logDeterminant(), denseLogDet(h), { rel: 1e-11, abs: 1e-10 }, 'log|H|');
      });

      it('solve matches the dense solve; solveUpper(solveLower(b)) = solve(b)', () => {
        const rand = seededRandom(22);
        const b = Array.from({ length: n }, () => 2 * rand() - 1);
        const expected = solve(h, Matrix.columnVector(b)).to1DArray();
        const xScale = Math.max(...expected.map(Math.abs));
        const x = factor.solve(b);
        assertAllClose(x, expected, { abs: 1e-11 * xScale }, 'solve');
        assertAllClose(factor.solveUpper(factor.solveLower(b)), x, { abs: 1e-13 * xScale }, 'upper∘lower');
        // solveLower(b) = L⁻¹ P b densely.
        const pb = Array.from(symbolic.perm, (i) => b[i]!);
        const y = solve(denseL(factor), Matrix.columnVector(pb)).to1DArray();
        assertAllClose(factor.solveLower(b), y, { abs: 1e-11 * Math.max(...y.map(Math.abs)) }, 'solveLower');
        // `out` may alias the right-hand side.
        const inPlace = Float64Array.from(b);
        expect(factor.solve(inPlace, inPlace)).toBe(inPlace);
        assertAllClose(inPlace, x, { abs: 0 }, 'aliased solve');
      });

      it('inverseDiagonal and selectedInverse match the dense inverse on every filled-pattern entry', () => {
        const tol = { abs: 1e-10 * invScale };
        const diag = factor.inverseDiagonal();
        const expectedDiag = Array.from({ length: n }, (_, i) => hInv.get(i, i));
        assertAllClose(diag, expectedDiag, tol, 'inverseDiagonal');
        const sel = factor.selectedInverse();
        assertAllClose(sel.diagonal(), expectedDiag, tol, 'selectedInverse.diagonal');
        const { lColPtr, lRowIdx, perm } = symbolic;
        let checked = 0;
        for (let j = 0; j < n; j++) {
          for (let p = lColPtr[j]!; p < lColPtr[j + 1]!; p++) {
            const a = perm[lRowIdx[p]!]!;
            const b = perm[j]!;
            assertClose(sel.get(a, b), hInv.get(a, b), tol, `Σ(${a},${b})`);
            assertClose(sel.get(b, a), hInv.get(b, a), tol, `Σ(${b},${a})`);
            checked++;
          }
        }
        expect(checked).toBe(lColPtr[n]);
      });

      it('InverseEntries + gather read the dense inverse at the chosen entries, for a refactorised factor too', () => {
        const { lColPtr, lRowIdx, perm } = symbolic;
        const rows: number[] = [];
        const cols: number[] = [];
        for (let j = 0; j < n; j++) {
          for (let p = lColPtr[j]!; p < lColPtr[j + 1]!; p += 2) {
            // both orientations, so that the upper triangle is read as well
            rows.push(perm[lRowIdx[p]!]!, perm[j]!);
            cols.push(perm[j]!, perm[lRowIdx[p]!]!);
          }
        }
        const entries = new InverseEntries(symbolic, rows, cols);
        const expected = rows.map((a, k) => hInv.get(a, cols[k]!));
        assertAllClose(factor.selectedInverse().gather(entries), expected, { abs: 1e-10 * invScale }, 'gather');
        // the same entries serve another factor of the same analysis: 2H, whose inverse is H⁻¹ / 2
        const twice = cholesky(symbolic, Array.from(lower.values, (v) => 2 * v));
        assertAllClose(twice.selectedInverse().gather(entries), expected.map((v) => v / 2), { abs: 1e-10 * invScale }, 'gather of 2H');
        const other = analyse(lower, { ordering: ordering === 'amd' ? 'natural' : 'amd' });
        expect(caught(() => cholesky(other, lower.values).selectedInverse().gather(entries)).code).toBe('invalid-argument');
      });

      it('selectedInverse.get throws not-on-pattern off the filled pattern', () => {
        const sel = factor.selectedInverse();
        const { lColPtr, lRowIdx, invPerm } = symbolic;
        const onPattern = (i: number, j: number): boolean => {
          const a = Math.max(invPerm[i]!, invPerm[j]!);
          const b = Math.min(invPerm[i]!, invPerm[j]!);
          for (let p = lColPtr[b]!; p < lColPtr[b + 1]!; p++) if (lRowIdx[p] === a) return true;
          return false;
        };
        let found = 0;
        for (let i = 0; i < n && found < 5; i++) {
          for (let j = 0; j < i && found < 5; j++) {
            if (onPattern(i, j)) continue;
            expect(caught(() => sel.get(i, j)).code).toBe('not-on-pattern');
            found++;
          }
        }
        expect(found).toBeGreaterThan(0);
      });

      it('sample(): Σ_k x_k x_kᵀ over unit vectors z = e_k equals H⁻¹', () => {
        const cov = Matrix.zeros(n, n);
        const x = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          sample(factor, unit(n, k), x);
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) cov.set(a, b, cov.get(a, b) + x[a]! * x[b]!);
        }
        assertAllClose(cov.to1DArray(), hInv.to1DArray(), { abs: 1e-10 * invScale }, 'XXᵀ');
      });
    });
  }
});

describe('cholesky reuse, input formats and errors', () => {
  const rand = seededRandom(31);
  const lower = randomSpdLower(60, 5, rand);

  it('refactorising with new values on the same symbolic reuses the buffers and gives correct results', () => {
    const symbolic = analyse(lower);
    const factor = cholesky(symbolic, lower.values);
    const buffer = factor.lValues;
    for (let round = 0; round < 3; round++) {
      // Same pattern, new values: rescale and shift the diagonal.
      const values = Float64Array.from(lower.values, (v) => v * (1 + rand()));
      for (let j = 0; j < 60; j++) values[lower.colPtr[j]!]! += round; // the diagonal is first in each column
      const fresh = new CscMatrix(60, 60, lower.colPtr, lower.rowIdx, values);
      const h = denseSymmetric(fresh);
      expect(cholesky(symbolic, values, factor)).toBe(factor);
      expect(factor.lValues).toBe(buffer);
      assertClose(factor.logDeterminant(), denseLogDet(h), { rel: 1e-11 }, 'log|H| after refactor');
      const b = Array.from({ length: 60 }, () => rand());
      const expected = solve(h, Matrix.columnVector(b)).to1DArray();
      assertAllClose(factor.solve(b), expected, { abs: 1e-11 * Math.max(...expected.map(Math.abs)) }, 'solve');
      const hInv = inverse(h);
      assertAllClose(
        factor.inverseDiagonal(),
        Array.from({ length: 60 }, (_, i) => hInv.get(i, i)),
        { abs: 1e-10 * maxAbs(hInv) },
        'inverseDiagonal after refactor',
      );
    }
  });

  it('accepts the full symmetric matrix (values in its own order) and an explicit ordering', () => {
    const full = symmetricFromLower(lower);
    const symbolicFull = analyse(full);
    expect(symbolicFull.inputFormat).toBe('full');
    expect(symbolicFull.inputNnz).toBe(full.nnz);
    const symbolicLower = analyse(lower);
    expect(symbolicLower.inputFormat).toBe('lower');
    const h = denseSymmetric(lower);
    assertClose(cholesky(symbolicFull, full.values).logDeterminant(), denseLogDet(h), { rel: 1e-11 }, 'full');
    const perm = new Int32Array(60);
    for (let k = 0; k < 60; k++) perm[k] = (k * 7) % 60;
    const symbolicGiven = analyse(lower, { ordering: perm });
    expect(Array.from(symbolicGiven.perm)).toEqual(Array.from(perm));
    const f = cholesky(symbolicGiven, lower.values);
    assertClose(f.logDeterminant(), denseLogDet(h), { rel: 1e-11 }, 'given ordering');
    const l = denseL(f);
    assertAllClose(l.mmul(l.transpose()).to1DArray(), permuted(h, perm).to1DArray(), { abs: 1e-12 * maxAbs(h) }, 'LLᵀ');
  });

  it('rejects invalid orderings, non-square and structurally unsymmetric full patterns', () => {
    expect(caught(() => analyse(lower, { ordering: new Int32Array(60) })).code).toBe('invalid-argument');
    expect(caught(() => analyse(lower, { ordering: new Int32Array(3) })).code).toBe('invalid-argument');
    expect(caught(() => analyse(randomSparse(4, 5, 0.5, rand))).code).toBe('dimension-mismatch');
    const unsymmetric = CscMatrix.fromDense([
      [2, 1, 0],
      [0, 2, 0],
      [0, 1, 2],
    ]);
    expect(caught(() => analyse(unsymmetric)).code).toBe('not-symmetric');
  });

  it('throws not-positive-definite (with the failing column) for an indefinite matrix, and recovers', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1; the natural order fails at the second pivot, 1 - 4.
    const bad = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [1, 2, 1]);
    const symbolic = analyse(bad, { ordering: 'natural' });
    const error = caught(() => cholesky(symbolic, bad.values));
    expect(error.code).toBe('not-positive-definite');
    expect(error.detail).toMatchObject({ column: 1, index: 1, pivot: -3 });
    const factor = cholesky(symbolic, [4, 1, 3]);
    expect(caught(() => cholesky(symbolic, [1, 2, 1], factor)).code).toBe('not-positive-definite');
    expect(caught(() => factor.solve([1, 1])).code).toBe('not-factorised');
    expect(caught(() => factor.logDeterminant()).code).toBe('not-factorised');
    cholesky(symbolic, [4, 1, 3], factor); // the same buffers factorise a good matrix again
    assertClose(factor.logDeterminant(), Math.log(11), { rel: 1e-14 }, 'log|[[4,1],[1,3]]|');
    assertAllClose(factor.solve([5, 4]), [1, 1], { abs: 1e-14 }, 'solve after recovery');
    expect(caught(() => cholesky(symbolic, [1, 0, Number.NaN])).code).toBe('not-positive-definite');
    expect(caught(() => cholesky(symbolic, [0, 0, 1])).code).toBe('not-positive-definite');
  });

  it('checks value and vector lengths and the factor/symbolic pairing', () => {
    const symbolic: SymbolicCholesky = analyse(lower);
    const factor = cholesky(symbolic, lower.values);
    expect(caught(() => cholesky(symbolic, [1, 2, 3])).code).toBe('dimension-mismatch');
    expect(caught(() => factor.solve([1, 2, 3])).code).toBe('dimension-mismatch');
    expect(caught(() => factor.inverseDiagonal(new Float64Array(3))).code).toBe('dimension-mismatch');
    expect(caught(() => cholesky(analyse(lower), lower.values, factor)).code).toBe('invalid-argument');
  });
});
