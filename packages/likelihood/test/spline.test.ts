import { describe, expect, it } from 'vitest';
import { seededRandom } from '@hlm/test-utils';
import { linearlyExtended, naturalCubicSpline, ReusableExtendedSpline, steffenSpline } from '../src/spline.js';

describe('natural cubic spline', () => {
  it('passes through the points and reproduces a straight line', () => {
    const x = [0, 0.5, 1.5, 2, 4];
    const line = naturalCubicSpline(x, x.map((v) => 3 * v - 1));
    for (const t of [0, 0.3, 1.1, 2.7, 4]) expect(line(t)).toBeCloseTo(3 * t - 1, 12);
    const y = [0, 1, 1, 3, 2];
    const s = naturalCubicSpline(x, y);
    x.forEach((xi, i) => expect(s(xi)).toBeCloseTo(y[i]!, 12));
  });
  it('has continuous first and second derivatives and zero curvature at the ends', () => {
    const x = [0, 1, 2.5, 3, 5];
    const s = naturalCubicSpline(x, [1, 0, 2, 1, 3]);
    const h = 1e-4;
    const d1 = (t: number): number => (s(t + h) - s(t - h)) / (2 * h);
    const d2 = (t: number): number => (s(t + h) - 2 * s(t) + s(t - h)) / (h * h);
    for (const knot of [1, 2.5, 3]) {
      expect(Math.abs(d1(knot + 1e-3) - d1(knot - 1e-3))).toBeLessThan(3e-2);
      expect(Math.abs(d2(knot + 1e-3) - d2(knot - 1e-3))).toBeLessThan(5e-2);
    }
    expect(Math.abs(d2(0 + 2 * h))).toBeLessThan(1e-2);
    expect(Math.abs(d2(5 - 2 * h))).toBeLessThan(1e-2);
  });
  it('matches a hand-solved natural spline through three points', () => {
    // through (0,0), (1,1), (2,0): M_1 = −3, so s(0.5) = 0.5 + (0.125 − 0.5)(−3)/6 = 0.6875
    const s = naturalCubicSpline([0, 1, 2], [0, 1, 0]);
    expect(s(0.5)).toBeCloseTo(0.6875, 14);
  });
  it("is Steffen's spline monotone where the data are, and a natural spline's derivatives are its slopes", () => {
    const x = [0, 0.1, 0.5, 2, 2.2, 4];
    const y = [0, 0.01, 0.8, 0.81, 3, 3.1];
    const s = steffenSpline(x, y);
    x.forEach((xi, k) => expect(s(xi)).toBeCloseTo(y[k]!, 14));
    for (let t = 0; t < 4; t += 0.01) expect(s(t + 0.01)).toBeGreaterThanOrEqual(s(t));
    const n = naturalCubicSpline(x, y);
    const h = 1e-5;
    for (const t of [0.3, 1.1, 3]) {
      expect(n.derivative(t)).toBeCloseTo((n(t + h) - n(t - h)) / (2 * h), 6);
      expect(n.secondDerivative(t)).toBeCloseTo((n.derivative(t + h) - n.derivative(t - h)) / (2 * h), 4);
    }
  });
});

describe('ReusableExtendedSpline', () => {
  it('gives the same numbers as linearlyExtended(naturalCubicSpline) over many fits of several sizes, at increasing and shuffled arguments', () => {
    const rand = seededRandom(7);
    const spline = new ReusableExtendedSpline(4);
    let compared = 0;
    for (const n of [3, 5, 35, 8, 70, 4]) {
      const x = Array.from({ length: n }, (_, i) => i + 0.9 * rand());
      const y = x.map(() => 4 * rand() - 2);
      const expected = linearlyExtended(naturalCubicSpline(x, y), x[0]!, x[n - 1]!);
      spline.fit(x, y);
      // increasing arguments from beyond the first point to beyond the last, the knots themselves among them
      const increasing = [...Array.from({ length: 101 }, (_, j) => -1.5 + ((n + 2) * j) / 100), ...x].sort((a, b) => a - b);
      for (const t of increasing) expect(spline.value(t)).toBe(expected(t));
      const shuffled = increasing.map((t) => ({ t, key: rand() })).sort((a, b) => a.key - b.key).map(({ t }) => t);
      for (const t of shuffled) expect(spline.value(t)).toBe(expected(t));
      compared += 2 * increasing.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
  it("gives the same numbers as linearlyExtended(steffenSpline) with kind 'steffen', from two points up, for a prefix of longer arrays", () => {
    const rand = seededRandom(11);
    const spline = new ReusableExtendedSpline(3, 'steffen');
    let compared = 0;
    for (const n of [2, 3, 45, 7, 60]) {
      const x = Array.from({ length: n + 4 }, (_, i) => i + 0.9 * rand());
      const y = x.map(() => 4 * rand() - 2);
      const expected = linearlyExtended(steffenSpline(x.slice(0, n), y.slice(0, n)), x[0]!, x[n - 1]!);
      spline.fit(x, y, n);
      const increasing = [...Array.from({ length: 101 }, (_, j) => -1.5 + ((n + 2) * j) / 100), ...x.slice(0, n)].sort((a, b) => a - b);
      for (const t of increasing) expect(spline.value(t)).toBe(expected(t));
      const shuffled = increasing.map((t) => ({ t, key: rand() })).sort((a, b) => a.key - b.key).map(({ t }) => t);
      for (const t of shuffled) expect(spline.value(t)).toBe(expected(t));
      compared += 2 * increasing.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
  it('refuses fewer than three points or mismatched lengths', () => {
    expect(() => new ReusableExtendedSpline().fit([0, 1], [0, 1])).toThrow(RangeError);
    expect(() => new ReusableExtendedSpline().fit([0, 1, 2], [0, 1])).toThrow(RangeError);
    expect(() => new ReusableExtendedSpline(4, 'steffen').fit([0], [0])).toThrow(RangeError);
    expect(() => new ReusableExtendedSpline(4, 'steffen').fit([0, 1, 2], [0, 1, 2], 4)).toThrow(RangeError);
  });
});
