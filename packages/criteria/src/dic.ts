/**
 * The deviance information criterion (Spiegelhalter, Best, Carlin & van der Linde 2002) as R-INLA computes it.
 * @module
 */
import { getFamily, outOfRange } from '@hlm/likelihood';
import type { CriteriaPosterior } from './posterior.js';
import { groupObservations } from './groups.js';
import { groupMoments } from './moments.js';
import { momentIndex, predictorMeanByIndex, rowWeight } from './weights.js';

/** DIC with its parts, and per observation. */
export interface DicResult {
  /** DIC = D̄ + p_eff. */
  dic: number;
  /** The effective number of parameters p_eff = D̄ − D(η̄). */
  p_eff: number;
  /** The posterior mean of the deviance, D̄. */
  mean_deviance: number;
  /** The deviance at the posterior mean of the linear predictor, D(η̄). */
  deviance_mean: number;
  /**
   * Per observation: dic_i = 2 D̄_i − D_i(η̄_i) and p_eff_i = D̄_i − D_i(η̄_i) (R-INLA's `local.dic`, `local.p.eff`); NaN on
   * prediction rows and rows of weight 0.
   */
  local: { dic: Float64Array; p_eff: Float64Array };
}

/**
 * The deviance information criterion (Spiegelhalter et al. 2002, with the deviance D = −2 log p(y | η)) as R-INLA
 * computes it (approx-inference.c, `GMRFLib_ai_dic_integrate` and the DIC block of `GMRFLib_ai_INLA_experimental`):
 *
 * - D̄ = Σ_i Σ_k p_k E[−2 d_i log p(y_i | η)] with η ~ N(m_ik, v_ik), by 15-point Gauss–Hermite quadrature, where p_k
 *   are the point weights pruned to 99.9% of the mass and d_i the row's weight (R-INLA's `weights`, 1 without);
 * - D(η̄) = Σ_i −2 d_i log p(y_i | η̄_i), η̄_i the posterior mean of η_i (the mixture mean over the points);
 * - p_eff = D̄ − D(η̄) and DIC = D̄ + p_eff.
 *
 * Rows of weight 0 are left out of the sums and get NaN (R-INLA computes no deviance outside `d_idx`, the rows with
 * d_i ≠ 0).
 */
export function dic(posterior: CriteriaPosterior): DicResult {
  const family = getFamily(posterior.family);
  const etaBar = predictorMeanByIndex(posterior);
  const index = momentIndex(posterior);
  const n = posterior.response.length;
  const localDic = new Float64Array(n);
  const localPEff = new Float64Array(n);
  let meanDeviance = 0;
  let devianceMean = 0;
  const { representatives, groupOf } = groupObservations(posterior);
  const { columns } = posterior;
  const { points, meanLog } = groupMoments(posterior);
  const groupExpected = Float64Array.from(representatives, (i, g) => {
    // GMRFLib_ai_dic_integrate: −2 d E[ℓ], the masked nodes chosen on the unweighted ℓ (groups share their weight)
    const d = rowWeight(posterior, i);
    let expected = 0;
    points.forEach(({ p }, k) => {
      expected += p * -2 * d * (meanLog[g * points.length + k] ?? outOfRange(meanLog, g * points.length + k));
    });
    return expected;
  });
  // the DIC block of GMRFLib_ai_INLA_experimental: −2 d ℓ(η̄), the same for every member of a group (same response,
  // columns, weight and η̄)
  const groupAtMean = Float64Array.from(representatives, (i) => -2 * rowWeight(posterior, i) * family.logDensityAt(posterior.response[i] ?? outOfRange(posterior.response, i), columns, i, posterior.familyTheta, etaBar[index[i] ?? outOfRange(index, i)] ?? outOfRange(etaBar, index[i] ?? outOfRange(index, i))));
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] ?? outOfRange(groupOf, i);
    if (g < 0) {
      localDic[i] = Number.NaN;
      localPEff[i] = Number.NaN;
      continue;
    }
    const expected = groupExpected[g] ?? outOfRange(groupExpected, g);
    const atMean = groupAtMean[g] ?? outOfRange(groupAtMean, g);
    localDic[i] = 2 * expected - atMean;
    localPEff[i] = expected - atMean;
    meanDeviance += expected;
    devianceMean += atMean;
  }
  const pEff = meanDeviance - devianceMean;
  return {
    dic: meanDeviance + pEff,
    p_eff: pEff,
    mean_deviance: meanDeviance,
    deviance_mean: devianceMean,
    local: { dic: localDic, p_eff: localPEff },
  };
}
