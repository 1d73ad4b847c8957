/**
 * The weights over the integration points that the criteria use, and the linear predictor's posterior mean.
 * @module
 */
import type { CriteriaPoint, CriteriaPosterior } from './posterior.js';

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

/**
 * The posterior mean of each η_i: the mean of its mixture Σ_k predictorWeight_k N(m_ik, v_ik) over the points,
 * which R-INLA reports as the linear predictor's mean and uses for the deviance at the mean.
 */
export function predictorPosteriorMean(posterior: CriteriaPosterior): Float64Array {
  const n = posterior.response.length;
  const mean = new Float64Array(n);
  let total = 0;
  for (const point of posterior.points) {
    const w = point.predictorWeight;
    if (w === 0) continue;
    total += w;
    for (let i = 0; i < n; i++) mean[i]! += w * point.predictorMean[i]!;
  }
  for (let i = 0; i < n; i++) mean[i]! /= total;
  return mean;
}
