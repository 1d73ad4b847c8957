import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assertAllClose, assertClose, maxAbsDiff, seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix, inverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { CscMatrix, SparseError, analyse, cholesky, type AnalyseOptions } from '../src/index.js';
import { dotProductTiles, subtractBlockProduct } from '../src/kernels.js';
import { kernelsWasm } from '../src/kernels-wasm.js';
import { SIMD_PADDING, type SimdKernels, simdKernels } from '../src/simd-kernels.js';
import { factorWasm } from '../src/factor-wasm.js';
import { solvesWasm } from '../src/solves-wasm.js';
import { arrowLower, bandLower, denseSymmetric, gridLaplacianLower, maxAbs, randomSpdLower, tridiagonalLower } from './helpers.js';

/** The SIMD kernels over a fresh memory of `bytes` bytes; WebAssembly SIMD runs on every Node this package supports. */
function kernels(bytes: number): SimdKernels {
  const simd = simdKernels('webassembly', 0, bytes);
  if (simd === undefined) throw new Error('WebAssembly SIMD kernels unavailable');
  return simd;
}

describe('the WebAssembly SIMD kernels', () => {
  it('the committed modules are what assembly/kernels.ts, assembly/solves.ts and assembly/factor.ts compile to', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    // Exits 1, naming the command to run, when src/kernels-wasm.ts, src/solves-wasm.ts or src/factor-wasm.ts is stale.
    execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  });

  it('each module is under the 4 KB that a browser compiles synchronously on its main thread', () => {
    for (const base64 of [kernelsWasm, solvesWasm, factorWasm]) expect(atob(base64).length).toBeLessThan(4096);
  });

  it("'auto' keeps small factors on the TypeScript kernels; 'webassembly' and 'typescript' are obeyed", () => {
    const lower = gridLaplacianLower(6, 0.1);
    const symbolic = analyse(lower);
    if (process.env['HLM_SPARSE_KERNELS'] === undefined) expect(cholesky(symbolic, lower.values).kernels).toBe('typescript');
    expect(cholesky(symbolic, lower.values, undefined, { kernels: 'webassembly' }).kernels).toBe('webassembly');
    expect(cholesky(symbolic, lower.values, undefined, { kernels: 'typescript' }).kernels).toBe('typescript');
  });

  // The remainders of the 4 × 4 tiles, with scattered sources and targets, against the TypeScript kernel.
  const sizes = [1, 2, 3, 4, 5, 7, 9];
  // Few source columns, and more than two of subtractProduct's chunks of 64.
  const shapes = sizes.flatMap((cols) => sizes.map((extra) => [cols, extra, ((cols + extra) % 6) + 1]));
  it.each([...shapes, [5, 7, 133], [9, 2, 64], [4, 0, 65]])('subtractProduct with %i columns, %i more rows and %i source columns matches subtractBlockProduct', (cols, extra, kd) => {
    const rand = seededRandom(cols * 17 + extra);
    const rows = cols + extra;
    const stride = rows + 4;
    // Source columns (each shifted by 2 rows, as p1 shifts them), then the target block, then the index arrays.
    const sourceBase = Int32Array.from({ length: kd }, (_, c) => (kd - 1 - c) * stride + 2);
    const targetStart = kd * stride + 3;
    const targetRows = rows + 5;
    const targets = Int32Array.from({ length: rows }, (_, i) => i + (i > 2 ? 3 : 0) + (i > 5 ? 2 : 0));
    const targetBase = Int32Array.from({ length: cols }, (_, j) => targetStart + j * targetRows);
    const length = targetStart + cols * targetRows;
    const values = Float64Array.from({ length }, () => 2 * rand() - 1);
    const expected = values.slice();
    subtractBlockProduct(expected, sourceBase, kd, rows, cols, targetBase, targets);
    const sourceBaseOffset = 8 * length + SIMD_PADDING;
    const targetsOffset = sourceBaseOffset + 4 * kd;
    const targetBaseOffset = targetsOffset + 4 * rows;
    const simd = kernels(targetBaseOffset + 4 * cols);
    const buffer = simd.memory.buffer;
    new Float64Array(buffer, 0, length).set(values);
    new Int32Array(buffer, sourceBaseOffset, kd).set(sourceBase);
    new Int32Array(buffer, targetsOffset, rows).set(targets);
    new Int32Array(buffer, targetBaseOffset, cols).set(targetBase);
    simd.subtractProduct(sourceBaseOffset, kd, 0, rows, cols, targetBaseOffset, targetsOffset);
    // Every entry, so also that nothing outside the target trapezoid is written.
    assertAllClose(new Float64Array(buffer, 0, length), expected, { abs: 1e-14, rel: 1e-14 }, 'values');
  });

  it.each(sizes.flatMap((rows) => sizes.map((cols) => [rows, cols])))('dotProducts %i × %i matches dotProductTiles in every mode', (rows, cols) => {
    const rand = seededRandom(rows * 31 + cols);
    // x, y and out in one memory, as in the selected-inverse workspace; odd and even lengths both occur.
    const length = rows + 3;
    const xBase = Int32Array.from({ length: rows }, (_, a) => (rows - 1 - a) * (length + 2) + 1);
    const yStart = rows * (length + 2) + 2;
    const yBase = Int32Array.from({ length: cols }, (_, c) => yStart + 5 + c * (length + 1));
    const outStart = yStart + cols * (length + 1) + 5;
    const outBase = Int32Array.from({ length: cols }, (_, c) => outStart + 3 + c * (rows + 2));
    const size = outStart + 3 + cols * (rows + 2);
    const xBaseOffset = 8 * size + SIMD_PADDING;
    const yBaseOffset = xBaseOffset + 4 * rows;
    const outBaseOffset = yBaseOffset + 4 * cols;
    for (const [lower, triangular] of [
      [false, false],
      [true, false],
      [true, true],
      [false, true],
    ] as const) {
      for (const accumulate of [false, true]) {
        const values = Float64Array.from({ length: size }, () => 2 * rand() - 1);
        // x zero above its "diagonal" b < a, for the triangular mode.
        if (triangular) for (let a = 0; a < rows; a++) for (let b = 0; b < Math.min(a, length); b++) values[xBase[a]! + b] = 0;
        const expected = values.slice();
        dotProductTiles(expected, xBase, expected, yBase, rows, cols, length, expected, outBase, -2, accumulate, lower, triangular);
        const simd = kernels(outBaseOffset + 4 * cols);
        const buffer = simd.memory.buffer;
        const actual = new Float64Array(buffer, 0, size);
        actual.set(values);
        new Int32Array(buffer, xBaseOffset, rows).set(xBase);
        new Int32Array(buffer, yBaseOffset, cols).set(yBase);
        new Int32Array(buffer, outBaseOffset, cols).set(outBase);
        simd.dotProducts(xBaseOffset, yBaseOffset, rows, cols, length, outBaseOffset, -2, accumulate, lower, triangular);
        // In lower mode, entries above the diagonal may be filled too (by either kernel): compare the wanted ones only.
        const wanted = (v: Float64Array): number[] => {
          const picked: number[] = [];
          for (let c = 0; c < cols; c++) for (let a = lower ? c : 0; a < rows; a++) picked.push(v[outBase[c]! + a]!);
          return picked;
        };
        assertAllClose(wanted(actual), wanted(expected), { abs: 1e-13 }, `lower=${lower} triangular=${triangular} accumulate=${accumulate}`);
        assertAllClose(actual.subarray(0, outStart), expected.subarray(0, outStart), { abs: 0 }, 'inputs untouched');
      }
    }
  });
});

/** Relative agreement of the two paths: |a − b| ≤ rel · max |b|, with the worst figure printed. */
function agree(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, label: string): void {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  const worst = maxAbsDiff(actual, expected) / scale;
  console.log(`${label}: worst ${worst.toExponential(2)} relative to the largest entry (tolerance ${rel})`);
  expect(worst).toBeLessThanOrEqual(rel);
}

const rand = seededRandom(43);
/** Factors of several shapes: supernodes of width 1 to well over 4, panels of odd and even row counts. */
const shapes: { name: string; lower: CscMatrix; options: AnalyseOptions }[] = [
  { name: 'tridiagonal n=60', lower: tridiagonalLower(60, rand), options: {} },
  { name: 'arrow n=150 (hub in the middle)', lower: arrowLower(150, 75, rand), options: {} },
  { name: 'lattice 24x24 + 0.1 I, nested dissection', lower: gridLaplacianLower(24, 0.1), options: { ordering: 'nested-dissection' } },
  { name: 'lattice 12x12 + 0.1 I, amd, fundamental supernodes', lower: gridLaplacianLower(12, 0.1), options: { ordering: 'amd', relax: false } },
  { name: 'random graph n=120', lower: randomSpdLower(120, 5, rand), options: {} },
  { name: 'band n=100, half-bandwidth 13 (wide supernodes)', lower: bandLower(100, 13, rand), options: {} },
  { name: 'dense n=40 (one supernode)', lower: bandLower(40, 39, rand), options: { ordering: 'natural' } },
  { name: 'dense n=150 (one supernode, chunked updates)', lower: bandLower(150, 149, rand), options: { ordering: 'natural' } },
];

describe('factor, solves, log-determinant and selected inverse by the SIMD kernels', () => {
  for (const { name, lower, options } of shapes) {
    it(`${name}: as the TypeScript kernels and the dense results, to 1e-12`, () => {
      const n = lower.ncols;
      const symbolic = analyse(lower, options);
      const simd = cholesky(symbolic, lower.values, undefined, { kernels: 'webassembly' });
      const plain = cholesky(symbolic, lower.values, undefined, { kernels: 'typescript' });
      expect([simd.kernels, plain.kernels]).toEqual(['webassembly', 'typescript']);
      agree(simd.lValues, plain.lValues, 1e-12, `${name}, L`);
      // Refactorising new values into the same memory.
      const scaled = lower.values.map((v) => 2 * v);
      cholesky(symbolic, scaled, simd);
      cholesky(symbolic, scaled, plain);
      agree(simd.lValues, plain.lValues, 1e-12, `${name}, L of 2H`);
      cholesky(symbolic, lower.values, simd);
      cholesky(symbolic, lower.values, plain);

      const h = denseSymmetric(lower);
      const hInv = inverse(h);
      assertClose(simd.logDeterminant(), plain.logDeterminant(), { rel: 1e-12 }, 'log|H|');
      // and against the dense Cholesky, independently of either factor
      const denseL = new CholeskyDecomposition(h).lowerTriangularMatrix;
      let denseLogDet = 0;
      for (let i = 0; i < n; i++) denseLogDet += 2 * Math.log(denseL.get(i, i));
      assertClose(simd.logDeterminant(), denseLogDet, { rel: 1e-11, abs: 1e-10 }, 'log|H| (dense)');
      const b = Array.from({ length: n }, () => 2 * rand() - 1);
      const expected = solve(h, Matrix.columnVector(b)).to1DArray();
      agree(simd.solve(b), expected, 1e-12, `${name}, solve`);
      const sel = simd.selectedInverse();
      const { lColPtr, lRowIdx, perm } = symbolic;
      const tol = { abs: 1e-12 * maxAbs(hInv) };
      for (let j = 0; j < n; j++) {
        for (let p = lColPtr[j]!; p < lColPtr[j + 1]!; p++) {
          const a = perm[lRowIdx[p]!]!;
          const c = perm[j]!;
          assertClose(sel.get(a, c), hInv.get(a, c), tol, `Σ(${a},${c})`);
        }
      }
      agree(simd.inverseDiagonal(), plain.inverseDiagonal(), 1e-12, `${name}, diag(H⁻¹)`);
      agree(simd.inverseDiagonal(), Array.from({ length: n }, (_, i) => hInv.get(i, i)), 1e-12, `${name}, diag(H⁻¹) against the dense inverse`);
    });
  }

  it('names the column where a supernode meets a non-positive pivot', () => {
    // As in supernodal.test.ts: after three pivots the Schur complement at 3 is 0.4 − 3 / (4 + 2) = −0.1.
    const n = 6;
    const dense: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 4 : 1)));
    dense[3]![3] = 0.4;
    const lower = CscMatrix.fromDense(dense).lowerTriangle();
    const symbolic = analyse(lower, { ordering: 'natural' });
    let error: unknown;
    try {
      cholesky(symbolic, lower.values, undefined, { kernels: 'webassembly' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparseError);
    expect((error as SparseError).code).toBe('not-positive-definite');
    expect((error as SparseError).detail).toMatchObject({ column: 3, index: 3 });
    assertClose(((error as SparseError).detail as { pivot: number }).pivot, -0.1, { abs: 1e-14 }, 'pivot');
  });
});

describe('the SIMD triangular solves', () => {
  it('the shapes have supernodes of every width from 1 to over 4', () => {
    const widths = new Set<number>();
    for (const { lower, options } of shapes) {
      const { nSupernodes, superPtr } = analyse(lower, options);
      for (let s = 0; s < nSupernodes; s++) widths.add(Math.min(5, superPtr[s + 1]! - superPtr[s]!));
    }
    expect([...widths].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  for (const { name, lower, options } of shapes) {
    it(`${name}: solve, solveLower, solveUpper and solveMany as the TypeScript solves and the dense solution, to 1e-12`, () => {
      const random = seededRandom(lower.ncols);
      const n = lower.ncols;
      const symbolic = analyse(lower, options);
      const simd = cholesky(symbolic, lower.values, undefined, { kernels: 'webassembly' });
      const plain = cholesky(symbolic, lower.values, undefined, { kernels: 'typescript' });
      expect([simd.kernels, plain.kernels]).toEqual(['webassembly', 'typescript']);
      // Five right-hand sides: solveMany makes two interleaved pairs and one single solve of them.
      const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => 2 * random() - 1));
      const B = new Matrix(n, columns.length);
      columns.forEach((b, a) => B.setColumn(a, Array.from(b)));
      const dense = solve(denseSymmetric(lower), B);
      const expected = columns.map((_, a) => dense.getColumn(a));

      const b = columns[0]!;
      agree(simd.solve(b), expected[0]!, 1e-12, `${name}, SIMD solve against dense`);
      agree(plain.solve(b), expected[0]!, 1e-12, `${name}, TypeScript solve against dense`);
      agree(simd.solve(b), plain.solve(b), 1e-13, `${name}, SIMD solve against TypeScript`);
      // out aliasing b
      const aliased = Float64Array.from(b);
      expect(simd.solve(aliased, aliased)).toBe(aliased);
      agree(aliased, expected[0]!, 1e-12, `${name}, SIMD solve in place`);
      // the two triangles apart, and solveUpper aliasing its input
      const lowerPart = simd.solveLower(b);
      agree(lowerPart, plain.solveLower(b), 1e-13, `${name}, solveLower`);
      agree(simd.solveUpper(lowerPart, lowerPart), expected[0]!, 1e-12, `${name}, solveUpper after solveLower`);

      for (const q of [1, 2, 3, 5]) {
        const many = simd.solveMany(columns.slice(0, q));
        const plainMany = plain.solveMany(columns.slice(0, q));
        expect(many).toHaveLength(q);
        many.forEach((x, a) => {
          agree(x, expected[a]!, 1e-12, `${name}, SIMD solveMany of ${q}, column ${a}, against dense`);
          agree(x, plainMany[a]!, 1e-13, `${name}, SIMD solveMany of ${q}, column ${a}, against TypeScript`);
        });
      }
      expect(simd.solveMany([])).toEqual([]);
    });
  }
});
