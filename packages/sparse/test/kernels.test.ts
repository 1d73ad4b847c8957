import { assertAllClose, seededRandom } from '@hlm/test-utils';
import { describe, it } from 'vitest';
import { dotProductTiles } from '../src/kernels.js';

describe('dotProductTiles', () => {
  // Every remainder of the three-by-three tiling, with scattered column bases and an output offset.
  const sizes = [1, 2, 3, 4, 5, 7, 9];
  for (const rows of sizes) {
    for (const cols of sizes) {
      it(`${rows} x ${cols}: overwrite, accumulate, lower and triangular modes match plain loops`, () => {
        const rand = seededRandom(rows * 31 + cols);
        const length = rows + 3;
        const x = Float64Array.from({ length: rows * (length + 2) }, () => 2 * rand() - 1);
        const y = Float64Array.from({ length: cols * (length + 1) + 5 }, () => 2 * rand() - 1);
        const xBase = Int32Array.from({ length: rows }, (_, a) => (rows - 1 - a) * (length + 2) + 1);
        const yBase = Int32Array.from({ length: cols }, (_, c) => 5 + c * (length + 1));
        const outBase = Int32Array.from({ length: cols }, (_, c) => 3 + c * (rows + 2));
        // x zero above its "diagonal" b < a, for the triangular mode.
        const xt = x.slice();
        for (let a = 0; a < rows; a++) for (let b = 0; b < Math.min(a, length); b++) xt[xBase[a]! + b] = 0;
        for (const [lower, triangular] of [
          [false, false],
          [true, false],
          [true, true],
          [false, true],
        ] as const) {
          const source = triangular ? xt : x;
          const start = Float64Array.from({ length: 3 + cols * (rows + 2) }, () => rand());
          const expected = start.slice();
          const expectedAcc = start.slice();
          for (let c = 0; c < cols; c++) {
            for (let a = 0; a < rows; a++) {
              if (lower && a < c) continue;
              let dot = 0;
              for (let b = 0; b < length; b++) dot += source[xBase[a]! + b]! * y[yBase[c]! + b]!;
              expected[outBase[c]! + a] = -2 * dot;
              expectedAcc[outBase[c]! + a]! += -2 * dot;
            }
          }
          const out = start.slice();
          const acc = start.slice();
          dotProductTiles(source, xBase, y, yBase, rows, cols, length, out, outBase, -2, false, lower, triangular);
          dotProductTiles(source, xBase, y, yBase, rows, cols, length, acc, outBase, -2, true, lower, triangular);
          // In lower mode, entries above the diagonal may be filled too: compare the wanted ones only.
          const wanted = (v: Float64Array): number[] => {
            const picked: number[] = [];
            for (let c = 0; c < cols; c++) for (let a = lower ? c : 0; a < rows; a++) picked.push(v[outBase[c]! + a]!);
            return picked;
          };
          assertAllClose(wanted(out), wanted(expected), { abs: 1e-13 }, `overwrite lower=${lower} triangular=${triangular}`);
          assertAllClose(wanted(acc), wanted(expectedAcc), { abs: 1e-13 }, `accumulate lower=${lower} triangular=${triangular}`);
          // Nothing outside the output columns is touched.
          for (let p = 0; p < 3; p++) assertAllClose([out[p]!, acc[p]!], [start[p]!, start[p]!], { abs: 0 }, 'before the output');
        }
      });
    }
  }
});
