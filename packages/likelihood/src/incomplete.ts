/**
 * The regularised incomplete gamma and beta functions, whose cost does not grow with their parameters: they give
 * the Poisson and binomial CDFs, P(Y ≤ k | μ) = Q(k + 1, μ) and P(Y ≤ k | n, p) = I_{1−p}(n − k, k + 1)
 * (Abramowitz & Stegun 6.5.13, 26.5.24).
 *
 * Methods (Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed., §6.2 and §6.4):
 * - small parameters: the power series of P(a, x) below x = a + 1 and Legendre's continued fraction of Q(a, x)
 *   above; the continued fraction of I_x(a, b) (evaluated by the modified Lentz method) below
 *   x = (a + 1)/(a + b + 2), and of I_{1−x}(b, a) above;
 * - large parameters (a ≥ 100 for the gamma, a and b ≥ 3000 for the beta), where the series and fractions
 *   need O(√a) terms: the integral of the tail between x and the point where the integrand has fallen to
 *   about e⁻⁴⁰ of its peak, by 18-point Gauss–Legendre quadrature. Its front factors are written through the
 *   Stirling remainders δ(z) = log Γ(z) − ((z − ½) log z − z + ½ log 2π), so nothing of size a·log a cancels.
 * @module
 */
import { logGamma } from './special.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = Number.EPSILON;
const TINY = 1e-300;
/** Iteration cap of the series and continued fractions; below the quadrature thresholds they need far fewer. */
const MAX_TERMS = 10_000;
/** From this a on, Q(a, x) and P(a, x) are integrated by quadrature (NR3's ASWITCH). */
const GAMMA_QUADRATURE_FROM = 100;
/** From this min(a, b) on, I_x(a, b) is integrated by quadrature (NR3's SWITCH). */
const BETA_QUADRATURE_FROM = 3000;

/** Nodes and weights of the n-point Gauss–Legendre rule on [0, 1] (Newton on the Legendre recurrence). */
function gaussLegendreUnit(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = 0.5 * (1 - z);
    weights[i] = 1 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}

/** Points of the Gauss–Legendre rule of the large-parameter tails (NR3 uses 18; 32 bring the error to rounding). */
const QUADRATURE_POINTS = 32;
const LEGENDRE = gaussLegendreUnit(QUADRATURE_POINTS);
/** The tail is integrated until its log-integrand has fallen by at least this much. */
const TAIL_DROP = 40;

/**
 * δ(z) = log Γ(z) − ((z − ½) log z − z + ½ log 2π), the remainder of Stirling's formula, for z ≥ 1: the asymptotic
 * series 1/(12z) − 1/(360z³) + … for z ≥ 15 (error below 1e-17), else from `logGamma`.
 */
function stirlingRemainder(z: number): number {
  if (z < 15) return logGamma(z) - ((z - 0.5) * Math.log(z) - z + HALF_LOG_2PI);
  const inv2 = 1 / (z * z);
  return (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))) / z;
}

/** x log(x/m) − (x − m) for x, m > 0 without cancellation: m·φ((x − m)/m), φ(u) = (1 + u) log1p(u) − u. */
function deviance(x: number, m: number): number {
  const u = (x - m) / m;
  if (Math.abs(u) < 0.1) {
    // φ(u) = Σ_{k≥2} (−1)^k u^k / (k (k − 1))
    let term = u * u;
    let sum = term / 2;
    for (let k = 3; k < 40; k++) {
      term *= -u;
      const add = term / (k * (k - 1));
      sum += add;
      if (Math.abs(add) < EPS * sum) break;
    }
    return m * sum;
  }
  return x * Math.log(x / m) - (x - m);
}

/**
 * xᵃ e⁻ˣ / Γ(a) in Loader's (2000) saddle-point form exp(−D(a, x)) √(a / 2π) e^(−δ(a)), D(a, x) = a log(a/x) − (a − x),
 * which keeps its relative accuracy for large a where a log x − x − log Γ(a) would lose about a·log a·ε.
 */
function gammaFront(a: number, x: number): number {
  return Math.exp(-deviance(a, x) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingRemainder(a));
}

/**
 * xᵃ yᵇ / B(a, b), y = 1 − x, in Loader's saddle-point form: with s = a + b,
 * exp(−D(a, s x) − D(b, s y)) √(a b / (2π s)) e^(δ(s) − δ(a) − δ(b)) (the linear terms of the two D cancel).
 */
function betaFront(x: number, a: number, b: number, y: number): number {
  const s = a + b;
  return Math.exp(
    -deviance(a, s * x) - deviance(b, s * y) + 0.5 * (Math.log(a) + Math.log(b) - Math.log(s)) - HALF_LOG_2PI +
      stirlingRemainder(s) - stirlingRemainder(a) - stirlingRemainder(b),
  );
}

/**
 * The regularised lower and upper incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = 1 − P(a, x),
 * for a > 0 and x ≥ 0. Both are returned so that whichever tail is small keeps its relative accuracy.
 */
export function incompleteGamma(a: number, x: number): { lower: number; upper: number } {
  if (!(a > 0) || !(x >= 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  if (a >= GAMMA_QUADRATURE_FROM) return gammaByQuadrature(a, x);
  const front = gammaFront(a, x);
  if (x < a + 1) {
    // P(a, x) = e⁻ˣ xᵃ / Γ(a + 1) · Σ_n xⁿ / ((a + 1) … (a + n))  (NR3 6.2.5)
    let term = 1 / a;
    let sum = term;
    let ap = a;
    for (let n = 0; n < MAX_TERMS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const lower = Math.min(1, sum * front);
    return { lower, upper: 1 - lower };
  }
  // Q(a, x) = e⁻ˣ xᵃ / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))  (NR3 6.2.7, Lentz)
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const upper = Math.min(1, h * front);
  return { lower: 1 - upper, upper };
}

/**
 * For a ≥ 100 (NR3 `gammpapprox`): the integral of the Gamma(a, 1) density from x to a point far beyond x, on the
 * side away from its peak a₁ = a − 1, by Gauss–Legendre. With Γ(a) = a₁ Γ(a₁) and Stirling's formula for Γ(a₁), the
 * density is t^(a₁) e⁻ᵗ / Γ(a) = exp(−[a₁ log(a₁/t) + t − a₁]) / √(2π a₁) · e^(−δ(a₁)).
 */
function gammaByQuadrature(a: number, x: number): { lower: number; upper: number } {
  const a1 = a - 1;
  const root = Math.sqrt(a1);
  const above = x > a1;
  // as far as NR3 goes, but no further than where the tangent of the concave log-integrand has fallen by TAIL_DROP
  const slope = Math.abs(a1 / x - 1);
  const reach = Math.min(above ? Math.max(a1 + 11.5 * root, x + 6 * root) - x : x - Math.max(0, Math.min(a1 - 7.5 * root, x - 5 * root)), TAIL_DROP / slope);
  const limit = above ? x + reach : x - reach;
  const front = Math.exp(-HALF_LOG_2PI - 0.5 * Math.log(a1) - stirlingRemainder(a1));
  let sum = 0;
  for (let j = 0; j < LEGENDRE.nodes.length; j++) {
    const t = x + (limit - x) * LEGENDRE.nodes[j]!;
    sum += LEGENDRE.weights[j]! * Math.exp(-deviance(a1, t));
  }
  const tail = Math.abs(sum * (limit - x) * front);
  return above ? { lower: 1 - tail, upper: tail } : { lower: tail, upper: 1 - tail };
}

/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) and its complement 1 − I_x(a, b) =
 * I_{1−x}(b, a), for a, b > 0 and 0 ≤ x ≤ 1. `y` must be 1 − x, passed separately so that a caller holding both
 * (as the binomial does, from one exponential) loses nothing to the subtraction.
 */
export function incompleteBeta(x: number, a: number, b: number, y: number = 1 - x): { lower: number; upper: number } {
  if (!(a > 0 && b > 0 && x >= 0 && y >= 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  if (a >= BETA_QUADRATURE_FROM && b >= BETA_QUADRATURE_FROM) return betaByQuadrature(x, a, b);
  const front = betaFront(x, a, b, y);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (front * betaContinuedFraction(a, b, x)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (front * betaContinuedFraction(b, a, y)) / b);
  return { lower: 1 - upper, upper };
}

/** The continued fraction of I_x(a, b) (NR3 6.4.5), by the modified Lentz method; converges fast for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * For a, b ≥ 3000 (NR3 `betaiapprox`): the integral of the Beta(a, b) density from x to a point far beyond x on the
 * side away from its mean μ = a/(a + b), by Gauss–Legendre. The density is
 * t^(a₁) (1−t)^(b₁) / B(a, b) = exp(a₁ log(t/μ) + b₁ log((1−t)/(1−μ))) · exp(a₁ log μ + b₁ log(1−μ) − log B(a, b)),
 * a₁ = a − 1, b₁ = b − 1, and with s = a + b and Stirling's formula for the three gammas the last factor's exponent is
 * ½ log(s³/(a b)) − ½ log 2π + δ(s) − δ(a) − δ(b), exactly.
 */
function betaByQuadrature(x: number, a: number, b: number): { lower: number; upper: number } {
  const s = a + b;
  const a1 = a - 1;
  const b1 = b - 1;
  const mu = a / s;
  const muComplement = b / s;
  const sd = Math.sqrt((a * b) / (s * s * (s + 1)));
  const above = x > mu;
  const slope = Math.abs(a1 / x - b1 / (1 - x));
  const reach = Math.min(above ? Math.min(1, Math.max(mu + 10 * sd, x + 5 * sd)) - x : x - Math.max(0, Math.min(mu - 10 * sd, x - 5 * sd)), TAIL_DROP / slope);
  const limit = above ? x + reach : x - reach;
  const logFront = 0.5 * (3 * Math.log(s) - Math.log(a) - Math.log(b)) - HALF_LOG_2PI + stirlingRemainder(s) - stirlingRemainder(a) - stirlingRemainder(b);
  let sum = 0;
  for (let j = 0; j < LEGENDRE.nodes.length; j++) {
    const t = x + (limit - x) * LEGENDRE.nodes[j]!;
    // a₁ log(t/μ) + b₁ log((1−t)/(1−μ)), each log as log1p of a small relative change
    const exponent = a1 * Math.log1p((t - mu) / mu) + b1 * Math.log1p((mu - t) / muComplement);
    sum += LEGENDRE.weights[j]! * Math.exp(exponent);
  }
  const tail = Math.abs(sum * (limit - x) * Math.exp(logFront));
  return above ? { lower: 1 - tail, upper: tail } : { lower: tail, upper: 1 - tail };
}
