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
 * cumulative Simpson sums and linear interpolation; used for hyperparameter marginals.
 */
export class GridDensity {
  readonly x: Float64Array;
  readonly density: Float64Array;
  readonly cdf: Float64Array;
  /**
   * The log density (unnormalised) over the whole line when it extends beyond this grid; `summarise` can then take
   * the moments of g(X) over its tails too (see `tailMoments`).
   */
  extendedLogDensity: ((x: number) => number) | null = null;

  /** `logDensity` need not be normalised; the grid has an odd number of points from `lower` to `upper`. */
  constructor(logDensity: (x: number) => number, lower: number, upper: number, points = 2001) {
    const n = points % 2 === 1 ? points : points + 1;
    this.x = Float64Array.from({ length: n }, (_, i) => lower + ((upper - lower) * i) / (n - 1));
    const logValues = Float64Array.from(this.x, logDensity);
    const max = Math.max(...logValues.filter(Number.isFinite));
    this.density = Float64Array.from(logValues, (v) => (Number.isFinite(v) ? Math.exp(v - max) : 0));
    const step = (upper - lower) / (n - 1);
    // cumulative trapezoid on the fine grid, rescaled to the Simpson total
    this.cdf = new Float64Array(n);
    for (let i = 1; i < n; i++) this.cdf[i] = this.cdf[i - 1]! + 0.5 * step * (this.density[i - 1]! + this.density[i]!);
    const total = this.integrate((_, d) => d);
    for (let i = 0; i < n; i++) {
      this.density[i]! /= total;
      this.cdf[i]! /= this.cdf[n - 1]!;
    }
  }

  /** ∫ g(x) f(x) dx by Simpson's rule; `integrand` receives x and the density value there. */
  integrate(integrand: (x: number, density: number) => number): number {
    const n = this.x.length;
    const step = (this.x[n - 1]! - this.x[0]!) / (n - 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2;
      sum += w * integrand(this.x[i]!, this.density[i]!);
    }
    return (sum * step) / 3;
  }

  /**
   * E[g(X)] and E[g(X)²] over mean ± 10 sd of this density (R-INLA's GMRFLib_DENSITY_INTEGRATION_LIMIT), with the
   * log density `extendedLogDensity` beyond the grid: a skewed precision's user-scale moments depend on those tails.
   */
  tailMoments(g: (x: number) => number): [number, number] {
    const mean = this.integrate((x, d) => x * d);
    const sd = Math.sqrt(Math.max(this.integrate((x, d) => (x - mean) ** 2 * d), 0));
    const wide = new GridDensity(this.extendedLogDensity!, mean - 10 * sd, mean + 10 * sd, 4001);
    return [wide.integrate((x, d) => g(x) * d), wide.integrate((x, d) => g(x) ** 2 * d)];
  }

  /** The normalised density at x, interpolated linearly between grid points (0 outside the grid). */
  densityAt(x: number): number {
    const n = this.x.length;
    const step = (this.x[n - 1]! - this.x[0]!) / (n - 1);
    const position = (x - this.x[0]!) / step;
    if (position < 0 || position > n - 1) return 0;
    const i = Math.min(Math.floor(position), n - 2);
    const t = position - i;
    return (1 - t) * this.density[i]! + t * this.density[i + 1]!;
  }

  /** The p-quantile by inverting the tabulated CDF. */
  quantile(p: number): number {
    const n = this.x.length;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < p) lo = mid;
      else hi = mid;
    }
    const span = this.cdf[hi]! - this.cdf[lo]!;
    const t = span > 0 ? (p - this.cdf[lo]!) / span : 0;
    return this.x[lo]! + t * (this.x[hi]! - this.x[lo]!);
  }

  /**
   * Summary of g(X) for a monotone g with derivative g′: moments by integration, quantiles g(x_p)
   * (p ↦ 1 − p when g decreases), and the mode of the density of g(X), f(x)/|g′(x)|, refined by a parabola.
   */
  summarise(g: (x: number) => number, gPrime: (x: number) => number, moments: 'grid' | 'tails' = 'grid'): MarginalSummary {
    const [mean, second] =
      moments === 'tails' && this.extendedLogDensity ? this.tailMoments(g) : [this.integrate((x, d) => g(x) * d), this.integrate((x, d) => g(x) ** 2 * d)];
    const increasing = gPrime(this.x[(this.x.length - 1) >> 1]!) > 0;
    const q = (p: number): number => g(this.quantile(increasing ? p : 1 - p));
    let best = 0;
    let bestValue = -Infinity;
    const transformed = Float64Array.from(this.x, (x, i) => {
      const v = this.density[i]! > 0 ? Math.log(this.density[i]!) - Math.log(Math.abs(gPrime(x))) : -Infinity;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
      return v;
    });
    let modeX = this.x[best]!;
    if (best > 0 && best < this.x.length - 1) {
      const [a, b, c] = [transformed[best - 1]!, transformed[best]!, transformed[best + 1]!];
      const denominator = a - 2 * b + c;
      if (denominator < 0) modeX += (0.5 * (a - c) / denominator) * (this.x[1]! - this.x[0]!);
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
