import { normalCdf, normalDensity } from '@hlm/likelihood';
import { outOfRange } from '@hlm/sparse';

/** Azzalini's skew-normal SN(ξ, ω, α): density 2/ω φ(z) Φ(α z), z = (x − ξ)/ω. */
export interface SkewNormal {
  xi: number;
  omega: number;
  alpha: number;
}

/** The largest |skewness| used; a skew-normal cannot exceed about 0.9953 (R-INLA caps at 0.988). */
export const MAX_SKEWNESS = 0.988;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The skew-normal with the given mean, standard deviation and skewness (method of moments; Azzalini 1985). */
export function skewNormalFromMoments(mean: number, sd: number, skewness: number): SkewNormal {
  const s = Math.min(Math.abs(skewness), MAX_SKEWNESS);
  const power = Math.pow(s, 2 / 3);
  const c = Math.pow((4 - Math.PI) / 2, 2 / 3);
  const delta = Math.sign(skewness) * Math.sqrt((Math.PI / 2) * (power / (power + c)));
  const omega = sd / Math.sqrt(1 - (2 / Math.PI) * delta * delta);
  return { xi: mean - omega * delta * SQRT_2_OVER_PI, omega, alpha: delta / Math.sqrt(1 - delta * delta) };
}

export function skewNormalLogDensity(p: SkewNormal, x: number): number {
  const z = (x - p.xi) / p.omega;
  const cdf = normalCdf(p.alpha * z);
  return Math.log(2 / p.omega) - 0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + (cdf > 0 ? Math.log(cdf) : logNormalCdfTail(p.alpha * z));
}

/**
 * Owen's T function T(h, a) = (1/2π) ∫₀ᵃ exp(−h²(1 + x²)/2) / (1 + x²) dx (Owen 1956), by Simpson's rule on 200
 * intervals: the integrand is smooth and bounded, and |a| stays below 8 for the skewness allowed here.
 */
export function owensT(h: number, a: number): number {
  const intervals = 200;
  const step = a / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const x = i * step;
    const f = Math.exp(-0.5 * h * h * (1 + x * x)) / (1 + x * x);
    sum += (i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2) * f;
  }
  return (sum * step) / 3 / (2 * Math.PI);
}

/** The skew-normal CDF, Φ(z) − 2 T(z, α) with z = (x − ξ)/ω (Azzalini 1985). */
export function skewNormalCdf(p: SkewNormal, x: number): number {
  const z = (x - p.xi) / p.omega;
  return Math.min(1, Math.max(0, normalCdf(z) - 2 * owensT(z, p.alpha)));
}

/** log Φ(t) for very negative t, from the asymptotic Mills ratio. */
function logNormalCdfTail(t: number): number {
  return -0.5 * t * t - Math.log(-t) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / (t * t) + 3 / t ** 4);
}

/** The inverse Mills ratio r(t) = φ(t)/Φ(t), stable for negative t. */
function millsRatio(t: number): number {
  if (t > -30) return normalDensity(t) / normalCdf(t);
  return -t / (1 - 1 / (t * t) + 3 / t ** 4);
}

/**
 * The third derivative of the log density at the mode of the skew-normal with mean 0, variance 1 and the
 * given skewness: with ℓ(z) = −z²/2 + log Φ(αz), ℓ′ = −z + α r(αz), ℓ″ = −1 + α² r′(αz), ℓ‴ = α³ r″(αz),
 * r′ = −r(t + r), r″ = −r′(t + r) − r(1 + r′).
 */
export function thirdDerivativeAtMode(skewness: number): number {
  if (skewness === 0) return 0;
  const p = skewNormalFromMoments(0, 1, skewness);
  const a = p.alpha;
  let z = 0;
  for (let iter = 0; iter < 50; iter++) {
    const t = a * z;
    const r = millsRatio(t);
    const r1 = -r * (t + r);
    const step = (-z + a * r) / (-1 + a * a * r1);
    z -= step;
    if (Math.abs(step) < 1e-13) break;
  }
  const t = a * z;
  const r = millsRatio(t);
  const r1 = -r * (t + r);
  const r2 = -r1 * (t + r) - r * (1 + r1);
  return (a * a * a * r2) / p.omega ** 3;
}

let table: { d3: Float64Array; skew: Float64Array } | null = null;

/**
 * The skewness of the standardised skew-normal whose log density has third derivative `d3` at its mode
 * (the inverse of `thirdDerivativeAtMode`, tabulated once on a fine grid and interpolated; the map is
 * increasing). Used to turn the simplified Laplace's third-order term into a skew-normal.
 */
export function skewnessFromThirdDerivative(d3: number): number {
  if (!table) {
    const n = 2001;
    const skew = Float64Array.from({ length: n }, (_, i) => -MAX_SKEWNESS + (2 * MAX_SKEWNESS * i) / (n - 1));
    table = { skew, d3: Float64Array.from(skew, thirdDerivativeAtMode) };
  }
  const { d3: d, skew } = table;
  if (d3 <= (d[0] ?? outOfRange(d, 0))) return skew[0] ?? outOfRange(skew, 0);
  if (d3 >= (d[d.length - 1] ?? outOfRange(d, d.length - 1))) return skew[skew.length - 1] ?? outOfRange(skew, skew.length - 1);
  let lo = 0;
  let hi = d.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((d[mid] ?? outOfRange(d, mid)) <= d3) lo = mid;
    else hi = mid;
  }
  const t = (d3 - (d[lo] ?? outOfRange(d, lo))) / ((d[hi] ?? outOfRange(d, hi)) - (d[lo] ?? outOfRange(d, lo)));
  return (skew[lo] ?? outOfRange(skew, lo)) + t * ((skew[hi] ?? outOfRange(skew, hi)) - (skew[lo] ?? outOfRange(skew, lo)));
}
