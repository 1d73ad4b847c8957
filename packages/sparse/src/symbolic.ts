/**
 * Symbolic Cholesky analysis, computed once per sparsity pattern and reused by every numeric
 * factorisation: fill-reducing ordering, elimination tree, postorder, column counts and the
 * supernodal structure of L.
 *
 * - Elimination tree: Liu's algorithm with path compression (J. W. H. Liu, "The role of elimination
 *   trees in sparse factorization", SIAM J. Matrix Anal. Appl. 11(1), 1990).
 * - Column counts: row k of L has a nonzero in every column on the etree paths from each i with
 *   C(k, i) ≠ 0 (i < k) up to k (the "row subtree"), so walking those paths counts every column.
 * - Fundamental supernodes (J. W. H. Liu, E. G. Ng, B. W. Peyton, "On finding supernodes for sparse
 *   matrix computations", SIAM J. Matrix Anal. Appl. 14(1), 1993): column j joins column j + 1 when
 *   j + 1 is its only child's parent and count(j) = count(j + 1) + 1.
 * - Relaxed amalgamation (C. Ashcraft, R. Grimes, "The influence of relaxed supernode partitions on
 *   the multifrontal method", ACM TOMS 15(4), 1989; thresholds as in CHOLMOD's cholmod_super.c): a
 *   supernode merges with its parent when that is the next supernode and the explicit zeros the
 *   merge adds stay below a fraction that shrinks with the merged width.
 *
 * Storage of L. Supernode s owns the consecutive columns f..l (k = l - f + 1) and a sorted row list
 * R_s whose first k rows are f..l; every column j of s has the rows R_s[j - f ..]. Columns are stored
 * one after another ("packed trapezoid"), so `lColPtr` / `lRowIdx` / `lValues` are an ordinary CSC
 * layout of L (diagonal first in each column) that may hold explicit zeros where supernodes were
 * amalgamated, and row position r of column j sits at lColPtr[j] + r - (j - f).
 */
import type { CscMatrix } from './csc.js';
import { SparseError } from './errors.js';
import { nestedDissection } from './nested-dissection.js';
import { approximateMinimumDegree } from './ordering.js';
import { advance, itemAt, outOfRange } from './checked.js';

/** The fill-reducing orderings `analyse` knows by name. */
export type OrderingName = 'amd' | 'nested-dissection' | 'natural';

/** The predicted size and work of the factor under one ordering. */
export interface OrderingReport {
  /** nnz(L), diagonal included, without amalgamation padding. */
  readonly nnzL: number;
  /** Floating-point operations of the numeric factorisation, Σ_j c_j² with c_j = nnz(L(:, j)). */
  readonly flops: number;
  /** Wall time spent computing the ordering, in seconds. */
  readonly seconds: number;
}

/** The result of `analyse`: everything about the factorisation that depends on the pattern only. */
export interface SymbolicCholesky {
  /** The matrix order. */
  readonly n: number;
  /** perm[k] = original index of the k-th pivot; the factor satisfies L Lᵀ = P H Pᵀ with (P v)[k] = v[perm[k]]. */
  readonly perm: Int32Array;
  /** invPerm[perm[k]] = k. */
  readonly invPerm: Int32Array;
  /** The ordering used ('given' for an explicit permutation). */
  readonly ordering: OrderingName | 'given';
  /** The candidate orderings that were computed, with their predicted factor (the one used is among them unless 'given'). */
  readonly orderings: Partial<Record<OrderingName | 'given', OrderingReport>>;
  /** nnz(L) under the chosen ordering, diagonal included, without amalgamation padding. */
  readonly nnzL: number;
  /** Floating-point operations of one numeric factorisation, Σ_j c_j². */
  readonly flops: number;
  /** Elimination tree of the stored (padded) pattern of L: parent[j] = the first row below the diagonal of column j, or -1. */
  readonly parent: Int32Array;
  /** The number of supernodes. */
  readonly nSupernodes: number;
  /** superPtr[s] = first column of supernode s (length nSupernodes + 1). */
  readonly superPtr: Int32Array;
  /** superOf[j] = the supernode owning column j. */
  readonly superOf: Int32Array;
  /** Row lists R_s: superRows[superRowPtr[s] .. superRowPtr[s + 1]) sorted, starting with the supernode's own columns. */
  readonly superRowPtr: Int32Array;
  readonly superRows: Int32Array;
  /** Column pointers of the stored L (length n + 1); lColPtr[n] = the number of stored entries (nnzL plus padding). */
  readonly lColPtr: Int32Array;
  /** Row indices of the stored L, sorted within each column, diagonal first (built on first access). */
  readonly lRowIdx: Int32Array;
  /** Whether the analysed pattern was a lower triangle or both triangles. */
  readonly inputFormat: 'lower' | 'full';
  /** The number of entries of the analysed pattern = the length of the values array `cholesky` expects. */
  readonly inputNnz: number;
  /** Column pointers of C = lower triangle of P H Pᵀ. */
  readonly cColPtr: Int32Array;
  /** Row indices of C, sorted within each column (all >= the column). */
  readonly cRowIdx: Int32Array;
  /** cSource[p] = the position in the input values array holding C's p-th entry. */
  readonly cSource: Int32Array;
}

/** 'auto' tries nested dissection only from this order up; below it minimum degree is as good and cheaper. */
const AUTO_DISSECTION_SIZE = 2000;

/** Options of `analyse`. */
export interface AnalyseOptions {
  /**
   * The fill-reducing ordering. 'auto' (default) computes approximate minimum degree and, from
   * 2000 nodes up, nested dissection, and keeps the one predicting fewer factorisation flops; 'amd', 'nested-dissection' and
   * 'natural' force one; an Int32Array is an explicit `perm` (perm[k] = original index of pivot k),
   * used exactly as given.
   */
  ordering?: 'auto' | OrderingName | Int32Array;
  /** Relaxed supernode amalgamation (default true); false keeps the fundamental supernodes, so L stores no explicit zeros. */
  relax?: boolean;
}

/** The lower triangle C of P H Pᵀ, bucketed both by row (for the etree) and by column (for the numeric phase). */
interface PermutedLower {
  /** Strict lower triangle by rows: row k's columns are rowCol[rowPtr[k] .. rowPtr[k + 1]) (diagonal included). */
  rowPtr: Int32Array;
  rowCol: Int32Array;
  rowSrc: Int32Array;
}

function identity(n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let k = 0; k < n; k++) perm[k] = k;
  return perm;
}

function checkPermutation(ordering: Int32Array, n: number): void {
  if (ordering.length !== n) {
    throw new SparseError('invalid-argument', `ordering has length ${ordering.length}, expected ${n}`);
  }
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const v = ordering[k] ?? outOfRange(ordering, k);
    if (v < 0 || v >= n || seen[v] === 1) {
      throw new SparseError('invalid-argument', `ordering is not a permutation of 0..${n - 1} (entry ${k} = ${v})`, {
        position: k,
      });
    }
    seen[v] = 1;
  }
}

/** Throws unless a pattern with entries in both triangles is structurally symmetric. */
function checkStructurallySymmetric(pattern: CscMatrix): void {
  const t = pattern.transpose();
  for (let j = 0; j <= pattern.ncols; j++) {
    if (t.colPtr[j] !== pattern.colPtr[j]) {
      throw new SparseError(
        'not-symmetric',
        `the pattern has entries above the diagonal but is not structurally symmetric (column ${j - 1}); give the lower triangle or the full symmetric matrix`,
        { column: j - 1 },
      );
    }
  }
  for (let p = 0; p < pattern.nnz; p++) {
    if (t.rowIdx[p] !== pattern.rowIdx[p]) {
      throw new SparseError(
        'not-symmetric',
        'the pattern has entries above the diagonal but is not structurally symmetric; give the lower triangle or the full symmetric matrix',
        { position: p },
      );
    }
  }
}

/** C = lower triangle of P H Pᵀ bucketed by row; within a row the columns come in input order. */
export function permutedRows(pattern: CscMatrix, invPerm: Int32Array): PermutedLower {
  const n = pattern.ncols;
  const { colPtr, rowIdx } = pattern;
  const rowPtr = new Int32Array(n + 1);
  let cnnz = 0;
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); p++) {
      if ((rowIdx[p] ?? outOfRange(rowIdx, p)) < j) continue;
      advance(rowPtr, Math.max(invPerm[(rowIdx[p] ?? outOfRange(rowIdx, p))] ?? outOfRange(invPerm, (rowIdx[p] ?? outOfRange(rowIdx, p))), invPerm[j] ?? outOfRange(invPerm, j)) + 1);
      cnnz++;
    }
  }
  for (let k = 0; k < n; k++) rowPtr[k + 1] = (rowPtr[k + 1] ?? outOfRange(rowPtr, k + 1)) + (rowPtr[k] ?? outOfRange(rowPtr, k));
  const rowNext = rowPtr.slice(0, n);
  const rowCol = new Int32Array(cnnz);
  const rowSrc = new Int32Array(cnnz);
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j] ?? outOfRange(colPtr, j); p < (colPtr[j + 1] ?? outOfRange(colPtr, j + 1)); p++) {
      if ((rowIdx[p] ?? outOfRange(rowIdx, p)) < j) continue;
      const a = invPerm[(rowIdx[p] ?? outOfRange(rowIdx, p))] ?? outOfRange(invPerm, (rowIdx[p] ?? outOfRange(rowIdx, p)));
      const b = invPerm[j] ?? outOfRange(invPerm, j);
      const q = advance(rowNext, Math.max(a, b));
      rowCol[q] = Math.min(a, b);
      rowSrc[q] = p;
    }
  }
  return { rowPtr, rowCol, rowSrc };
}

/** C by columns (rows sorted) from its row buckets. */
function permutedColumns(n: number, c: PermutedLower): { cColPtr: Int32Array; cRowIdx: Int32Array; cSource: Int32Array } {
  const { rowPtr, rowCol, rowSrc } = c;
  const cColPtr = new Int32Array(n + 1);
  for (let q = 0; q < rowCol.length; q++) cColPtr[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] = (cColPtr[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] ?? outOfRange(cColPtr, (rowCol[q] ?? outOfRange(rowCol, q)) + 1)) + 1;
  for (let k = 0; k < n; k++) cColPtr[k + 1] = (cColPtr[k + 1] ?? outOfRange(cColPtr, k + 1)) + (cColPtr[k] ?? outOfRange(cColPtr, k));
  const colNext = cColPtr.slice(0, n);
  const cRowIdx = new Int32Array(rowCol.length);
  const cSource = new Int32Array(rowCol.length);
  for (let r = 0; r < n; r++) {
    for (let q = rowPtr[r] ?? outOfRange(rowPtr, r); q < (rowPtr[r + 1] ?? outOfRange(rowPtr, r + 1)); q++) {
      const p = advance(colNext, rowCol[q] ?? outOfRange(rowCol, q));
      cRowIdx[p] = r;
      cSource[p] = rowSrc[q] ?? outOfRange(rowSrc, q);
    }
  }
  return { cColPtr, cRowIdx, cSource };
}

/** Elimination tree of C from its rows (Liu), with `ancestor` as the path-compressed virtual forest. */
export function eliminationTree(n: number, rowPtr: Int32Array, rowCol: Int32Array): Int32Array {
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let q = rowPtr[k] ?? outOfRange(rowPtr, k); q < (rowPtr[k + 1] ?? outOfRange(rowPtr, k + 1)); q++) {
      let r = rowCol[q] ?? outOfRange(rowCol, q);
      while (r !== -1 && r < k) {
        const up = ancestor[r] ?? outOfRange(ancestor, r);
        ancestor[r] = k;
        if (up === -1) parent[r] = k;
        r = up;
      }
    }
  }
  return parent;
}

/** Column counts c_j = nnz(L(:, j)) (diagonal included) by walking row subtrees. */
export function columnCounts(n: number, parent: Int32Array, rowPtr: Int32Array, rowCol: Int32Array): Int32Array {
  const mark = new Int32Array(n).fill(-1);
  const count = new Int32Array(n).fill(1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = rowPtr[k] ?? outOfRange(rowPtr, k); q < (rowPtr[k + 1] ?? outOfRange(rowPtr, k + 1)); q++) {
      for (let j = rowCol[q] ?? outOfRange(rowCol, q); mark[j] !== k; j = parent[j] ?? outOfRange(parent, j)) {
        mark[j] = k;
        count[j] = (count[j] ?? outOfRange(count, j)) + 1;
      }
    }
  }
  return count;
}

/** A postorder of the forest `parent` (children before parents, each subtree contiguous); post[k] = the k-th node. */
function postorder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  // Children lists in decreasing index order, so that the smallest child is visited first.
  for (let j = n - 1; j >= 0; j--) {
    if (parent[j] === -1) continue;
    next[j] = head[(parent[j] ?? outOfRange(parent, j))] ?? outOfRange(head, (parent[j] ?? outOfRange(parent, j)));
    head[parent[j] ?? outOfRange(parent, j)] = j;
  }
  const post = new Int32Array(n);
  const stack = new Int32Array(n);
  let k = 0;
  for (let root = 0; root < n; root++) {
    if (parent[root] !== -1) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const v = stack[top] ?? outOfRange(stack, top);
      const child = head[v] ?? outOfRange(head, v);
      if (child === -1) {
        top--;
        post[k++] = v;
      } else {
        head[v] = next[child] ?? outOfRange(next, child);
        stack[++top] = child;
      }
    }
  }
  return post;
}

/** nnz(L) and the factorisation flop count Σ c_j² from the column counts. */
function factorSize(count: Int32Array): { nnzL: number; flops: number } {
  let nnzL = 0;
  let flops = 0;
  for (let j = 0; j < count.length; j++) {
    nnzL += count[j] ?? outOfRange(count, j);
    flops += (count[j] ?? outOfRange(count, j)) * (count[j] ?? outOfRange(count, j));
  }
  return { nnzL, flops };
}

/** The predicted factor of P H Pᵀ for one permutation, with the permuted pattern and elimination tree it was computed from. */
interface Prediction {
  nnzL: number;
  flops: number;
  invPerm: Int32Array;
  rows: PermutedLower;
  etree: Int32Array;
  count: Int32Array;
}

function predictFactor(pattern: CscMatrix, perm: Int32Array): Prediction {
  const n = pattern.ncols;
  const invPerm = new Int32Array(n);
  for (let k = 0; k < n; k++) invPerm[perm[k] ?? outOfRange(perm, k)] = k;
  const rows = permutedRows(pattern, invPerm);
  const etree = eliminationTree(n, rows.rowPtr, rows.rowCol);
  const count = columnCounts(n, etree, rows.rowPtr, rows.rowCol);
  return { ...factorSize(count), invPerm, rows, etree, count };
}

/** Supernodes below this many columns always merge with their parent; CHOLMOD's nrelax / zrelax. */
const RELAX_WIDTH = [4, 16, 48];
const RELAX_ZEROS = [0.8, 0.1, 0.05];

/**
 * Partition of the columns into supernodes: fundamental supernodes, then (if `relax`) relaxed
 * amalgamation of a supernode with its parent when the parent is the next supernode. Returns the
 * first column of each supernode (plus n at the end).
 */
function supernodePartition(parent: Int32Array, count: Int32Array, relax: boolean): Int32Array {
  const n = parent.length;
  const children = new Int32Array(n);
  for (let j = 0; j < n; j++) if (parent[j] !== -1) children[parent[j] ?? outOfRange(parent, j)] = (children[(parent[j] ?? outOfRange(parent, j))] ?? outOfRange(children, (parent[j] ?? outOfRange(parent, j)))) + 1;
  const firsts: number[] = [];
  for (let j = 0; j < n; j++) {
    const joinsPrevious = j > 0 && parent[j - 1] === j && count[j - 1] === (count[j] ?? outOfRange(count, j)) + 1 && children[j] === 1;
    if (!joinsPrevious) firsts.push(j);
  }
  firsts.push(n);
  if (!relax || firsts.length <= 2) return Int32Array.from(firsts);

  // Relaxed amalgamation, scanning from the last supernode down: when s is considered, s + 1 heads
  // whatever it has absorbed already. A merged supernode of width w whose first column has h rows
  // stores w h - w (w - 1) / 2 entries, of which Σ c_j are true nonzeros.
  const ns = firsts.length - 1;
  const width = new Float64Array(ns);
  const height = new Float64Array(ns);
  const trueNnz = new Float64Array(ns);
  const mergedInto = new Int32Array(ns);
  const superParent = new Int32Array(ns).fill(-1);
  const owner = new Int32Array(n);
  for (let s = 0; s < ns; s++) {
    for (let j = firsts[s] ?? outOfRange(firsts, s); j < (firsts[s + 1] ?? outOfRange(firsts, s + 1)); j++) {
      owner[j] = s;
      trueNnz[s] = (trueNnz[s] ?? outOfRange(trueNnz, s)) + (count[j] ?? outOfRange(count, j));
    }
    width[s] = (firsts[s + 1] ?? outOfRange(firsts, s + 1)) - (firsts[s] ?? outOfRange(firsts, s));
    height[s] = count[firsts[s] ?? outOfRange(firsts, s)] ?? outOfRange(count, firsts[s] ?? outOfRange(firsts, s));
    mergedInto[s] = s;
  }
  for (let s = 0; s < ns; s++) {
    const last = (firsts[s + 1] ?? outOfRange(firsts, s + 1)) - 1;
    superParent[s] = parent[last] === -1 ? -1 : (owner[(parent[last] ?? outOfRange(parent, last))] ?? outOfRange(owner, (parent[last] ?? outOfRange(parent, last))));
  }
  const find = (s: number): number => {
    let root = s;
    while (mergedInto[root] !== root) root = mergedInto[root] ?? outOfRange(mergedInto, root);
    while (mergedInto[s] !== root) {
      const up = mergedInto[s] ?? outOfRange(mergedInto, s);
      mergedInto[s] = root;
      s = up;
    }
    return root;
  };
  for (let s = ns - 2; s >= 0; s--) {
    const p = s + 1;
    if (superParent[s] === -1 || find(superParent[s] ?? outOfRange(superParent, s)) !== p) continue;
    const w = (width[s] ?? outOfRange(width, s)) + (width[p] ?? outOfRange(width, p));
    const h = (width[s] ?? outOfRange(width, s)) + (height[p] ?? outOfRange(height, p));
    const nz = (trueNnz[s] ?? outOfRange(trueNnz, s)) + (trueNnz[p] ?? outOfRange(trueNnz, p));
    const stored = w * h - (w * (w - 1)) / 2;
    const fraction = (stored - nz) / stored;
    const merge =
      w <= (RELAX_WIDTH[0] ?? outOfRange(RELAX_WIDTH, 0)) ||
      (w <= (RELAX_WIDTH[1] ?? outOfRange(RELAX_WIDTH, 1)) && fraction < (RELAX_ZEROS[0] ?? outOfRange(RELAX_ZEROS, 0))) ||
      (w <= (RELAX_WIDTH[2] ?? outOfRange(RELAX_WIDTH, 2)) && fraction < (RELAX_ZEROS[1] ?? outOfRange(RELAX_ZEROS, 1))) ||
      fraction < (RELAX_ZEROS[2] ?? outOfRange(RELAX_ZEROS, 2));
    if (!merge) continue;
    width[s] = w;
    height[s] = h;
    trueNnz[s] = nz;
    superParent[s] = superParent[p] ?? outOfRange(superParent, p);
    mergedInto[p] = s;
  }
  const out: number[] = [];
  for (let s = 0; s < ns; s++) if (mergedInto[s] === s) out.push(firsts[s] ?? outOfRange(firsts, s));
  out.push(n);
  return Int32Array.from(out);
}

/**
 * Orders and symbolically factorises a symmetric pattern. `pattern` may hold the lower triangle
 * (every entry has row >= col) or the full, structurally symmetric matrix (detected automatically;
 * then only the entries with row >= col are read and the upper triangle's values are ignored).
 * The values later given to `cholesky` are in the order of `pattern.values`.
 */
export function analyse(pattern: CscMatrix, options: AnalyseOptions = {}): SymbolicCholesky {
  const n = pattern.ncols;
  if (pattern.nrows !== n) {
    throw new SparseError('dimension-mismatch', `pattern is ${pattern.nrows}x${n}, not square`);
  }
  const { colPtr, rowIdx } = pattern;
  let hasUpper = false;
  for (let j = 0; j < n && !hasUpper; j++) {
    if ((colPtr[j + 1] ?? outOfRange(colPtr, j + 1)) > (colPtr[j] ?? outOfRange(colPtr, j)) && (rowIdx[(colPtr[j] ?? outOfRange(colPtr, j))] ?? outOfRange(rowIdx, (colPtr[j] ?? outOfRange(colPtr, j)))) < j) hasUpper = true;
  }
  if (hasUpper) checkStructurallySymmetric(pattern);

  const choice = options.ordering ?? 'auto';
  const orderings: Partial<Record<OrderingName | 'given', OrderingReport>> = {};
  // The best candidate so far (fewest flops, the first on a tie), with its prediction: the chosen
  // ordering's permuted pattern and elimination tree are not computed twice.
  let best: { name: OrderingName | 'given'; perm: Int32Array; prediction: Prediction } | undefined;
  const consider = (name: OrderingName | 'given', perm: Int32Array, seconds: number): void => {
    const prediction = predictFactor(pattern, perm);
    orderings[name] = { nnzL: prediction.nnzL, flops: prediction.flops, seconds };
    if (best === undefined || prediction.flops < best.prediction.flops) best = { name, perm, prediction };
  };
  const timed = (name: OrderingName, compute: () => Int32Array): void => {
    const start = performance.now();
    const perm = compute();
    consider(name, perm, (performance.now() - start) / 1000);
  };
  if (choice instanceof Int32Array) {
    checkPermutation(choice, n);
    consider('given', choice.slice(), 0);
  } else if (choice === 'natural') {
    consider('natural', identity(n), 0);
  } else if (choice === 'amd' || choice === 'nested-dissection' || choice === 'auto') {
    if (choice !== 'nested-dissection') timed('amd', () => approximateMinimumDegree(pattern));
    if (choice === 'nested-dissection' || (choice === 'auto' && n >= AUTO_DISSECTION_SIZE)) {
      timed('nested-dissection', () => nestedDissection(pattern));
    }
  } else {
    throw new SparseError('invalid-argument', `ordering must be 'auto', 'amd', 'nested-dissection', 'natural' or an Int32Array`);
  }
  if (best === undefined) throw new SparseError('invalid-argument', 'no ordering was computed');

  let perm = best.perm;
  let { invPerm, rows, etree, count } = best.prediction;
  if (best.name === 'amd' || best.name === 'nested-dissection') {
    // A postorder keeps the fill and makes every subtree (and so every supernode) contiguous.
    const post = postorder(etree);
    const composed = new Int32Array(n);
    for (let k = 0; k < n; k++) composed[k] = perm[(post[k] ?? outOfRange(post, k))] ?? outOfRange(perm, (post[k] ?? outOfRange(post, k)));
    perm = composed;
    invPerm = new Int32Array(n);
    for (let k = 0; k < n; k++) invPerm[perm[k] ?? outOfRange(perm, k)] = k;
    rows = permutedRows(pattern, invPerm);
    etree = eliminationTree(n, rows.rowPtr, rows.rowCol);
    count = columnCounts(n, etree, rows.rowPtr, rows.rowCol);
  }
  const { nnzL, flops } = factorSize(count);
  const superPtr = supernodePartition(etree, count, options.relax ?? true);
  const structure = supernodalStructure(n, superPtr, rows);
  const { cColPtr, cRowIdx, cSource } = permutedColumns(n, rows);
  return symbolicCholesky({
    n,
    perm,
    invPerm,
    ordering: best.name,
    orderings,
    nnzL,
    flops,
    nSupernodes: superPtr.length - 1,
    superPtr,
    ...structure,
    inputFormat: hasUpper ? 'full' : 'lower',
    inputNnz: pattern.nnz,
    cColPtr,
    cRowIdx,
    cSource,
  });
}

/**
 * Row lists of the supernodes: R_s = own columns ∪ rows of C in s's columns ∪ the rows of each
 * child supernode's list beyond s's last column. The child of s is every supernode whose first row
 * below its own columns lies in s, so R_child \ cols(child) ⊆ cols(s) ∪ R_s, which is what the
 * numeric update and the selected inverse rely on.
 */
function supernodalStructure(
  n: number,
  superPtr: Int32Array,
  rows: PermutedLower,
): Pick<SymbolicCholesky, 'superOf' | 'superRowPtr' | 'superRows' | 'lColPtr' | 'parent'> {
  const ns = superPtr.length - 1;
  const superOf = new Int32Array(n);
  for (let s = 0; s < ns; s++) for (let j = superPtr[s] ?? outOfRange(superPtr, s); j < (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)); j++) superOf[j] = s;
  // C by columns, rows only (the strict lower rows of each column).
  const { rowPtr, rowCol } = rows;
  const colCount = new Int32Array(n + 1);
  for (let q = 0; q < rowCol.length; q++) colCount[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] = (colCount[(rowCol[q] ?? outOfRange(rowCol, q)) + 1] ?? outOfRange(colCount, (rowCol[q] ?? outOfRange(rowCol, q)) + 1)) + 1;
  for (let j = 0; j < n; j++) colCount[j + 1] = (colCount[j + 1] ?? outOfRange(colCount, j + 1)) + (colCount[j] ?? outOfRange(colCount, j));
  const colNext = colCount.slice(0, n);
  const colRows = new Int32Array(rowCol.length);
  for (let r = 0; r < n; r++) for (let q = rowPtr[r] ?? outOfRange(rowPtr, r); q < (rowPtr[r + 1] ?? outOfRange(rowPtr, r + 1)); q++) colRows[advance(colNext, rowCol[q] ?? outOfRange(rowCol, q))] = r;

  const childHead = new Int32Array(ns).fill(-1);
  const childNext = new Int32Array(ns).fill(-1);
  const mark = new Int32Array(n).fill(-1);
  const superRowPtr = new Int32Array(ns + 1);
  const lists: Int32Array[] = new Array(ns);
  const buffer = new Int32Array(n);
  let total = 0;
  for (let s = 0; s < ns; s++) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const l = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - 1;
    let m = 0;
    for (let j = f; j <= l; j++) {
      mark[j] = s;
      buffer[m++] = j;
    }
    const add = (r: number): void => {
      if (mark[r] === s) return;
      mark[r] = s;
      buffer[m++] = r;
    };
    for (let j = f; j <= l; j++) for (let q = colCount[j] ?? outOfRange(colCount, j); q < (colCount[j + 1] ?? outOfRange(colCount, j + 1)); q++) if ((colRows[q] ?? outOfRange(colRows, q)) > l) add(colRows[q] ?? outOfRange(colRows, q));
    for (let c = childHead[s] ?? outOfRange(childHead, s); c !== -1; c = childNext[c] ?? outOfRange(childNext, c)) {
      const list = itemAt(lists, c);
      for (let a = 0; a < list.length; a++) if ((list[a] ?? outOfRange(list, a)) > l) add(list[a] ?? outOfRange(list, a));
    }
    buffer.subarray(l - f + 1, m).sort();
    const list = buffer.slice(0, m);
    lists[s] = list;
    total += m;
    superRowPtr[s + 1] = total;
    if (m > l - f + 1) {
      const p = superOf[(list[l - f + 1] ?? outOfRange(list, l - f + 1))] ?? outOfRange(superOf, (list[l - f + 1] ?? outOfRange(list, l - f + 1)));
      childNext[s] = childHead[p] ?? outOfRange(childHead, p);
      childHead[p] = s;
    }
  }
  const superRows = new Int32Array(total);
  for (let s = 0; s < ns; s++) superRows.set(itemAt(lists, s), superRowPtr[s]);

  const lColPtr = new Int32Array(n + 1);
  const parent = new Int32Array(n).fill(-1);
  let stored = 0;
  for (let s = 0; s < ns; s++) {
    const f = superPtr[s] ?? outOfRange(superPtr, s);
    const k = (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f;
    const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - (superRowPtr[s] ?? outOfRange(superRowPtr, s));
    for (let c = 0; c < k; c++) {
      lColPtr[f + c] = stored;
      stored += m - c;
      if (stored > 0x7fffffff) {
        throw new SparseError('invalid-argument', 'the Cholesky factor would have more than 2^31 - 1 entries');
      }
      parent[f + c] = c + 1 < m ? (superRows[(superRowPtr[s] ?? outOfRange(superRowPtr, s)) + c + 1] ?? outOfRange(superRows, (superRowPtr[s] ?? outOfRange(superRowPtr, s)) + c + 1)) : -1;
    }
  }
  lColPtr[n] = stored;
  return { superOf, superRowPtr, superRows, lColPtr, parent };
}

type SymbolicFields = Omit<SymbolicCholesky, 'lRowIdx'>;

/** The symbolic analysis from its fields; `lRowIdx` (the CSC row indices of the stored L) is built on first access. */
function symbolicCholesky(fields: SymbolicFields): SymbolicCholesky {
  let rowIndices: Int32Array | undefined;
  return {
    ...fields,
    get lRowIdx(): Int32Array {
      if (rowIndices === undefined) {
        const { n, superPtr, superRowPtr, superRows, lColPtr, nSupernodes } = fields;
        const idx = new Int32Array(lColPtr[n] ?? outOfRange(lColPtr, n));
        for (let s = 0; s < nSupernodes; s++) {
          const f = superPtr[s] ?? outOfRange(superPtr, s);
          const start = superRowPtr[s] ?? outOfRange(superRowPtr, s);
          const m = (superRowPtr[s + 1] ?? outOfRange(superRowPtr, s + 1)) - start;
          for (let c = 0; c < (superPtr[s + 1] ?? outOfRange(superPtr, s + 1)) - f; c++) idx.set(superRows.subarray(start + c, start + m), lColPtr[f + c]);
        }
        rowIndices = idx;
      }
      return rowIndices;
    },
  };
}
