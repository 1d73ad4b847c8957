/**
 * Observations that share everything a criterion reads are computed once: rows of a survey with the same
 * covariates, group and response have the same linear-predictor moments at every point. The groups are found once
 * per posterior (DIC, WAIC and CPO share them) by hashing the numbers themselves, never strings.
 * @module
 */
import { DistinctKeyTable, grown, HASH_SEED, mixNumber, outOfRange } from '@hlm/likelihood';
import type { CriteriaPosterior } from './posterior.js';

/** Observations grouped by identical (y_i, the family's columns at i, the weight d_i, and m_ik, v_ik at every point). */
export interface ObservationGroups {
  /** One observation standing for each group (the first in row order). */
  readonly representatives: Int32Array;
  /**
   * The group of each observation; −1 for a prediction row (no response) and for a row of weight 0, which R-INLA
   * leaves out of every criterion (approx-inference.c: only rows with d_i ≠ 0 enter `d_idx`).
   */
  readonly groupOf: Int32Array;
}

const cache = new WeakMap<CriteriaPosterior, ObservationGroups>();

/**
 * The groups of `posterior`'s observations, computed on first use and kept for that posterior. Two observations
 * share a group when every number a criterion reads of them is the same (compared with ===), over all points
 * (the ones a criterion leaves out carry their moments too, so grouping over all points is never coarser).
 * When the posterior gives `predictorPattern` (observations with identical rows of A share a pattern, hence
 * their moments), the pattern id stands for the moments.
 */
export function groupObservations(posterior: CriteriaPosterior): ObservationGroups {
  let groups = cache.get(posterior);
  if (!groups) {
    groups = buildGroups(posterior);
    cache.set(posterior, groups);
  }
  return groups;
}

function buildGroups(posterior: CriteriaPosterior): ObservationGroups {
  const { response, points } = posterior;
  const pattern = posterior.predictorPattern;
  const n = response.length;
  // the per-observation arrays whose equality makes two observations alike (besides the pattern)
  const weights = posterior.weights ?? null;
  const columns: ArrayLike<number>[] = [response, ...Object.values(posterior.columns)];
  if (weights) columns.push(weights);
  if (pattern) return groupsWithinPatterns(n, pattern, columns, weights);
  for (const point of points) if (point.predictorMean.length === n) columns.push(point.predictorMean, point.predictorVariance);
  const same = (i: number, j: number): boolean => {
    for (const column of columns) if (column[i] !== column[j]) return false;
    return true;
  };
  // the observations with a likelihood (a response and a nonzero weight), keyed by their numbers
  const groupOf = new Int32Array(n).fill(-1);
  const table = new DistinctKeyTable();
  let current = 0;
  const sameAsCurrent = (g: number): boolean => same(table.firstItem(g), current);
  for (let i = 0; i < n; i++) {
    if (isLeftOut(response, weights, i)) continue;
    let h = HASH_SEED;
    for (const column of columns) h = mixNumber(h, column[i] ?? outOfRange(column, i));
    current = i;
    groupOf[i] = table.idOf(h, i, sameAsCurrent);
  }
  const representatives = table.firsts();
  return { representatives, groupOf };
}

/** A prediction row (no response) or a row of weight 0: in no group. */
function isLeftOut(response: ArrayLike<number>, weights: ArrayLike<number> | null, i: number): boolean {
  return Number.isNaN(response[i]) || (weights !== null && weights[i] === 0);
}

/**
 * The groups when each observation's pattern stands for its moments: an observation joins the first group of its
 * pattern whose representative has its numbers, found by walking the few groups of that pattern (one or two for a
 * binary response), never by hashing. The same groups, in the same order, as hashing them would give.
 */
function groupsWithinPatterns(n: number, pattern: ArrayLike<number>, columns: readonly ArrayLike<number>[], weights: ArrayLike<number> | null): ObservationGroups {
  const response = columns[0] ?? outOfRange(columns, 0);
  let patterns = 0;
  for (let i = 0; i < n; i++) patterns = Math.max(patterns, (pattern[i] ?? outOfRange(pattern, i)) + 1);
  // each pattern's groups as a list: its first group, and each group's next in the same pattern
  const firstGroup = new Int32Array(patterns).fill(-1);
  let nextGroup = new Int32Array(Math.max(16, Math.min(n, 1024)));
  let representatives = new Int32Array(nextGroup.length);
  let count = 0;
  const groupOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (isLeftOut(response, weights, i)) continue;
    const p = pattern[i] ?? outOfRange(pattern, i);
    let last = -1;
    let g = firstGroup[p] ?? outOfRange(firstGroup, p);
    for (; g >= 0; g = nextGroup[g] ?? outOfRange(nextGroup, g)) {
      const r = representatives[g] ?? outOfRange(representatives, g);
      let same = true;
      for (const column of columns) {
        if (column[i] !== column[r]) {
          same = false;
          break;
        }
      }
      if (same) break;
      last = g;
    }
    if (g < 0) {
      g = count++;
      if (g === nextGroup.length) {
        nextGroup = grown(nextGroup);
        representatives = grown(representatives);
      }
      nextGroup[g] = -1;
      representatives[g] = i;
      if (last < 0) firstGroup[p] = g;
      else nextGroup[last] = g;
    }
    groupOf[i] = g;
  }
  return { representatives: representatives.slice(0, count), groupOf };
}
