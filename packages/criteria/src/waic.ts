/**
 * The widely applicable information criterion (Watanabe 2010) in the WAIC-2 form that R-INLA reports.
 * @module
 */
import type { CriteriaPosterior } from './posterior.js';
import { groupObservations } from './groups.js';
import { groupMoments } from './moments.js';
import { rowWeight } from './weights.js';
import { outOfRange } from '@hlm/likelihood';

/** WAIC with its parts, and per observation. */
export interface WaicResult {
  /** WAIC = −2 (lppd − p_eff). */
  waic: number;
  /** p_eff = Σ_i V_i, the summed posterior variances of log p(y_i | η_i). */
  p_eff: number;
  /** The log pointwise predictive density Σ_i log E[p(y_i | η_i) | y]. */
  lppd: number;
  /** Per observation: −2 (log po_i − V_i) (R-INLA's `local.waic`); NaN on prediction rows and rows of weight 0. */
  local: Float64Array;
}

/**
 * WAIC-2 (Watanabe 2010; Gelman, Hwang & Vehtari 2014, eq. 11–13) as R-INLA computes it
 * (approx-inference.c, `GMRFLib_ai_po_integrate`; collect.results.R, `inla.collect.waic`). For each observation,
 * with η ~ N(m_ik, v_ik) at point θ_k, ℓ = log p(y_i | η), 15-point Gauss–Hermite quadrature and the point weights
 * p_k pruned to 99.9% of the mass, and d_i the row's weight (R-INLA's `weights`, 1 without):
 *
 * - po_i = Σ_k p_k (E_k[p(y_i | η)])^d_i (each expectation at least machine epsilon);
 * - V_i = Σ_k p_k d_i² E_k[ℓ²] − (Σ_k p_k d_i E_k[ℓ])², the posterior variance of d_i ℓ (law of total variance; at least 0);
 * - lppd = Σ_i log po_i, p_eff = Σ_i V_i, WAIC = −2 (lppd − p_eff).
 *
 * Rows of weight 0 are left out of the sums and get NaN (R-INLA computes no po outside `d_idx`, the rows with
 * d_i ≠ 0; `inla.collect.waic` sums with na.rm).
 */
export function waic(posterior: CriteriaPosterior): WaicResult {
  const n = posterior.response.length;
  const local = new Float64Array(n);
  let lppd = 0;
  let pEff = 0;
  const { representatives, groupOf } = groupObservations(posterior);
  const { points, meanLog, meanLogSquared, meanDensity } = groupMoments(posterior);
  const groupLogPo = new Float64Array(representatives.length);
  const groupVariance = new Float64Array(representatives.length);
  for (let g = 0; g < representatives.length; g++) {
    const d = rowWeight(posterior, representatives[g] ?? outOfRange(representatives, g));
    let po = 0;
    let first = 0;
    let second = 0;
    points.forEach(({ p }, k) => {
      const slot = g * points.length + k;
      // GMRFLib_ai_po_integrate: po = exp(d log max(eps, E[p])), po2 = d E[ℓ], po3 = d² E[ℓ²]
      const density = Math.max(Number.EPSILON, meanDensity[slot] ?? outOfRange(meanDensity, slot));
      po += p * (d === 1 ? density : Math.exp(d * Math.log(density)));
      first += p * (d * (meanLog[slot] ?? outOfRange(meanLog, slot)));
      second += p * (d * d * (meanLogSquared[slot] ?? outOfRange(meanLogSquared, slot)));
    });
    groupLogPo[g] = Math.log(po);
    groupVariance[g] = Math.max(0, second - first * first);
  }
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] ?? outOfRange(groupOf, i);
    if (g < 0) {
      local[i] = Number.NaN;
      continue;
    }
    local[i] = -2 * ((groupLogPo[g] ?? outOfRange(groupLogPo, g)) - (groupVariance[g] ?? outOfRange(groupVariance, g)));
    lppd += groupLogPo[g] ?? outOfRange(groupLogPo, g);
    pEff += groupVariance[g] ?? outOfRange(groupVariance, g);
  }
  return { waic: -2 * (lppd - pEff), p_eff: pEff, lppd, local };
}
