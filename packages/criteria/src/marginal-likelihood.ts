/**
 * The log marginal likelihood log p(y), both ways R-INLA prints it.
 * @module
 */
import type { CriteriaPosterior } from './posterior.js';
import { outOfRange } from '@hlm/likelihood';

/** R-INLA's two rows of `mlik`. */
export interface MarginalLikelihood {
  /** "log marginal-likelihood (integration)": the integral of π̃(θ | y) over the integration points. */
  integration: number;
  /** "log marginal-likelihood (Gaussian)": the integral of the Gaussian approximation of π̃(θ | y) at its mode. */
  gaussian: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The log marginal likelihood log p(y) = log ∫ π̃(θ | y) dθ (Rue, Martino & Chopin 2009, §6.5) as R-INLA computes
 * it (approx-inference.c, end of `GMRFLib_ai_INLA_experimental`), with ℓ* = log π̃(θ* | y) at the mode, λ_i the
 * eigenvalues of the negative Hessian there and m hyperparameters:
 *
 * - Gaussian: ℓ* + (m/2) log 2π − ½ Σ log λ_i.
 * - Integration, `grid` (the default, also when its design is the CCD for m ≥ 3) and `eb`:
 *   ℓ* + log(dz · Σ_k exp(w_k − max_j w_j)) − ½ Σ log λ_i with w_k = log π̃(θ_k | y) + log(design weight_k), over
 *   every point including the early-stopped ones. R-INLA takes the maximum over the weighted values and adds ℓ*, so
 *   the result is not exactly invariant to where the maximum falls; this reproduces it.
 * - Integration, `ccd`: the asymmetric Gaussian with the stretches s±: ℓ* + (m/2) log 2π − ½ Σ [log λ_i + ½(log s⁺_i² + log s⁻_i²)].
 * - m = 0: both are ℓ*, the Laplace approximation of log p(y).
 *
 * ℓ* includes the hyperpriors and the normalising constants of the latent priors. A flat (improper) intercept has
 * density 1 and contributes nothing, so the marginal likelihood is then defined only up to that convention.
 */
export function marginalLikelihood(posterior: CriteriaPosterior): MarginalLikelihood {
  const modeLogPosterior = posterior.mode.logPosterior;
  const eigenvalues = posterior.hessianEigenvalues;
  const m = eigenvalues.length;
  if (m === 0) return { integration: modeLogPosterior, gaussian: modeLogPosterior };
  const halfLogDet = 0.5 * eigenvalues.reduce((s, lambda) => s + Math.log(lambda), 0);
  const gaussian = modeLogPosterior + 0.5 * m * LOG_2PI - halfLogDet;
  if (posterior.integration === 'ccd') {
    let stretch = 0;
    for (let i = 0; i < m; i++) {
      stretch += 0.5 * (Math.log((posterior.stretchPositive[i] ?? outOfRange(posterior.stretchPositive, i)) ** 2) + Math.log((posterior.stretchNegative[i] ?? outOfRange(posterior.stretchNegative, i)) ** 2));
    }
    return { integration: gaussian - 0.5 * stretch, gaussian };
  }
  const logWeights = posterior.points.map((point) => point.logPosterior + point.logDesignWeight);
  const max = Math.max(...logWeights);
  const sum = logWeights.reduce((s, w) => s + Math.exp(w - max), 0);
  return { integration: Math.log(posterior.dz * sum) - halfLogDet + modeLogPosterior, gaussian };
}
