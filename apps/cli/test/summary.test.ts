import { describe, expect, it } from 'vitest';
import { summariseData } from '../src/index.js';

describe("the tutorial's data summary", () => {
  it("computes pandas' describe() of observations per level (sample sd, linear quantiles)", () => {
    const table = { bush: [1, 0, 1, 1, 0, 1, 0, 1, 1, 1], state: [1, 1, 1, 2, 2, 3, 3, 3, 3, 4] };
    const summary = summariseData(table, 2, 'bush', undefined, ['state']);
    expect(summary.rows).toBe(10);
    expect(summary.response.mean).toBeCloseTo(0.7, 15);
    // group sizes 3, 2, 4, 1: mean 2.5, sd √(5/3), quartiles 1.75, 2.5, 3.25
    expect(summary.perLevel.state).toEqual({ count: 4, mean: 2.5, std: Math.sqrt(5 / 3), min: 1, q25: 1.75, median: 2.5, q75: 3.25, max: 4 });
  });
  it('counts successes over trials for aggregated binomial data, and leaves rows to predict out', () => {
    const table = { y: [3, 5, null, 0], n: [10, 5, 4, 5], g: ['a', 'a', 'b', 'b'] };
    const summary = summariseData(table, 3, 'y', 'n', ['g']);
    expect(summary.response).toEqual({ name: 'y', mean: 8 / 20, successes: 8, trials: 20 });
    expect(summary.predictionRows).toBe(1);
    expect(summary.perLevel.g!.count).toBe(2);
  });
});
