import { describe, expect, it } from 'vitest';
import { summariseData } from '../src/summary.js';

describe("the tutorial's data summary", () => {
  it("computes pandas' describe() of respondents per state (sample sd, linear quantiles)", () => {
    const table = { bush: [1, 0, 1, 1, 0, 1, 0, 1, 1, 1], state: [1, 1, 1, 2, 2, 3, 3, 3, 3, 4] };
    const summary = summariseData(table, 2);
    expect(summary.rows).toBe(10);
    expect(summary.bushShare).toBeCloseTo(0.7, 15);
    // group sizes 3, 2, 4, 1: mean 2.5, sd √(5/3), quartiles 1.75, 2.5, 3.25
    expect(summary.perState).toEqual({ count: 4, mean: 2.5, std: Math.sqrt(5 / 3), min: 1, q25: 1.75, median: 2.5, q75: 3.25, max: 4 });
  });
});
