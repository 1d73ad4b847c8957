/**
 * The weights over the integration points that the criteria use, and the linear predictor's posterior mean.
 * @module
 */
import type { CriteriaPoint, CriteriaPosterior } from './posterior.js';
import { outOfRange } from '@hlm/likelihood';

/** A point with its weight p_k in the criteria. */
export interface WeightedPoint {
  readonly point: CriteriaPoint;
  readonly p: number;
}

/**
 * The points with their weights p_k in DIC, WAIC and CPO: `latentWeight`, the normalised weight pruned to 99.9%
 * of the mass, as R-INLA's `probs` in `GMRFLib_ai_INLA_experimental`. Points with p_k = 0 are left out.
 */
export function criteriaPoints(posterior: CriteriaPosterior): WeightedPoint[] {
  return posterior.points.map((point) => ({ point, p: point.latentWeight })).filter((w) => w.p > 0);
}

/** Row i's weight d_i (R-INLA's `weights`, its `d`): `posterior.weights[i]`, or 1 when the posterior has none. */
export function rowWeight(posterior: CriteriaPosterior, i: number): number {
  const weights = posterior.weights;
  return weights ? (weights[i] ?? outOfRange(weights, i)) : 1;
}

/** Where observation i's η sits in each point's predictor moments: `predictorPattern[i]` when given, else i. */
export function momentIndex(posterior: CriteriaPosterior): ArrayLike<number> {
  return posterior.predictorPattern ?? Int32Array.from({ length: posterior.response.length }, (_, i) => i);
}

/** The posterior mean of η at each index of the points' predictor moments (see `predictorPosteriorMean`). */
export function predictorMeanByIndex(posterior: CriteriaPosterior): Float64Array {
  const first = posterior.points.find((point) => point.predictorWeight > 0);
  const size = first ? first.predictorMean.length : 0;
  const mean = new Float64Array(size);
  let total = 0;
  for (const point of posterior.points) {
    const w = point.predictorWeight;
    if (w === 0) continue;
    total += w;
    for (let s = 0; s < size; s++) mean[s] = (mean[s] ?? outOfRange(mean, s)) + w * (point.predictorMean[s] ?? outOfRange(point.predictorMean, s));
  }
  for (let s = 0; s < size; s++) mean[s] = (mean[s] ?? outOfRange(mean, s)) / total;
  return mean;
}

/**
 * The posterior mean of each η_i: the mean of its mixture Σ_k predictorWeight_k N(m_ik, v_ik) over the points,
 * which R-INLA reports as the linear predictor's mean and uses for the deviance at the mean.
 */
export function predictorPosteriorMean(posterior: CriteriaPosterior): Float64Array {
  const byIndex = predictorMeanByIndex(posterior);
  const index = momentIndex(posterior);
  return Float64Array.from({ length: posterior.response.length }, (_, i) => (byIndex[index[i] ?? outOfRange(index, i)] ?? outOfRange(byIndex, index[i] ?? outOfRange(index, i))));
}
