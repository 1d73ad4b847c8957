/**
 * The observation groups the criteria share, against a grouping written out by string keys: with patterns (each
 * pattern's groups walked as a list) over many rows, responses, trials and weights, prediction rows and rows of
 * weight 0; and without patterns (hashed, the moments standing for the pattern).
 */
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { groupObservations } from '../src/groups.js';
import type { CriteriaPosterior } from '../src/posterior.js';

/** Groups by the definition: the first row with the same key, numbered in order of first appearance; −1 for rows left out. */
function writtenOut(keys: (string | null)[]): { groupOf: number[]; representatives: number[] } {
  const ids = new Map<string, number>();
  const representatives: number[] = [];
  const groupOf = keys.map((key, i) => {
    if (key === null) return -1;
    if (!ids.has(key)) {
      ids.set(key, ids.size);
      representatives.push(i);
    }
    return ids.get(key)!;
  });
  return { groupOf, representatives };
}

describe('observation groups', () => {
  const rows = 20_000;
  const u = seededRandom(5);
  const pattern = Int32Array.from({ length: rows }, () => Math.floor(300 * u()));
  const response = Float64Array.from({ length: rows }, (_, i) => (i % 53 === 0 ? Number.NaN : Math.floor(3 * u())));
  const trials = Float64Array.from({ length: rows }, () => 2 + Math.floor(2 * u()));
  const weights = Float64Array.from({ length: rows }, (_, i) => (i % 61 === 0 ? 0 : u() < 0.2 ? 2 : 1));
  const leftOut = (i: number): boolean => Number.isNaN(response[i]!) || weights[i] === 0;

  it('with patterns, are the rows grouped by pattern, response, trials and weight', () => {
    const posterior = { response, columns: { Ntrials: trials }, weights, predictorPattern: pattern, points: [] } as unknown as CriteriaPosterior;
    const groups = groupObservations(posterior);
    const expected = writtenOut(Array.from({ length: rows }, (_, i) => (leftOut(i) ? null : `${pattern[i]}|${response[i]}|${trials[i]}|${weights[i]}`)));
    expect(Array.from(groups.groupOf)).toEqual(expected.groupOf);
    expect(Array.from(groups.representatives)).toEqual(expected.representatives);
    expect(expected.representatives.length).toBeGreaterThan(300 * 3); // several groups per pattern
  });

  it("without patterns, are the rows grouped by their numbers and their predictor's moments at every point", () => {
    const mean = Float64Array.from(pattern, (p) => p / 7);
    const variance = Float64Array.from(pattern, (p) => 1 + p / 11);
    const posterior = { response, columns: { Ntrials: trials }, weights, points: [{ predictorMean: mean, predictorVariance: variance }] } as unknown as CriteriaPosterior;
    const groups = groupObservations(posterior);
    const expected = writtenOut(Array.from({ length: rows }, (_, i) => (leftOut(i) ? null : `${mean[i]}|${variance[i]}|${response[i]}|${trials[i]}|${weights[i]}`)));
    expect(Array.from(groups.groupOf)).toEqual(expected.groupOf);
    expect(Array.from(groups.representatives)).toEqual(expected.representatives);
  });
});
