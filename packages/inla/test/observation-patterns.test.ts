/**
 * The distinct rows of A with their offsets and weights (the patterns), against a written-out grouping of every row by
 * its entries, offset and weight: over several blocks of rows, with weights that split rows A alone would join, and
 * prediction rows (weight 1) beside observed rows of weight 1 and 2.
 */
import { buildDesign, type Table } from '@hlm/design';
import { getFamily } from '@hlm/likelihood';
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { withModelLevels } from '../src/latent-field.js';
import { observationPatterns } from '../src/observation-patterns.js';
import { observationModel } from '../src/observations.js';

/** Each row's pattern by the definition: the first row with the same entries of A, offset and weight, numbered in order of first appearance. */
function writtenOutPatterns(A: { nrows: number; ncols: number; colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array }, offset: Float64Array, weight: Float64Array): Int32Array {
  const entries: string[][] = Array.from({ length: A.nrows }, () => []);
  for (let j = 0; j < A.ncols; j++) for (let e = A.colPtr[j]!; e < A.colPtr[j + 1]!; e++) entries[A.rowIdx[e]!]!.push(`${j}:${A.values[e]}`);
  const ids = new Map<string, number>();
  return Int32Array.from(entries, (row, i) => {
    const key = `${row.join(',')}|${offset[i]}|${weight[i]}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key)!;
  });
}

describe('the distinct rows of A', () => {
  it('are the rows grouped by their entries, offset and weight, over blocks of 4,096 rows and with prediction rows', () => {
    const rows = 9_001;
    const u = seededRandom(11);
    const data: Table = {
      y: Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? null : u() < 0.5 ? 1 : 0)),
      x: Array.from({ length: rows }, () => Math.floor(3 * u()) / 2),
      g: Array.from({ length: rows }, () => String(1 + Math.floor(4 * u()))),
      w: Array.from({ length: rows }, () => (u() < 0.3 ? 2 : 1)),
    };
    const design = buildDesign(data, withModelLevels({ response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] }), { response: 'unbounded-counts' });
    const observedRows = Int32Array.from(Array.from({ length: rows }, (_, i) => i).filter((i) => data.y[i] !== null));
    const rowWeight = Float64Array.from({ length: rows }, (_, i) => (data.y[i] === null ? 1 : (data.w[i] as number)));
    const observations = observationModel({
      family: getFamily('binomial'),
      nRows: rows,
      observedRows,
      response: Float64Array.from(observedRows, (i) => data.y[i] as number),
      columns: { Ntrials: new Float64Array(observedRows.length).fill(1) },
      weights: Float64Array.from(observedRows, (i) => data.w[i] as number),
      offset: design.offset,
      hyper: [],
    });
    const patterns = observationPatterns(design.A, observations);
    const expected = writtenOutPatterns(design.A, design.offset, rowWeight);
    expect(Array.from(patterns.rowPattern)).toEqual(Array.from(expected));
    // the weights split patterns that A alone would join: without them there are fewer
    const unweighted = writtenOutPatterns(design.A, design.offset, new Float64Array(rows).fill(1));
    expect(Math.max(...expected) + 1).toBe(patterns.nPatterns);
    expect(Math.max(...unweighted) + 1).toBeLessThan(patterns.nPatterns);
    // each pattern's first row stands for it
    patterns.patternRow.forEach((row, p) => expect(expected.indexOf(p)).toBe(row));
  });
});
