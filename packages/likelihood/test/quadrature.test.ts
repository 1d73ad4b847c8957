import { describe, expect, it } from 'vitest';
import { gaussHermite } from '../src/quadrature.js';

describe('Gauss–Hermite rule for N(0, 1)', () => {
  const doubleFactorial = (k: number): number => (k <= 1 ? 1 : k * doubleFactorial(k - 2));
  it('integrates the moments exactly up to degree 2n − 1, for several n', () => {
    for (const n of [1, 2, 5, 15, 30]) {
      const { nodes, weights } = gaussHermite(n);
      const moment = (k: number): number => nodes.reduce((s, z, i) => s + weights[i]! * z ** k, 0);
      for (let k = 0; k <= 2 * n - 1; k += 2) expect(Math.abs(moment(k) / doubleFactorial(k - 1) - 1)).toBeLessThan(1e-11);
      for (let k = 1; k <= 2 * n - 1; k += 2) expect(Math.abs(moment(k)) / doubleFactorial(k)).toBeLessThan(1e-12);
    }
  });
  it('has the known three-point rule: nodes 0, ±√3 and weights 2/3, 1/6', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(Array.from(nodes)).toEqual([-Math.sqrt(3), 0, Math.sqrt(3)].map((v, i) => (i === 1 ? 0 : nodes[i]!)));
    expect(nodes[2]).toBeCloseTo(Math.sqrt(3), 14);
    expect(weights[1]).toBeCloseTo(2 / 3, 14);
    expect(weights[0]).toBeCloseTo(1 / 6, 14);
  });
  it('integrates E[exp(Z)] = e^(1/2) to near machine precision with 15 points', () => {
    const { nodes, weights } = gaussHermite(15);
    expect(nodes.reduce((s, z, i) => s + weights[i]! * Math.exp(z), 0)).toBeCloseTo(Math.exp(0.5), 12);
  });
  it('rejects a non-positive number of points', () => {
    expect(() => gaussHermite(0)).toThrow(RangeError);
  });
});
