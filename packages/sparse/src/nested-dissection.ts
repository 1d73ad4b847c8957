/**
 * Nested dissection ordering (A. George, "Nested dissection of a regular finite element mesh", SIAM
 * J. Numer. Anal. 10(2), 1973) with a multilevel graph bisection in the manner of METIS (G. Karypis,
 * V. Kumar, "A fast and high quality multilevel scheme for partitioning irregular graphs", SIAM J.
 * Sci. Comput. 20(1), 1998):
 *
 * 1. coarsening by heavy-edge matching until the graph is small;
 * 2. a bisection of the coarsest graph by greedy region growing from several seeds, refined by
 *    Fiduccia–Mattheyses on the edge cut (C. M. Fiduccia, R. M. Mattheyses, "A linear-time heuristic
 *    for improving network partitions", 19th Design Automation Conference, 1982), whose minimum
 *    vertex cover of the cut edges (König's theorem, from a maximum bipartite matching) is the first
 *    vertex separator;
 * 3. uncoarsening with Fiduccia–Mattheyses refinement of the vertex separator itself at every level
 *    (METIS's node refinement), with loose balance;
 * 4. pieces of SEPARATOR_TRIES_SIZE vertices or more are dissected SEPARATOR_TRIES times and keep
 *    the smallest separator.
 *
 * The two halves are ordered recursively first and the separator last; pieces below LEAF_SIZE nodes
 * are ordered by approximate minimum degree. Randomness (the matching visit order) comes from a
 * fixed-seed generator, so the ordering is reproducible.
 */
import type { CscMatrix } from './csc.js';
import { SparseError } from './errors.js';
import { minimumDegreeOfGraph, symmetricAdjacency } from './ordering.js';
import { advance, itemAt, outOfRange } from './checked.js';

/** Pieces at most this large are ordered by minimum degree instead of being dissected further. */
const LEAF_SIZE = 80;
/** Coarsening stops below this many vertices (or when a level shrinks the graph by less than 15%). */
const COARSEST_SIZE = 80;
/** Each side of a bisection may hold at most this share of the vertex weight. */
const MAX_SIDE_SHARE = 0.55;
/** Each side of a vertex separator may hold at most this share of the vertex weight (loose, as in METIS's orderings: see refineSeparator). */
const SEPARATOR_SIDE_SHARE = 0.7;
/** Separator refinement passes per level. */
const SEPARATOR_PASSES = 4;
/** Pieces of at least this many vertices are dissected SEPARATOR_TRIES times, keeping the smallest separator. */
const SEPARATOR_TRIES_SIZE = 1000;
const SEPARATOR_TRIES = 3;
/** Initial bisections tried on the coarsest graph. */
const GROWING_TRIES = 6;
/**
 * An FM pass stops after this many moves without a better cut: 1 % of the graph's vertices, but at
 * least 15 and at most 60 (METIS bounds its 2-way refinement passes the same way).
 */
const FM_PATIENCE_SHARE = 0.01;
const FM_PATIENCE_MIN = 15;
const FM_PATIENCE_MAX = 60;

/** A graph in compressed adjacency form with vertex and edge weights. */
interface Graph {
  n: number;
  xadj: Int32Array;
  adjncy: Int32Array;
  adjwgt: Int32Array;
  vwgt: Int32Array;
  /** Whether every edge weight is 1 (an induced subgraph, before any contraction). */
  unitEdges: boolean;
}

/** A small deterministic generator (mulberry32) for the matching order. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One coarsening level: heavy-edge matching, then contraction. Returns the coarse graph and the fine → coarse map.
 * `scratch` holds the contraction's edge buffers (at least g's edge count long), so a level allocates only what it keeps.
 */
function coarsen(g: Graph, random: () => number, scratch: CoarsenScratch): { coarse: Graph; map: Int32Array } {
  const { n, xadj, adjncy, adjwgt, vwgt, unitEdges } = g;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] ?? outOfRange(order, i);
    order[i] = order[j] ?? outOfRange(order, j);
    order[j] = t;
  }
  const match = new Int32Array(n).fill(-1);
  for (let o = 0; o < n; o++) {
    const v = order[o] ?? outOfRange(order, o);
    if (match[v] !== -1) continue;
    let best = v;
    const end = xadj[v + 1] ?? outOfRange(xadj, v + 1);
    if (unitEdges) {
      // Every edge is as heavy as any other: the first unmatched neighbour is the heaviest one met first.
      for (let e = xadj[v] ?? outOfRange(xadj, v); e < end; e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        if (match[u] === -1 && u !== v) {
          best = u;
          break;
        }
      }
    } else {
      let bestWeight = -1;
      for (let e = xadj[v] ?? outOfRange(xadj, v); e < end; e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        const w = adjwgt[e] ?? outOfRange(adjwgt, e);
        if (w > bestWeight && match[u] === -1 && u !== v) {
          best = u;
          bestWeight = w;
        }
      }
    }
    match[v] = best;
    match[best] = v;
  }
  // Coarse vertex c is the c-th pair (or single vertex) by its smaller fine vertex: a pair is met
  // at its smaller vertex v, where match[v] >= v.
  const map = new Int32Array(n);
  let cn = 0;
  for (let v = 0; v < n; v++) {
    const pair = match[v] ?? outOfRange(match, v);
    if (pair < v) continue;
    map[v] = cn;
    map[pair] = cn;
    cn++;
  }
  // Contract: the neighbours of coarse vertex c are those of its one or two fine vertices.
  const cxadj = new Int32Array(cn + 1);
  const { adjncy: cadj, adjwgt: cwgt } = scratch;
  const cvwgt = new Int32Array(cn);
  const slot = new Int32Array(cn).fill(-1);
  let e2 = 0;
  let c = 0;
  for (let v = 0; v < n; v++) {
    const pair = match[v] ?? outOfRange(match, v);
    if (pair < v) continue;
    const start = e2;
    cvwgt[c] = (vwgt[v] ?? outOfRange(vwgt, v)) + (pair !== v ? (vwgt[pair] ?? outOfRange(vwgt, pair)) : 0);
    for (let side = 0; side < (pair !== v ? 2 : 1); side++) {
      const w = side === 0 ? v : pair;
      const end = xadj[w + 1] ?? outOfRange(xadj, w + 1);
      for (let e = xadj[w] ?? outOfRange(xadj, w); e < end; e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        const cu = map[u] ?? outOfRange(map, u);
        if (cu === c) continue;
        const at = slot[cu] ?? outOfRange(slot, cu);
        if (at >= start) {
          cwgt[at] = (cwgt[at] ?? outOfRange(cwgt, at)) + (adjwgt[e] ?? outOfRange(adjwgt, e));
        } else {
          slot[cu] = e2;
          cadj[e2] = cu;
          cwgt[e2] = adjwgt[e] ?? outOfRange(adjwgt, e);
          e2++;
        }
      }
    }
    c++;
    cxadj[c] = e2;
  }
  return {
    coarse: { n: cn, xadj: cxadj, adjncy: cadj.slice(0, e2), adjwgt: cwgt.slice(0, e2), vwgt: cvwgt, unitEdges: false },
    map,
  };
}

/** The contraction's edge buffers, allocated once for the whole graph (a coarse graph never has more edges than its fine one). */
interface CoarsenScratch {
  adjncy: Int32Array;
  adjwgt: Int32Array;
}

/** The weight of the edges between the two sides. */
function cutWeight(g: Graph, part: Uint8Array): number {
  let cut = 0;
  for (let v = 0; v < g.n; v++) {
    for (let e = g.xadj[v] ?? outOfRange(g.xadj, v); e < (g.xadj[v + 1] ?? outOfRange(g.xadj, v + 1)); e++) if (part[g.adjncy[e] ?? outOfRange(g.adjncy, e)] !== part[v]) cut += g.adjwgt[e] ?? outOfRange(g.adjwgt, e);
  }
  return cut / 2;
}

/** Grows side 0 breadth-first from `seed` until it holds half the weight; the rest is side 1. */
function growRegion(g: Graph, seed: number, total: number): Uint8Array {
  const part = new Uint8Array(g.n).fill(1);
  const queue = new Int32Array(g.n);
  let head = 0;
  let tail = 0;
  let weight = 0;
  let next = 0;
  queue[tail++] = seed;
  part[seed] = 0;
  while (weight < total / 2) {
    if (head === tail) {
      // A disconnected graph: start again from any vertex still on side 1.
      while (next < g.n && part[next] === 0) next++;
      if (next === g.n) break;
      part[next] = 0;
      queue[tail++] = next;
    }
    const v = queue[head++] ?? outOfRange(queue, head++);
    weight += g.vwgt[v] ?? outOfRange(g.vwgt, v);
    for (let e = g.xadj[v] ?? outOfRange(g.xadj, v); e < (g.xadj[v + 1] ?? outOfRange(g.xadj, v + 1)); e++) {
      const u = g.adjncy[e] ?? outOfRange(g.adjncy, e);
      if (part[u] === 1) {
        part[u] = 0;
        queue[tail++] = u;
      }
    }
  }
  // Vertices queued but not reached by the weight count go back to side 1.
  for (let q = head; q < tail; q++) part[queue[q] ?? outOfRange(queue, q)] = 1;
  return part;
}

/** A binary max-heap of vertices keyed by gain, with positions for updates. */
class GainHeap {
  private readonly heap: Int32Array;
  private readonly where: Int32Array;
  private readonly key: Float64Array;
  size = 0;

  constructor(n: number) {
    this.heap = new Int32Array(n);
    this.where = new Int32Array(n).fill(-1);
    this.key = new Float64Array(n);
  }

  has(v: number): boolean {
    return this.where[v] !== -1;
  }

  top(): number {
    return this.heap[0] ?? outOfRange(this.heap, 0);
  }

  push(v: number, gain: number): void {
    this.key[v] = gain;
    this.heap[this.size] = v;
    this.where[v] = this.size;
    this.size++;
    this.up(this.size - 1);
  }

  update(v: number, gain: number): void {
    const old = this.key[v] ?? outOfRange(this.key, v);
    this.key[v] = gain;
    if (gain > old) this.up(this.where[v] ?? outOfRange(this.where, v));
    else this.down(this.where[v] ?? outOfRange(this.where, v));
  }

  remove(v: number): void {
    const i = this.where[v] ?? outOfRange(this.where, v);
    this.where[v] = -1;
    this.size--;
    if (i === this.size) return;
    const last = this.heap[this.size] ?? outOfRange(this.heap, this.size);
    this.heap[i] = last;
    this.where[last] = i;
    this.up(i);
    this.down(this.where[last]);
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.where[this.heap[i] ?? outOfRange(this.heap, i)] = -1;
    this.size = 0;
  }

  private up(i: number): void {
    const { heap, where, key } = this;
    const v = heap[i] ?? outOfRange(heap, i);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((key[heap[p] ?? outOfRange(heap, p)] ?? outOfRange(key, heap[p] ?? outOfRange(heap, p))) >= (key[v] ?? outOfRange(key, v))) break;
      heap[i] = heap[p] ?? outOfRange(heap, p);
      where[heap[i] ?? outOfRange(heap, i)] = i;
      i = p;
    }
    heap[i] = v;
    where[v] = i;
  }

  private down(i: number): void {
    const { heap, where, key } = this;
    const v = heap[i] ?? outOfRange(heap, i);
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && (key[heap[c + 1] ?? outOfRange(heap, c + 1)] ?? outOfRange(key, heap[c + 1] ?? outOfRange(heap, c + 1))) > (key[heap[c] ?? outOfRange(heap, c)] ?? outOfRange(key, heap[c] ?? outOfRange(heap, c)))) c++;
      if ((key[heap[c] ?? outOfRange(heap, c)] ?? outOfRange(key, heap[c] ?? outOfRange(heap, c))) <= (key[v] ?? outOfRange(key, v))) break;
      heap[i] = heap[c] ?? outOfRange(heap, c);
      where[heap[i] ?? outOfRange(heap, i)] = i;
      i = c;
    }
    heap[i] = v;
    where[v] = i;
  }
}

/** FM's arrays, allocated once for the largest graph and reused by every refinement. */
class RefineWorkspace {
  readonly gain: Float64Array;
  readonly locked: Uint8Array;
  readonly heaps: [GainHeap, GainHeap];
  readonly moved: Int32Array;
  /** Boundary candidates of the graph being refined: a superset of the vertices with an edge across. */
  readonly boundary: Int32Array;
  /** mark[v] === stamp: v is in the set being built. */
  readonly mark: Int32Array;
  /** Separator refinement: the gain of moving a separator vertex to side 0 and to side 1. */
  readonly sideGain: [Float64Array, Float64Array];
  /** Separator refinement's log: the vertices each move pulled into the separator, from pulledStart[move]. */
  readonly pulled: Int32Array;
  readonly pulledStart: Int32Array;
  stamp = 0;

  constructor(capacity: number) {
    this.sideGain = [new Float64Array(capacity), new Float64Array(capacity)];
    this.pulled = new Int32Array(capacity);
    this.pulledStart = new Int32Array(capacity + 1);
    this.gain = new Float64Array(capacity);
    this.locked = new Uint8Array(capacity);
    this.heaps = [new GainHeap(capacity), new GainHeap(capacity)];
    this.moved = new Int32Array(capacity);
    this.boundary = new Int32Array(capacity);
    this.mark = new Int32Array(capacity);
  }

  nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.mark.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/** Edge weight from v to its own side and to the other side. */
function sideDegrees(g: Graph, part: Uint8Array, v: number): { internal: number; external: number } {
  let internal = 0;
  let external = 0;
  for (let e = g.xadj[v] ?? outOfRange(g.xadj, v); e < (g.xadj[v + 1] ?? outOfRange(g.xadj, v + 1)); e++) {
    if (part[g.adjncy[e] ?? outOfRange(g.adjncy, e)] === part[v]) internal += g.adjwgt[e] ?? outOfRange(g.adjwgt, e);
    else external += g.adjwgt[e] ?? outOfRange(g.adjwgt, e);
  }
  return { internal, external };
}

/**
 * Fiduccia–Mattheyses refinement of a bisection: boundary vertices move one at a time to the other
 * side in order of gain (cut reduction), each at most once per pass, keeping both sides within the
 * balance bound; the pass is rolled back to its best prefix. Only the boundary is visited, as in
 * METIS: the first `candidates` entries of workspace.boundary must include every vertex with an
 * edge across.
 */
function refine(g: Graph, part: Uint8Array, passes: number, workspace: RefineWorkspace, candidates: number): void {
  const { n, xadj, adjncy, adjwgt, vwgt } = g;
  let total = 0;
  for (let v = 0; v < n; v++) total += vwgt[v] ?? outOfRange(vwgt, v);
  const maxSide = Math.max(MAX_SIDE_SHARE * total, total / 2 + 1);
  const { gain, locked, heaps, moved, boundary, mark } = workspace;
  const sideWeight = [0, 0];
  for (let v = 0; v < n; v++) sideWeight[part[v] ?? outOfRange(part, v)] = (sideWeight[(part[v] ?? outOfRange(part, v))] ?? outOfRange(sideWeight, (part[v] ?? outOfRange(part, v)))) + (vwgt[v] ?? outOfRange(vwgt, v));
  const patience = Math.min(FM_PATIENCE_MAX, Math.max(FM_PATIENCE_MIN, Math.floor(FM_PATIENCE_SHARE * n)));
  let count = candidates;
  for (let pass = 0; pass < passes; pass++) {
    heaps[0].clear();
    heaps[1].clear();
    // Gains of the boundary; candidates with no edge across leave the list.
    let cut = 0;
    let kept = 0;
    for (let q = 0; q < count; q++) {
      const v = boundary[q] ?? outOfRange(boundary, q);
      const { internal, external } = sideDegrees(g, part, v);
      if (external === 0) continue;
      boundary[kept++] = v;
      gain[v] = external - internal;
      itemAt(heaps, part[v] ?? outOfRange(part, v)).push(v, gain[v]);
      if (part[v] === 0) cut += external;
    }
    count = kept;
    let bestCut = cut;
    let bestImbalance = Math.abs((sideWeight[0] ?? outOfRange(sideWeight, 0)) - (sideWeight[1] ?? outOfRange(sideWeight, 1)));
    let nMoved = 0;
    let bestMoved = 0;
    let sinceBest = 0;
    while (sinceBest < patience) {
      // Move from the side whose top gain is larger, unless that would break the balance.
      let from = -1;
      const can0 = heaps[0].size > 0 && (sideWeight[1] ?? outOfRange(sideWeight, 1)) + (vwgt[heaps[0].top()] ?? outOfRange(vwgt, heaps[0].top())) <= maxSide;
      const can1 = heaps[1].size > 0 && (sideWeight[0] ?? outOfRange(sideWeight, 0)) + (vwgt[heaps[1].top()] ?? outOfRange(vwgt, heaps[1].top())) <= maxSide;
      if (can0 && can1) from = (gain[heaps[0].top()] ?? outOfRange(gain, heaps[0].top())) >= (gain[heaps[1].top()] ?? outOfRange(gain, heaps[1].top())) ? 0 : 1;
      else if (can0) from = 0;
      else if (can1) from = 1;
      if (from === -1) break;
      const v = itemAt(heaps, from).top();
      itemAt(heaps, from).remove(v);
      locked[v] = 1;
      cut -= gain[v] ?? outOfRange(gain, v);
      part[v] = 1 - from;
      sideWeight[from] = (sideWeight[from] ?? outOfRange(sideWeight, from)) - (vwgt[v] ?? outOfRange(vwgt, v));
      sideWeight[1 - from] = (sideWeight[1 - from] ?? outOfRange(sideWeight, 1 - from)) + (vwgt[v] ?? outOfRange(vwgt, v));
      moved[nMoved++] = v;
      for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        if (locked[u]) continue;
        const h = itemAt(heaps, part[u] ?? outOfRange(part, u));
        if (h.has(u)) {
          // u's edge to v changed from internal to external or back: its gain moves by ±2w.
          gain[u] = (gain[u] ?? outOfRange(gain, u)) + (part[u] === part[v] ? -2 * (adjwgt[e] ?? outOfRange(adjwgt, e)) : 2 * (adjwgt[e] ?? outOfRange(adjwgt, e)));
          h.update(u, gain[u] ?? outOfRange(gain, u));
        } else {
          const { internal, external } = sideDegrees(g, part, u);
          gain[u] = external - internal;
          h.push(u, gain[u]);
        }
      }
      const imbalance = Math.abs((sideWeight[0] ?? outOfRange(sideWeight, 0)) - (sideWeight[1] ?? outOfRange(sideWeight, 1)));
      if (cut < bestCut || (cut === bestCut && imbalance < bestImbalance)) {
        bestCut = cut;
        bestImbalance = imbalance;
        bestMoved = nMoved;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    for (let i = nMoved - 1; i >= bestMoved; i--) {
      const v = moved[i] ?? outOfRange(moved, i);
      sideWeight[part[v] ?? outOfRange(part, v)] = (sideWeight[(part[v] ?? outOfRange(part, v))] ?? outOfRange(sideWeight, (part[v] ?? outOfRange(part, v)))) - (vwgt[v] ?? outOfRange(vwgt, v));
      part[v] = 1 - (part[v] ?? outOfRange(part, v));
      sideWeight[part[v]] = (sideWeight[part[v]] ?? outOfRange(sideWeight, part[v])) + (vwgt[v] ?? outOfRange(vwgt, v));
    }
    // The boundary can only have changed at the moved vertices and their neighbours.
    const stamp = workspace.nextStamp();
    for (let q = 0; q < count; q++) mark[boundary[q] ?? outOfRange(boundary, q)] = stamp;
    for (let i = 0; i < nMoved; i++) {
      const v = moved[i] ?? outOfRange(moved, i);
      locked[v] = 0;
      if (mark[v] !== stamp) {
        mark[v] = stamp;
        boundary[count++] = v;
      }
      for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        if (mark[u] !== stamp) {
          mark[u] = stamp;
          boundary[count++] = u;
        }
      }
    }
    if (bestMoved === 0) break;
  }
}

/** Lists every vertex of g as a boundary candidate; returns their number. */
function allCandidates(g: Graph, workspace: RefineWorkspace): number {
  for (let v = 0; v < g.n; v++) workspace.boundary[v] = v;
  return g.n;
}

/** `where` value of a separator vertex (sides are 0 and 1). */
const SEPARATOR = 2;

/** The gain of moving separator vertex v to side `side`: its weight, less the weight it pulls in from the other side. */
function separatorGain(g: Graph, where: Uint8Array, v: number, side: number): number {
  let gain = g.vwgt[v] ?? outOfRange(g.vwgt, v);
  for (let e = g.xadj[v] ?? outOfRange(g.xadj, v); e < (g.xadj[v + 1] ?? outOfRange(g.xadj, v + 1)); e++) if (where[g.adjncy[e] ?? outOfRange(g.adjncy, e)] === 1 - side) gain -= g.vwgt[(g.adjncy[e] ?? outOfRange(g.adjncy, e))] ?? outOfRange(g.vwgt, (g.adjncy[e] ?? outOfRange(g.adjncy, e)));
  return gain;
}

/**
 * Fiduccia–Mattheyses refinement of a vertex separator (METIS's two-sided node refinement, after
 * C. Ashcraft, J. W. H. Liu, "A partition improvement algorithm via the module of a graph", 1994):
 * a separator vertex moves to a side and pulls its neighbours on the other side into the separator;
 * moves go in order of gain (separator weight saved), each vertex at most once per pass, keeping each
 * side within the balance bound; the pass is rolled back to its lightest separator. Unlike the edge
 * cut, the separator weight counts a diagonal (staircase) separator of a lattice no dearer than a
 * straight one, and the looser balance lets it cut off a corner: both give lighter separators.
 */
function refineSeparator(g: Graph, where: Uint8Array, passes: number, workspace: RefineWorkspace): void {
  const { n, xadj, adjncy, vwgt } = g;
  const weight = [0, 0, 0];
  for (let v = 0; v < n; v++) weight[where[v] ?? outOfRange(where, v)] = (weight[(where[v] ?? outOfRange(where, v))] ?? outOfRange(weight, (where[v] ?? outOfRange(where, v)))) + (vwgt[v] ?? outOfRange(vwgt, v));
  const total = (weight[0] ?? outOfRange(weight, 0)) + (weight[1] ?? outOfRange(weight, 1)) + (weight[2] ?? outOfRange(weight, 2));
  const maxSide = Math.max(SEPARATOR_SIDE_SHARE * total, total / 2 + 1);
  const patience = Math.min(FM_PATIENCE_MAX, Math.max(FM_PATIENCE_MIN, Math.floor(FM_PATIENCE_SHARE * n)));
  const { heaps, locked, moved, sideGain, pulled, pulledStart } = workspace;
  const queue = (u: number): void => {
    for (let side = 0; side < 2; side++) {
      itemAt(sideGain, side)[u] = separatorGain(g, where, u, side);
      itemAt(heaps, side).push(u, itemAt(sideGain, side)[u] ?? outOfRange(itemAt(sideGain, side), u));
    }
  };
  for (let pass = 0; pass < passes; pass++) {
    heaps[0].clear();
    heaps[1].clear();
    for (let v = 0; v < n; v++) if (where[v] === SEPARATOR) queue(v);
    let best = weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR);
    let bestImbalance = Math.abs((weight[0] ?? outOfRange(weight, 0)) - (weight[1] ?? outOfRange(weight, 1)));
    let nMoved = 0;
    let bestMoved = 0;
    let sinceBest = 0;
    let nPulled = 0;
    while (sinceBest < patience) {
      let side = -1;
      const can0 = heaps[0].size > 0 && (weight[0] ?? outOfRange(weight, 0)) + (vwgt[heaps[0].top()] ?? outOfRange(vwgt, heaps[0].top())) <= maxSide;
      const can1 = heaps[1].size > 0 && (weight[1] ?? outOfRange(weight, 1)) + (vwgt[heaps[1].top()] ?? outOfRange(vwgt, heaps[1].top())) <= maxSide;
      if (can0 && can1) {
        const g0 = sideGain[0][heaps[0].top()] ?? outOfRange(sideGain[0], heaps[0].top());
        const g1 = sideGain[1][heaps[1].top()] ?? outOfRange(sideGain[1], heaps[1].top());
        side = g0 > g1 || (g0 === g1 && (weight[0] ?? outOfRange(weight, 0)) <= (weight[1] ?? outOfRange(weight, 1))) ? 0 : 1;
      } else if (can0) side = 0;
      else if (can1) side = 1;
      if (side === -1) break;
      const other = 1 - side;
      const v = itemAt(heaps, side).top();
      heaps[0].remove(v);
      heaps[1].remove(v);
      locked[v] = 1;
      where[v] = side;
      weight[side] = (weight[side] ?? outOfRange(weight, side)) + (vwgt[v] ?? outOfRange(vwgt, v));
      weight[SEPARATOR] = (weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR)) - (vwgt[v] ?? outOfRange(vwgt, v));
      pulledStart[nMoved] = nPulled;
      moved[nMoved++] = v;
      for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
        const u = adjncy[e] ?? outOfRange(adjncy, e);
        if (where[u] === other) {
          where[u] = SEPARATOR;
          weight[other] = (weight[other] ?? outOfRange(weight, other)) - (vwgt[u] ?? outOfRange(vwgt, u));
          weight[SEPARATOR] = (weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR)) + (vwgt[u] ?? outOfRange(vwgt, u));
          pulled[nPulled++] = u;
          // u left the other side: moving u's separator neighbours to `side` no longer pulls u.
          for (let f = xadj[u] ?? outOfRange(xadj, u); f < (xadj[u + 1] ?? outOfRange(xadj, u + 1)); f++) {
            const w = adjncy[f] ?? outOfRange(adjncy, f);
            if (itemAt(heaps, side).has(w)) {
              itemAt(sideGain, side)[w] = (itemAt(sideGain, side)[w] ?? outOfRange(itemAt(sideGain, side), w)) + (vwgt[u] ?? outOfRange(vwgt, u));
              itemAt(heaps, side).update(w, itemAt(sideGain, side)[w] ?? outOfRange(itemAt(sideGain, side), w));
            }
          }
          if (!locked[u]) queue(u);
        } else if (where[u] === SEPARATOR && itemAt(heaps, other).has(u)) {
          // v is on `side` now: moving u to the other side would pull v.
          itemAt(sideGain, other)[u] = (itemAt(sideGain, other)[u] ?? outOfRange(itemAt(sideGain, other), u)) - (vwgt[v] ?? outOfRange(vwgt, v));
          itemAt(heaps, other).update(u, itemAt(sideGain, other)[u] ?? outOfRange(itemAt(sideGain, other), u));
        }
      }
      const imbalance = Math.abs((weight[0] ?? outOfRange(weight, 0)) - (weight[1] ?? outOfRange(weight, 1)));
      if ((weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR)) < best || (weight[SEPARATOR] === best && imbalance < bestImbalance)) {
        best = weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR);
        bestImbalance = imbalance;
        bestMoved = nMoved;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    pulledStart[nMoved] = nPulled;
    // Roll back to the best prefix, last move first (a vertex's side is then the one it moved to).
    for (let i = nMoved - 1; i >= bestMoved; i--) {
      const v = moved[i] ?? outOfRange(moved, i);
      const side = where[v] ?? outOfRange(where, v);
      for (let q = pulledStart[i] ?? outOfRange(pulledStart, i); q < (pulledStart[i + 1] ?? outOfRange(pulledStart, i + 1)); q++) {
        const u = pulled[q] ?? outOfRange(pulled, q);
        where[u] = 1 - side;
        weight[1 - side] = (weight[1 - side] ?? outOfRange(weight, 1 - side)) + (vwgt[u] ?? outOfRange(vwgt, u));
        weight[SEPARATOR] = (weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR)) - (vwgt[u] ?? outOfRange(vwgt, u));
      }
      where[v] = SEPARATOR;
      weight[side] = (weight[side] ?? outOfRange(weight, side)) - (vwgt[v] ?? outOfRange(vwgt, v));
      weight[SEPARATOR] = (weight[SEPARATOR] ?? outOfRange(weight, SEPARATOR)) + (vwgt[v] ?? outOfRange(vwgt, v));
    }
    for (let i = 0; i < nMoved; i++) locked[moved[i] ?? outOfRange(moved, i)] = 0;
    if (bestMoved === 0) break;
  }
}

/**
 * A multilevel vertex separator of g (where[v] = 0 or 1 for the two sides, SEPARATOR for the
 * separator): coarsen; bisect the coarsest graph by region growing and edge-cut refinement and take
 * the minimum vertex cover of the cut edges; then project back level by level (a coarse separator
 * vertex's fine vertices form a separator too) with separator refinement at every level.
 */
function dissect(g: Graph, random: () => number, workspace: RefineWorkspace, scratch: CoarsenScratch): Uint8Array {
  const levels: { graph: Graph; map: Int32Array }[] = [];
  let current = g;
  while (current.n > COARSEST_SIZE) {
    const { coarse, map } = coarsen(current, random, scratch);
    if (coarse.n > 0.85 * current.n) break;
    levels.push({ graph: current, map });
    current = coarse;
  }
  let total = 0;
  for (let v = 0; v < current.n; v++) total += current.vwgt[v] ?? outOfRange(current.vwgt, v);
  // GROWING_TRIES grown and refined regions; the one with the lightest cut is kept
  const grown = (): Uint8Array => {
    const candidate = growRegion(current, Math.floor(random() * current.n), total);
    refine(current, candidate, 4, workspace, allCandidates(current, workspace));
    return candidate;
  };
  let part = grown();
  let bestCut = cutWeight(current, part);
  for (let attempt = 1; attempt < GROWING_TRIES; attempt++) {
    const candidate = grown();
    const cut = cutWeight(current, candidate);
    if (cut < bestCut) {
      bestCut = cut;
      part = candidate;
    }
  }
  const cover = separatorFromCut(current, part);
  let where = new Uint8Array(current.n);
  for (let v = 0; v < current.n; v++) where[v] = cover[v] ? SEPARATOR : (part[v] ?? outOfRange(part, v));
  refineSeparator(current, where, SEPARATOR_PASSES, workspace);
  for (let level = levels.length - 1; level >= 0; level--) {
    const { graph, map } = itemAt(levels, level);
    const finer = new Uint8Array(graph.n);
    for (let v = 0; v < graph.n; v++) finer[v] = where[map[v] ?? outOfRange(map, v)] ?? outOfRange(where, map[v] ?? outOfRange(map, v));
    refineSeparator(graph, finer, SEPARATOR_PASSES, workspace);
    where = finer;
  }
  return where;
}

/**
 * The vertex separator of a bisection: a minimum vertex cover of the cut edges (König: from a
 * maximum matching between the side-0 and side-1 endpoints, the cover is the side-0 vertices not
 * reached by alternating paths from unmatched side-0 vertices, plus the side-1 vertices reached).
 */
function separatorFromCut(g: Graph, part: Uint8Array): Uint8Array {
  const { n, xadj, adjncy } = g;
  const matchOf = new Int32Array(n).fill(-1);
  const visited = new Int32Array(n).fill(-1);
  const left: number[] = [];
  for (let v = 0; v < n; v++) {
    if (part[v] !== 0) continue;
    for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
      if (part[adjncy[e] ?? outOfRange(adjncy, e)] === 1) {
        left.push(v);
        break;
      }
    }
  }
  // Kuhn's augmenting paths, iteratively (explicit stack of (vertex, edge cursor)).
  const stackV = new Int32Array(n);
  const stackE = new Int32Array(n);
  for (let round = 0; round < left.length; round++) {
    const root = left[round] ?? outOfRange(left, round);
    let top = 0;
    stackV[0] = root;
    stackE[0] = xadj[root] ?? outOfRange(xadj, root);
    visited[root] = round;
    let augmented = false;
    while (top >= 0 && !augmented) {
      const v = stackV[top] ?? outOfRange(stackV, top);
      let advanced = false;
      while ((stackE[top] ?? outOfRange(stackE, top)) < (xadj[v + 1] ?? outOfRange(xadj, v + 1))) {
        const u = adjncy[advance(stackE, top)] ?? outOfRange(adjncy, advance(stackE, top));
        if (part[u] !== 1 || visited[u] === round) continue;
        visited[u] = round;
        const w = matchOf[u] ?? outOfRange(matchOf, u);
        if (w === -1) {
          // Augment along the stack: each left vertex on it takes the right vertex it was explored through.
          let right = u;
          for (let t = top; t >= 0; t--) {
            const lv = stackV[t] ?? outOfRange(stackV, t);
            const previous = matchOf[lv] ?? outOfRange(matchOf, lv);
            matchOf[lv] = right;
            matchOf[right] = lv;
            right = previous;
          }
          augmented = true;
          break;
        }
        if (visited[w] !== round) {
          visited[w] = round;
          top++;
          stackV[top] = w;
          stackE[top] = xadj[w] ?? outOfRange(xadj, w);
          advanced = true;
          break;
        }
      }
      if (!advanced && !augmented) top--;
    }
  }
  // Alternating reachability from unmatched left vertices.
  const reached = new Uint8Array(n);
  const queue: number[] = [];
  for (const v of left) {
    if (matchOf[v] === -1) {
      reached[v] = 1;
      queue.push(v);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q] ?? outOfRange(queue, q);
    for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
      const u = adjncy[e] ?? outOfRange(adjncy, e);
      if (part[u] !== 1 || reached[u]) continue;
      reached[u] = 1;
      const w = matchOf[u] ?? outOfRange(matchOf, u);
      if (w !== -1 && !reached[w]) {
        reached[w] = 1;
        queue.push(w);
      }
    }
  }
  const separator = new Uint8Array(n);
  for (const v of left) if (!reached[v]) separator[v] = 1;
  for (let v = 0; v < n; v++) if (part[v] === 1 && reached[v]) separator[v] = 1;
  return separator;
}

/** The number of separator vertices in a dissection. */
function separatorSize(where: Uint8Array): number {
  let size = 0;
  for (let v = 0; v < where.length; v++) if (where[v] === SEPARATOR) size++;
  return size;
}

/** The subgraph induced by `vertices` (global ids), with unit weights; `local` is scratch of length n filled with -1. */
function induced(xadj: Int32Array, adjncy: Int32Array, vertices: Int32Array, local: Int32Array): Graph {
  const m = vertices.length;
  for (let i = 0; i < m; i++) local[vertices[i] ?? outOfRange(vertices, i)] = i;
  const sx = new Int32Array(m + 1);
  let edges = 0;
  for (let i = 0; i < m; i++) {
    const v = vertices[i] ?? outOfRange(vertices, i);
    for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) if (local[adjncy[e] ?? outOfRange(adjncy, e)] !== -1) edges++;
    sx[i + 1] = edges;
  }
  const sadj = new Int32Array(edges);
  let q = 0;
  for (let i = 0; i < m; i++) {
    const v = vertices[i] ?? outOfRange(vertices, i);
    for (let e = xadj[v] ?? outOfRange(xadj, v); e < (xadj[v + 1] ?? outOfRange(xadj, v + 1)); e++) {
      const u = local[(adjncy[e] ?? outOfRange(adjncy, e))] ?? outOfRange(local, (adjncy[e] ?? outOfRange(adjncy, e)));
      if (u !== -1) sadj[q++] = u;
    }
  }
  for (let i = 0; i < m; i++) local[vertices[i] ?? outOfRange(vertices, i)] = -1;
  return { n: m, xadj: sx, adjncy: sadj, adjwgt: new Int32Array(edges).fill(1), vwgt: new Int32Array(m).fill(1), unitEdges: true };
}

/**
 * A nested dissection ordering of a symmetric pattern (lower triangle or both triangles; the
 * diagonal is ignored). Returns perm with perm[k] = the original index of the k-th pivot.
 */
export function nestedDissection(pattern: CscMatrix): Int32Array {
  const n = pattern.ncols;
  if (pattern.nrows !== n) {
    throw new SparseError('dimension-mismatch', `pattern is ${pattern.nrows}x${n}, not square`);
  }
  const perm = new Int32Array(n);
  if (n === 0) return perm;
  const { ptr, adj } = symmetricAdjacency(pattern);
  const local = new Int32Array(n).fill(-1);
  const random = generator(0x5eed);
  const workspace = new RefineWorkspace(n);
  const scratch: CoarsenScratch = { adjncy: new Int32Array(adj.length), adjwgt: new Int32Array(adj.length) };
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  // Each task orders `vertices` into perm[start .. start + vertices.length).
  const tasks: { vertices: Int32Array; start: number }[] = [{ vertices: all, start: 0 }];
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    const { vertices, start } = task;
    const m = vertices.length;
    const g = induced(ptr, adj, vertices, local);
    if (m <= LEAF_SIZE) {
      const order = minimumDegreeOfGraph(m, g.xadj, g.adjncy);
      for (let k = 0; k < m; k++) perm[start + k] = vertices[(order[k] ?? outOfRange(order, k))] ?? outOfRange(vertices, (order[k] ?? outOfRange(order, k)));
      continue;
    }
    // Large pieces take the lightest of several separators (METIS's nseps): their separators dominate the flops.
    let where = dissect(g, random, workspace, scratch);
    if (m >= SEPARATOR_TRIES_SIZE) {
      for (let attempt = 1; attempt < SEPARATOR_TRIES; attempt++) {
        const other = dissect(g, random, workspace, scratch);
        if (separatorSize(other) < separatorSize(where)) where = other;
      }
    }
    let sizeA = 0;
    let sizeB = 0;
    for (let v = 0; v < m; v++) {
      if (where[v] === 0) sizeA++;
      else if (where[v] === 1) sizeB++;
    }
    if (sizeA === 0 || sizeB === 0) {
      // No useful split (e.g. a clique): minimum degree on the whole piece.
      const order = minimumDegreeOfGraph(m, g.xadj, g.adjncy);
      for (let k = 0; k < m; k++) perm[start + k] = vertices[(order[k] ?? outOfRange(order, k))] ?? outOfRange(vertices, (order[k] ?? outOfRange(order, k)));
      continue;
    }
    const a = new Int32Array(sizeA);
    const b = new Int32Array(sizeB);
    let ia = 0;
    let ib = 0;
    let is = start + sizeA + sizeB;
    for (let v = 0; v < m; v++) {
      if (where[v] === SEPARATOR) perm[is++] = vertices[v] ?? outOfRange(vertices, v);
      else if (where[v] === 0) a[ia++] = vertices[v] ?? outOfRange(vertices, v);
      else b[ib++] = vertices[v] ?? outOfRange(vertices, v);
    }
    tasks.push({ vertices: a, start });
    tasks.push({ vertices: b, start: start + sizeA });
  }
  return perm;
}
