import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { CscMatrix, analyse, approximateMinimumDegree, symmetricFromLower } from '../src/index.js';
import { gridLaplacianLower, isPermutation, randomSpdLower } from './helpers.js';

/** nnz(L) (diagonal included) for a given ordering, from the symbolic analysis. */
function fill(pattern: CscMatrix, ordering: 'amd' | 'natural' | Int32Array): number {
  return analyse(pattern, { ordering }).lColPtr[pattern.ncols];
}

function reversed(n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let k = 0; k < n; k++) perm[k] = n - 1 - k;
  return perm;
}

/** Lower-triangle pattern (diagonal included) of a graph given by its edges. */
function graphLower(n: number, edges: [number, number][]): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(i);
    cols.push(i);
  }
  for (const [a, b] of edges) {
    rows.push(Math.max(a, b));
    cols.push(Math.min(a, b));
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, new Array<number>(rows.length).fill(1));
}

describe('approximateMinimumDegree', () => {
  it('returns a permutation, also for empty, 1x1, diagonal and disconnected patterns', () => {
    expect(approximateMinimumDegree(CscMatrix.fromTriplets(0, 0, [], [], [])).length).toBe(0);
    expect(Array.from(approximateMinimumDegree(CscMatrix.identity(1)))).toEqual([0]);
    expect(isPermutation(approximateMinimumDegree(CscMatrix.identity(7)), 7)).toBe(true);
    const twoPaths = graphLower(10, [
      [0, 1],
      [1, 2],
      [2, 3],
      [5, 6],
      [6, 7],
      [7, 9],
    ]);
    expect(isPermutation(approximateMinimumDegree(twoPaths), 10)).toBe(true);
    expect(fill(twoPaths, 'amd')).toBe(twoPaths.nnz); // a forest: no fill
    const rand = seededRandom(11);
    for (const n of [5, 40, 300]) {
      expect(isPermutation(approximateMinimumDegree(randomSpdLower(n, 4, rand)), n)).toBe(true);
    }
  });

  it('gives the same ordering for a lower-triangle and a full pattern', () => {
    const lower = randomSpdLower(200, 5, seededRandom(12));
    expect(Array.from(approximateMinimumDegree(symmetricFromLower(lower)))).toEqual(
      Array.from(approximateMinimumDegree(lower)),
    );
  });

  it('produces no fill on a random tree', () => {
    const rand = seededRandom(13);
    const n = 500;
    const edges: [number, number][] = [];
    for (let i = 1; i < n; i++) edges.push([i, Math.floor(rand() * i)]);
    const tree = graphLower(n, edges);
    expect(fill(tree, 'amd')).toBe(n + (n - 1));
  });

  it('orders the hub of an arrowhead at the end (no fill), also when the hub is treated as dense', () => {
    for (const n of [50, 3000]) {
      // n = 3000: the hub's degree exceeds max(16, 10√n) and takes the dense-row path.
      const edges: [number, number][] = [];
      for (let i = 1; i < n; i++) edges.push([0, i]);
      const arrow = graphLower(n, edges);
      const perm = approximateMinimumDegree(arrow);
      // With one leaf left, hub and leaf are interchangeable: the hub is one of the last two.
      expect(perm.indexOf(0)).toBeGreaterThanOrEqual(n - 2);
      expect(fill(arrow, 'amd')).toBe(2 * n - 1);
      expect(fill(arrow, 'natural')).toBe((n * (n + 1)) / 2); // the hub first fills everything
    }
  });

  it('cuts the fill of 2-D grid Laplacians far below the natural and reverse orderings', () => {
    for (const [k, maxRatio] of [
      [30, 0.45],
      [100, 0.25],
    ]) {
      const grid = gridLaplacianLower(k, 0);
      const n = k * k;
      const amd = fill(grid, 'amd');
      const natural = fill(grid, 'natural');
      // The natural order fills the envelope: row i of L spans columns i - k .. i below the first
      // grid row, and 1 or 2 columns within it, so nnz(L) = (n - k)(k + 1) + 2k - 1.
      expect(natural).toBe((n - k) * (k + 1) + 2 * k - 1);
      expect(amd / natural).toBeLessThan(maxRatio);
      expect(amd).toBeLessThanOrEqual(fill(grid, reversed(n)));
    }
  });

  it('beats the natural and reverse orderings on a random sparse SPD pattern', () => {
    const pattern = randomSpdLower(600, 3, seededRandom(14));
    const amd = fill(pattern, 'amd');
    expect(amd).toBeLessThan(0.5 * fill(pattern, 'natural'));
    expect(amd).toBeLessThan(0.5 * fill(pattern, reversed(600)));
  });

  it('orders a 100 000-node grid quickly enough to run in a test', () => {
    const grid = gridLaplacianLower(316, 0);
    const perm = approximateMinimumDegree(grid);
    expect(isPermutation(perm, 316 * 316)).toBe(true);
  });
});
