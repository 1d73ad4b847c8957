import { normalCdf, normalDensity } from '@hlm/likelihood';
import type { MarginalSummary } from './grid-density.js';
import { skewNormalCdf, skewNormalFromMoments, skewNormalLogDensity } from './skew-normal.js';

/**
 * A latent marginal: the mixture Σ_k p_k f_k over the integration points, each f_k Gaussian with the given
 * mean and sd, or, with `skewness` (the simplified Laplace strategy), the skew-normal with that mean, sd and skewness.
 */
export interface GaussianMixture {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  readonly skewness?: Float64Array;
}

function isSkewed(mixture: GaussianMixture): boolean {
  return mixture.skewness !== undefined && mixture.skewness.some((s) => s !== 0);
}

export function mixtureDensity(mixture: GaussianMixture, x: number): number {
  if (isSkewed(mixture)) {
    let d = 0;
    for (let k = 0; k < mixture.weights.length; k++) {
      const component = skewNormalFromMoments(mixture.means[k]!, mixture.sds[k]!, mixture.skewness![k]!);
      d += mixture.weights[k]! * Math.exp(skewNormalLogDensity(component, x));
    }
    return d;
  }
  let d = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    d += (mixture.weights[k]! * normalDensity((x - mixture.means[k]!) / mixture.sds[k]!)) / mixture.sds[k]!;
  }
  return d;
}

/** The mixture's CDF at x (through Owen's T for skew-normal components). */
export function mixtureCdf(mixture: GaussianMixture, x: number): number {
  if (isSkewed(mixture)) {
    let p = 0;
    for (let k = 0; k < mixture.weights.length; k++) {
      p += mixture.weights[k]! * skewNormalCdf(skewNormalFromMoments(mixture.means[k]!, mixture.sds[k]!, mixture.skewness![k]!), x);
    }
    return p;
  }
  let p = 0;
  for (let k = 0; k < mixture.weights.length; k++) p += mixture.weights[k]! * normalCdf((x - mixture.means[k]!) / mixture.sds[k]!);
  return p;
}

/** Exact mixture moments (R-INLA reports these; density.c `GMRFLib_density_combine`). */
export function mixtureMoments(mixture: GaussianMixture): { mean: number; sd: number } {
  let mean = 0;
  let second = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    const w = mixture.weights[k]!;
    mean += w * mixture.means[k]!;
    second += w * (mixture.sds[k]! ** 2 + mixture.means[k]! ** 2);
  }
  return { mean, sd: Math.sqrt(Math.max(second - mean * mean, 0)) };
}

/** The p-quantile of the mixture by bisection refined with Newton steps on its CDF. */
export function mixtureQuantile(mixture: GaussianMixture, p: number, moments = mixtureMoments(mixture)): number {
  let lo = moments.mean - 12 * moments.sd;
  let hi = moments.mean + 12 * moments.sd;
  for (let i = 0; i < 60 && hi - lo > 1e-12 * (1 + Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (mixtureCdf(mixture, mid) < p) lo = mid;
    else hi = mid;
    if (i > 8) {
      // Newton from the bracket's midpoint, kept inside the bracket
      const x = 0.5 * (lo + hi);
      const next = x - (mixtureCdf(mixture, x) - p) / mixtureDensity(mixture, x);
      if (next > lo && next < hi) {
        if (mixtureCdf(mixture, next) < p) lo = next;
        else hi = next;
      }
    }
  }
  return 0.5 * (lo + hi);
}

/** The mode of the mixture density: the best of a grid over ±4 sd, refined by Newton steps on the log density. */
export function mixtureMode(mixture: GaussianMixture, moments = mixtureMoments(mixture)): number {
  let best = moments.mean;
  let bestValue = mixtureDensity(mixture, best);
  for (let i = -40; i <= 40; i++) {
    const x = moments.mean + (i / 10) * moments.sd;
    const d = mixtureDensity(mixture, x);
    if (d > bestValue) {
      best = x;
      bestValue = d;
    }
  }
  const h = 1e-4 * moments.sd;
  for (let iter = 0; iter < 20; iter++) {
    const l0 = Math.log(mixtureDensity(mixture, best));
    const lp = Math.log(mixtureDensity(mixture, best + h));
    const lm = Math.log(mixtureDensity(mixture, best - h));
    const g = (lp - lm) / (2 * h);
    const c = (lp - 2 * l0 + lm) / (h * h);
    if (!(c < 0)) break;
    const step = -g / c;
    best += Math.max(-moments.sd, Math.min(moments.sd, step));
    if (Math.abs(step) < 1e-12 * (1 + moments.sd)) break;
  }
  return best;
}

/**
 * The symmetric Kullback–Leibler divergence between the marginal and the Gaussian with its mean and sd,
 * ½(KL(f‖g) + KL(g‖f)), by the trapezoid rule on ±8 sd (R-INLA's `kld` column).
 */
export function mixtureKld(mixture: GaussianMixture, moments = mixtureMoments(mixture)): number {
  if (mixture.weights.length === 1 && !isSkewed(mixture)) return 0;
  return symmetricKld((x) => mixtureDensity(mixture, x), moments);
}

/**
 * ½(KL(f‖g) + KL(g‖f)) = ½ ∫ (f − g) log(f/g) for a density f and the Gaussian g with the given mean and sd,
 * by the trapezoid rule on ±8 sd (R-INLA's `kld` column). Used for every kind of latent marginal.
 */
export function symmetricKld(density: (x: number) => number, moments: { mean: number; sd: number }): number {
  const points = 801;
  let kl = 0;
  const step = (16 * moments.sd) / (points - 1);
  for (let i = 0; i < points; i++) {
    const x = moments.mean - 8 * moments.sd + i * step;
    const f = density(x);
    const g = normalDensity((x - moments.mean) / moments.sd) / moments.sd;
    if (f > 0 && g > 0) kl += (i === 0 || i === points - 1 ? 0.5 : 1) * (f - g) * Math.log(f / g);
  }
  return Math.max(0, 0.5 * kl * step);
}

/** R-INLA's summary row of a latent marginal. */
export function mixtureSummary(mixture: GaussianMixture): MarginalSummary & { kld: number } {
  const moments = mixtureMoments(mixture);
  // one Gaussian: the closed forms; otherwise (or skewed) invert the mixture's CDF and climb its density
  const single = mixture.weights.length === 1 && !isSkewed(mixture);
  return {
    mean: moments.mean,
    sd: moments.sd,
    '0.025quant': single ? moments.mean + moments.sd * -1.959963984540054 : mixtureQuantile(mixture, 0.025, moments),
    '0.5quant': single ? moments.mean : mixtureQuantile(mixture, 0.5, moments),
    '0.975quant': single ? moments.mean + moments.sd * 1.959963984540054 : mixtureQuantile(mixture, 0.975, moments),
    mode: single ? moments.mean : mixtureMode(mixture, moments),
    kld: mixtureKld(mixture, moments),
  };
}
