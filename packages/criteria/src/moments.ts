/**
 * The moments of each observation group's log likelihood at each criteria point, which DIC and WAIC share: computed
 * once per posterior, whichever of the two asks first.
 * @module
 */
import { gaussHermite, getFamily, outOfRange } from '@hlm/likelihood';
import { groupObservations } from './groups.js';
import type { CriteriaPosterior } from './posterior.js';
import { GHQ_POINTS, quadratureMoments } from './quadrature.js';
import { criteriaPoints, momentIndex, type WeightedPoint } from './weights.js';

/** E[ℓ], E[ℓ²] and E[exp ℓ] of group g at criteria point k, at index g · points.length + k. */
export interface GroupMoments {
  readonly points: readonly WeightedPoint[];
  readonly meanLog: Float64Array;
  readonly meanLogSquared: Float64Array;
  readonly meanDensity: Float64Array;
}

const cache = new WeakMap<CriteriaPosterior, GroupMoments>();

/** Groups whose quadrature nodes go to the family in one call (their buffers hold this many × 15 numbers each). */
const GROUPS_PER_BLOCK = 4096;

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
  // The groups' responses and columns are repeated at each quadrature node, so that each point is one vectorised
  // call of the family's log density over a block of groups' nodes; blocks keep the buffers small for any data.
  const nodes = rule.nodes.length;
  const groups = representatives.length;
  const block = Math.min(groups, GROUPS_PER_BLOCK);
  const responseNodes = new Float64Array(block * nodes);
  const columnNodes = Object.entries(columns).map(([name, values]) => ({ name, values, out: new Float64Array(block * nodes) }));
  const etaNodes = new Float64Array(block * nodes);
  const logLikelihood = new Float64Array(block * nodes);
  for (let first = 0; first < groups; first += block) {
    const count = Math.min(block, groups - first);
    const size = count * nodes;
    const repeat = (values: ArrayLike<number>, out: Float64Array): void => {
      for (let g = 0; g < count; g++) {
        const i = representatives[first + g] ?? outOfRange(representatives, first + g);
        out.fill(values[i] ?? outOfRange(values, i), g * nodes, (g + 1) * nodes);
      }
    };
    repeat(response, responseNodes);
    const blockColumns: Record<string, Float64Array> = {};
    for (const { name, values, out } of columnNodes) {
      repeat(values, out);
      blockColumns[name] = out.subarray(0, size);
    }
    points.forEach(({ point }, k) => {
      for (let g = 0; g < count; g++) {
        const i = representatives[first + g] ?? outOfRange(representatives, first + g);
        const s = index[i] ?? outOfRange(index, i);
        const mean = point.predictorMean[s] ?? outOfRange(point.predictorMean, s);
        const sd = Math.sqrt(point.predictorVariance[s] ?? outOfRange(point.predictorVariance, s));
        for (let j = 0; j < nodes; j++) etaNodes[g * nodes + j] = mean + sd * (rule.nodes[j] ?? outOfRange(rule.nodes, j));
      }
      family.logDensity(responseNodes.subarray(0, size), blockColumns, point.familyTheta, etaNodes.subarray(0, size), logLikelihood);
      for (let g = 0; g < count; g++) quadratureMoments(logLikelihood, g * nodes, rule, moments, (first + g) * points.length + k);
    });
  }
  cache.set(posterior, moments);
  return moments;
}
