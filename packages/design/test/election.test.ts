import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '@hlm/test-utils';
import { buildDesign, type Table } from '../src/index.js';

/** The 1988 election data as the demo reads it: age_cat and edu_cat as strings (categorical), the rest numbers. */
function readElection(): { table: Table; rows: number[][] } {
  const text = readFileSync(new URL('../../../data/election_1988.csv', import.meta.url), 'utf8');
  const [header = '', ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(',');
  const rows = lines.map((line) => line.split(',').map(Number));
  const table: Table = {};
  names.forEach((name, j) => {
    const values = rows.map((row) => row[j]);
    table[name] = name === 'age_cat' || name === 'edu_cat' ? values.map(String) : values;
  });
  return { table, rows };
}

describe('the election tutorial model', () => {
  const { table, rows } = readElection();
  const col = (name: string): number => ['bush', 'state', 'female', 'black', 'age_cat', 'edu_cat', 'Ntrials'].indexOf(name);
  const design = buildDesign(
    table,
    { response: 'bush', fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'], random: [{ id: 'state', model: 'iid' }] },
    { nTrials: 'Ntrials' },
  );

  it('names the fixed effects as R-INLA does', () => {
    expect(design.fixed.map((f) => f.name)).toEqual([
      '(Intercept)',
      'female',
      'black',
      'age_cat2',
      'age_cat3',
      'age_cat4',
      'edu_cat2',
      'edu_cat3',
      'edu_cat4',
    ]);
    expect(design.fixed[3]).toEqual({ name: 'age_cat2', column: 'age_cat', level: '2', isIntercept: false });
  });

  it('has a 6003 × 59 projector with the state block first', () => {
    expect(design.nObservations).toBe(6003);
    expect([design.A.nrows, design.A.ncols]).toEqual([6003, 59]);
    expect([design.fixedMatrix.nrows, design.fixedMatrix.ncols]).toEqual([6003, 9]);
    expect(design.blockOffsets).toEqual([0]);
    expect(design.fixedOffset).toBe(50);
    expect(design.random[0]!.levels).toEqual(Array.from({ length: 50 }, (_, k) => String(k + 1)));
    expect(design.random[0]!.spec).toEqual({ id: 'state', model: 'iid' });
  });

  it('gives every row exactly one state indicator, at its state', () => {
    const count = new Int32Array(6003);
    const { colPtr, rowIdx, values } = design.A;
    for (let j = 0; j < 50; j++) {
      for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
        expect(values[p]).toBe(1);
        expect(rows[rowIdx[p]!]![col('state')]).toBe(j + 1);
        count[rowIdx[p]!]!++;
      }
    }
    expect(count.every((c) => c === 1)).toBe(true);
    expect(Array.from(design.random[0]!.index)).toEqual(rows.map((row) => row[col('state')]! - 1));
  });

  it('codes every row of the fixed effects as the dummy coding of the CSV row', () => {
    const expected = rows.map((row) => {
      const age = row[col('age_cat')];
      const edu = row[col('edu_cat')];
      return [1, row[col('female')]!, row[col('black')]!, +(age === 2), +(age === 3), +(age === 4), +(edu === 2), +(edu === 3), +(edu === 4)];
    });
    const dense = design.fixedMatrix.toDense();
    expect(maxAbsDiff(dense.flat(), expected.flat())).toBe(0);
    const denseA = design.A.toDense();
    expect(maxAbsDiff(denseA.flatMap((row) => row.slice(50)), expected.flat())).toBe(0);
  });

  it('carries the response and the numbers of trials', () => {
    expect(Array.from(design.response)).toEqual(rows.map((row) => row[col('bush')]));
    expect(Array.from(design.nTrials)).toEqual(rows.map((row) => row[col('Ntrials')]));
  });
});
