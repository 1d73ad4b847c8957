import { describe, expect, it } from 'vitest';
import { columnFactor, columnLabels, DesignError, levelRows, readColumn, sortLevels, tableRows, toFactor } from '../src/index.js';

describe('sortLevels', () => {
  it('sorts numerically when every label is a number', () => {
    expect(sortLevels(['10', '2', '1', '2', '-3.5', '1e1'])).toEqual(['-3.5', '1', '2', '10', '1e1']);
  });

  it('sorts by code units otherwise', () => {
    expect(sortLevels(['b', 'a', 'B', '10', '2'])).toEqual(['10', '2', 'B', 'a', 'b']);
    expect(sortLevels(['2', ' '])).toEqual([' ', '2']);
  });
});

describe('factors', () => {
  it('codes labels as 0-based level indices and lists the rows of each level', () => {
    const factor = toFactor(['b', 'a', 'c', 'a'], 'g');
    expect(factor.levels).toEqual(['a', 'b', 'c']);
    expect(Array.from(factor.index)).toEqual([1, 0, 2, 0]);
    expect(levelRows(factor).map((rows) => Array.from(rows))).toEqual([[1, 3], [0], [2]]);
  });

  it('codes many levels (past the few it compares one by one) as their positions among the sorted labels', () => {
    const labels = Array.from({ length: 400 }, (_, i) => `L${(i * 37) % 41}`);
    const factor = toFactor(labels, 'g');
    expect(factor.levels).toEqual(sortLevels(labels));
    expect(factor.levels).toHaveLength(41);
    expect(Array.from(factor.index)).toEqual(labels.map((label) => factor.levels.indexOf(label)));
    const numbers = readColumn({ g: Array.from({ length: 400 }, (_, i) => ((i * 37) % 41) - 20.5) }, 'g', 'a test');
    const coded = columnFactor(numbers, 'g');
    const viaLabels = toFactor(columnLabels(numbers), 'g');
    expect(coded.levels).toEqual(viaLabels.levels);
    expect(Array.from(coded.index)).toEqual(Array.from(viaLabels.index));
  });

  it('keeps given levels in their order, including unobserved ones', () => {
    const factor = toFactor(['b', 'a'], 'g', ['c', 'b', 'a']);
    expect(Array.from(factor.index)).toEqual([1, 2]);
    expect(levelRows(factor).map((rows) => rows.length)).toEqual([0, 1, 1]);
  });

  it('labels numbers as String prints them', () => {
    expect(columnLabels(readColumn({ s: [3, 1.5, 10] }, 's', 'test'))).toEqual(['3', '1.5', '10']);
    expect(columnLabels(readColumn({ s: ['x', 'y'] }, 's', 'test'))).toEqual(['x', 'y']);
  });
});

describe('table helpers', () => {
  it('reads numeric and categorical columns by the type of their entries', () => {
    expect(readColumn({ a: [1, 2] }, 'a', 'test')).toEqual({ kind: 'numeric', values: new Float64Array([1, 2]) });
    expect(readColumn({ a: ['1', '2'] }, 'a', 'test')).toEqual({ kind: 'categorical', values: ['1', '2'] });
  });

  it('reads a Float64Array or an array of labels as it reads the same values as a plain array, into a copy', () => {
    const typed = Float64Array.from([1, -0, 2.5, 1e-300]);
    const read = readColumn({ a: typed }, 'a', 'test');
    expect(read).toEqual(readColumn({ a: Array.from(typed) }, 'a', 'test'));
    expect(read.values).not.toBe(typed);
    const labels = ['x', 'y', 'x'];
    const readLabels = readColumn({ a: labels }, 'a', 'test');
    expect(readLabels).toEqual({ kind: 'categorical', values: ['x', 'y', 'x'] });
    expect(readLabels.values).not.toBe(labels);
  });

  it('counts rows and checks lengths', () => {
    expect(tableRows({ a: [1, 2, 3], b: ['x', 'y', 'z'] })).toBe(3);
    expect(() => tableRows({ a: [1], b: [] })).toThrow(DesignError);
  });
});

describe('columnFactor', () => {
  it('codes a numeric column as toFactor codes its labels: the same levels and indices', () => {
    const values = [3, -1.5, 10, 2, 3, 0, -0, 1e-7, 2, 10, 123456789.125, -1.5];
    const data = readColumn({ g: values }, 'g', 'a test');
    const direct = columnFactor(data, 'g');
    const viaLabels = toFactor(columnLabels(data), 'g');
    expect(direct.levels).toEqual(viaLabels.levels);
    expect(Array.from(direct.index)).toEqual(Array.from(viaLabels.index));
  });
  it('takes the labels path for categorical columns and for given levels', () => {
    const data = readColumn({ g: [2, 1, 2] }, 'g', 'a test');
    expect(columnFactor(data, 'g', ['2', '1']).levels).toEqual(['2', '1']);
    expect(Array.from(columnFactor(data, 'g', ['2', '1']).index)).toEqual([0, 1, 0]);
    const labels = readColumn({ g: ['b', 'a', 'b'] }, 'g', 'a test');
    expect(columnFactor(labels, 'g').levels).toEqual(['a', 'b']);
  });
});
