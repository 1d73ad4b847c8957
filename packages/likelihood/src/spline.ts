import { outOfRange } from './checked.js';

/** A cubic interpolant with its first two derivatives, each valid between the first and last point. */
export interface CubicInterpolant {
  (t: number): number;
  derivative(t: number): number;
  secondDerivative(t: number): number;
}

/** Index i of the interval [x_i, x_{i+1}] that holds t (the end intervals beyond the points). */
function interval(x: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] ?? outOfRange(x, mid)) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The piecewise cubic y_i + c_i d + b_i d² + a_i d³ (d = t − x_i) on each interval. */
function piecewiseCubic(x: ArrayLike<number>, y: ArrayLike<number>, c: Float64Array, b: Float64Array, a: Float64Array): CubicInterpolant {
  const value = ((t: number): number => {
    const i = interval(x, t);
    const d = t - (x[i] ?? outOfRange(x, i));
    return (y[i] ?? outOfRange(y, i)) + d * ((c[i] ?? outOfRange(c, i)) + d * ((b[i] ?? outOfRange(b, i)) + d * (a[i] ?? outOfRange(a, i))));
  }) as CubicInterpolant;
  value.derivative = (t) => {
    const i = interval(x, t);
    const d = t - (x[i] ?? outOfRange(x, i));
    return (c[i] ?? outOfRange(c, i)) + d * (2 * (b[i] ?? outOfRange(b, i)) + 3 * d * (a[i] ?? outOfRange(a, i)));
  };
  value.secondDerivative = (t) => {
    const i = interval(x, t);
    const d = t - (x[i] ?? outOfRange(x, i));
    return 2 * (b[i] ?? outOfRange(b, i)) + 6 * d * (a[i] ?? outOfRange(a, i));
  };
  return value;
}

/**
 * The natural cubic spline through the points (second derivative zero at both ends; de Boor 1978, ch. IV):
 * what R-INLA fits (GSL's `cspline`) as the log-density correction of its spline-corrected Gaussians.
 * Outside the points it continues the end cubics.
 */
export function naturalCubicSpline(x: ArrayLike<number>, y: ArrayLike<number>): CubicInterpolant {
  const n = x.length;
  if (n < 3) {
    const slope = n === 2 ? ((y[1] ?? outOfRange(y, 1)) - (y[0] ?? outOfRange(y, 0))) / ((x[1] ?? outOfRange(x, 1)) - (x[0] ?? outOfRange(x, 0))) : 0;
    const c = Float64Array.of(slope, slope);
    const zero = new Float64Array(2);
    return piecewiseCubic(n === 0 ? [0] : x, n === 0 ? [Number.NaN] : y, c, zero, zero);
  }
  const buffers = new SplineBuffers(n);
  naturalSplineCoefficients(x, y, n, buffers);
  return piecewiseCubic(x, y, buffers.c, buffers.b, buffers.a);
}

/** Scratch and coefficients of a natural or Steffen cubic spline of up to `capacity` points. */
class SplineBuffers {
  readonly h: Float64Array;
  /** The natural spline's scratch: second derivatives and its tridiagonal system. */
  readonly second: Float64Array;
  readonly diagonal: Float64Array;
  readonly rhs: Float64Array;
  readonly c: Float64Array;
  readonly b: Float64Array;
  readonly a: Float64Array;

  constructor(readonly capacity: number) {
    this.h = new Float64Array(capacity);
    this.second = new Float64Array(capacity);
    this.diagonal = new Float64Array(capacity);
    this.rhs = new Float64Array(capacity);
    this.c = new Float64Array(capacity);
    this.b = new Float64Array(capacity);
    this.a = new Float64Array(capacity);
  }
}

/** The coefficients c, b, a of the natural cubic spline through the first n ≥ 3 points, into `buffers`. */
function naturalSplineCoefficients(x: ArrayLike<number>, y: ArrayLike<number>, n: number, buffers: SplineBuffers): void {
  const { h, second, diagonal, rhs, c, b, a } = buffers;
  for (let i = 0; i < n - 1; i++) h[i] = (x[i + 1] ?? outOfRange(x, i + 1)) - (x[i] ?? outOfRange(x, i));
  // tridiagonal system for the second derivatives M_1..M_{n−2} (M_0 = M_{n−1} = 0), by the Thomas algorithm
  second[0] = 0;
  second[n - 1] = 0;
  for (let i = 1; i < n - 1; i++) {
    diagonal[i] = 2 * ((h[i - 1] ?? outOfRange(h, i - 1)) + (h[i] ?? outOfRange(h, i)));
    rhs[i] = 6 * (((y[i + 1] ?? outOfRange(y, i + 1)) - (y[i] ?? outOfRange(y, i))) / (h[i] ?? outOfRange(h, i)) - ((y[i] ?? outOfRange(y, i)) - (y[i - 1] ?? outOfRange(y, i - 1))) / (h[i - 1] ?? outOfRange(h, i - 1)));
  }
  for (let i = 2; i < n - 1; i++) {
    const factor = (h[i - 1] ?? outOfRange(h, i - 1)) / (diagonal[i - 1] ?? outOfRange(diagonal, i - 1));
    diagonal[i] = (diagonal[i] ?? outOfRange(diagonal, i)) - (factor * (h[i - 1] ?? outOfRange(h, i - 1)));
    rhs[i] = (rhs[i] ?? outOfRange(rhs, i)) - (factor * (rhs[i - 1] ?? outOfRange(rhs, i - 1)));
  }
  for (let i = n - 2; i >= 1; i--) second[i] = ((rhs[i] ?? outOfRange(rhs, i)) - (i < n - 2 ? (h[i] ?? outOfRange(h, i)) * (second[i + 1] ?? outOfRange(second, i + 1)) : 0)) / (diagonal[i] ?? outOfRange(diagonal, i));
  // on [x_i, x_{i+1}]: slope (y_{i+1} − y_i)/h − h(2M_i + M_{i+1})/6, curvature M_i/2, jerk (M_{i+1} − M_i)/(6h);
  // the last interval's cubic also serves beyond the last point
  for (let i = 0; i < n - 1; i++) {
    c[i] = ((y[i + 1] ?? outOfRange(y, i + 1)) - (y[i] ?? outOfRange(y, i))) / (h[i] ?? outOfRange(h, i)) - ((h[i] ?? outOfRange(h, i)) * (2 * (second[i] ?? outOfRange(second, i)) + (second[i + 1] ?? outOfRange(second, i + 1)))) / 6;
    b[i] = (second[i] ?? outOfRange(second, i)) / 2;
    a[i] = ((second[i + 1] ?? outOfRange(second, i + 1)) - (second[i] ?? outOfRange(second, i))) / (6 * (h[i] ?? outOfRange(h, i)));
  }
  c[n - 1] = 0;
  b[n - 1] = 0;
  a[n - 1] = 0;
}

/**
 * `linearlyExtended(naturalCubicSpline(x, y), x_0, x_last)`, or with `kind` 'steffen' `linearlyExtended(steffenSpline(x,
 * y), x_0, x_last)`, the same numbers, for callers that fit many small splines in a row (CPO fits one per observation
 * and integration point, the latent summaries two per node): each `fit` reuses this object's buffers, and `value`
 * starts its search from the last interval it found, so increasing arguments cost no search.
 */
export class ReusableExtendedSpline {
  private buffers: SplineBuffers;
  private x: Float64Array;
  private y: Float64Array;
  private n = 0;
  private last = 0;
  private lower = 0;
  private upper = 0;
  private valueLower = 0;
  private valueUpper = 0;
  private slopeLower = 0;
  private slopeUpper = 0;

  constructor(
    capacity = 64,
    readonly kind: 'natural' | 'steffen' = 'natural',
  ) {
    this.buffers = new SplineBuffers(capacity);
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  /**
   * Fits the spline through the first `n` points (x_i, y_i), x increasing: at least 3 of them for the natural spline,
   * 2 for Steffen's.
   */
  fit(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): this {
    const fewest = this.kind === 'natural' ? 3 : 2;
    if (n < fewest || n > x.length || n > y.length) {
      throw new RangeError(`ReusableExtendedSpline: needs ${fewest} or more points, as many y as x; got ${n} of ${x.length} x and ${y.length} y`);
    }
    if (n > this.buffers.capacity) {
      this.buffers = new SplineBuffers(n);
      this.x = new Float64Array(n);
      this.y = new Float64Array(n);
    }
    for (let i = 0; i < n; i++) {
      this.x[i] = x[i] ?? outOfRange(x, i);
      this.y[i] = y[i] ?? outOfRange(y, i);
    }
    this.n = n;
    this.last = 0;
    if (this.kind === 'natural') naturalSplineCoefficients(this.x, this.y, n, this.buffers);
    else steffenCoefficients(this.x, this.y, n, this.buffers);
    // the linear continuation, as `linearlyExtended` computes it
    this.lower = this.x[0] ?? outOfRange(this.x, 0);
    this.upper = this.x[n - 1] ?? outOfRange(this.x, n - 1);
    const step = (this.upper - this.lower) * 1e-4;
    this.valueLower = this.cubic(this.lower);
    this.valueUpper = this.cubic(this.upper);
    this.slopeLower = (this.cubic(this.lower + step) - this.valueLower) / step;
    this.slopeUpper = (this.valueUpper - this.cubic(this.upper - step)) / step;
    return this;
  }

  value(t: number): number {
    if (t < this.lower) return this.valueLower + this.slopeLower * (t - this.lower);
    if (t > this.upper) return this.valueUpper + this.slopeUpper * (t - this.upper);
    return this.cubic(t);
  }

  /** The cubic of the interval that holds t: the one the one-off splines' binary search finds, searched from the last. */
  private cubic(t: number): number {
    const { x, y, n } = this;
    const { c, b, a } = this.buffers;
    let i = this.last;
    if (!((i === 0 || (x[i] ?? outOfRange(x, i)) <= t) && (i === n - 2 || t < (x[i + 1] ?? outOfRange(x, i + 1))))) {
      if ((x[i] ?? outOfRange(x, i)) <= t) {
        while (i < n - 2 && (x[i + 1] ?? outOfRange(x, i + 1)) <= t) i++;
      } else {
        i = interval(x.subarray(0, n), t);
      }
      this.last = i;
    }
    const d = t - (x[i] ?? outOfRange(x, i));
    return (y[i] ?? outOfRange(y, i)) + d * ((c[i] ?? outOfRange(c, i)) + d * ((b[i] ?? outOfRange(b, i)) + d * (a[i] ?? outOfRange(a, i))));
  }
}

/**
 * Steffen's (1990) monotone cubic interpolant as GSL's `steffen` builds it: at an inner point the slope
 * (sign s_{i−1} + sign s_i)·min(|s_{i−1}|, |s_i|, |p_i|/2), p_i the parabola's slope through three points, and at
 * each end the end secant's slope. R-INLA's quantile tables use it (GMRFLib_spline_create_x with a logit transform).
 */
export function steffenSpline(x: ArrayLike<number>, y: ArrayLike<number>): CubicInterpolant {
  const buffers = new SplineBuffers(x.length);
  steffenCoefficients(x, y, x.length, buffers);
  return piecewiseCubic(x, y, buffers.c, buffers.b, buffers.a);
}

const sign = (v: number): number => (v < 0 || Object.is(v, -0) ? -1 : 1);

/**
 * The coefficients c, b, a of Steffen's interpolant through the first n ≥ 2 points, into `buffers`: the secants' slopes
 * s_i are held in a and the slopes at the points in c until each interval's b_i and a_i replace them.
 */
function steffenCoefficients(x: ArrayLike<number>, y: ArrayLike<number>, n: number, buffers: SplineBuffers): void {
  const { h, c, b, a } = buffers;
  const s = a;
  const slope = c;
  for (let i = 0; i < n - 1; i++) {
    h[i] = (x[i + 1] ?? outOfRange(x, i + 1)) - (x[i] ?? outOfRange(x, i));
    s[i] = ((y[i + 1] ?? outOfRange(y, i + 1)) - (y[i] ?? outOfRange(y, i))) / (h[i] ?? outOfRange(h, i));
  }
  slope[0] = s[0] ?? outOfRange(s, 0);
  slope[n - 1] = s[n - 2] ?? outOfRange(s, n - 2);
  for (let i = 1; i < n - 1; i++) {
    const p = ((s[i - 1] ?? outOfRange(s, i - 1)) * (h[i] ?? outOfRange(h, i)) + (s[i] ?? outOfRange(s, i)) * (h[i - 1] ?? outOfRange(h, i - 1))) / ((h[i - 1] ?? outOfRange(h, i - 1)) + (h[i] ?? outOfRange(h, i)));
    slope[i] = (sign(s[i - 1] ?? outOfRange(s, i - 1)) + sign(s[i] ?? outOfRange(s, i))) * Math.min(Math.abs(s[i - 1] ?? outOfRange(s, i - 1)), Math.abs(s[i] ?? outOfRange(s, i)), 0.5 * Math.abs(p));
  }
  for (let i = 0; i < n - 1; i++) {
    const si = s[i] ?? outOfRange(s, i);
    const hi = h[i] ?? outOfRange(h, i);
    b[i] = (3 * si - 2 * (slope[i] ?? outOfRange(slope, i)) - (slope[i + 1] ?? outOfRange(slope, i + 1))) / hi;
    a[i] = ((slope[i] ?? outOfRange(slope, i)) + (slope[i + 1] ?? outOfRange(slope, i + 1)) - 2 * si) / (hi * hi);
  }
  c[n - 1] = 0;
  b[n - 1] = 0;
  a[n - 1] = 0;
}

/**
 * The interpolant continued linearly beyond its first and last point, with the slope of a one-sided difference over
 * a ten-thousandth of the span at that end (GMRFLib_spline_eval).
 */
export function linearlyExtended(f: (t: number) => number, lower: number, upper: number): (t: number) => number {
  const h = (upper - lower) * 1e-4;
  const slopeLower = (f(lower + h) - f(lower)) / h;
  const slopeUpper = (f(upper) - f(upper - h)) / h;
  return (t) => (t < lower ? f(lower) + slopeLower * (t - lower) : t > upper ? f(upper) + slopeUpper * (t - upper) : f(t));
}
