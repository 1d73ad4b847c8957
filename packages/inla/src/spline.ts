/**
 * The natural cubic spline through the points (second derivative zero at both ends; de Boor 1978, ch. IV):
 * what R-INLA fits (GSL's `cspline`) as the log-density correction of its spline-corrected Gaussians.
 * Outside the points it continues the end cubics.
 */
export function naturalCubicSpline(x: ArrayLike<number>, y: ArrayLike<number>): (t: number) => number {
  const n = x.length;
  if (n < 3) {
    if (n === 0) return () => Number.NaN;
    if (n === 1) return () => y[0]!;
    const slope = (y[1]! - y[0]!) / (x[1]! - x[0]!);
    return (t) => y[0]! + slope * (t - x[0]!);
  }
  const h = Float64Array.from({ length: n - 1 }, (_, i) => x[i + 1]! - x[i]!);
  // tridiagonal system for the second derivatives M_1..M_{n−2} (M_0 = M_{n−1} = 0), by the Thomas algorithm
  const second = new Float64Array(n);
  const diagonal = new Float64Array(n);
  const rhs = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    diagonal[i] = 2 * (h[i - 1]! + h[i]!);
    rhs[i] = 6 * ((y[i + 1]! - y[i]!) / h[i]! - (y[i]! - y[i - 1]!) / h[i - 1]!);
  }
  for (let i = 2; i < n - 1; i++) {
    const factor = h[i - 1]! / diagonal[i - 1]!;
    diagonal[i]! -= factor * h[i - 1]!;
    rhs[i]! -= factor * rhs[i - 1]!;
  }
  for (let i = n - 2; i >= 1; i--) second[i] = (rhs[i]! - (i < n - 2 ? h[i]! * second[i + 1]! : 0)) / diagonal[i]!;
  return (t: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const width = h[lo]!;
    const a = (x[lo + 1]! - t) / width;
    const b = (t - x[lo]!) / width;
    return a * y[lo]! + b * y[lo + 1]! + (((a * a * a - a) * second[lo]! + (b * b * b - b) * second[lo + 1]!) * width * width) / 6;
  };
}
