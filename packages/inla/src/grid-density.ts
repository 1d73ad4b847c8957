import { densityInThirds, linearlyExtended, naturalCubicSpline, ReusableExtendedSpline, steffenSpline } from '@hlm/likelihood';
import { outOfRange } from '@hlm/sparse';

/** A summary row in R-INLA's layout. */
export interface MarginalSummary {
  mean: number;
  sd: number;
  '0.025quant': number;
  '0.5quant': number;
  '0.975quant': number;
  mode: number;
}

export const QUANTILES = [0.025, 0.5, 0.975] as const;

/**
 * A univariate density tabulated on a fine regular grid, normalised by Simpson's rule, with its CDF by
 * cumulative sums and linear interpolation; used for the full Laplace strategy's latent marginals.
 */
export class GridDensity {
  readonly x: Float64Array;
  readonly density: Float64Array;
  readonly cdf: Float64Array;
  /** `logDensity` need not be normalised; the grid has an odd number of points from `lower` to `upper`. */
  constructor(logDensity: (x: number) => number, lower: number, upper: number, points = 2001) {
    const n = points % 2 === 1 ? points : points + 1;
    this.x = new Float64Array(n);
    const logValues = new Float64Array(n);
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = lower + ((upper - lower) * i) / (n - 1);
      this.x[i] = x;
      const v = logDensity(x);
      logValues[i] = v;
      if (Number.isFinite(v) && v > max) max = v;
    }
    this.density = new Float64Array(n);
    for (let i = 0; i < n; i++) this.density[i] = Number.isFinite(logValues[i] ?? outOfRange(logValues, i)) ? Math.exp((logValues[i] ?? outOfRange(logValues, i)) - max) : 0;
    const step = (upper - lower) / (n - 1);
    // cumulative trapezoid on the fine grid, rescaled to the Simpson total
    this.cdf = new Float64Array(n);
    for (let i = 1; i < n; i++) this.cdf[i] = (this.cdf[i - 1] ?? outOfRange(this.cdf, i - 1)) + 0.5 * step * ((this.density[i - 1] ?? outOfRange(this.density, i - 1)) + (this.density[i] ?? outOfRange(this.density, i)));
    const total = this.integrate((_, d) => d);
    for (let i = 0; i < n; i++) {
      this.density[i] = (this.density[i] ?? outOfRange(this.density, i)) / total;
      this.cdf[i] = (this.cdf[i] ?? outOfRange(this.cdf, i)) / (this.cdf[n - 1] ?? outOfRange(this.cdf, n - 1));
    }
  }

  /** ∫ g(x) f(x) dx by Simpson's rule; `integrand` receives x and the density value there. */
  integrate(integrand: (x: number, density: number) => number): number {
    const n = this.x.length;
    const step = ((this.x[n - 1] ?? outOfRange(this.x, n - 1)) - (this.x[0] ?? outOfRange(this.x, 0))) / (n - 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2;
      sum += w * integrand(this.x[i] ?? outOfRange(this.x, i), this.density[i] ?? outOfRange(this.density, i));
    }
    return (sum * step) / 3;
  }

  /** The p-quantile by inverting the tabulated CDF. */
  quantile(p: number): number {
    const n = this.x.length;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((this.cdf[mid] ?? outOfRange(this.cdf, mid)) < p) lo = mid;
      else hi = mid;
    }
    const span = (this.cdf[hi] ?? outOfRange(this.cdf, hi)) - (this.cdf[lo] ?? outOfRange(this.cdf, lo));
    const t = span > 0 ? (p - (this.cdf[lo] ?? outOfRange(this.cdf, lo))) / span : 0;
    return (this.x[lo] ?? outOfRange(this.x, lo)) + t * ((this.x[hi] ?? outOfRange(this.x, hi)) - (this.x[lo] ?? outOfRange(this.x, lo)));
  }

  /**
   * Summary of g(X) for a monotone g with derivative g′: moments by integration, quantiles g(x_p)
   * (p ↦ 1 − p when g decreases), and the mode of the density of g(X), f(x)/|g′(x)|, refined by a parabola.
   */
  summarise(g: (x: number) => number, gPrime: (x: number) => number): MarginalSummary {
    const mean = this.integrate((x, d) => g(x) * d);
    const second = this.integrate((x, d) => g(x) ** 2 * d);
    const increasing = gPrime(this.x[(this.x.length - 1) >> 1] ?? outOfRange(this.x, (this.x.length - 1) >> 1)) > 0;
    const q = (p: number): number => g(this.quantile(increasing ? p : 1 - p));
    let best = 0;
    let bestValue = -Infinity;
    const transformed = new Float64Array(this.x.length);
    for (let i = 0; i < this.x.length; i++) {
      const v = (this.density[i] ?? outOfRange(this.density, i)) > 0 ? Math.log(this.density[i] ?? outOfRange(this.density, i)) - Math.log(Math.abs(gPrime(this.x[i] ?? outOfRange(this.x, i)))) : -Infinity;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
      transformed[i] = v;
    }
    let modeX = this.x[best] ?? outOfRange(this.x, best);
    if (best > 0 && best < this.x.length - 1) {
      const [a, b, c] = [transformed[best - 1] ?? outOfRange(transformed, best - 1), transformed[best] ?? outOfRange(transformed, best), transformed[best + 1] ?? outOfRange(transformed, best + 1)];
      const denominator = a - 2 * b + c;
      if (denominator < 0) modeX += (0.5 * (a - c) / denominator) * ((this.x[1] ?? outOfRange(this.x, 1)) - (this.x[0] ?? outOfRange(this.x, 0)));
    }
    return {
      mean,
      sd: Math.sqrt(Math.max(second - mean * mean, 0)),
      '0.025quant': q(0.025),
      '0.5quant': q(0.5),
      '0.975quant': q(0.975),
      mode: g(modeX),
    };
  }
}

/** Points and log-density interpolation of R-INLA's density tables (GMRFLibP.h: GMRFLib_INT_NUM_POINTS, _INTERPOL). */
const TABLE_POINTS = 45;
const TABLE_THIRDS = 3 * TABLE_POINTS - 2;
/** Simpson's weights 1, 4, 2, …, 4, 1 on the table's points. */
const SIMPSON_THIRDS = Float64Array.from({ length: TABLE_THIRDS }, (_, i) => (i === 0 || i === TABLE_THIRDS - 1 ? 1 : i % 2 === 1 ? 4 : 2));
/** R-INLA integrates a density over its mean ± 5 sd (density.h: GMRFLib_DENSITY_INTEGRATION_LIMIT). */
const INTEGRATION_LIMIT = 5;

/** The table's arrays, shared by every call of `thirdsTable`: each caller reads them before the next call. */
const TABLE = {
  coarse: new Float64Array(TABLE_POINTS),
  scratch: new Float64Array(TABLE_POINTS),
  x: new Float64Array(TABLE_THIRDS),
  density: new Float64Array(TABLE_THIRDS),
  cdf: new Float64Array(TABLE_THIRDS),
};

/**
 * The log density at 45 equispaced points of [lower, upper], each interval split in three with the log density
 * interpolated linearly, as densities (not normalised, to be weighted by Simpson's 1, 4, 2, …, 4, 1) into TABLE.x and
 * TABLE.density: the rule of R-INLA's GMRFLib_init_density and inla_integrate_func. Returns the largest log density,
 * which the densities are relative to.
 */
function thirdsTable(logDensity: (x: number) => number, lower: number, upper: number): number {
  const step = (upper - lower) / (TABLE_POINTS - 1);
  const { coarse, x } = TABLE;
  let logMax = -Infinity;
  for (let i = 0; i < TABLE_POINTS; i++) {
    coarse[i] = logDensity(lower + i * step);
    logMax = Math.max(logMax, coarse[i] ?? outOfRange(coarse, i));
  }
  for (let i = 0; i < TABLE_THIRDS; i++) {
    const k = Math.min(Math.floor(i / 3), TABLE_POINTS - 2);
    x[i] = lower + (k + (i - 3 * k) / 3) * step;
  }
  densityInThirds(coarse, logMax, TABLE.density, TABLE.scratch);
  return logMax;
}

/** The vertex of the parabola through three points (inla.c's inla_interpolate_mode, before its truncation). */
function parabolaVertex(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [x0, x1, x2] = [x[0] ?? outOfRange(x, 0), x[1] ?? outOfRange(x, 1), x[2] ?? outOfRange(x, 2)];
  const [y0, y1, y2] = [y[0] ?? outOfRange(y, 0), y[1] ?? outOfRange(y, 1), y[2] ?? outOfRange(y, 2)];
  return (0.5 * ((y0 - y2) * x1 * x1 + (y1 - y0) * x2 * x2 + (y2 - y1) * x0 * x0)) / (y0 * (x1 - x2) + (x2 - x0) * y1 + y2 * (x0 - x1));
}

const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * The finite points of (x_k, log f_k) in increasing order of x, each dropped when within √ε (relative) of the finite
 * point before it, as u_k = x_k and the correction log f_k + u_k²/2 of the standard normal, into `u` and `corrected`
 * (each at least as long as x). Returns how many points were kept.
 */
function correctedPoints(x: ArrayLike<number>, logDensity: ArrayLike<number>, u: Float64Array, corrected: Float64Array): number {
  let order: number[] | null = null;
  let previous = -Infinity;
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(logDensity[k] ?? outOfRange(logDensity, k))) continue;
    const xk = x[k] ?? outOfRange(x, k);
    if (xk < previous) {
      order = Array.from({ length: x.length }, (_, i) => i).filter((i) => Number.isFinite(logDensity[i] ?? outOfRange(logDensity, i)));
      order.sort((a, b) => (x[a] ?? outOfRange(x, a)) - (x[b] ?? outOfRange(x, b)));
      break;
    }
    previous = xk;
  }
  let kept = 0;
  let finite = 0;
  let before = 0; // the finite point before this one, kept or not
  const count = order === null ? x.length : order.length;
  for (let r = 0; r < count; r++) {
    const k = order === null ? r : (order[r] ?? outOfRange(order, r));
    if (order === null && !Number.isFinite(logDensity[k] ?? outOfRange(logDensity, k))) continue;
    const uk = x[k] ?? outOfRange(x, k);
    const distinct = finite === 0 || uk - before > 1.4901161193847656e-8 * Math.max(Math.abs(uk), 1);
    finite++;
    before = uk;
    if (!distinct) continue;
    u[kept] = uk;
    corrected[kept] = (logDensity[k] ?? outOfRange(logDensity, k)) + 0.5 * uk * uk;
    kept++;
  }
  return kept;
}

/**
 * What R-INLA derives from a spline-corrected Gaussian's table (GMRFLib_init_density), given its log-density
 * correction S on [lower, upper]: the log density −u²/2 + S(u) at 45 points interpolated in thirds; mean and sd by
 * Simpson's rule; the mode as the vertex of the parabola through the largest tabulated density and its neighbours; the
 * log normalising constant; and the knots (logit p, u) of its inverse CDF, from the cumulative trapezoid sums at the 45
 * points, into knotP and knotU (each of length 45), of which it returns the number.
 */
function tableMoments(
  correction: (u: number) => number,
  lower: number,
  upper: number,
  knotP: Float64Array,
  knotU: Float64Array,
): { mean: number; sd: number; mode: number; logNormaliser: number; knots: number } {
  const logMax = thirdsTable((v) => correction(v) - 0.5 * v * v, lower, upper);
  const { x, density, cdf } = TABLE;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < TABLE_THIRDS; i++) {
    const w = (SIMPSON_THIRDS[i] ?? outOfRange(SIMPSON_THIRDS, i)) * (density[i] ?? outOfRange(density, i));
    m0 += w;
    m1 += w * (x[i] ?? outOfRange(x, i));
    m2 += w * (x[i] ?? outOfRange(x, i)) ** 2;
  }
  const mean = m1 / m0;
  const sd = Math.sqrt(Math.max(m2 / m0 - mean ** 2, 0));
  const logNormaliser = Math.log((m0 * ((x[1] ?? outOfRange(x, 1)) - (x[0] ?? outOfRange(x, 0)))) / 3) + logMax;
  let top = 0;
  for (let i = 1; i < TABLE_THIRDS; i++) if ((density[i] ?? outOfRange(density, i)) > (density[top] ?? outOfRange(density, top))) top = i;
  const mode = top === 0 || top === TABLE_THIRDS - 1 ? (x[top] ?? outOfRange(x, top)) : parabolaVertex(x.subarray(top - 1), density.subarray(top - 1));
  // the CDF by cumulative trapezoids from half the first density, normalised by the total plus half the last
  cdf[0] = 0.5 * (density[0] ?? outOfRange(density, 0));
  for (let i = 1; i < TABLE_THIRDS; i++) cdf[i] = (cdf[i - 1] ?? outOfRange(cdf, i - 1)) + 0.5 * ((density[i] ?? outOfRange(density, i)) + (density[i - 1] ?? outOfRange(density, i - 1)));
  const total = (cdf[TABLE_THIRDS - 1] ?? outOfRange(cdf, TABLE_THIRDS - 1)) + 0.5 * (density[TABLE_THIRDS - 1] ?? outOfRange(density, TABLE_THIRDS - 1));
  const eps = 1.4901161193847656e-8 * 1.220703125e-4;
  // knots (logit p, u) at the 45 points, each dropped unless p rises by more than √ε from the last kept
  let knots = 0;
  for (let i = 0; i < TABLE_THIRDS; i += 3) {
    const p = logit(Math.min(Math.max((cdf[i] ?? outOfRange(cdf, i)) / total, eps), 1 - eps));
    if (knots === 0 || p - (knotP[knots - 1] ?? outOfRange(knotP, knots - 1)) > 1.4901161193847656e-8) {
      knotP[knots] = p;
      knotU[knots] = x[i] ?? outOfRange(x, i);
      knots++;
    }
  }
  return { mean, sd, mode, logNormaliser, knots };
}

/**
 * R-INLA's spline-corrected Gaussian (GMRFLib_density_create with GMRFLib_DENSITY_TYPE_SCGAUSSIAN): a density given
 * by its log at points x_k of the standardised scale u = (v − centre)/scale, stored as
 * log f(u) = −u²/2 + S(u), S the natural cubic spline through (x_k, log f_k + x_k²/2), continued linearly beyond the
 * points. Its moments, mode and quantiles are R-INLA's, from tables rather than exact integrals (GMRFLib_init_density):
 * the log density at 45 points over the span of the x_k, interpolated in thirds; mean and sd by Simpson's rule; the
 * mode as the vertex of the parabola through the largest tabulated density and its neighbours; quantiles from the
 * cumulative trapezoid sums at the 45 points, interpolated in logit(p) by Steffen's monotone spline.
 */
export class SplineCorrectedGaussian {
  /** Mean, sd and mode on the standardised scale. */
  readonly mean: number;
  readonly sd: number;
  readonly mode: number;
  private readonly correction: (u: number) => number;
  private readonly logNormaliser: number;
  private readonly inverseCdf: (logitP: number) => number;

  constructor(
    x: ArrayLike<number>,
    logDensity: ArrayLike<number>,
    readonly centre: number,
    readonly scale: number,
  ) {
    const u = new Float64Array(x.length);
    const corrected = new Float64Array(x.length);
    const kept = correctedPoints(x, logDensity, u, corrected);
    const lower = u[0] ?? outOfRange(u, 0);
    const upper = u[kept - 1] ?? outOfRange(u, kept - 1);
    this.correction = linearlyExtended(naturalCubicSpline(u.subarray(0, kept), corrected.subarray(0, kept)), lower, upper);
    const knotP = new Float64Array(TABLE_POINTS);
    const knotU = new Float64Array(TABLE_POINTS);
    const table = tableMoments(this.correction, lower, upper, knotP, knotU);
    this.mean = table.mean;
    this.sd = table.sd;
    this.mode = table.mode;
    this.logNormaliser = table.logNormaliser;
    const last = table.knots - 1;
    this.inverseCdf = linearlyExtended(steffenSpline(knotP.subarray(0, table.knots), knotU.subarray(0, table.knots)), knotP[0] ?? outOfRange(knotP, 0), knotP[last] ?? outOfRange(knotP, last));
  }

  /** The normalised log density on the standardised scale. */
  logDensity(u: number): number {
    return this.correction(u) - 0.5 * u * u - this.logNormaliser;
  }

  /** The p-quantile on the standardised scale (GMRFLib_density_Pinv). */
  quantileStandardised(p: number): number {
    return this.inverseCdf(logit(p));
  }

  /** v = centre + scale·u. */
  toUser(u: number): number {
    return this.centre + this.scale * u;
  }

  /** The p-quantile on the scale of v. */
  quantile(p: number): number {
    return this.toUser(this.quantileStandardised(p));
  }

  /** The density of v (normalised). */
  densityAt(v: number): number {
    return Math.exp(this.logDensity((v - this.centre) / this.scale)) / this.scale;
  }

  /** R-INLA's summary of v itself: the table's mean, sd, quantiles and mode (inla_integrate_func with no map). */
  summary(): MarginalSummary {
    return {
      mean: this.toUser(this.mean),
      sd: this.scale * this.sd,
      '0.025quant': this.quantile(0.025),
      '0.5quant': this.quantile(0.5),
      '0.975quant': this.quantile(0.975),
      mode: this.toUser(this.mode),
    };
  }

  /**
   * R-INLA's summary of g(v) for a monotone map g with derivative g′ (inla_integrate_func): mean and sd by the
   * thirds-and-Simpson rule over the standardised mean ± 5 sd; quantiles g(v_p), p ↦ 1 − p when g decreases; the mode
   * from the largest log f(v) − log|g′(v)| of the 45 points, a parabola through it and its neighbours, then two Newton
   * steps on the natural spline through up to 5 points either side (kept only if the steps shrink).
   */
  summarise(g: (v: number) => number, gPrime: (v: number) => number): MarginalSummary {
    const lower = this.mean - INTEGRATION_LIMIT * this.sd;
    const upper = this.mean + INTEGRATION_LIMIT * this.sd;
    thirdsTable((u) => this.logDensity(u), lower, upper);
    const { x, density } = TABLE;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < TABLE_THIRDS; i++) {
      const w = (SIMPSON_THIRDS[i] ?? outOfRange(SIMPSON_THIRDS, i)) * (density[i] ?? outOfRange(density, i));
      const value = g(this.toUser(x[i] ?? outOfRange(x, i)));
      m0 += w;
      m1 += w * value;
      m2 += w * value * value;
    }
    const mean = m1 / m0;
    const increasing = gPrime(this.toUser(this.mean)) > 0;
    const q = (p: number): number => g(this.quantile(increasing ? p : 1 - p));
    return {
      mean,
      sd: Math.sqrt(Math.max(m2 / m0 - mean * mean, 0)),
      '0.025quant': q(0.025),
      '0.5quant': q(0.5),
      '0.975quant': q(0.975),
      mode: this.transformedMode(g, gPrime, lower, upper),
    };
  }

  private transformedMode(g: (v: number) => number, gPrime: (v: number) => number, lower: number, upper: number): number {
    const step = (upper - lower) / (TABLE_POINTS - 1);
    const z = new Float64Array(TABLE_POINTS);
    const ldz = new Float64Array(TABLE_POINTS);
    for (let i = 0; i < TABLE_POINTS; i++) {
      const v = this.toUser(lower + i * step);
      z[i] = g(v);
      ldz[i] = this.logDensity(lower + i * step) - Math.log(Math.abs(gPrime(v)));
    }
    const top = ldz.indexOf(Math.max(...ldz));
    const first = top === 0 ? 0 : top === TABLE_POINTS - 1 ? top - 2 : top - 1;
    const near = z.subarray(first, first + 3);
    const start = Math.min(Math.max(parabolaVertex(near, ldz.subarray(first, first + 3)), Math.min(...near)), Math.max(...near));
    const from = Math.max(0, top - 5);
    const to = Math.min(TABLE_POINTS - 1, top + 5);
    const local = Array.from({ length: to - from + 1 }, (_, k) => ({ z: (z[from + k] ?? outOfRange(z, from + k)), ld: (ldz[from + k] ?? outOfRange(ldz, from + k)) })).sort((a, b) => a.z - b.z);
    const spline = naturalCubicSpline(local.map((p) => p.z), local.map((p) => p.ld));
    let mode = start;
    const steps = [0, 0];
    for (let iter = 0; iter < 2; iter++) {
      steps[iter] = spline.derivative(mode) / spline.secondDerivative(mode);
      mode -= steps[iter] ?? outOfRange(steps, iter);
    }
    return Math.abs(steps[0] ?? outOfRange(steps, 0)) >= Math.abs(steps[1] ?? outOfRange(steps, 1)) ? mode : start;
  }
}

/** The splines and points of `splineCorrectedSummary`, reused by every call (a large field has one call per node). */
const SUMMARY = {
  correction: new ReusableExtendedSpline(32),
  inverseCdf: new ReusableExtendedSpline(TABLE_POINTS, 'steffen'),
  u: new Float64Array(32),
  corrected: new Float64Array(32),
  knotP: new Float64Array(TABLE_POINTS),
  knotU: new Float64Array(TABLE_POINTS),
};

/**
 * `new SplineCorrectedGaussian(x, logDensity, centre, scale).summary()`, the same numbers, without keeping the density:
 * its splines and tables are this module's, reused by every call.
 */
export function splineCorrectedSummary(x: ArrayLike<number>, logDensity: ArrayLike<number>, centre: number, scale: number): MarginalSummary {
  if (SUMMARY.u.length < x.length) {
    SUMMARY.u = new Float64Array(x.length);
    SUMMARY.corrected = new Float64Array(x.length);
  }
  const { correction, inverseCdf, u, corrected, knotP, knotU } = SUMMARY;
  const kept = correctedPoints(x, logDensity, u, corrected);
  // the natural spline of fewer than three points is a line, which the reusable spline does not fit
  if (kept < 3) return new SplineCorrectedGaussian(x, logDensity, centre, scale).summary();
  correction.fit(u, corrected, kept);
  const table = tableMoments((v) => correction.value(v), u[0] ?? outOfRange(u, 0), u[kept - 1] ?? outOfRange(u, kept - 1), knotP, knotU);
  inverseCdf.fit(knotP, knotU, table.knots);
  const quantile = (p: number): number => centre + scale * inverseCdf.value(logit(p));
  return {
    mean: centre + scale * table.mean,
    sd: scale * table.sd,
    '0.025quant': quantile(0.025),
    '0.5quant': quantile(0.5),
    '0.975quant': quantile(0.975),
    mode: centre + scale * table.mode,
  };
}
