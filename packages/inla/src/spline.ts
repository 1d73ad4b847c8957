/**
 * Steffen's monotone cubic interpolation (Steffen 1990, "A simple method for monotonic interpolation in
 * one dimension", Astronomy & Astrophysics 239:443): a C¹ piecewise cubic through the points that never
 * overshoots between them. R-INLA fits its spline-corrected Gaussian densities with it.
 */
export function steffenSpline(x: ArrayLike<number>, y: ArrayLike<number>): (t: number) => number {
  const n = x.length;
  if (n < 2) {
    const value = n === 1 ? y[0]! : Number.NaN;
    return () => value;
  }
  const h = new Float64Array(n - 1);
  const s = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    h[i] = x[i + 1]! - x[i]!;
    s[i] = (y[i + 1]! - y[i]!) / h[i]!;
  }
  const slope = new Float64Array(n);
  if (n === 2) {
    slope[0] = s[0]!;
    slope[1] = s[0]!;
  } else {
    for (let i = 1; i < n - 1; i++) {
      const p = (s[i - 1]! * h[i]! + s[i]! * h[i - 1]!) / (h[i - 1]! + h[i]!);
      slope[i] = (Math.sign(s[i - 1]!) + Math.sign(s[i]!)) * Math.min(Math.abs(s[i - 1]!), Math.abs(s[i]!), 0.5 * Math.abs(p));
    }
    const endSlope = (sNear: number, sFar: number, hNear: number, hFar: number): number => {
      const p = sNear * (1 + hNear / (hNear + hFar)) - (sFar * hNear) / (hNear + hFar);
      if (p * sNear <= 0) return 0;
      if (Math.abs(p) > 2 * Math.abs(sNear)) return 2 * sNear;
      return p;
    };
    slope[0] = endSlope(s[0]!, s[1]!, h[0]!, h[1]!);
    slope[n - 1] = endSlope(s[n - 2]!, s[n - 3]!, h[n - 2]!, h[n - 3]!);
  }
  return (t: number): number => {
    let i: number;
    if (t <= x[0]!) i = 0;
    else if (t >= x[n - 1]!) i = n - 2;
    else {
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! <= t) lo = mid;
        else hi = mid;
      }
      i = lo;
    }
    const d = t - x[i]!;
    const a = (slope[i]! + slope[i + 1]! - 2 * s[i]!) / (h[i]! * h[i]!);
    const b = (3 * s[i]! - 2 * slope[i]! - slope[i + 1]!) / h[i]!;
    return ((a * d + b) * d + slope[i]!) * d + y[i]!;
  };
}
