/**
 * The weights over the integration points that the criteria use, and the linear predictor's posterior mean.
 * @module
 */
import type { CriteriaPoint, CriteriaPosterior } from './posterior.js';

/**
 * The mass R-INLA keeps when it prunes the point weights for DIC, WAIC and CPO (`GMRFLib_weight_prob_one`);
 * the linear predictor's marginals use 0.975 (`GMRFLib_weight_prob`), which the posterior's `mixtureWeight` carries.
 */
export const CRITERIA_MASS = 0.999;

/** A point with its weight p_k in the criteria. */
export interface WeightedPoint {
  readonly point: CriteriaPoint;
  readonly p: number;
}

/**
 * Keeps the largest weights until they hold at least `mass` of the total, sets the others to 0 and renormalises
 * (R-INLA density.c, `GMRFLib_density_prune_weights`).
 */
export function pruneWeights(weights: readonly number[], mass: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const order = weights.map((_, k) => k).sort((a, b) => weights[b]! - weights[a]!);
  const kept = new Array<number>(weights.length).fill(0);
  let sum = 0;
  for (const k of order) {
    if (sum >= mass) break;
    sum += weights[k]! / total;
    kept[k] = weights[k]!;
  }
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  return kept.map((w) => w / keptTotal);
}

/**
 * The points with their weights p_k in DIC, WAIC and CPO: the normalised `weight` (early-stopped points at 0)
 * pruned to 99.9% of the mass, as R-INLA's `probs` in `GMRFLib_ai_INLA_experimental`. Points with p_k = 0 are left out.
 */
export function criteriaPoints(posterior: CriteriaPosterior): WeightedPoint[] {
  const p = pruneWeights(posterior.points.map((point) => point.weight), CRITERIA_MASS);
  return posterior.points.map((point, k) => ({ point, p: p[k]! })).filter((w) => w.p > 0);
}

/**
 * The posterior mean of each η_i: the mean of its mixture Σ_k mixtureWeight_k N(m_ik, v_ik) over the points,
 * which R-INLA reports as the linear predictor's mean and uses for the deviance at the mean.
 */
export function predictorPosteriorMean(posterior: CriteriaPosterior): Float64Array {
  const n = posterior.response.length;
  const mean = new Float64Array(n);
  let total = 0;
  for (const point of posterior.points) {
    const w = point.mixtureWeight;
    if (w === 0) continue;
    total += w;
    for (let i = 0; i < n; i++) mean[i]! += w * point.predictorMean[i]!;
  }
  for (let i = 0; i < n; i++) mean[i]! /= total;
  return mean;
}
