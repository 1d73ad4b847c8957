import { describe, expect, it } from 'vitest';
import { assertClose, distance, seededRandom } from '../src/index.js';

describe('tolerance helpers', () => {
  it('passes within and fails outside the tolerance', () => {
    expect(() => assertClose(1.0005, 1, { abs: 1e-3 })).not.toThrow();
    expect(() => assertClose(1.01, 1, { abs: 1e-3 })).toThrow(/not within/);
    expect(() => assertClose(Number.NaN, 1, { abs: 1 })).toThrow(/finite/);
    expect(distance(2, 1)).toEqual({ abs: 1, rel: 1 });
  });
  it('draws the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
