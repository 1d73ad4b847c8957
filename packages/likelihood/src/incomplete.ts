/**
 * The regularised incomplete gamma and beta functions, whose cost does not grow with their parameters: they give
 * the Poisson and binomial CDFs, P(Y ≤ k | μ) = Q(k + 1, μ) and P(Y ≤ k | n, p) = I_{1−p}(n − k, k + 1)
 * (Abramowitz & Stegun 6.5.13, 26.5.24).
 *
 * Methods (Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed., §6.2 and §6.4):
 * - small parameters: the power series of P(a, x) below x = a + 1 and Legendre's continued fraction of Q(a, x)
 *   above; the continued fraction of I_x(a, b) (evaluated by the modified Lentz method) below
 *   x = (a + 1)/(a + b + 2), and of I_{1−x}(b, a) above;
 * - large parameters, where the series and fractions need O(√a) terms: Temme's uniform asymptotic expansions
 *   (N. M. Temme, Special Functions, 1996, §11.3.3; for the gamma also DiDonato & Morris 1986, for the beta
 *   DiDonato & Morris 1992 BASYM), ½ erfc(∓η √(s/2)) plus e^(−sη²/2)/√(2πs) times a short series in 1/s whose
 *   coefficients are Taylor polynomials in η (see `uniformCoefficients`): for the gamma where a ≥ 100 and |η| ≤ 1
 *   (x between 0.32a and 2.15a; outside it the series and fraction converge in a number of terms that does not
 *   grow with a), for the beta where a and b ≥ 3000 (everywhere: beyond the reach of the Taylor polynomials the
 *   tail is below e⁻⁷⁴⁵). A call costs a handful of exponentials and logarithms, an erfc and about 400 (gamma) or
 *   at most 30 (beta; near the mean a few, the Taylor polynomial cut where its tail is below ε) multiply-adds,
 *   whatever the size of a and b; the beta's coefficients depend on a/(a + b) and cost about 1000 multiply-adds to
 *   set up, so those of the last four (a, b) are kept (CPO evaluates a count at many η).
 *   The front factors are written through the Stirling remainders δ(z) = log Γ(z) − ((z − ½) log z − z + ½ log 2π)
 *   and Loader's deviances D(x, m) = x log(x/m) − (x − m), so nothing of size a·log a cancels.
 * Measured against exact rational sums (test/incomplete.test.ts), both tails, wherever they exceed 1e-300: at most
 * 4.6e-14 relative for small parameters, 3.0e-13 for the beta's continued fraction up to n = 7000, 6.6e-14 for the
 * beta's expansion (n from 6000 to 100000, p exact) and 2.3e-13 at n = 7000 with inexact p, 1.6e-13 for the gamma
 * from a = 99 to 2500 (μ rounded to double).
 * @module
 */
import { logGamma } from './special.js';
import { itemAt, outOfRange } from './checked.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = Number.EPSILON;
const TINY = 1e-300;
/** Iteration cap of the series and continued fractions; below the quadrature thresholds they need far fewer. */
const MAX_TERMS = 10_000;
/** From this a on, Q(a, x) and P(a, x) come from Temme's uniform expansion where |η| ≤ GAMMA_TEMME_ETA. */
const GAMMA_TEMME_FROM = 100;
/**
 * The largest |η| at which the gamma expansion is used: its coefficients' Taylor series in η converge for
 * |η| < 2√π ≈ 3.54, and beyond this bound (x ≤ 0.32a or x ≥ 2.15a) the series and continued fraction need a
 * number of terms that does not grow with a.
 */
const GAMMA_TEMME_ETA = 1;
/** Degree of the Taylor polynomials in η of the gamma expansion's coefficients (|η|/radius ≤ 0.28: 0.28³⁴ < 1e-18). */
const GAMMA_DEGREE = 34;
/** Terms in 1/a of the gamma expansion. */
const GAMMA_TERMS = 10;
/** From this min(a, b) on, I_x(a, b) comes from Temme's uniform expansion. */
const BETA_TEMME_FROM = 3000;
/** Degree of the Taylor polynomials in η of the beta expansion's coefficients (|η|/radius ≤ 0.2 where it is used: 0.2²⁴ < 2e-17). */
const BETA_DEGREE = 24;
/** Terms in 1/(a + b) of the beta expansion (the tests measure the same worst error with 4 as with 6, 7e-14 with 3). */
const BETA_TERMS = 4;

/**
 * δ(z) = log Γ(z) − ((z − ½) log z − z + ½ log 2π), the remainder of Stirling's formula, for z ≥ 1: the asymptotic
 * series 1/(12z) − 1/(360z³) + … for z ≥ 15 (error below 1e-17), else from `logGamma`.
 */
function stirlingRemainder(z: number): number {
  if (z < 15) return logGamma(z) - ((z - 0.5) * Math.log(z) - z + HALF_LOG_2PI);
  const inv2 = 1 / (z * z);
  return (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))) / z;
}

/**
 * D = x log(x/m) − (x − m) for x, m > 0 without cancellation (Loader 2000, `bd0`): with v = (x − m)/(x + m),
 * log(x/m) = 2 atanh v = 2 Σ_(j≥0) v^(2j+1)/(2j + 1) and 2xv − (x − m) = (x − m) v, so
 *   D = (x − m) v + 2x Σ_(j≥1) v^(2j+1)/(2j + 1),
 * whose first term dominates (the rest is at most |v|/3 of it), for |v| < ½ (m/3 < x < 3m; at most 26 terms).
 * Outside, x log(x/m) − (x − m) directly, which loses nothing there. Inside, the direct form would lose x·ε
 * absolutely (the rounding of log(x/m)), which for x in the thousands is 1e-12 of e^(−D).
 */
/** 1/(2j + 1), j < 60, for `deviance`. */
const INV_ODD = Float64Array.from({ length: 60 }, (_, j) => 1 / (2 * j + 1));

function deviance(x: number, m: number): number {
  const diff = x - m;
  const v = diff / (x + m);
  if (Math.abs(v) < 0.5) {
    const v2 = v * v;
    const first = diff * v;
    let term = 2 * x * v;
    let sum = 0;
    for (let j = 1; j < 60; j++) {
      term *= v2;
      const add = term * (INV_ODD[j] ?? outOfRange(INV_ODD, j));
      sum += add;
      if (Math.abs(add) <= EPS * first) break;
    }
    return first + sum;
  }
  return x * Math.log(x / m) - diff;
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
  if (a >= GAMMA_TEMME_FROM) {
    const halfEta2 = deviance(a, x) / a; // η²/2 = λ − 1 − log λ, λ = x/a
    if (halfEta2 <= 0.5 * GAMMA_TEMME_ETA * GAMMA_TEMME_ETA) return gammaTemme(a, x, halfEta2);
  }
  const front = gammaFront(a, x);
  if (x < a + 1) {
    // P(a, x) = e⁻ˣ xᵃ / Γ(a + 1) · Σ_n xⁿ / ((a + 1) … (a + n))  (NR3 6.2.5)
    const sum = gammaSeries(a, x);
    const lower = Math.min(1, sum * front);
    return { lower, upper: 1 - lower };
  }
  // Q(a, x) = e⁻ˣ xᵃ / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))  (NR3 6.2.7)
  const h = gammaContinuedFraction(a, x);
  const upper = Math.min(1, h * front);
  return { lower: 1 - upper, upper };
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
  if (a >= BETA_TEMME_FROM && b >= BETA_TEMME_FROM) return betaTemme(x, a, b, y);
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


/** Σ_n xⁿ / (a (a + 1) … (a + n)), with which P(a, x) = e⁻ˣ xᵃ / Γ(a) · that (NR3 6.2.5); converges fast for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  let ap = a;
  for (let n = 0; n < MAX_TERMS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum;
}

/**
 * Legendre's continued fraction 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))), with which
 * Q(a, x) = e⁻ˣ xᵃ / Γ(a) · that (NR3 6.2.7), by the modified Lentz method; converges fast for x > a + 1.
 */
function gammaContinuedFraction(a: number, x: number): number {
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
  return h;
}

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The scaled complementary error function erfcx(z) = e^(z²) erfc(z) for z ≥ 0, to a few ulps, from erfc(z) = Q(½, z²)
 * (A&S 6.5.17): for z² ≥ 1.5 (z/√π) times Legendre's continued fraction at a = ½; below, e^(z²) − (z/√π) times the
 * series of P(½, z²) (whose positive terms do not cancel; the subtraction loses at most a factor 12, erfcx ≥ 0.35 there).
 * The fraction needs up to a few hundred steps near z² = 1.5, so `erfcx` tabulates Taylor series at a grid.
 */
export function erfcxDirect(z: number): number {
  const x = z * z;
  if (x >= 1.5) return z * INV_SQRT_PI * gammaContinuedFraction(0.5, x);
  return Math.exp(x) - z * INV_SQRT_PI * gammaSeries(0.5, x);
}

/** erfcx's Taylor steps: grid points z₀ = j/8 up to z = 6, so |h| = |z − z₀| ≤ 1/16, and the terms kept at each. */
const ERFCX_GRID = 8;
const ERFCX_TERMS = 12;

/**
 * The Taylor coefficients t₀ … t₁₁ of erfcx about each z₀ = j/8, j = 0 … 48, at [j·12 …]: t₀ = erfcxDirect(z₀) and, from
 * erfcx′ = 2z erfcx − 2/√π (A&S 7.1.19–20 for erfc), t₁ = 2z₀t₀ − 2/√π, (n + 1) t_(n+1) = 2z₀ t_n + 2 t_(n−1).
 * The terms left out, t_n hⁿ for n ≥ 12, are below ε/8 of t₀ for |h| ≤ 1/16 at every z₀.
 */
const ERFCX_TAYLOR = new Float64Array((6 * ERFCX_GRID + 1) * ERFCX_TERMS);
for (let j = 0; j <= 6 * ERFCX_GRID; j++) {
  const z0 = j / ERFCX_GRID;
  let previous = erfcxDirect(z0);
  let current = 2 * z0 * previous - 2 * INV_SQRT_PI;
  ERFCX_TAYLOR[j * ERFCX_TERMS] = previous;
  ERFCX_TAYLOR[j * ERFCX_TERMS + 1] = current;
  for (let n = 1; n + 1 < ERFCX_TERMS; n++) {
    const next = (2 * z0 * current + 2 * previous) / (n + 1);
    ERFCX_TAYLOR[j * ERFCX_TERMS + n + 1] = next;
    previous = current;
    current = next;
  }
}

/**
 * erfcx(z), z ≥ 0: for z < 6 the Taylor polynomial of `ERFCX_TAYLOR` about the nearest grid point z₀ = j/8, as
 * E(h²) + h O(h²), its even and odd parts by Horner's rule in h² side by side (two chains of half the length). An
 * error in t₀ grows along the step by at most e^(2z₀|h|) ≤ e^(3/4), the growth of the recurrence's other solution
 * e^(z²). From z = 6 on, the continued fraction (a few dozen steps).
 */
export function erfcx(z: number): number {
  if (z >= 6) return erfcxDirect(z);
  const j = Math.round(z * ERFCX_GRID);
  const h = z - j / ERFCX_GRID;
  const h2 = h * h;
  const base = j * ERFCX_TERMS;
  let even = 0;
  let odd = 0;
  for (let n = ERFCX_TERMS - 2; n >= 0; n -= 2) {
    even = even * h2 + (ERFCX_TAYLOR[base + n] ?? outOfRange(ERFCX_TAYLOR, base + n));
    odd = odd * h2 + (ERFCX_TAYLOR[base + n + 1] ?? outOfRange(ERFCX_TAYLOR, base + n + 1));
  }
  return even + h * odd;
}

/** Scratch for `uniformCoefficients`: the series of u and of g, up to the larger (gamma's) length. */
const SCRATCH_U = new Float64Array(64);
const SCRATCH_G = new Float64Array(64);

/**
 * Taylor coefficients in ζ of the functions h_k(ζ) of Temme's uniform expansions (Temme, Special Functions, 1996,
 * §11.3.3; Temme 1979, 1992), for both the incomplete gamma and the incomplete beta function.
 *
 * Both are integrals ∫ e^(−sζ²/2) g(ζ) dζ after the substitution −ζ²/2 = f(t) that makes the exponent exactly
 * Gaussian (f is the log of the integrand per unit s, maximal and 0 at t = t₀), with g(ζ) = ζ / u(ζ), u ∝ t − t₀. The
 * map u(ζ) solves u u′ = ζ (1 + κ u − u²) — for the gamma (t = x/a, t₀ = 1) u = t − 1 and the equation is
 * u u′ = ζ (1 + u) (take κ = 1 and drop u², so `quadratic` = 0); for the beta (t₀ = a/(a + b) = x₀, y₀ = 1 − x₀)
 * u = (t − x₀)/√(x₀y₀), κ = (y₀ − x₀)/√(x₀y₀) and the u² term is there (`quadratic` = −1).
 * Integrating by parts, g_k = g_k(0) + ζ h_k(ζ), g_(k+1) = h_k′, g_0 = g, gives
 *   ∫_(−∞)^η e^(−sζ²/2) g dζ = Σ_k s^(−k) [g_k(0) √(2π/s) ½ erfc(−η √(s/2)) − e^(−sη²/2) h_k(η) / s],
 * whose erfc part sums to the whole integral's normalisation, so only the h_k are needed.
 * The Taylor series of u follows term by term from the differential equation (order m of u u′ = ζ (1 + κ u + q u²)
 * fixes the coefficient of ζᵐ), g = ζ/u is its reciprocal series, and each h_k loses two orders to the shift and
 * the derivative. Writes h_k's `degree` coefficients to out[k·degree …], without allocating.
 */

function uniformCoefficients(kappa: number, quadratic: number, degree: number, terms: number, out: Float64Array): void {
  const m = degree + 2 * terms + 1;
  // u = Σ_(j≥1) c_j ζʲ, c₁ = 1. Order ζᵐ of u u′: Σ_(i+j=m+1) c_i j c_j; of ζ (1 + κ u + q u²): κ c_(m−1) + q (u²)_(m−1)
  const c = SCRATCH_U;
  c.fill(0);
  c[1] = 1;
  for (let order = 2; order <= m + 1; order++) {
    // (u²)_(order−1) = Σ_(i+j=order−1) c_i c_j = 2 Σ_(i<j) c_i c_j + (c_(i=j))²; the known part of u u′,
    // Σ_(i+j=order+1, i,j≥2) c_i j c_j, pairs (i, j) with (j, i) into (i + j) c_i c_j = (order + 1) c_i c_j, so it is
    // (order + 1) (Σ_(i<j) c_i c_j + ½ (c_(i=j))²)
    const odd = order % 2 === 1;
    let square = 0;
    for (let i = 1, j = order - 2; i < j; i++, j--) square += (c[i] ?? outOfRange(c, i)) * (c[j] ?? outOfRange(c, j));
    square *= 2;
    if (odd) square += (c[(order - 1) / 2] ?? outOfRange(c, (order - 1) / 2)) * (c[(order - 1) / 2] ?? outOfRange(c, (order - 1) / 2));
    let pairs = 0;
    for (let i = 2, j = order - 1; i < j; i++, j--) pairs += (c[i] ?? outOfRange(c, i)) * (c[j] ?? outOfRange(c, j));
    if (odd) pairs += 0.5 * (c[(order + 1) / 2] ?? outOfRange(c, (order + 1) / 2)) * (c[(order + 1) / 2] ?? outOfRange(c, (order + 1) / 2));
    // (order + 1) c₁ c_order + (order + 1) pairs = κ c_(order−1) + q (u²)_(order−1), c₁ = 1
    c[order] = (kappa * (c[order - 1] ?? outOfRange(c, order - 1)) + quadratic * square) / (order + 1) - pairs;
  }
  // g = ζ/u = 1/(1 + c₂ ζ + c₃ ζ² + …)
  const g = SCRATCH_G;
  g[0] = 1;
  for (let j = 1; j < m; j++) {
    let sum = 0;
    for (let i = 1; i <= j; i++) sum += (c[i + 1] ?? outOfRange(c, i + 1)) * (g[j - i] ?? outOfRange(g, j - i));
    g[j] = -sum;
  }
  // in place: h_k(ζ) = (g_k(ζ) − g_k(0))/ζ is g_k shifted down one place, g_(k+1) = h_k′
  let length = m;
  for (let k = 0; k < terms; k++) {
    for (let j = 0; j < length - 1; j++) g[j] = g[j + 1] ?? outOfRange(g, j + 1);
    length -= 1;
    for (let j = 0; j < degree; j++) out[k * degree + j] = g[j] ?? outOfRange(g, j);
    for (let j = 0; j < length - 1; j++) g[j] = (j + 1) * (g[j + 1] ?? outOfRange(g, j + 1));
    length -= 1;
  }
}

/** The gamma expansion's h_k (κ = 1, no u² term): universal, computed once. */
const GAMMA_H = new Float64Array(GAMMA_DEGREE * GAMMA_TERMS);
uniformCoefficients(1, 0, GAMMA_DEGREE, GAMMA_TERMS, GAMMA_H);

/** Σ_k s^(−k) h_k(η) by Horner's rule in η and in 1/s; h_k's coefficients at h[k·degree …]. */
function expansionSum(h: Float64Array, degree: number, terms: number, eta: number, inverseS: number): number {
  let total = 0;
  for (let k = terms - 1; k >= 0; k--) {
    let value = 0;
    for (let j = degree - 1; j >= 0; j--) value = value * eta + (h[k * degree + j] ?? outOfRange(h, k * degree + j));
    total = total * inverseS + value;
  }
  return total;
}

/**
 * Temme's uniform expansion of the incomplete gamma function (Temme 1979; Special Functions §11.3.3; DiDonato &
 * Morris 1986 use it in the same region): with λ = x/a and η = sign(λ − 1) √(2 (λ − 1 − log λ)),
 *   Q(a, x) = ½ erfc(η √(a/2)) + e^(−aη²/2) / √(2πa) · e^(−δ(a)) Σ_k h_k(η) a^(−k),  P(a, x) = 1 − Q(a, x)
 * (the front factor aᵃ e⁻ᵃ / Γ(a) = √(a/2π) e^(−δ(a)) is kept exact rather than expanded into Temme's C_k).
 * The small tail is e^(−aη²/2) [½ erfcx(|η| √(a/2)) ± e^(−δ(a)) Σ / √(2πa)], with e^(−aη²/2) = e^(−D(a, x)).
 */
function gammaTemme(a: number, x: number, halfEta2: number): { lower: number; upper: number } {
  const eta = (x >= a ? 1 : -1) * Math.sqrt(2 * halfEta2);
  const sum = (Math.exp(-stirlingRemainder(a)) * expansionSum(GAMMA_H, GAMMA_DEGREE, GAMMA_TERMS, eta, 1 / a) * INV_SQRT_2PI) / Math.sqrt(a);
  const gauss = Math.exp(-a * halfEta2);
  const half = 0.5 * erfcx(Math.abs(eta) * Math.sqrt(0.5 * a));
  if (eta >= 0) {
    const upper = gauss * (half + sum);
    return { lower: 1 - upper, upper };
  }
  const lower = gauss * (half - sum);
  return { lower, upper: 1 - lower };
}

/**
 * The beta expansion's series Σ_k s^(−k) ĥ_k(η), one Taylor polynomial in η for given (a, b) (its coefficients depend
 * on x₀ = a/(a + b) and s), its front factor, and `reach`: the Taylor polynomial of degree d − 1 is used for
 * |η| ≤ reach[d]. A few recent (a, b) are kept, as CPO evaluates one count at many η.
 */
const BETA_CACHE_SIZE = 4;
const betaCache = Array.from({ length: BETA_CACHE_SIZE }, () => ({ a: 0, b: 0, series: new Float64Array(BETA_DEGREE), front: 0, reach: new Float64Array(BETA_DEGREE + 1) }));
let betaCacheNext = 0;
const BETA_H = new Float64Array(BETA_DEGREE * BETA_TERMS);
/** ½ erfcx(√745) > 1/(√π (√745 + √747)) (A&S 7.1.13): the least erfc part of the expansion where it is used. */
const BETA_HALF_FLOOR = 1 / (Math.sqrt(Math.PI) * (Math.sqrt(745) + Math.sqrt(747)));

function betaExpansion(a: number, b: number, s: number): { series: Float64Array; front: number; reach: Float64Array } {
  for (const entry of betaCache) if (entry.a === a && entry.b === b) return entry;
  const x0 = a / s;
  const y0 = b / s;
  uniformCoefficients((y0 - x0) / Math.sqrt(x0 * y0), -1, BETA_DEGREE, BETA_TERMS, BETA_H);
  const entry = itemAt(betaCache, betaCacheNext);
  betaCacheNext = (betaCacheNext + 1) % BETA_CACHE_SIZE;
  const series = entry.series;
  series.fill(0);
  for (let k = BETA_TERMS - 1; k >= 0; k--) for (let j = 0; j < BETA_DEGREE; j++) series[j] = (series[j] ?? outOfRange(series, j)) / s + (BETA_H[k * BETA_DEGREE + j] ?? outOfRange(BETA_H, k * BETA_DEGREE + j));
  // e^(δ(s) − δ(a) − δ(b)) / √(2πs)
  const front = (Math.exp(stirlingRemainder(s) - stirlingRemainder(a) - stirlingRemainder(b)) * INV_SQRT_2PI) / Math.sqrt(s);
  entry.front = front;
  // Truncating Σ_(j<24) c_j ηʲ at degree d − 1 leaves Σ_(d≤j<24) |c_j| |η|ʲ ≤ B_d Σ_(j≥d) (|η|/ρ)ʲ ≤ 2 B_d (|η|/ρ)^d for
  // |η| ≤ ρ/2, B_d = max_(d≤j<24) |c_j| ρʲ, with ρ = √(π min(x₀, y₀)), half the series' radius of convergence. Where
  // the expansion is used, |η| ≤ √(1490/s) and the bracket ½ erfcx ± front · Σ c_j ηʲ is at least
  // BETA_HALF_FLOOR − front · Σ_j |c_j| (1490/s)^(j/2); the truncation is allowed to move it by ε/16 of that.
  const rho = Math.sqrt(Math.PI * Math.min(x0, y0));
  const widest = Math.sqrt(1490 / s);
  let largest = 0;
  for (let j = BETA_DEGREE - 1; j >= 0; j--) largest = largest * widest + Math.abs(series[j] ?? outOfRange(series, j));
  const allowed = ((EPS / 16) * (BETA_HALF_FLOOR - front * largest)) / (2 * front);
  const reach = entry.reach;
  reach[BETA_DEGREE] = Infinity;
  let bound = 0; // B_d
  for (let d = BETA_DEGREE - 1; d >= 1; d--) {
    bound = Math.max(bound, Math.abs(series[d] ?? outOfRange(series, d)) * rho ** d);
    reach[d] = allowed > 0 ? rho * Math.min(0.5, (allowed / bound) ** (1 / d)) : 0;
  }
  entry.a = a;
  entry.b = b;
  return entry;
}

/**
 * Temme's uniform expansion of the incomplete beta function for large a and b (Temme 1992, "Incomplete Laplace
 * integrals: uniform asymptotic expansion with application to the incomplete beta function"; Special Functions
 * §11.3.3; DiDonato & Morris 1992 BASYM): with s = a + b, x₀ = a/s and
 *   −½η² = x₀ log(x/x₀) + y₀ log(y/y₀),  sign(η) = sign(x − x₀),
 * (so sη²/2 = D(a, s x) + D(b, s y), Loader's deviances)
 *   I_x(a, b) = ½ erfc(−η √(s/2)) − e^(−sη²/2) / √(2πs) · e^(δ(s) − δ(a) − δ(b)) Σ_k ĥ_k(η) s^(−k),
 * the front factor x₀ᵃ y₀ᵇ / B(a, b) = √(s x₀ y₀ / 2π) e^(δ(s) − δ(a) − δ(b)) kept exact. The ĥ_k are those of
 * `uniformCoefficients` with κ = (y₀ − x₀)/√(x₀y₀); their Taylor series converge for |η| < 2√(π min(x₀, y₀)) (the
 * branch points of the logarithms), and with a, b ≥ 3000 every x where the tail exceeds e⁻⁷⁴⁵ (sη²/2 < 745) has
 * |η| below a fifth of that radius; beyond it the tail underflows and is returned as 0. The Taylor polynomial is cut
 * at the least degree whose tail `reach` bounds below ε/16 of the result; `everyTerm` keeps all BETA_DEGREE terms
 * (for the tests, which compare the two).
 */
export function betaTemme(x: number, a: number, b: number, y: number, everyTerm = false): { lower: number; upper: number } {
  const s = a + b;
  const halfSEta2 = deviance(a, s * x) + deviance(b, s * y);
  const above = s * x >= a;
  if (halfSEta2 > 745) return above ? { lower: 1, upper: 0 } : { lower: 0, upper: 1 };
  const { series, front, reach } = betaExpansion(a, b, s);
  const eta = (above ? 1 : -1) * Math.sqrt((2 * halfSEta2) / s);
  const magnitude = Math.abs(eta);
  let degree = everyTerm ? BETA_DEGREE : 1;
  while (magnitude > (reach[degree] ?? outOfRange(reach, degree))) degree++;
  let value = 0;
  for (let j = degree - 1; j >= 0; j--) value = value * eta + (series[j] ?? outOfRange(series, j));
  const sum = front * value;
  const gauss = Math.exp(-halfSEta2);
  const half = 0.5 * erfcx(Math.sqrt(halfSEta2));
  if (above) {
    const upper = gauss * (half + sum);
    return { lower: 1 - upper, upper };
  }
  const lower = gauss * (half - sum);
  return { lower, upper: 1 - lower };
}
