/**
 * The moments of each observation group's log likelihood at each criteria point, which DIC and WAIC share: computed
 * once per posterior, whichever of the two asks first.
 * @module
 */
import { gaussHermite, getFamily, outOfRange } from '@hlm/likelihood';
import { groupObservations } from './groups.js';
import type { CriteriaPosterior } from './posterior.js';
import { GHQ_POINTS, logLikelihoodMoments } from './quadrature.js';
import { criteriaPoints, momentIndex, type WeightedPoint } from './weights.js';

/** E[ℓ], E[ℓ²] and E[exp ℓ] of group g at criteria point k, at index g · points.length + k. */
export interface GroupMoments {
  readonly points: readonly WeightedPoint[];
  readonly meanLog: Float64Array;
  readonly meanLogSquared: Float64Array;
  readonly meanDensity: Float64Array;
}

const cache = new WeakMap<CriteriaPosterior, GroupMoments>();

/** The moments of ℓ = log p(y_i | η), η ~ N(m_ik, v_ik), for each group's representative i and point k (Gauss–Hermite). */
export function groupMoments(posterior: CriteriaPosterior): GroupMoments {
  const held = cache.get(posterior);
  if (held) return held;
  const family = getFamily(posterior.family);
  const rule = gaussHermite(GHQ_POINTS);
  const points = criteriaPoints(posterior);
  const { representatives } = groupObservations(posterior);
  const { columns, response } = posterior;
  const index = momentIndex(posterior);
  const size = representatives.length * points.length;
  const moments: GroupMoments = { points, meanLog: new Float64Array(size), meanLogSquared: new Float64Array(size), meanDensity: new Float64Array(size) };
  representatives.forEach((i, g) => {
    const y = response[i] ?? outOfRange(response, i);
    points.forEach(({ point }, k) => {
      const theta = point.familyTheta;
      const m = logLikelihoodMoments((eta) => family.logDensityAt(y, columns, i, theta, eta), point.predictorMean[(index[i] ?? outOfRange(index, i))] ?? outOfRange(point.predictorMean, (index[i] ?? outOfRange(index, i))), Math.sqrt(point.predictorVariance[(index[i] ?? outOfRange(index, i))] ?? outOfRange(point.predictorVariance, (index[i] ?? outOfRange(index, i)))), rule);
      const at = g * points.length + k;
      moments.meanLog[at] = m.meanLog;
      moments.meanLogSquared[at] = m.meanLogSquared;
      moments.meanDensity[at] = m.meanDensity;
    });
  });
  cache.set(posterior, moments);
  return moments;
}
