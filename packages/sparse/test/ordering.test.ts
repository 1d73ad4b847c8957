import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { CscMatrix, analyse, approximateMinimumDegree, nestedDissection, symmetricFromLower } from '../src/index.js';
import { gridLaplacianLower, isPermutation, randomSpdLower } from './helpers.js';

/** nnz(L) (diagonal included, without supernode padding) for a given ordering, from the symbolic analysis. */
function fill(pattern: CscMatrix, ordering: 'amd' | 'natural' | Int32Array): number {
  return analyse(pattern, { ordering }).nnzL;
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
    ] as const) {
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

describe('nestedDissection', () => {
  it('returns a permutation, also for empty, 1x1, diagonal, disconnected and tree patterns', () => {
    expect(nestedDissection(CscMatrix.fromTriplets(0, 0, [], [], [])).length).toBe(0);
    expect(Array.from(nestedDissection(CscMatrix.identity(1)))).toEqual([0]);
    expect(isPermutation(nestedDissection(CscMatrix.identity(500)), 500)).toBe(true);
    const rand = seededRandom(15);
    for (const n of [5, 40, 300, 2000]) {
      expect(isPermutation(nestedDissection(randomSpdLower(n, 4, rand)), n)).toBe(true);
    }
    const edges: [number, number][] = [];
    for (let i = 1; i < 3000; i++) if (i % 700 !== 0) edges.push([i, Math.floor(rand() * i)]);
    expect(isPermutation(nestedDissection(graphLower(3000, edges)), 3000)).toBe(true);
  });

  it('cuts the fill of a 100 x 100 grid to about a fifth of the natural order (0.22), within 1.2 x minimum degree (1.10)', () => {
    const grid = gridLaplacianLower(100, 0);
    const perm = nestedDissection(grid);
    expect(isPermutation(perm, 10000)).toBe(true);
    const nd = fill(grid, perm);
    // natural: 1 009 999 (the envelope formula above); minimum degree 197 764, dissection about 217 000.
    expect(nd / fill(grid, 'natural')).toBeLessThan(0.25);
    expect(nd).toBeLessThan(1.2 * fill(grid, 'amd'));
  });

  it('predicts clearly fewer flops than minimum degree on a 316 x 316 grid (3.3e8 against 4.4e8)', () => {
    const grid = gridLaplacianLower(316, 0);
    const nd = analyse(grid, { ordering: 'nested-dissection' });
    const amd = analyse(grid, { ordering: 'amd' });
    expect(isPermutation(nd.perm, 316 * 316)).toBe(true);
    expect(nd.flops).toBeLessThan(0.85 * amd.flops);
  });

  it('is what analyse uses when asked, and auto keeps the ordering with fewer predicted flops', () => {
    const grid = gridLaplacianLower(60, 0);
    const nd = analyse(grid, { ordering: 'nested-dissection' });
    expect(nd.ordering).toBe('nested-dissection');
    expect(nd.nnzL).toBe(nd.orderings['nested-dissection']!.nnzL);
    const auto = analyse(grid);
    const reports = Object.values(auto.orderings);
    expect(reports.length).toBe(2);
    expect(auto.flops).toBe(Math.min(...reports.map((r) => r.flops)));
  });

  it('is reproducible, and an analysis given its permutation predicts the same factor and keeps it', () => {
    const grid = gridLaplacianLower(70, 0);
    const first = analyse(grid, { ordering: 'nested-dissection' });
    const second = analyse(grid, { ordering: 'nested-dissection' });
    expect(Array.from(second.perm)).toEqual(Array.from(first.perm));
    const given = analyse(grid, { ordering: first.perm });
    expect(Array.from(given.perm)).toEqual(Array.from(first.perm));
    expect([given.nnzL, given.flops]).toEqual([first.nnzL, first.flops]);
    expect(Array.from(given.superPtr)).toEqual(Array.from(first.superPtr));
  });
});
