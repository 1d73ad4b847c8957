import { LatentError } from '../errors.js';
import type { PriorDefinition } from './types.js';
import { outOfRange } from '@hlm/sparse';

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
 * R's `splinefun(x, y)` (method "fmm", Forsythe, Malcolm & Moler 1977): the cubic spline whose third derivative at
 * each end matches that of the cubic through the four end points. Returns its value and first derivative.
 */
function fmmSpline(x: readonly number[], y: readonly number[]): (t: number) => [number, number] {
  const n = x.length;
  const h = x.slice(1).map((xi, i) => xi - (x[i] ?? outOfRange(x, i)));
  const slope = h.map((hi, i) => ((y[i + 1] ?? outOfRange(y, i + 1)) - (y[i] ?? outOfRange(y, i))) / hi);
  // tridiagonal system for σ_i = S''(x_i)/6: h_{i−1} σ_{i−1} + 2(h_{i−1} + h_i) σ_i + h_i σ_{i+1} = slope_i − slope_{i−1};
  // at the ends −h σ_0 + h σ_1 = h² Δ³ and h σ_{n−2} − h σ_{n−1} = −h² Δ³ with Δ³ the third divided differences
  const diagonal = new Float64Array(n);
  const rhs = new Float64Array(n);
  diagonal[0] = -(h[0] ?? outOfRange(h, 0));
  diagonal[n - 1] = -(h[n - 2] ?? outOfRange(h, n - 2));
  for (let i = 1; i < n - 1; i++) {
    diagonal[i] = 2 * ((h[i - 1] ?? outOfRange(h, i - 1)) + (h[i] ?? outOfRange(h, i)));
    rhs[i] = (slope[i] ?? outOfRange(slope, i)) - (slope[i - 1] ?? outOfRange(slope, i - 1));
  }
  const third = (i: number): number => ((rhs[i + 1] ?? outOfRange(rhs, i + 1)) / ((x[i + 2] ?? outOfRange(x, i + 2)) - (x[i] ?? outOfRange(x, i))) - (rhs[i] ?? outOfRange(rhs, i)) / ((x[i + 1] ?? outOfRange(x, i + 1)) - (x[i - 1] ?? outOfRange(x, i - 1)))) / ((x[i + 2] ?? outOfRange(x, i + 2)) - (x[i - 1] ?? outOfRange(x, i - 1)));
  rhs[0] = (h[0] ?? outOfRange(h, 0)) * (h[0] ?? outOfRange(h, 0)) * third(1);
  rhs[n - 1] = -(h[n - 2] ?? outOfRange(h, n - 2)) * (h[n - 2] ?? outOfRange(h, n - 2)) * third(n - 3);
  const upper = Float64Array.from({ length: n }, (_, i) => (i < n - 1 ? (h[i] ?? outOfRange(h, i)) : 0));
  for (let i = 1; i < n; i++) {
    const t = (h[i - 1] ?? outOfRange(h, i - 1)) / (diagonal[i - 1] ?? outOfRange(diagonal, i - 1));
    diagonal[i] = (diagonal[i] ?? outOfRange(diagonal, i)) - t * (upper[i - 1] ?? outOfRange(upper, i - 1));
    rhs[i] = (rhs[i] ?? outOfRange(rhs, i)) - t * (rhs[i - 1] ?? outOfRange(rhs, i - 1));
  }
  const sigma = new Float64Array(n);
  sigma[n - 1] = (rhs[n - 1] ?? outOfRange(rhs, n - 1)) / (diagonal[n - 1] ?? outOfRange(diagonal, n - 1));
  for (let i = n - 2; i >= 0; i--) sigma[i] = ((rhs[i] ?? outOfRange(rhs, i)) - (upper[i] ?? outOfRange(upper, i)) * (sigma[i + 1] ?? outOfRange(sigma, i + 1))) / (diagonal[i] ?? outOfRange(diagonal, i));
  // on [x_i, x_{i+1}]: y_i + b d + c d² + e d³, with b = slope_i − h_i(σ_{i+1} + 2σ_i), c = 3σ_i, e = (σ_{i+1} − σ_i)/h_i
  return (t) => {
    let i = 0;
    while (i < n - 2 && t >= (x[i + 1] ?? outOfRange(x, i + 1))) i++;
    const d = t - (x[i] ?? outOfRange(x, i));
    const b = (slope[i] ?? outOfRange(slope, i)) - (h[i] ?? outOfRange(h, i)) * ((sigma[i + 1] ?? outOfRange(sigma, i + 1)) + 2 * (sigma[i] ?? outOfRange(sigma, i)));
    const c = 3 * (sigma[i] ?? outOfRange(sigma, i));
    const e = ((sigma[i + 1] ?? outOfRange(sigma, i + 1)) - (sigma[i] ?? outOfRange(sigma, i))) / (h[i] ?? outOfRange(h, i));
    return [(y[i] ?? outOfRange(y, i)) + d * (b + d * (c + d * e)), b + d * (2 * c + 3 * d * e)];
  };
}

/** The logit φ at which R-INLA computes d for a graph (inla.pc.bym.phi): 40 points on [−15, 0] but the first 6, and 1, …, 12. */
const PC_BYM_PHI_KNOTS = [...Array.from({ length: 34 }, (_, k) => -15 + ((k + 6) * 15) / 39), ...Array.from({ length: 12 }, (_, k) => k + 1)];

/**
 * d(θ) as R-INLA uses it: R's spline (`splinefun`, "fmm") of log d through its values at `PC_BYM_PHI_KNOTS`, so
 * d = exp(S) and dd/dθ = exp(S) S′. Where the knots are 1 apart (θ > 0, φ > 0.5, where bym2's φ usually is) the
 * spline's curvature departs from d's more than its values do (2e-4), enough to move φ's Hessian and marginal: with
 * the exact d the zoo's bym2_pois had φ's posterior sd 2.0 % above R-INLA's, with this 0.5 %.
 */
export function tabulatedBymPhiDistance(exact: BymPhiDistance): { at(theta: number): { distance: number; derivative: number } } {
  const spline = fmmSpline(PC_BYM_PHI_KNOTS, PC_BYM_PHI_KNOTS.map((t) => Math.log(exact.at(t).distance)));
  return {
    at(theta) {
      const [logDistance, slope] = spline(theta);
      const distance = Math.exp(logDistance);
      return { distance, derivative: distance * slope };
    },
  };
}

/**
 * Where R-INLA tabulates the prior (inla.pc.bym.phi): logit φ from the 7th of 40 points on [−15, 0] up to 12.
 * It normalises the prior over this interval, so the density there is the PC prior divided by its mass there.
 */
export const PC_BYM_PHI_SUPPORT: readonly [number, number] = [PC_BYM_PHI_KNOTS[0] ?? outOfRange(PC_BYM_PHI_KNOTS, 0), PC_BYM_PHI_KNOTS[PC_BYM_PHI_KNOTS.length - 1] ?? outOfRange(PC_BYM_PHI_KNOTS, PC_BYM_PHI_KNOTS.length - 1)];

/**
 * The PC prior for BYM2's mixing parameter on θ = logit φ, with P(φ < u) = α (param = [u, α]; R-INLA's
 * default (0.5, 0.5)): d ~ Exp(λ), λ = −log(1 − α)/d(u), so
 *   log π(θ) = log λ − λ d(θ) + log |dd/dθ| − log M,
 * with M = exp(−λ d(a)) − exp(−λ d(b)) its mass on R-INLA's table range [a, b] = `PC_BYM_PHI_SUPPORT`: R-INLA
 * normalises the tabulated prior there (d grows only like √(−log(1 − φ)) as φ → 1, so the mass beyond b is not
 * negligible). d is R-INLA's spline of it (`tabulatedBymPhiDistance`), so the prior's curvature is R-INLA's.
 * `g` (see `BymPhiDistance`) is computed lazily, once, on the first evaluation.
 */
export function pcBymPhiPrior(g: () => Float64Array): PriorDefinition {
  let distance: ReturnType<typeof tabulatedBymPhiDistance> | null = null;
  const cache = new Map<string, { lambda: number; logMass: number }>();
  const model = (): ReturnType<typeof tabulatedBymPhiDistance> => {
    if (!distance) {
      const values = g();
      if (values.every((v) => v === 0)) {
        throw new LatentError('invalid-hyper', 'the pc prior for phi needs a graph with at least one edge', {});
      }
      distance = tabulatedBymPhiDistance(new BymPhiDistance(values));
    }
    return distance;
  };
  const constants = (param: readonly number[]): { lambda: number; logMass: number } => {
    const key = `${param[0]},${param[1]}`;
    let c = cache.get(key);
    if (!c) {
      const u = param[0] ?? outOfRange(param, 0);
      const lambda = -Math.log(1 - (param[1] ?? outOfRange(param, 1))) / model().at(Math.log(u / (1 - u))).distance;
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
      if (u === undefined || alpha === undefined || !(u > 0 && u < 1) || !(alpha > 0 && alpha < 1)) {
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
