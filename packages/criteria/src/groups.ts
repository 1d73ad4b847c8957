/**
 * Observations that share everything a criterion reads are computed once: rows of a survey with the same
 * covariates, group and response have the same linear-predictor moments at every point.
 * @module
 */
import type { CriteriaPosterior } from './posterior.js';
import type { WeightedPoint } from './weights.js';

/** Observations grouped by identical (y_i, the family's columns at i, and m_ik, v_ik at every point used). */
export interface ObservationGroups {
  /** One observation standing for each group. */
  readonly representatives: Int32Array;
  /** The group of each observation; −1 for a prediction row (no response). */
  readonly groupOf: Int32Array;
}

/** Groups the observations (computed per call: O(n·K), small beside the criteria's quadrature). */
export function groupObservations(posterior: CriteriaPosterior, points: readonly WeightedPoint[]): ObservationGroups {
  return buildGroups(posterior, points);
}

function buildGroups(posterior: CriteriaPosterior, points: readonly WeightedPoint[]): ObservationGroups {
  const n = posterior.response.length;
  const groupOf = new Int32Array(n);
  const representatives: number[] = [];
  const index = new Map<string, number>();
  const columns = Object.values(posterior.columns);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(posterior.response[i])) {
      groupOf[i] = -1;
      continue;
    }
    let key = `${posterior.response[i]}`;
    for (const column of columns) key += `|${column[i]}`;
    for (const { point } of points) key += `|${point.predictorMean[i]}|${point.predictorVariance[i]}`;
    let group = index.get(key);
    if (group === undefined) {
      group = representatives.length;
      index.set(key, group);
      representatives.push(i);
    }
    groupOf[i] = group;
  }
  return { representatives: Int32Array.from(representatives), groupOf };
}
