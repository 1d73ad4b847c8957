import { normalCdf, normalDensity, normalQuantile } from '@hlm/likelihood';
import { splineCorrectedSummary, type MarginalSummary } from './grid-density.js';
import { skewNormalCdf, skewNormalFromMoments, skewNormalLogDensity } from './skew-normal.js';
import { outOfRange } from '@hlm/sparse';

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

/** The components' skewness when any is nonzero; null for a plain Gaussian mixture. */
function skewnessOf(mixture: GaussianMixture): Float64Array | null {
  const { skewness } = mixture;
  return skewness !== undefined && skewness.some((s) => s !== 0) ? skewness : null;
}

function isSkewed(mixture: GaussianMixture): boolean {
  return skewnessOf(mixture) !== null;
}

export function mixtureDensity(mixture: GaussianMixture, x: number): number {
  return densityOf(mixture, skewnessOf(mixture), x);
}

/** The mixture's density at x, its components' skewness (null when all are Gaussian) found by the caller. */
function densityOf(mixture: GaussianMixture, skewness: Float64Array | null, x: number): number {
  if (skewness) {
    let d = 0;
    for (let k = 0; k < mixture.weights.length; k++) {
      const component = skewNormalFromMoments(mixture.means[k] ?? outOfRange(mixture.means, k), mixture.sds[k] ?? outOfRange(mixture.sds, k), skewness[k] ?? outOfRange(skewness, k));
      d += (mixture.weights[k] ?? outOfRange(mixture.weights, k)) * Math.exp(skewNormalLogDensity(component, x));
    }
    return d;
  }
  let d = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    d += ((mixture.weights[k] ?? outOfRange(mixture.weights, k)) * normalDensity((x - (mixture.means[k] ?? outOfRange(mixture.means, k))) / (mixture.sds[k] ?? outOfRange(mixture.sds, k)))) / (mixture.sds[k] ?? outOfRange(mixture.sds, k));
  }
  return d;
}

/** The mixture's CDF at x (through Owen's T for skew-normal components). */
export function mixtureCdf(mixture: GaussianMixture, x: number): number {
  const skewness = skewnessOf(mixture);
  if (skewness) {
    let p = 0;
    for (let k = 0; k < mixture.weights.length; k++) {
      p += (mixture.weights[k] ?? outOfRange(mixture.weights, k)) * skewNormalCdf(skewNormalFromMoments(mixture.means[k] ?? outOfRange(mixture.means, k), mixture.sds[k] ?? outOfRange(mixture.sds, k), skewness[k] ?? outOfRange(skewness, k)), x);
    }
    return p;
  }
  let p = 0;
  for (let k = 0; k < mixture.weights.length; k++) p += (mixture.weights[k] ?? outOfRange(mixture.weights, k)) * normalCdf((x - (mixture.means[k] ?? outOfRange(mixture.means, k))) / (mixture.sds[k] ?? outOfRange(mixture.sds, k)));
  return p;
}

/** Exact mixture moments (R-INLA reports these; density.c `GMRFLib_density_combine`). */
export function mixtureMoments(mixture: GaussianMixture): { mean: number; sd: number } {
  let mean = 0;
  let second = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    const w = mixture.weights[k] ?? outOfRange(mixture.weights, k);
    mean += w * (mixture.means[k] ?? outOfRange(mixture.means, k));
    second += w * ((mixture.sds[k] ?? outOfRange(mixture.sds, k)) ** 2 + (mixture.means[k] ?? outOfRange(mixture.means, k)) ** 2);
  }
  return { mean, sd: Math.sqrt(Math.max(second - mean * mean, 0)) };
}

/**
 * The p-quantile of the mixture: Newton's method on its CDF from the Gaussian quantile of its moments, every iterate
 * narrowing a bracket [lo, hi] of the root, and a bisection of that bracket whenever the Newton step would leave it.
 * It stops when a step is below 1e-13 of the scale, at double precision (a CDF that is increasing and smooth).
 */
export function mixtureQuantile(mixture: GaussianMixture, p: number, moments = mixtureMoments(mixture)): number {
  let lo = -Infinity;
  let hi = Infinity;
  let x = moments.mean + moments.sd * normalQuantile(p);
  const tolerance = 1e-13 * (Math.abs(moments.mean) + moments.sd);
  for (let i = 0; i < 200; i++) {
    const excess = mixtureCdf(mixture, x) - p;
    if (excess === 0) return x;
    if (excess < 0) lo = x;
    else hi = x;
    let next = x - excess / mixtureDensity(mixture, x);
    if (!(next > lo && next < hi)) {
      // outside the bracket (or no slope): halve it, or step out by 4 sd while one side is still open
      next = Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : Number.isFinite(lo) ? lo + 4 * moments.sd : hi - 4 * moments.sd;
    }
    if (Math.abs(next - x) <= tolerance || hi - lo <= tolerance) return next;
    x = next;
  }
  return x;
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
  // components of sd 0 at one value: a point mass, which the Gaussian of its mean and sd 0 is too (no grid to lay)
  if (!(moments.sd > 0)) return 0;
  if (isSkewed(mixture)) return symmetricKld((x) => mixtureDensity(mixture, x), moments);
  let stride = kldStride(mixture, moments);
  while (stride > 1) {
    const coarse = kldOnGrid(kldGridDensity(mixture, moments, stride), moments, stride);
    const allowed = KLD_END_TOLERANCE * Math.max(coarse.kld, KLD_FLOOR);
    if (coarse.endCorrection <= allowed) return coarse.kld;
    // the end correction shrinks as h²: the stride whose correction would be allowed, as a divisor of 800
    const wanted = stride * Math.sqrt(allowed / coarse.endCorrection);
    stride = KLD_STRIDES.find((candidate) => candidate <= wanted) ?? 1;
  }
  return kldOnGrid(kldGridDensity(mixture, moments, 1), moments, 1).kld;
}

/** The mixture's density on every `stride`-th point of the KLD grid, μ − 8σ + i·16σ·stride/800, into MIXTURE_GRID. */
function kldGridDensity(mixture: GaussianMixture, moments: { mean: number; sd: number }, stride: number): Float64Array {
  const step = (2 * KLD_HALF_WIDTH * moments.sd * stride) / (KLD_POINTS - 1);
  return gaussianMixtureOnGrid(mixture, moments.mean - KLD_HALF_WIDTH * moments.sd, step, (KLD_POINTS - 1) / stride + 1, MIXTURE_GRID);
}

/** Points of the trapezoid rule of the KLD, on ±8 sd. */
const KLD_POINTS = 801;
const KLD_HALF_WIDTH = 8;
/** The strides through the KLD grid that leave a grid of their own: the divisors of its 800 intervals, largest first. */
const KLD_STRIDES = [400, 200, 160, 100, 80, 50, 40, 32, 25, 20, 16, 10, 8, 5, 4, 2, 1];
/** The trapezoid rule's step is at most this share of the narrowest component's sd. */
const KLD_STEP_PER_SD = 1 / 4;
/** A mixture is near-Gaussian when each component's mean is within this share of its sd from its mean and each component's sd is at least this share of its sd. */
const NEAR_GAUSSIAN_SHARE = 0.5;
/**
 * The coarse rule's value stands when its end correction is at most this share of it (or of KLD_FLOOR, for a mixture
 * that is its Gaussian up to rounding). The ±8 sd window itself leaves out about |F(±8σ)| σ/8 of the integral, so
 * this keeps the coarse rule's difference from the 801-point rule below what the window already gives up.
 */
const KLD_END_TOLERANCE = 1e-10;
const KLD_FLOOR = 1e-12;
/** The mixture's density on the KLD grid, reused by every call (a large field's summaries would otherwise allocate one per node). */
const MIXTURE_GRID = new Float64Array(KLD_POINTS);
/** The standard normal density at the KLD grid's standardised points z_i = −8 + 16i/800: the Gaussian's is φ(z_i)/σ. */
const STANDARD_NORMAL_GRID = Float64Array.from({ length: KLD_POINTS }, (_, i) => normalDensity(-KLD_HALF_WIDTH + (2 * KLD_HALF_WIDTH * i) / (KLD_POINTS - 1)));

/**
 * How many of the 800 intervals of the KLD grid one step of a Gaussian mixture's rule spans: for a near-Gaussian
 * mixture (NEAR_GAUSSIAN_SHARE), the most whose step is at most a quarter of the narrowest component's sd; else 1.
 * The integrand (f − g) log(f/g) of a near-Gaussian mixture is smooth on the scale of the step and has no zero of f
 * near the real line, so the trapezoid rule converges geometrically inside the interval: for a Gaussian of sd s its
 * error is about 2 exp(−2π² s²/h²) of the integral (Trefethen & Weideman 2014, SIAM Review 56(3), §5), e^−316 at
 * h = s/4. What remains are the ends' corrections, which `mixtureKld` checks. A latent node's mixture over θ has
 * sds close to its own, and gets 81 points instead of 801.
 */
function kldStride(mixture: GaussianMixture, moments: { mean: number; sd: number }): number {
  if (!isNearGaussian(mixture, moments)) return 1;
  let narrowest = Infinity;
  for (let k = 0; k < mixture.sds.length; k++) narrowest = Math.min(narrowest, mixture.sds[k] ?? outOfRange(mixture.sds, k));
  const fineStep = (2 * KLD_HALF_WIDTH * moments.sd) / (KLD_POINTS - 1);
  for (const stride of KLD_STRIDES) if (stride * fineStep <= KLD_STEP_PER_SD * narrowest) return stride;
  return 1;
}

/** Whether each component's mean is within NEAR_GAUSSIAN_SHARE of the mixture's sd from its mean, and its sd at least that share of the mixture's. */
function isNearGaussian(mixture: GaussianMixture, moments: { mean: number; sd: number }): boolean {
  for (let k = 0; k < mixture.sds.length; k++) {
    const s = mixture.sds[k] ?? outOfRange(mixture.sds, k);
    if (!(Math.abs((mixture.means[k] ?? outOfRange(mixture.means, k)) - moments.mean) <= NEAR_GAUSSIAN_SHARE * moments.sd && s >= NEAR_GAUSSIAN_SHARE * moments.sd)) return false;
  }
  return true;
}

/**
 * A Gaussian mixture's density on the equally spaced points x_i = start + i·step, i < points, into `f`. Each
 * component's exp(−z²/2) is run outwards from the grid point nearest its mean by the exact ratio of neighbouring values,
 * exp(−z_i δ − δ²/2) with δ = step/s, which itself changes by the factor exp(−δ²) per step: two exponentials per
 * component instead of one per point (the products lose about one rounding per step, 1e-13 over the KLD grid).
 */
function gaussianMixtureOnGrid(mixture: GaussianMixture, start: number, step: number, points: number, f: Float64Array): Float64Array {
  f.fill(0, 0, points);
  for (let k = 0; k < mixture.weights.length; k++) {
    const m = mixture.means[k] ?? outOfRange(mixture.means, k);
    const s = mixture.sds[k] ?? outOfRange(mixture.sds, k);
    const scale = (mixture.weights[k] ?? outOfRange(mixture.weights, k)) / (s * Math.sqrt(2 * Math.PI));
    const delta = step / s;
    const factor = Math.exp(-delta * delta);
    const centre = Math.min(points - 1, Math.max(0, Math.round((m - start) / step)));
    const zCentre = (start + centre * step - m) / s;
    const atCentre = Math.exp(-0.5 * zCentre * zCentre);
    f[centre] = (f[centre] ?? outOfRange(f, centre)) + scale * atCentre;
    // upwards e_{i+1} = e_i exp(−z_i δ − δ²/2) and downwards e_{i−1} = e_i exp(z_i δ − δ²/2), in one loop: two
    // independent chains of products, which the processor overlaps (each direction stops where its values underflow)
    let up = atCentre;
    let upRatio = Math.exp(-zCentre * delta - 0.5 * delta * delta);
    let down = atCentre;
    let downRatio = Math.exp(zCentre * delta - 0.5 * delta * delta);
    const reach = Math.max(points - 1 - centre, centre);
    for (let j = 1; j <= reach; j++) {
      const above = centre + j;
      if (above < points && up > 0) {
        up *= upRatio;
        upRatio *= factor;
        f[above] = (f[above] ?? outOfRange(f, above)) + scale * up;
      }
      const below = centre - j;
      if (below >= 0 && down > 0) {
        down *= downRatio;
        downRatio *= factor;
        f[below] = (f[below] ?? outOfRange(f, below)) + scale * down;
      }
    }
  }
  return f;
}

/**
 * ½(KL(f‖g) + KL(g‖f)) = ½ ∫ (f − g) log(f/g) for a density f and the Gaussian g with the given mean and sd,
 * by the trapezoid rule on ±8 sd (R-INLA's `kld` column). Used for every kind of latent marginal.
 */
export function symmetricKld(density: (x: number) => number, moments: { mean: number; sd: number }): number {
  const step = (2 * KLD_HALF_WIDTH * moments.sd) / (KLD_POINTS - 1);
  const f = Float64Array.from({ length: KLD_POINTS }, (_, i) => density(moments.mean - KLD_HALF_WIDTH * moments.sd + i * step));
  return kldOnGrid(f, moments, 1).kld;
}

/**
 * ½ ∫ (f − g) log(f/g) by the trapezoid rule on every `stride`-th point of the KLD grid, f given at those points (its
 * first 800/stride + 1 entries) and g the Gaussian of `moments`; with `endCorrection`, the size of the rule's leading
 * error term, h²/12 |F′| at the ends (Euler–Maclaurin), from F′ ≈ 8F/σ there (a Gaussian tail's slope at 8 sd).
 */
function kldOnGrid(f: Float64Array, moments: { mean: number; sd: number }, stride: number): { kld: number; endCorrection: number } {
  const last = (KLD_POINTS - 1) / stride;
  const step = (2 * KLD_HALF_WIDTH * moments.sd * stride) / (KLD_POINTS - 1);
  let kl = 0;
  let end = 0;
  const inverseSd = 1 / moments.sd;
  for (let i = 0; i <= last; i++) {
    const g = (STANDARD_NORMAL_GRID[i * stride] ?? outOfRange(STANDARD_NORMAL_GRID, i * stride)) * inverseSd;
    const fi = f[i] ?? outOfRange(f, i);
    if (!(fi > 0 && g > 0)) continue;
    const term = (fi - g) * logRatio(fi / g);
    if (i === 0 || i === last) {
      kl += 0.5 * term;
      end = Math.max(end, Math.abs(term));
    } else {
      kl += term;
    }
  }
  return { kld: Math.max(0, 0.5 * kl * step), endCorrection: (0.5 * step * step * KLD_HALF_WIDTH * end) / (12 * moments.sd) };
}

/**
 * log(ratio), without Math.log where the ratio is near 1, as it is over most of the KLD grid (a mixture's density is
 * close to its Gaussian's): for |r| < 1e-3 (r = ratio − 1) the series of log(1 + r) to r⁴ (its error, below r⁵/5, is
 * 2e-13 of the value); for |r| < 1/4, 2 atanh(u) = 2u Σ_k u^{2k}/(2k + 1) with u = r/(2 + r), |u| < 1/7, to k = 9
 * (the rest is below 1e-18 of the value); beyond, Math.log.
 */
function logRatio(ratio: number): number {
  const r = ratio - 1;
  const size = Math.abs(r);
  if (size < 1e-3) return r * (1 - r * (1 / 2 - r * (1 / 3 - r / 4)));
  if (!(size < 0.25)) return Math.log(ratio);
  const u = r / (2 + r);
  const u2 = u * u;
  return 2 * u * (1 + u2 * (1 / 3 + u2 * (1 / 5 + u2 * (1 / 7 + u2 * (1 / 9 + u2 * (1 / 11 + u2 * (1 / 13 + u2 * (1 / 15 + u2 * (1 / 17 + u2 / 19)))))))));
}

/** The standardised points at which R-INLA tabulates a mixture (density.c, GMRFLib_density_combine_x). */
const COMBINE_POINTS = Float64Array.of(-5, -4, -3.5, -3, -2.5, -2, -1.5, -1.25, -1, -0.75, -0.5, -0.25, -0.125, 0, 0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 3.5, 4, 5);

/** The log densities at the combine points, reused by every call of `combinedSummary`. */
const COMBINE_LOG_DENSITY = new Float64Array(COMBINE_POINTS.length);

/** The combine points in eighths of the sd (all of them are whole eighths, from −40 to 40). */
const COMBINE_EIGHTHS = Int32Array.from(COMBINE_POINTS, (u) => 8 * u);
const COMBINE_REACH = 40;
/** The mixture's density at every eighth of its sd from −5 to 5 sd, reused by every call. */
const EIGHTHS = new Float64Array(2 * COMBINE_REACH + 1);

/**
 * A near-Gaussian mixture's density at the combine points, mean + sd·u, into `out`: on the grid of every eighth of the
 * sd from −5 to 5 sd by `gaussianMixtureOnGrid`, four exponentials per component instead of 27 (the products lose
 * about one rounding per step, 1e-14 at ±5 sd). A near-Gaussian component has |z| below 11 there, so nothing
 * underflows on the way.
 */
function nearGaussianAtCombinePoints(mixture: GaussianMixture, moments: { mean: number; sd: number }, out: Float64Array): void {
  gaussianMixtureOnGrid(mixture, moments.mean - 5 * moments.sd, moments.sd / 8, EIGHTHS.length, EIGHTHS);
  for (let i = 0; i < COMBINE_EIGHTHS.length; i++) {
    const at = COMBINE_REACH + (COMBINE_EIGHTHS[i] ?? outOfRange(COMBINE_EIGHTHS, i));
    out[i] = EIGHTHS[at] ?? outOfRange(EIGHTHS, at);
  }
}

/**
 * The summary of the mixture as R-INLA stores it (GMRFLib_density_combine): its log density at mean + sd·u for the
 * 27 standardised u above, as a spline-corrected Gaussian on [−5, 5] in u. R-INLA's summaries are that density's, not
 * the mixture's exact moments: a mixture with heavy tails (components of very different sds) loses the mass beyond
 * ±5 sd. Null when the mixture has no density to tabulate (a component with sd 0).
 */
function combinedSummary(mixture: GaussianMixture, moments: { mean: number; sd: number }): MarginalSummary | null {
  if (!(moments.sd > 0)) return null;
  const skewness = skewnessOf(mixture);
  if (skewness === null && isNearGaussian(mixture, moments)) {
    nearGaussianAtCombinePoints(mixture, moments, COMBINE_LOG_DENSITY);
  } else {
    for (let i = 0; i < COMBINE_POINTS.length; i++) COMBINE_LOG_DENSITY[i] = densityOf(mixture, skewness, moments.mean + moments.sd * (COMBINE_POINTS[i] ?? outOfRange(COMBINE_POINTS, i)));
  }
  let finite = 0;
  for (let i = 0; i < COMBINE_POINTS.length; i++) {
    const value = Math.log(COMBINE_LOG_DENSITY[i] ?? outOfRange(COMBINE_LOG_DENSITY, i));
    COMBINE_LOG_DENSITY[i] = value;
    if (Number.isFinite(value)) finite++;
  }
  return finite < 3 ? null : splineCorrectedSummary(COMBINE_POINTS, COMBINE_LOG_DENSITY, moments.mean, moments.sd);
}

/** R-INLA's summary row of a latent marginal. */
export function mixtureSummary(mixture: GaussianMixture): MarginalSummary & { kld: number } {
  const moments = mixtureMoments(mixture);
  // several components: R-INLA's combined density; one: as it is (the closed forms for a Gaussian)
  const combined = mixture.weights.length > 1 ? combinedSummary(mixture, moments) : null;
  if (combined) return { ...combined, kld: mixtureKld(mixture, moments) };
  const plain = mixture.weights.length === 1 && !isSkewed(mixture);
  return {
    mean: moments.mean,
    sd: moments.sd,
    '0.025quant': plain ? moments.mean + moments.sd * -1.959963984540054 : mixtureQuantile(mixture, 0.025, moments),
    '0.5quant': plain ? moments.mean : mixtureQuantile(mixture, 0.5, moments),
    '0.975quant': plain ? moments.mean + moments.sd * 1.959963984540054 : mixtureQuantile(mixture, 0.975, moments),
    mode: plain ? moments.mean : mixtureMode(mixture, moments),
    kld: mixtureKld(mixture, moments),
  };
}
