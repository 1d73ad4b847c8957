import { LatentError } from '../errors.js';
import type { PriorDefinition } from './types.js';
import { outOfRange } from '@hlm/sparse';

/**
 * g(z) = log z − ψ(z) and h(z) = ψ′(z) − 1/z for z > 0 (ψ the digamma function). Below 10 by the recurrences
 * ψ(z) = ψ(z + 1) − 1/z, ψ′(z) = ψ′(z + 1) + 1/z²; from 10 on by their asymptotic series (Abramowitz & Stegun
 * 6.3.18, 6.4.12), which avoid the cancellation of log z − ψ(z) as z grows. Accurate to about 1e-15 relative.
 */
function gammaDistances(z: number): { g: number; h: number } {
  let g = 0;
  let h = 0;
  let w = z;
  // shift up: log z − ψ(z) = log z − log w + (log w − ψ(w)) + Σ 1/(z + k); ψ′(z) − 1/z = ψ′(w) − 1/w + Σ 1/(z + k)² + 1/w − 1/z
  let shiftPsi = 0;
  let shiftTrigamma = 0;
  while (w < 10) {
    shiftPsi += 1 / w;
    shiftTrigamma += 1 / (w * w);
    w += 1;
  }
  const w2 = 1 / (w * w);
  const gw = 0.5 / w + w2 * (1 / 12 - w2 * (1 / 120 - w2 * (1 / 252 - w2 * (1 / 240 - w2 * (1 / 132)))));
  const hw = w2 * (0.5 + (1 / w) * (1 / 6 - w2 * (1 / 30 - w2 * (1 / 42 - w2 * (1 / 30 - w2 * (5 / 66))))));
  g = Math.log(z) - Math.log(w) + gw + shiftPsi;
  h = hw + 1 / w + shiftTrigamma - 1 / z;
  return { g, h };
}

/**
 * R-INLA's `pc.mgamma(λ)`: the penalised-complexity prior (Simpson et al. 2017) of a = 1/size in the Gamma(1/a, 1/a)
 * mixing distribution, base model a = 0 (no overdispersion), as a density of θ = −log a = log size (the negative
 * binomial's default, λ = 7). With z = 1/a, the distance d(a) = √(2 (log z − ψ(z))) and
 *   log π(a) = log λ − λ d − log d − 2 log a + log(ψ′(z) − a),
 * so log π(θ) = log π(a) + log a (R-INLA's `inla.pc.dgamma`, read through `pc.mgamma`).
 */
export const pcMgamma: PriorDefinition = {
  name: 'pc.mgamma',
  doc: 'PC prior of a = exp(-theta) in Gamma(1/a, 1/a) (the negative binomial size = exp(theta)), rate lambda; param = [lambda]',
  parameterCount: 1,
  validate(param) {
    if (!((param[0] ?? outOfRange(param, 0)) > 0 && Number.isFinite(param[0]))) {
      throw new LatentError('invalid-hyper', `pc.mgamma prior needs a rate lambda > 0, got [${param.join(', ')}]`, { param });
    }
  },
  logDensity(theta, param) {
    const lambda = param[0] ?? outOfRange(param, 0);
    const a = Math.exp(-theta);
    const { g, h } = gammaDistances(Math.exp(theta));
    const d = Math.sqrt(2 * g);
    // ψ′(z) − a = h, since a = 1/z
    return Math.log(lambda) - lambda * d - Math.log(d) - 2 * Math.log(a) + Math.log(h) + Math.log(a);
  },
};
