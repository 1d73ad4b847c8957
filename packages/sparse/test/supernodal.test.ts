import { assertAllClose, assertClose, seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix, inverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  CscMatrix,
  SparseError,
  add,
  analyse,
  cholesky,
  linearConstraint,
  sample,
  transposeTimesDiagTimes,
  type AnalyseOptions,
} from '../src/index.js';
import { SimplicialCholesky } from '../src/simplicial.js';
import {
  arrowLower,
  bandLower,
  denseSymmetric,
  gridLaplacianLower,
  maxAbs,
  randomSparse,
  randomSpdLower,
  tridiagonalLower,
} from './helpers.js';

function caught(fn: () => unknown): SparseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SparseError) return e;
    throw e;
  }
  throw new Error('expected a SparseError');
}

/** nnz(L) of P H Pᵀ by dense boolean elimination (independent of the elimination tree). */
function denseFillCount(lower: CscMatrix, perm: Int32Array): { nnzL: number; flops: number } {
  const n = lower.ncols;
  const invPerm = new Int32Array(n);
  for (let k = 0; k < n; k++) invPerm[perm[k]!] = k;
  const filled = Array.from({ length: n }, () => new Uint8Array(n));
  for (let j = 0; j < n; j++) {
    for (let p = lower.colPtr[j]!; p < lower.colPtr[j + 1]!; p++) {
      const a = invPerm[lower.rowIdx[p]!]!;
      const b = invPerm[j]!;
      filled[Math.max(a, b)]![Math.min(a, b)] = 1;
    }
  }
  let nnzL = 0;
  let flops = 0;
  for (let k = 0; k < n; k++) {
    filled[k]![k] = 1;
    const below: number[] = [];
    for (let i = k + 1; i < n; i++) if (filled[i]![k]) below.push(i);
    for (const i of below) for (const j of below) if (j <= i) filled[i]![j] = 1;
    nnzL += below.length + 1;
    flops += (below.length + 1) ** 2;
  }
  return { nnzL, flops };
}

function denseLogDet(h: Matrix): number {
  const l = new CholeskyDecomposition(h).lowerTriangularMatrix;
  let s = 0;
  for (let i = 0; i < h.rows; i++) s += Math.log(l.get(i, i));
  return 2 * s;
}

interface Shape {
  name: string;
  lower: CscMatrix;
}

function shapes(): Shape[] {
  const rand = seededRandom(41);
  const design = randomSparse(90, 70, 0.05, rand);
  const w = Array.from({ length: 90 }, () => 0.2 + rand());
  return [
    { name: 'tridiagonal n=60', lower: tridiagonalLower(60, rand) },
    { name: 'arrow n=50 (hub first)', lower: arrowLower(50, 0, rand) },
    { name: 'arrow n=150 (hub in the middle, dissected)', lower: arrowLower(150, 75, rand) },
    { name: 'lattice 11x13 + 0.1 I', lower: gridLaplacianLower(12, 0.1) },
    { name: 'random graph n=120', lower: randomSpdLower(120, 5, rand) },
    { name: 'band n=100, half-bandwidth 13 (wide supernodes)', lower: bandLower(100, 13, rand) },
    { name: 'Q + AᵀWA n=70', lower: add(randomSpdLower(70, 3, rand), transposeTimesDiagTimes(design, w)) },
  ];
}

const variants: { label: string; options: AnalyseOptions }[] = [
  { label: 'auto', options: {} },
  { label: 'nested dissection', options: { ordering: 'nested-dissection' } },
  { label: 'amd, fundamental supernodes only', options: { ordering: 'amd', relax: false } },
  { label: 'natural', options: { ordering: 'natural' } },
];

describe.each(variants)('supernodal Cholesky ($label)', ({ options }) => {
  for (const { name, lower } of shapes()) {
    describe(name, () => {
      const n = lower.ncols;
      const h = denseSymmetric(lower);
      const hInv = inverse(h);
      const invScale = maxAbs(hInv);
      const symbolic = analyse(lower, options);
      const factor = cholesky(symbolic, lower.values);

      it('predicts nnz(L) and the flop count of dense boolean elimination; supernodes tile the columns', () => {
        expect({ nnzL: symbolic.nnzL, flops: symbolic.flops }).toEqual(denseFillCount(lower, symbolic.perm));
        expect(symbolic.superPtr[0]).toBe(0);
        expect(symbolic.superPtr[symbolic.nSupernodes]).toBe(n);
        expect(symbolic.lColPtr[n]).toBeGreaterThanOrEqual(symbolic.nnzL);
        if (options.relax === false) expect(symbolic.lColPtr[n]).toBe(symbolic.nnzL);
      });

      it('log|H|, solve and solveMany match the dense results', () => {
        assertClose(factor.logDeterminant(), denseLogDet(h), { rel: 1e-12 }, 'log|H|');
        const rand = seededRandom(42);
        const bs = [0, 1, 2].map(() => Array.from({ length: n }, () => 2 * rand() - 1));
        const many = factor.solveMany(bs);
        bs.forEach((b, a) => {
          const expected = solve(h, Matrix.columnVector(b)).to1DArray();
          const scale = Math.max(...expected.map(Math.abs));
          assertAllClose(factor.solve(b), expected, { abs: 1e-12 * scale }, `solve ${a}`);
          assertAllClose(many[a]!, expected, { abs: 1e-12 * scale }, `solveMany ${a}`);
        });
      });

      it('the selected inverse matches H⁻¹ on every stored entry of L, both triangles', () => {
        const sel = factor.selectedInverse();
        const { lColPtr, lRowIdx, perm } = symbolic;
        const tol = { abs: 1e-12 * invScale };
        for (let j = 0; j < n; j++) {
          for (let p = lColPtr[j]!; p < lColPtr[j + 1]!; p++) {
            const a = perm[lRowIdx[p]!]!;
            const b = perm[j]!;
            assertClose(sel.get(a, b), hInv.get(a, b), tol, `Σ(${a},${b})`);
            assertClose(sel.get(b, a), hInv.get(a, b), tol, `Σ(${b},${a})`);
          }
        }
        assertAllClose(factor.inverseDiagonal(), Array.from({ length: n }, (_, i) => hInv.get(i, i)), tol, 'diag');
      });

      it('inverseBlock gives H⁻¹ on a scattered set of nodes (duplicates, any order), entry by entry', () => {
        const nodes = [n - 1, 0, Math.floor(n / 2), 3, Math.floor(n / 3), 3];
        const block = factor.inverseBlock(nodes);
        const expected = nodes.flatMap((a) => nodes.map((b) => hInv.get(a, b)));
        assertAllClose(block, expected, { abs: 1e-12 * invScale }, '(H⁻¹)_SS');
        expect(caught(() => factor.inverseBlock([n])).code).toBe('invalid-argument');
      });

      it('constrained samples have the conditional covariance H⁻¹ − H⁻¹Aᵀ(AH⁻¹Aᵀ)⁻¹AH⁻¹ and mean', () => {
        const rand = seededRandom(43);
        const rows = [Array.from({ length: n }, () => 1), Array.from({ length: n }, () => 2 * rand() - 1)];
        const rhs = [0.5, -1];
        const A = new Matrix(rows);
        const W = hInv.mmul(A.transpose());
        const SInv = inverse(A.mmul(W));
        const conditional = hInv.sub(W.mmul(SInv).mmul(W.transpose()));
        const constraint = linearConstraint(factor, rows, rhs);
        const cov = Matrix.zeros(n, n);
        const z = new Float64Array(n);
        const zero = new Float64Array(n);
        const centred = linearConstraint(factor, rows, [0, 0]);
        for (let k = 0; k < n; k++) {
          z.fill(0);
          z[k] = 1;
          const x = sample(factor, z, { constraint: centred });
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) cov.set(a, b, cov.get(a, b) + x[a]! * x[b]!);
        }
        assertAllClose(cov.to1DArray(), conditional.to1DArray(), { abs: 1e-11 * invScale }, 'conditional covariance');
        // z = 0: the draw is the conditional mean μ − W S⁻¹ (A μ − e).
        const mu = Array.from({ length: n }, () => rand());
        const mean = sample(factor, zero, { mean: mu, constraint });
        const residual = A.mmul(Matrix.columnVector(mu)).sub(Matrix.columnVector(rhs));
        const expected = Matrix.columnVector(mu).sub(W.mmul(SInv).mmul(residual)).to1DArray();
        assertAllClose(mean, expected, { abs: 1e-11 * Math.max(...expected.map(Math.abs)) }, 'conditional mean');
        assertAllClose(A.mmul(Matrix.columnVector(Array.from(mean))).to1DArray(), rhs, { abs: 1e-11 }, 'A x = e');
      });
    });
  }
});

describe('supernodal factorisation against the simplicial baseline and on bad input', () => {
  it('agrees with the simplicial left-looking factorisation on a 40 x 40 lattice (log|H|, diag(H⁻¹), solve)', () => {
    const lower = gridLaplacianLower(40, 0.05);
    const symbolic = analyse(lower);
    const factor = cholesky(symbolic, lower.values);
    const baseline = new SimplicialCholesky(lower, analyse(lower, { ordering: 'amd' }).perm).factor(lower.values);
    assertClose(factor.logDeterminant(), baseline.logDeterminant(), { rel: 1e-12 }, 'log|H|');
    const diag = baseline.inverseDiagonal();
    assertAllClose(factor.inverseDiagonal(), diag, { abs: 1e-11 * Math.max(...diag) }, 'diag(H⁻¹)');
    const b = Float64Array.from({ length: 1600 }, (_, i) => Math.cos(i));
    const x = baseline.solve(b);
    assertAllClose(factor.solve(b), x, { abs: 1e-11 * Math.max(...x.map(Math.abs)) }, 'solve');
  });

  it('names the column where a supernode meets a non-positive pivot', () => {
    // A dense 6 x 6 matrix (one supernode): 4 on the diagonal, 1 off it, except H[3][3] = 0.4. After
    // three pivots the Schur complement at 3 is 0.4 − 3 / (4 + 2) = −0.1.
    const n = 6;
    const dense: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 4 : 1)));
    dense[3]![3] = 0.4;
    const lower = CscMatrix.fromDense(dense).lowerTriangle();
    const symbolic = analyse(lower, { ordering: 'natural' });
    expect(symbolic.nSupernodes).toBe(1);
    // The failing pivot by plain dense elimination.
    const m = dense.map((r) => r.slice());
    let failing = -1;
    for (let k = 0; k < n && failing < 0; k++) {
      if (!(m[k]![k]! > 0)) failing = k;
      for (let i = k + 1; i < n; i++) for (let j = k + 1; j < n; j++) m[i]![j]! -= (m[i]![k]! * m[k]![j]!) / m[k]![k]!;
    }
    expect(failing).toBe(3);
    const error = caught(() => cholesky(symbolic, lower.values));
    expect(error.code).toBe('not-positive-definite');
    expect(error.detail).toMatchObject({ column: 3, index: 3 });
    assertClose((error.detail as { pivot: number }).pivot, -0.1, { abs: 1e-14 }, 'pivot');
    expect(error.message).toContain('column 3');
  });

  it('rejects constraints of the wrong length or linearly dependent rows', () => {
    const lower = tridiagonalLower(8, seededRandom(44));
    const factor = cholesky(analyse(lower), lower.values);
    expect(caught(() => linearConstraint(factor, [[1, 2]], [0])).code).toBe('dimension-mismatch');
    expect(caught(() => linearConstraint(factor, [new Array(8).fill(1)], [0, 1])).code).toBe('dimension-mismatch');
    const row = Array.from({ length: 8 }, (_, i) => i);
    expect(caught(() => linearConstraint(factor, [row, row.map((v) => 2 * v)], [0, 0])).code).toBe('not-positive-definite');
    expect(caught(() => sample(factor, new Float64Array(8), { mean: [1, 2] })).code).toBe('dimension-mismatch');
  });
});
