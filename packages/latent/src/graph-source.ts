import { CscMatrix } from '@hlm/sparse';
import { GraphError } from './errors.js';
import { graphFromMatrix, graphFromNeighbours, parseGraph, validateGraph, type Graph } from './graph.js';

/**
 * What a model's `graph` option may be: a path to a graph file in R-INLA's format, a graph (`{ n, neighbours }`
 * with 0-based ids), adjacency lists (`{ neighbours, base }`, ids 1-based unless `base: 0`), or a symmetric
 * matrix whose non-zero off-diagonal entries mark neighbours (dense rows or a `CscMatrix`).
 */
export type GraphInput =
  | string
  | Graph
  | { n: number; neighbours: readonly ArrayLike<number>[] }
  | { neighbours: readonly (readonly number[])[]; base?: 0 | 1 }
  | readonly (readonly number[])[]
  | CscMatrix;

/**
 * Reads a graph file in R-INLA's ASCII format. This is the package's only file access: it uses Node's `fs`
 * through `process.getBuiltinModule`, so the rest of the package runs anywhere; elsewhere pass a graph object.
 */
export function readGraphFile(path: string): Graph {
  const fs = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:fs') as
    | typeof import('node:fs')
    | undefined;
  if (!fs) {
    throw new GraphError('file', `cannot read the graph file '${path}': reading files needs Node.js ≥ 20.16; pass the graph as an object instead`, {
      path,
    });
  }
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new GraphError('file', `cannot read the graph file '${path}': ${(error as Error).message}`, { path }, { cause: error });
  }
  return parseGraph(text, path);
}

/** Turns any `GraphInput` into a validated graph. */
export function resolveGraph(input: unknown, label: string): Graph {
  if (typeof input === 'string') return readGraphFile(input);
  if (input instanceof CscMatrix) return graphFromMatrix(input);
  if (Array.isArray(input)) return graphFromMatrix(input as number[][]);
  if (typeof input === 'object' && input !== null && 'neighbours' in input) {
    const g = input as { n?: unknown; neighbours: readonly (readonly number[])[]; base?: 0 | 1 };
    if (g.n !== undefined) return validateGraph(g as { n: number; neighbours: readonly ArrayLike<number>[] });
    return graphFromNeighbours(g.neighbours, g.base ?? 1);
  }
  throw new GraphError(
    'syntax',
    `component '${label}': 'graph' must be a graph file path, a graph { n, neighbours }, adjacency lists { neighbours, base } or a symmetric matrix; got ${input === undefined ? 'nothing' : typeof input}`,
    { label },
  );
}
