import { LatentError } from '../errors.js';
import type { PriorDefinition } from './types.js';

/** x − log(1 + x), accurate for small |x| (a series below 1e-3). */
function xMinusLog1p(x: number): number {
  if (Math.abs(x) < 1e-3) return x * x * (1 / 2 - x * (1 / 3 - x * (1 / 4 - x / 5)));
  return x - Math.log1p(x);
}

/**
 * The distance d(φ) = √(2 KLD) of the BYM2 model with mixing φ from its base model φ = 0 (Riebler et al. 2016,
 * "An intuitive Bayesian spatial model for disease mapping that accounts for scaling", SMMR 25:1145-1165, §3.3;
 * R-INLA's inla.pc.bym.phi): with γ_i the eigenvalues of the scaled structure matrix and g_i = 1/γ_i − 1 on its
 * range, g_i = −1 on its null space (the directions the constraints remove),
 *   2 KLD(φ) = Σ_i [φ g_i − log(1 + φ g_i)],
 * each term non-negative, so small φ loses nothing to cancellation. `distance` and its derivative in θ = logit φ.
 */
export class BymPhiDistance {
  private readonly g: Float64Array;

  constructor(g: Float64Array) {
    this.g = g;
  }

  /** d and dd/dθ at θ = logit φ. */
  at(theta: number): { distance: number; derivative: number } {
    const phi = 1 / (1 + Math.exp(-theta));
    const oneMinusPhi = 1 / (1 + Math.exp(theta));
    let twiceKld = 0;
    let slope = 0; // Σ g² / (1 + φ g)
    for (const g of this.g) {
      const x = phi * g;
      // 1 + φ g = (1 − φ) + φ (1 + g), exact at g = −1
      const onePlus = oneMinusPhi + phi * (1 + g);
      twiceKld += Math.abs(x) < 1e-3 ? xMinusLog1p(x) : x - Math.log(onePlus);
      slope += (g * g) / onePlus;
    }
    const distance = Math.sqrt(Math.max(twiceKld, 0));
    // dd/dθ = (dd/dφ)(dφ/dθ) = [φ S / (2d)] φ (1 − φ)
    const derivative = distance > 0 ? (phi * phi * oneMinusPhi * slope) / (2 * distance) : 0;
    return { distance, derivative };
  }
}

/**
 * Where R-INLA tabulates the prior (inla.pc.bym.phi): logit φ from the 7th of 40 points on [−15, 0] up to 12.
 * It normalises the prior over this interval, so the density there is the PC prior divided by its mass there.
 */
export const PC_BYM_PHI_SUPPORT: readonly [number, number] = [-15 + (6 * 15) / 39, 12];

/**
 * The PC prior for BYM2's mixing parameter on θ = logit φ, with P(φ < u) = α (param = [u, α]; R-INLA's
 * default (0.5, 0.5)): d ~ Exp(λ), λ = −log(1 − α)/d(u), so
 *   log π(θ) = log λ − λ d(θ) + log |dd/dθ| − log M,
 * with M = exp(−λ d(a)) − exp(−λ d(b)) its mass on R-INLA's table range [a, b] = `PC_BYM_PHI_SUPPORT`: R-INLA
 * normalises the tabulated prior there (d grows only like √(−log(1 − φ)) as φ → 1, so the mass beyond b is not
 * negligible). R-INLA tabulates log d by a spline through about 46 values of φ; this evaluates d exactly.
 * `g` (see `BymPhiDistance`) is computed lazily, once, on the first evaluation.
 */
export function pcBymPhiPrior(g: () => Float64Array): PriorDefinition {
  let distance: BymPhiDistance | null = null;
  const cache = new Map<string, { lambda: number; logMass: number }>();
  const model = (): BymPhiDistance => {
    if (!distance) {
      const values = g();
      if (values.every((v) => v === 0)) {
        throw new LatentError('invalid-hyper', 'the pc prior for phi needs a graph with at least one edge', {});
      }
      distance = new BymPhiDistance(values);
    }
    return distance;
  };
  const constants = (param: readonly number[]): { lambda: number; logMass: number } => {
    const key = `${param[0]},${param[1]}`;
    let c = cache.get(key);
    if (!c) {
      const u = param[0]!;
      const lambda = -Math.log(1 - param[1]!) / model().at(Math.log(u / (1 - u))).distance;
      const [a, b] = PC_BYM_PHI_SUPPORT;
      const logMass = Math.log(Math.exp(-lambda * model().at(a).distance) - Math.exp(-lambda * model().at(b).distance));
      c = { lambda, logMass };
      cache.set(key, c);
    }
    return c;
  };
  return {
    name: 'pc',
    doc: 'PC prior for the BYM2 mixing parameter phi: P(phi < u) = alpha; param = [u, alpha]',
    parameterCount: 2,
    support: PC_BYM_PHI_SUPPORT,
    validate(param) {
      const [u, alpha] = param;
      if (!(u! > 0 && u! < 1) || !(alpha! > 0 && alpha! < 1)) {
        throw new LatentError('invalid-hyper', `the pc prior for phi needs 0 < u < 1 and 0 < alpha < 1, got [${param.join(', ')}]`, { param });
      }
    },
    logDensity(theta, param) {
      const { lambda, logMass } = constants(param);
      const { distance: d, derivative } = model().at(theta);
      return Math.log(lambda) - lambda * d + Math.log(Math.abs(derivative)) - logMass;
    },
  };
}
