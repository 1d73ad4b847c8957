/**
 * Approximate minimum degree (AMD) ordering, following
 *   P. R. Amestoy, T. A. Davis, I. S. Duff, "An approximate minimum degree ordering algorithm",
 *   SIAM J. Matrix Anal. Appl. 17(4):886-905, 1996 (Algorithm 2 and Section 4),
 * with the dense-row pre-pass of Amestoy, Davis & Duff, "Algorithm 837: AMD", ACM TOMS 30(3), 2004.
 *
 * The elimination graph is held implicitly as a quotient graph. A *variable* i (not yet eliminated)
 * keeps one list in `iw`: first the elements E_i it belongs to, then the variables A_i it is still
 * directly adjacent to. An *element* e (an eliminated pivot that still matters) keeps the list L_e
 * of variables in its clique. Indistinguishable variables are merged into supervariables of weight
 * nv, and all degrees are weighted by nv. Eliminating pivot p:
 *   1. L_p = A_p ∪ (∪_{e ∈ E_p} L_e) \ {p}; the elements E_p are absorbed into p.
 *   2. For every element e adjacent to L_p, w(e) = |L_e \ L_p| (one pass over the E_i of i ∈ L_p).
 *   3. For i ∈ L_p: prune E_i (absorbed elements out, p in; elements with w(e) = 0 are absorbed as
 *      well: aggressive absorption) and A_i (everything covered by L_p out), and bound the external
 *      degree by d_i = min(n - k, d_i_old + |L_p \ i|, |A_i| + |L_p \ i| + Σ_{e ∈ E_i \ p} w(e)).
 *      A variable left adjacent to p only is eliminated together with p (mass elimination).
 *   4. Variables of L_p with identical lists (found by hashing) are merged into one supervariable.
 * Stale references (merged or eliminated variables, absorbed elements) are left in the lists and
 * skipped by their state; the shared workspace `iw` is compacted when a new element does not fit.
 */
import type { CscMatrix } from './csc.js';
import { SparseError } from './errors.js';
import { advance, outOfRange } from './checked.js';

const VARIABLE = 0; // a principal, uneliminated variable
const ELEMENT = 1; // an eliminated pivot whose clique is still in use
const ABSORBED = 2; // an element absorbed into a later one
const MERGED = 3; // a variable merged into a supervariable (its representative is rep[i])
const MASS_ELIMINATED = 4; // a variable eliminated together with pivot rep[i]
const DENSE = 5; // a dense variable, ordered last

/** Symmetric adjacency lists (no diagonal, no duplicates) of the pattern's graph, in CSC-like arrays. */
export function symmetricAdjacency(pattern: CscMatrix): { ptr: Int32Array; adj: Int32Array } {
  const n = pattern.ncols;
  const { colPtr, rowIdx } = pattern;
  const count = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); p++) {
      const i = rowIdx[p] ?? outOfRange(rowIdx, p);
      if (i !== j) {
        count[i + 1] = (count[i + 1] ?? outOfRange(count, i + 1)) + 1;
        count[j + 1] = (count[j + 1] ?? outOfRange(count, j + 1)) + 1;
      }
    }
  }
  for (let j = 0; j < n; j++) count[j + 1] = (count[j + 1] ?? outOfRange(count, j + 1)) + (count[j] ?? outOfRange(count, j));
  const next = count.slice(0, n);
  const raw = new Int32Array(count[n] ?? outOfRange(count, n));
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); p++) {
      const i = rowIdx[p] ?? outOfRange(rowIdx, p);
      if (i !== j) {
        raw[advance(next, i)] = j;
        raw[advance(next, j)] = i;
      }
    }
  }
  // A full pattern lists every edge twice: drop the repeats.
  const ptr = new Int32Array(n + 1);
  const seen = new Int32Array(n).fill(-1);
  let q = 0;
  for (let i = 0; i < n; i++) {
    seen[i] = i;
    for (let p = count[i] ?? outOfRange(count, i); p < (count[i + 1] ?? outOfRange(count, i + 1)); p++) {
      const j = raw[p] ?? outOfRange(raw, p);
      if (seen[j] !== i) {
        seen[j] = i;
        raw[q++] = j;
      }
    }
    ptr[i + 1] = q;
  }
  return { ptr, adj: raw.subarray(0, q) };
}

/**
 * An approximate minimum degree ordering of a symmetric pattern (its lower triangle, or both
 * triangles; only the structure is used and the diagonal is ignored). Returns `perm` with
 * perm[k] = the original index of the k-th pivot. Variables of degree > max(16, 10√n) are treated
 * as dense and ordered last.
 */
export function approximateMinimumDegree(pattern: CscMatrix): Int32Array {
  const n = pattern.ncols;
  if (pattern.nrows !== n) {
    throw new SparseError('dimension-mismatch', `pattern is ${pattern.nrows}x${n}, not square`);
  }
  if (n === 0) return new Int32Array(0);
  const { ptr, adj } = symmetricAdjacency(pattern);
  return minimumDegreeOfGraph(n, ptr, adj);
}

/**
 * The AMD ordering of a graph given by symmetric adjacency lists (no self-loops, no duplicates):
 * node i's neighbours are adj[ptr[i] .. ptr[i + 1]). Returns perm[k] = the k-th node eliminated.
 */
export function minimumDegreeOfGraph(n: number, ptr: Int32Array, adj: Int32Array): Int32Array {
  const perm = new Int32Array(n);
  if (n === 0) return perm;

  const state = new Uint8Array(n);
  const denseThreshold = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  let nDense = 0;
  for (let i = 0; i < n; i++) {
    if ((ptr[i + 1] ?? outOfRange(ptr, i + 1)) - (ptr[i] ?? outOfRange(ptr, i)) > denseThreshold) {
      state[i] = DENSE;
      nDense++;
    }
  }

  // Quotient-graph storage: node i's list is iw[pe[i] .. pe[i] + len[i]); for a variable the first
  // elen[i] entries are elements.
  const pe = new Int32Array(n);
  const len = new Int32Array(n);
  const elen = new Int32Array(n);
  let iw = new Int32Array(adj.length + Math.max(n, adj.length >> 2) + 16);
  let pfree = 0;
  for (let i = 0; i < n; i++) {
    pe[i] = pfree;
    if (state[i] === DENSE) continue;
    for (let p = ptr[i] ?? outOfRange(ptr, i); p < (ptr[i + 1] ?? outOfRange(ptr, i + 1)); p++) if (state[adj[p] ?? outOfRange(adj, p)] !== DENSE) iw[pfree++] = adj[p] ?? outOfRange(adj, p);
    len[i] = pfree - (pe[i] ?? outOfRange(pe, i));
  }

  const nv = new Int32Array(n).fill(1); // supervariable weights
  const degree = new Int32Array(n); // approximate external degree of each variable
  const esize = new Int32Array(n); // weighted |L_e| of each element
  const rep = new Int32Array(n).fill(-1);
  const pivotRank = new Int32Array(n).fill(-1);
  let nPivots = 0;

  // Degree lists: doubly linked buckets indexed by degree.
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const insert = (i: number, d: number): void => {
    degree[i] = d;
    const h = head[d] ?? outOfRange(head, d);
    next[i] = h;
    prev[i] = -1;
    if (h !== -1) prev[h] = i;
    head[d] = i;
  };
  const remove = (i: number): void => {
    if (prev[i] !== -1) next[prev[i] ?? outOfRange(prev, i)] = next[i] ?? outOfRange(next, i);
    else head[degree[i] ?? outOfRange(degree, i)] = next[i] ?? outOfRange(next, i);
    if (next[i] !== -1) prev[next[i] ?? outOfRange(next, i)] = prev[i] ?? outOfRange(prev, i);
  };
  for (let i = 0; i < n; i++) if (state[i] === VARIABLE) insert(i, len[i] ?? outOfRange(len, i));

  const mark = new Int32Array(n); // mark[i] === step: i ∈ L_p ∪ {p} in the current step
  const w = new Int32Array(n); // w(e) = |L_e \ L_p|, valid when wStep[e] === step
  const wStep = new Int32Array(n);
  const tmpDegree = new Int32Array(n);
  const hashOf = new Int32Array(n);
  const hashHead = new Int32Array(n).fill(-1);
  const hashNext = new Int32Array(n);
  const seen = new Int32Array(n); // list membership stamps for supervariable comparison
  let seenStamp = 0;

  /** Makes room for `need` more entries at pfree: compact the live lists, growing iw if still short. */
  const ensureSpace = (need: number): void => {
    if (pfree + need <= iw.length) return;
    let nLiveLists = 0;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if ((state[i] === VARIABLE || state[i] === ELEMENT) && (len[i] ?? outOfRange(len, i)) > 0) order[nLiveLists++] = i;
    }
    const live = order.subarray(0, nLiveLists).sort((a, b) => (pe[a] ?? outOfRange(pe, a)) - (pe[b] ?? outOfRange(pe, b)));
    let dst = 0;
    for (let t = 0; t < nLiveLists; t++) {
      const i = live[t] ?? outOfRange(live, t);
      iw.copyWithin(dst, pe[i] ?? outOfRange(pe, i), (pe[i] ?? outOfRange(pe, i)) + (len[i] ?? outOfRange(len, i)));
      pe[i] = dst;
      dst += len[i] ?? outOfRange(len, i);
    }
    pfree = dst;
    // Grow when compaction leaves little slack, so that compactions stay rare.
    if (pfree + need > 0.75 * iw.length) {
      const grown = new Int32Array(Math.max(2 * (pfree + need), n));
      grown.set(iw.subarray(0, pfree));
      iw = grown;
    }
  };

  const nLive = n - nDense;
  let nel = 0; // weighted count of eliminated variables
  let mindeg = 0;
  let step = 0;
  while (nel < nLive) {
    // Pivot: a variable of least approximate degree.
    while (head[mindeg] === -1) mindeg++;
    const p = head[mindeg] ?? outOfRange(head, mindeg);
    remove(p);
    pivotRank[p] = nPivots++;
    step++;
    nel += nv[p] ?? outOfRange(nv, p);
    mark[p] = step;

    // 1. Build L_p. With no elements, L_p ⊆ A_p and is built in place.
    let degme = 0;
    let lpStart: number;
    let q: number;
    if (elen[p] === 0) {
      lpStart = pe[p] ?? outOfRange(pe, p);
      q = lpStart;
      for (let t = pe[p] ?? outOfRange(pe, p); t < (pe[p] ?? outOfRange(pe, p)) + (len[p] ?? outOfRange(len, p)); t++) {
        const i = iw[t] ?? outOfRange(iw, t);
        if (state[i] !== VARIABLE || mark[i] === step) continue;
        mark[i] = step;
        degme += nv[i] ?? outOfRange(nv, i);
        remove(i);
        iw[q++] = i;
      }
    } else {
      let bound = (len[p] ?? outOfRange(len, p)) - (elen[p] ?? outOfRange(elen, p));
      for (let t = pe[p] ?? outOfRange(pe, p); t < (pe[p] ?? outOfRange(pe, p)) + (elen[p] ?? outOfRange(elen, p)); t++) if (state[iw[t] ?? outOfRange(iw, t)] === ELEMENT) bound += len[(iw[t] ?? outOfRange(iw, t))] ?? outOfRange(len, (iw[t] ?? outOfRange(iw, t)));
      ensureSpace(bound);
      lpStart = pfree;
      q = lpStart;
      for (let t = pe[p] ?? outOfRange(pe, p); t < (pe[p] ?? outOfRange(pe, p)) + (len[p] ?? outOfRange(len, p)); t++) {
        const x = iw[t] ?? outOfRange(iw, t);
        const isElement = t < (pe[p] ?? outOfRange(pe, p)) + (elen[p] ?? outOfRange(elen, p));
        if (isElement && state[x] !== ELEMENT) continue;
        const from = isElement ? (pe[x] ?? outOfRange(pe, x)) : t;
        const to = isElement ? (pe[x] ?? outOfRange(pe, x)) + (len[x] ?? outOfRange(len, x)) : t + 1;
        for (let u = from; u < to; u++) {
          const i = iw[u] ?? outOfRange(iw, u);
          if (state[i] !== VARIABLE || mark[i] === step) continue;
          mark[i] = step;
          degme += nv[i] ?? outOfRange(nv, i);
          remove(i);
          iw[q++] = i;
        }
        if (isElement) state[x] = ABSORBED;
      }
      pfree = q;
    }
    const lpEnd = q;
    pe[p] = lpStart;
    len[p] = lpEnd - lpStart;
    elen[p] = 0;
    state[p] = ELEMENT;

    // 2. w(e) = |L_e \ L_p| for every element adjacent to L_p.
    for (let t = lpStart; t < lpEnd; t++) {
      const i = iw[t] ?? outOfRange(iw, t);
      for (let u = pe[i] ?? outOfRange(pe, i); u < (pe[i] ?? outOfRange(pe, i)) + (elen[i] ?? outOfRange(elen, i)); u++) {
        const e = iw[u] ?? outOfRange(iw, u);
        if (state[e] !== ELEMENT) continue;
        if (wStep[e] !== step) {
          wStep[e] = step;
          w[e] = esize[e] ?? outOfRange(esize, e);
        }
        w[e] = (w[e] ?? outOfRange(w, e)) - (nv[i] ?? outOfRange(nv, i));
      }
    }

    // 3. Prune each list of L_p, bound its degree, detect mass elimination, hash for step 4.
    for (let t = lpStart; t < lpEnd; t++) {
      const i = iw[t] ?? outOfRange(iw, t);
      const start = pe[i] ?? outOfRange(pe, i);
      let out = start;
      let ext = 0;
      let hash = 0;
      for (let u = start; u < start + (elen[i] ?? outOfRange(elen, i)); u++) {
        const e = iw[u] ?? outOfRange(iw, u);
        if (state[e] !== ELEMENT) continue;
        if (w[e] === 0) {
          state[e] = ABSORBED; // aggressive absorption: L_e ⊆ L_p
          continue;
        }
        ext += w[e] ?? outOfRange(w, e);
        hash = (hash + e) | 0;
        iw[out++] = e;
      }
      const nElements = out - start;
      for (let u = start + (elen[i] ?? outOfRange(elen, i)); u < start + (len[i] ?? outOfRange(len, i)); u++) {
        const j = iw[u] ?? outOfRange(iw, u);
        if (state[j] !== VARIABLE || mark[j] === step) continue;
        ext += nv[j] ?? outOfRange(nv, j);
        hash = (hash + j) | 0;
        iw[out++] = j;
      }
      if (out === start) {
        // Adjacent to p only: eliminate i together with p.
        state[i] = MASS_ELIMINATED;
        rep[i] = p;
        nel += nv[i] ?? outOfRange(nv, i);
        degme -= nv[i] ?? outOfRange(nv, i);
        nv[i] = 0;
        len[i] = 0;
        continue;
      }
      // Add p to the element list. The list lost at least one entry (p from A_i, or an element of
      // E_p), so there is room: move the first variable to the end and put p in its place.
      if (out > start + nElements) iw[out] = iw[start + nElements] ?? outOfRange(iw, start + nElements);
      iw[start + nElements] = p;
      len[i] = out + 1 - start;
      elen[i] = nElements + 1;
      tmpDegree[i] = Math.min(degree[i] ?? outOfRange(degree, i), ext);
      const h = ((hash % n) + n) % n;
      hashOf[i] = h;
      hashNext[i] = hashHead[h] ?? outOfRange(hashHead, h);
      hashHead[h] = i;
    }

    // 4. Supervariable detection: variables of L_p with the same hash and the same list are merged.
    for (let t = lpStart; t < lpEnd; t++) {
      const first = iw[t] ?? outOfRange(iw, t);
      if (state[first] !== VARIABLE) continue;
      const h = hashOf[first] ?? outOfRange(hashOf, first);
      let i = hashHead[h] ?? outOfRange(hashHead, h);
      if (i === -1) continue; // bucket already handled
      hashHead[h] = -1;
      for (; i !== -1; i = hashNext[i] ?? outOfRange(hashNext, i)) {
        if (state[i] !== VARIABLE) continue;
        if (seenStamp === 0x3fffffff) {
          seen.fill(0);
          seenStamp = 0;
        }
        seenStamp++;
        for (let u = pe[i] ?? outOfRange(pe, i); u < (pe[i] ?? outOfRange(pe, i)) + (len[i] ?? outOfRange(len, i)); u++) seen[iw[u] ?? outOfRange(iw, u)] = seenStamp;
        for (let j = hashNext[i] ?? outOfRange(hashNext, i); j !== -1; j = hashNext[j] ?? outOfRange(hashNext, j)) {
          if (state[j] !== VARIABLE || len[j] !== len[i] || elen[j] !== elen[i]) continue;
          let same = true;
          for (let u = pe[j] ?? outOfRange(pe, j); u < (pe[j] ?? outOfRange(pe, j)) + (len[j] ?? outOfRange(len, j)) && same; u++) same = seen[iw[u] ?? outOfRange(iw, u)] === seenStamp;
          if (!same) continue;
          nv[i] = (nv[i] ?? outOfRange(nv, i)) + (nv[j] ?? outOfRange(nv, j));
          nv[j] = 0;
          state[j] = MERGED;
          rep[j] = i;
          len[j] = 0;
          tmpDegree[i] = Math.min(tmpDegree[i] ?? outOfRange(tmpDegree, i), tmpDegree[j] ?? outOfRange(tmpDegree, j));
        }
      }
    }

    // 5. Final degrees, back into the degree lists; L_p keeps its principal variables only.
    q = lpStart;
    for (let t = lpStart; t < lpEnd; t++) {
      const i = iw[t] ?? outOfRange(iw, t);
      if (state[i] !== VARIABLE) continue;
      iw[q++] = i;
      const d = Math.min((tmpDegree[i] ?? outOfRange(tmpDegree, i)) + degme - (nv[i] ?? outOfRange(nv, i)), nLive - nel - (nv[i] ?? outOfRange(nv, i)));
      insert(i, d);
      if (d < mindeg) mindeg = d;
    }
    len[p] = q - lpStart;
    esize[p] = degme;
    if (len[p] === 0) state[p] = ABSORBED;
  }

  // Each pivot is followed by the variables merged into it or eliminated with it.
  const pivotOf = (v: number): number => {
    let r = v;
    while (pivotRank[r] === -1) r = rep[r] ?? outOfRange(rep, r);
    return r;
  };
  const slot = new Int32Array(nPivots + 1);
  for (let v = 0; v < n; v++) if (state[v] !== DENSE) advance(slot, (pivotRank[pivotOf(v)] ?? outOfRange(pivotRank, pivotOf(v))) + 1);
  for (let k = 0; k < nPivots; k++) slot[k + 1] = (slot[k + 1] ?? outOfRange(slot, k + 1)) + (slot[k] ?? outOfRange(slot, k));
  for (let v = 0; v < n; v++) if (state[v] !== DENSE) perm[advance(slot, pivotRank[pivotOf(v)] ?? outOfRange(pivotRank, pivotOf(v)))] = v;
  let k = nLive;
  for (let v = 0; v < n; v++) if (state[v] === DENSE) perm[k++] = v;
  return perm;
}
