/**
 * Observations that share everything a criterion reads are computed once: rows of a survey with the same
 * covariates, group and response have the same linear-predictor moments at every point. The groups are found once
 * per posterior (DIC, WAIC and CPO share them) by hashing the numbers themselves, never strings.
 * @module
 */
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

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** Mixes the 64 bits of x into the 32-bit hash h (FNV-style multiply-xor on each half; 0 and −0 hash alike). */
function mix(h: number, x: number): number {
  bits[0] = x === 0 ? 0 : x;
  h = Math.imul(h ^ words[0]!, 0x01000193);
  h = Math.imul(h ^ words[1]!, 0x01000193);
  return h;
}

/**
 * The table slot of the 32-bit hash h: MurmurHash3's finaliser first, because the multiply-xor steps of `mix` carry a
 * word's bits only upwards, and whole numbers (counts, ids) differ only in their high bits.
 */
function slotOf(h: number, mask: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & mask;
}

function buildGroups(posterior: CriteriaPosterior): ObservationGroups {
  const { response, points } = posterior;
  const pattern = posterior.predictorPattern;
  const n = response.length;
  // the per-observation arrays whose equality makes two observations alike
  const weights = posterior.weights ?? null;
  const columns: ArrayLike<number>[] = [response, ...Object.values(posterior.columns)];
  if (weights) columns.push(weights);
  if (pattern) columns.push(pattern);
  else {
    for (const point of points) if (point.predictorMean.length === n) columns.push(point.predictorMean, point.predictorVariance);
  }
  const same = (i: number, j: number): boolean => {
    for (const column of columns) if (column[i] !== column[j]) return false;
    return true;
  };
  // open addressing: a table of twice the next power of two, slots holding group + 1
  let size = 16;
  while (size < 2 * n) size *= 2;
  const slots = new Int32Array(size);
  const groupOf = new Int32Array(n);
  const representatives = new Int32Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(response[i]) || (weights !== null && weights[i] === 0)) {
      groupOf[i] = -1;
      continue;
    }
    let h = 0x811c9dc5;
    for (const column of columns) h = mix(h, column[i]!);
    let slot = slotOf(h, size - 1);
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        slots[slot] = groups + 1;
        representatives[groups] = i;
        groupOf[i] = groups++;
        break;
      }
      if (same(representatives[held - 1]!, i)) {
        groupOf[i] = held - 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  return { representatives: representatives.slice(0, groups), groupOf };
}
