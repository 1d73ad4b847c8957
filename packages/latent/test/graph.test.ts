import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CscMatrix } from '@hlm/sparse';
import { describe, expect, it } from 'vitest';
import {
  connectedComponents,
  edgeCount,
  formatGraph,
  GraphError,
  graphFromMatrix,
  graphFromNeighbours,
  LatentError,
  parseGraph,
  readGraphFile,
  resolveGraph,
  validateGraph,
  type Graph,
  type GraphErrorKind,
} from '../src/index.js';

const dataFile = (name: string): string => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

function lists(graph: Graph): number[][] {
  return graph.neighbours.map((nb) => Array.from(nb));
}

function expectGraphError(run: () => unknown, kind: GraphErrorKind, message?: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toBeInstanceOf(LatentError);
    expect((error as GraphError).code).toBe('invalid-graph');
    expect((error as GraphError).kind).toBe(kind);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected a GraphError '${kind}'`);
}

describe("R-INLA's graph file format", () => {
  it("reads R-INLA's own example, all on one line (1-based)", () => {
    // inla.read.graph's example: 3 nodes, edge 1–2, node 3 isolated
    const g = parseGraph('3 1 1 2 2 1 1 3 0');
    expect(g.n).toBe(3);
    expect(lists(g)).toEqual([[1], [0], []]);
  });

  it('reads 0-based ids, and nodes in any order', () => {
    const g = parseGraph('4\n2 1 1\n0 1 3\n1 2 2 3\n3 2 0 1\n');
    expect(lists(g)).toEqual([[3], [2, 3], [1], [0, 1]]);
  });

  it('reads the lattice and island graphs of the reference data', () => {
    const lattice = readGraphFile(dataFile('besag_lattice.graph'));
    expect(lattice.n).toBe(300);
    expect(edgeCount(lattice)).toBe(15 * 19 + 20 * 14); // a 15 × 20 rook lattice
    expect(connectedComponents(lattice).count).toBe(1);
    const islands = readGraphFile(dataFile('besag_islands.graph'));
    const sizes = connectedComponents(islands).members.map((m) => m.length);
    expect(sizes).toEqual([30, 24, 5, 1]);
  });

  it('writes what it reads', () => {
    const islands = readGraphFile(dataFile('besag_islands.graph'));
    expect(lists(parseGraph(formatGraph(islands)))).toEqual(lists(islands));
  });

  it('rejects a neighbour count that does not match, naming the line', () => {
    expectGraphError(() => parseGraph('3\n1 2 2\n2 1 1\n3 0\n'), 'count-mismatch', /line 2: node 1 says it has 2 neighbours but 1 are listed/);
    expectGraphError(() => parseGraph('3 1 1 2 2 1 1 3'), 'count-mismatch', /ends early/);
    expectGraphError(() => parseGraph('2 1 1 2 2 1 1 7'), 'count-mismatch', /after the last/);
  });

  it('rejects asymmetric neighbour lists', () => {
    expectGraphError(() => parseGraph('3\n1 1 2\n2 2 1 3\n3 0\n'), 'asymmetric', /node 2 lists 3 as a neighbour but node 3 does not list 2/);
  });

  it('rejects ids out of range, self-loops, repeated nodes and neighbours, and non-integers', () => {
    expectGraphError(() => parseGraph('3\n1 1 4\n2 0\n3 0\n'), 'node-out-of-range', /expected 1..3 \(1-based\) or 0..2 \(0-based\)/);
    expectGraphError(() => parseGraph('3\n0 1 3\n1 0\n2 0\n'), 'node-out-of-range');
    expectGraphError(() => parseGraph('2\n1 1 1\n2 0\n'), 'self-loop', /node 1 lists itself/);
    expectGraphError(() => parseGraph('2\n1 0\n1 0\n'), 'node-out-of-range');
    expectGraphError(() => parseGraph('3\n1 0\n1 0\n3 0\n'), 'duplicate-node', /node 1 is listed twice/);
    expectGraphError(() => parseGraph('2\n1 2 2 2\n2 1 1\n'), 'duplicate-neighbour');
    expectGraphError(() => parseGraph('2\n1 1 2.5\n2 0\n'), 'syntax', /'2.5'; expected an integer/);
    expectGraphError(() => parseGraph(''), 'syntax');
    expectGraphError(() => parseGraph('0'), 'syntax');
  });

  it('reports a file that cannot be read, with the file system error as its cause', () => {
    expectGraphError(() => readGraphFile('/nonexistent/graph.txt'), 'file', /cannot read the graph file/);
    try {
      readGraphFile('/nonexistent/graph.txt');
    } catch (error) {
      expect(((error as Error).cause as { code?: string }).code).toBe('ENOENT');
    }
  });
});

describe('graphs from adjacency lists and matrices', () => {
  const expected = [[1, 2], [0], [0], []];

  it('builds the same graph from 1-based and 0-based lists, dense and sparse matrices', () => {
    expect(lists(graphFromNeighbours([[2, 3], [1], [1], []]))).toEqual(expected);
    expect(lists(graphFromNeighbours([[1, 2], [0], [0], []], 0))).toEqual(expected);
    const dense = [
      [0, 1, 1, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    expect(lists(graphFromMatrix(dense))).toEqual(expected);
    expect(lists(graphFromMatrix(CscMatrix.fromDense(dense)))).toEqual(expected);
    expect(lists(validateGraph({ n: 4, neighbours: [[2, 1], [0], [0], []] }))).toEqual(expected);
  });

  it('rejects an asymmetric or non-square matrix and bad lists', () => {
    expectGraphError(() => graphFromMatrix([[0, 1], [0, 0]]), 'asymmetric', /not symmetric/);
    expectGraphError(() => graphFromMatrix([[0, 1, 0], [1, 0, 0]]), 'syntax');
    expectGraphError(() => graphFromNeighbours([[2], [3]]), 'node-out-of-range');
    expectGraphError(() => graphFromNeighbours([[2], []]), 'asymmetric');
    expectGraphError(() => validateGraph({ n: 3, neighbours: [[1], [0]] }), 'count-mismatch');
  });

  it('resolves every accepted form of the `graph` option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlm-graph-'));
    const file = join(dir, 'g.graph');
    writeFileSync(file, '4\n1 2 2 3\n2 1 1\n3 1 1\n4 0\n');
    for (const input of [
      file,
      { neighbours: [[2, 3], [1], [1], []] },
      { neighbours: [[1, 2], [0], [0], []], base: 0 as const },
      { n: 4, neighbours: [[1, 2], [0], [0], []] },
      [
        [0, 1, 1, 0],
        [1, 0, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    ]) {
      expect(lists(resolveGraph(input, 'region'))).toEqual(expected);
    }
    expectGraphError(() => resolveGraph(undefined, 'region'), 'syntax', /component 'region': 'graph' must be/);
  });
});
