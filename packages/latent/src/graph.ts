import { CscMatrix, itemAt, outOfRange } from '@hlm/sparse';
import { GraphError } from './errors.js';

/**
 * An undirected neighbourhood graph without self-loops: node i (0-based) has the neighbours
 * `neighbours[i]`, in increasing order, and j ∈ neighbours[i] exactly when i ∈ neighbours[j].
 * Build one with `parseGraph`, `graphFromNeighbours`, `graphFromMatrix` or `validateGraph`; they check all of this.
 */
export interface Graph {
  /** Number of nodes. */
  readonly n: number;
  /** The 0-based neighbours of each node, increasing. */
  readonly neighbours: readonly Int32Array[];
}

/** The connected components of a graph. */
export interface ConnectedComponents {
  /** Number of components (isolated nodes count as components of size 1). */
  readonly count: number;
  /** The component of each node, numbered in order of their smallest node. */
  readonly componentOf: Int32Array;
  /** The nodes of each component, increasing. */
  readonly members: Int32Array[];
}

interface Token {
  readonly text: string;
  readonly line: number;
}

function where(source: string | undefined, line?: number): string {
  const name = source === undefined ? 'graph' : `graph file '${source}'`;
  return line === undefined ? name : `${name}, line ${line}`;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((content, k) => {
    for (const t of content.trim().split(/\s+/)) if (t !== '') tokens.push({ text: t, line: k + 1 });
  });
  return tokens;
}

function integerOf(token: Token, what: string, source: string | undefined): number {
  const value = Number(token.text);
  if (!Number.isInteger(value)) {
    throw new GraphError('syntax', `${where(source, token.line)}: ${what} is '${token.text}'; expected an integer`, {
      line: token.line,
      value: token.text,
    });
  }
  return value;
}

interface GraphRecord {
  readonly node: number;
  readonly neighbours: number[];
  readonly line: number;
}

/** Node records read one per line after the header line. */
function recordsByLine(tokens: Token[], source: string | undefined): GraphRecord[] {
  const lines = new Map<number, Token[]>();
  for (const t of tokens.slice(1)) {
    const list = lines.get(t.line);
    if (list) list.push(t);
    else lines.set(t.line, [t]);
  }
  const records: GraphRecord[] = [];
  for (const [line, list] of lines) {
    const node = integerOf(itemAt(list, 0), 'a node id', source);
    if (list.length < 2) {
      throw new GraphError('count-mismatch', `${where(source, line)}: node ${node} has no neighbour count; expected 'node k nb_1 … nb_k'`, {
        line,
        node,
      });
    }
    const k = integerOf(itemAt(list, 1), `the neighbour count of node ${node}`, source);
    if (k < 0 || list.length - 2 !== k) {
      throw new GraphError('count-mismatch', `${where(source, line)}: node ${node} says it has ${k} neighbours but ${list.length - 2} are listed`, {
        line,
        node,
        declared: k,
        listed: list.length - 2,
      });
    }
    records.push({ node, line, neighbours: list.slice(2).map((t) => integerOf(t, `a neighbour of node ${node}`, source)) });
  }
  return records;
}

/** Node records read from the token stream, as R-INLA does. */
function recordsFromStream(tokens: Token[], n: number, source: string | undefined): GraphRecord[] {
  const records: GraphRecord[] = [];
  let at = 1;
  const next = (what: string): Token => {
    const t = tokens[at++];
    if (!t) throw new GraphError('count-mismatch', `${where(source)} ends early: expected ${what} (the header says ${n} nodes)`, { n });
    return t;
  };
  for (let r = 0; r < n; r++) {
    const nodeToken = next(`node record ${r + 1}`);
    const node = integerOf(nodeToken, 'a node id', source);
    const k = integerOf(next(`the neighbour count of node ${node}`), `the neighbour count of node ${node}`, source);
    if (k < 0) throw new GraphError('count-mismatch', `${where(source, nodeToken.line)}: node ${node} has ${k} neighbours; expected a count ≥ 0`, { node });
    const neighbours: number[] = [];
    for (let j = 0; j < k; j++) neighbours.push(integerOf(next(`neighbour ${j + 1} of ${k} of node ${node}`), `a neighbour of node ${node}`, source));
    records.push({ node, neighbours, line: nodeToken.line });
  }
  if (at < tokens.length) {
    throw new GraphError(
      'count-mismatch',
      `${where(source, itemAt(tokens, at).line)}: ${tokens.length - at} token(s) after the last of the ${n} node records; a neighbour count may be too small`,
      { n, extra: tokens.length - at },
    );
  }
  return records;
}

/**
 * Reads a graph in R-INLA's ASCII format (gmrflib/graph.c): whitespace-separated integers, first the number of
 * nodes N, then for every node `node k nb_1 … nb_k`. Ids are 1-based (they run over 1..N) or 0-based (0..N−1),
 * as R-INLA decides from the smallest and largest id. Throws `GraphError` for a non-integer token, a count that
 * does not match, an id out of range, a repeated node or neighbour, a self-loop or an asymmetric neighbour list.
 * `source` (e.g. the file name) goes into the messages.
 */
export function parseGraph(text: string, source?: string): Graph {
  const tokens = tokenise(text);
  if (tokens.length === 0) throw new GraphError('syntax', `${where(source)} is empty; expected the number of nodes first`);
  const n = integerOf(itemAt(tokens, 0), 'the number of nodes', source);
  if (n < 1) throw new GraphError('syntax', `${where(source, itemAt(tokens, 0).line)}: the number of nodes is ${n}; expected at least 1`, { n });

  // R-INLA reads the tokens as one stream. A file with one line per node (the usual layout) is also read line by
  // line, so that a wrong neighbour count is reported on its line rather than as a misaligned stream.
  let records: GraphRecord[];
  const lineStructured = new Set(tokens.map((t) => t.line)).size === n + 1 && tokens[1]?.line !== itemAt(tokens, 0).line;
  if (lineStructured) {
    try {
      records = recordsByLine(tokens, source);
    } catch (byLine) {
      try {
        records = recordsFromStream(tokens, n, source);
      } catch {
        throw byLine;
      }
    }
  } else {
    records = recordsFromStream(tokens, n, source);
  }

  if (records.length !== n) {
    throw new GraphError('count-mismatch', `${where(source)}: the header says ${n} nodes but ${records.length} node records follow`, {
      n,
      records: records.length,
    });
  }
  // 1-based when the ids run over 1..N, 0-based when over 0..N−1 (graph.c)
  let min = Infinity;
  let max = -Infinity;
  for (const r of records) {
    for (const id of [r.node, ...r.neighbours]) {
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
  }
  let base: 0 | 1;
  if (min === 1 && max === n) base = 1;
  else if (min === 0 && max === n - 1) base = 0;
  else {
    throw new GraphError(
      'node-out-of-range',
      `${where(source)}: ids run from ${min} to ${max} but there are ${n} nodes; expected 1..${n} (1-based) or 0..${n - 1} (0-based)`,
      { n, min, max },
    );
  }
  const lists: (number[] | undefined)[] = new Array(n);
  const lineOf: number[] = new Array(n);
  for (const r of records) {
    const i = r.node - base;
    if (i < 0 || i >= n) {
      throw new GraphError('node-out-of-range', `${where(source, r.line)}: node id ${r.node} is outside ${base}..${n - 1 + base}`, {
        line: r.line,
        node: r.node,
      });
    }
    if (lists[i]) {
      throw new GraphError('duplicate-node', `${where(source, r.line)}: node ${r.node} is listed twice (also on line ${lineOf[i]})`, {
        line: r.line,
        node: r.node,
      });
    }
    lists[i] = r.neighbours;
    lineOf[i] = r.line;
  }
  return build(lists as number[][], base, source, lineOf);
}

/** Checks the lists (ids with the given base) and builds the graph; `lineOf` is for messages. */
function build(lists: readonly (readonly number[])[], base: 0 | 1, source: string | undefined, lineOf?: number[]): Graph {
  const n = lists.length;
  const label = (i: number): string => `${where(source, lineOf?.[i])}: node ${i + base}`;
  const neighbours = lists.map((list, i) => {
    const sorted = Int32Array.from(list, (id) => {
      if (!Number.isInteger(id)) {
        throw new GraphError('syntax', `${label(i)} has neighbour ${String(id)}; expected an integer id`, { node: i + base, neighbour: id });
      }
      const j = id - base;
      if (j < 0 || j >= n) {
        throw new GraphError('node-out-of-range', `${label(i)} has neighbour ${id}; expected an id in ${base}..${n - 1 + base}`, {
          node: i + base,
          neighbour: id,
        });
      }
      if (j === i) throw new GraphError('self-loop', `${label(i)} lists itself as a neighbour`, { node: i + base });
      return j;
    }).sort();
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k] === sorted[k - 1]) {
        throw new GraphError('duplicate-neighbour', `${label(i)} lists neighbour ${(sorted[k] ?? outOfRange(sorted, k)) + base} twice`, {
          node: i + base,
          neighbour: (sorted[k] ?? outOfRange(sorted, k)) + base,
        });
      }
    }
    return sorted;
  });
  for (let i = 0; i < n; i++) {
    for (const j of itemAt(neighbours, i)) {
      if (!contains(itemAt(neighbours, j), i)) {
        throw new GraphError(
          'asymmetric',
          `${label(i)} lists ${j + base} as a neighbour but node ${j + base} does not list ${i + base}; neighbour lists must be symmetric`,
          { node: i + base, neighbour: j + base },
        );
      }
    }
  }
  return { n, neighbours };
}

function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] ?? outOfRange(sorted, mid);
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function isList(value: unknown): boolean {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/**
 * A graph from adjacency lists: `lists[i]` holds the neighbours of node i, as ids with the given base
 * (1 by default, as R's `nb` objects). Throws `GraphError` as `parseGraph` does.
 */
export function graphFromNeighbours(lists: readonly ArrayLike<number>[], base: 0 | 1 = 1): Graph {
  if (!Array.isArray(lists) || lists.length === 0 || !lists.every(isList)) {
    throw new GraphError('syntax', 'adjacency lists must be a non-empty array with one array of neighbour ids per node');
  }
  if (base !== 0 && base !== 1) throw new GraphError('syntax', `the id base must be 0 or 1, got ${String(base)}`);
  return build(lists.map((l) => Array.from(l)), base, undefined);
}

/**
 * A graph from a symmetric matrix (dense rows or a `CscMatrix`): i and j are neighbours when entry (i, j) is
 * not zero; the diagonal is ignored (R-INLA's `inla.read.graph` on a matrix). Throws `GraphError` ('asymmetric')
 * when (i, j) and (j, i) disagree on being zero, ('syntax') when it is not square.
 */
export function graphFromMatrix(matrix: readonly (readonly number[])[] | CscMatrix): Graph {
  const lists: number[][] = [];
  if (matrix instanceof CscMatrix) {
    if (matrix.nrows !== matrix.ncols || matrix.nrows === 0) {
      throw new GraphError('syntax', `the adjacency matrix is ${matrix.nrows} × ${matrix.ncols}; expected a non-empty square matrix`);
    }
    for (let i = 0; i < matrix.ncols; i++) lists.push([]);
    for (let j = 0; j < matrix.ncols; j++) {
      for (let p = matrix.colPtr[j] ?? outOfRange(matrix.colPtr, j); p < (matrix.colPtr[j + 1] ?? outOfRange(matrix.colPtr, j + 1)); p++) {
        const i = matrix.rowIdx[p] ?? outOfRange(matrix.rowIdx, p);
        if (i !== j && matrix.values[p] !== 0) itemAt(lists, i).push(j);
      }
    }
  } else {
    const n = matrix.length;
    if (n === 0 || !matrix.every((row) => isList(row) && row.length === n)) {
      throw new GraphError('syntax', `the adjacency matrix must be a non-empty square array of rows; got ${n} rows`, { n });
    }
    for (let i = 0; i < n; i++) {
      const row: number[] = [];
      for (let j = 0; j < n; j++) {
        const v = itemAt(matrix, i)[j] ?? outOfRange(itemAt(matrix, i), j);
        if (!Number.isFinite(v)) throw new GraphError('syntax', `adjacency matrix entry (${i + 1}, ${j + 1}) is ${v}; expected a number`, { row: i + 1, col: j + 1 });
        if (i !== j && v !== 0) row.push(j);
      }
      lists.push(row);
    }
  }
  for (let i = 0; i < lists.length; i++) {
    for (const j of itemAt(lists, i)) {
      if (!itemAt(lists, j).includes(i)) {
        throw new GraphError('asymmetric', `the adjacency matrix is not symmetric: entry (${i + 1}, ${j + 1}) is non-zero but (${j + 1}, ${i + 1}) is zero`, {
          node: i + 1,
          neighbour: j + 1,
        });
      }
    }
  }
  return build(lists, 0, undefined);
}

/** Checks a graph object `{ n, neighbours }` (0-based neighbour ids) and returns it with sorted typed lists. */
export function validateGraph(graph: { n: number; neighbours: readonly ArrayLike<number>[] }): Graph {
  if (typeof graph !== 'object' || graph === null || !Number.isInteger(graph.n) || graph.n < 1 || !Array.isArray(graph.neighbours)) {
    throw new GraphError('syntax', 'a graph object must be { n: number of nodes ≥ 1, neighbours: one array of 0-based ids per node }');
  }
  if (graph.neighbours.length !== graph.n) {
    throw new GraphError('count-mismatch', `the graph has n = ${graph.n} but ${graph.neighbours.length} neighbour lists`, {
      n: graph.n,
      lists: graph.neighbours.length,
    });
  }
  return build(graph.neighbours.map((l) => Array.from(l)), 0, undefined);
}

/** The connected components (breadth-first search). */
export function connectedComponents(graph: Graph): ConnectedComponents {
  const componentOf = new Int32Array(graph.n).fill(-1);
  const members: Int32Array[] = [];
  const queue = new Int32Array(graph.n);
  for (let start = 0; start < graph.n; start++) {
    if (componentOf[start] !== -1) continue;
    const c = members.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    componentOf[start] = c;
    while (head < tail) {
      const i = queue[head++] ?? outOfRange(queue, head++);
      for (const j of itemAt(graph.neighbours, i)) {
        if (componentOf[j] === -1) {
          componentOf[j] = c;
          queue[tail++] = j;
        }
      }
    }
    members.push(queue.slice(0, tail).sort());
  }
  return { count: members.length, componentOf, members };
}

/** The graph in R-INLA's ASCII format, 1-based, one node per line. */
export function formatGraph(graph: Graph): string {
  const lines = [String(graph.n)];
  graph.neighbours.forEach((nb, i) => lines.push([i + 1, nb.length, ...Array.from(nb, (j) => j + 1)].join(' ')));
  return `${lines.join('\n')}\n`;
}

/** Number of edges. */
export function edgeCount(graph: Graph): number {
  let total = 0;
  for (const nb of graph.neighbours) total += nb.length;
  return total / 2;
}
