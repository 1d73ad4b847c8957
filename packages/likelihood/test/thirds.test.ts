import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { densityInThirds } from '../src/index.js';

describe('densityInThirds', () => {
  it('is exp of the log density interpolated in thirds within 10 roundings ε(1 + |argument|) of the direct exp (7.4 seen), down to underflow', () => {
    const rand = seededRandom(11);
    let worst = 0;
    for (const n of [2, 3, 45]) {
      for (let trial = 0; trial < 20; trial++) {
        // log densities from near 0 down to −700 (where the values approach underflow)
        const logValues = Float64Array.from({ length: n }, () => -700 * rand() ** 3);
        const shift = trial % 2 === 0 ? 0 : Math.max(...logValues);
        const out = densityInThirds(logValues, shift, new Float64Array(3 * n - 2), new Float64Array(n));
        for (let i = 0; i < 3 * n - 2; i++) {
          const c = Math.min(Math.floor(i / 3), n - 2);
          const t = (i - 3 * c) / 3;
          const argument = (1 - t) * logValues[c]! + t * logValues[c + 1]! - shift;
          const direct = Math.exp(argument);
          // exp carries its argument's rounding, |argument| ε, as relative error: both ways have it
          const roundings = Math.abs(out[i]! - direct) / (Math.max(direct, 1e-290) * Number.EPSILON * (1 + Math.abs(argument)));
          worst = Math.max(worst, roundings);
        }
      }
    }
    expect(worst).toBeLessThan(10);
  });
  it('refuses fewer than two values or short buffers', () => {
    expect(() => densityInThirds([0], 0, new Float64Array(1), new Float64Array(1))).toThrow(RangeError);
    expect(() => densityInThirds([0, 1, 2], 0, new Float64Array(6), new Float64Array(3))).toThrow(RangeError);
  });
});
