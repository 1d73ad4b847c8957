import { describe, expect, it } from 'vitest';
import { columnLabels, DesignError, levelRows, readColumn, sortLevels, tableRows, toFactor } from '../src/index.js';

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

  it('counts rows and checks lengths', () => {
    expect(tableRows({ a: [1, 2, 3], b: ['x', 'y', 'z'] })).toBe(3);
    expect(() => tableRows({ a: [1], b: [] })).toThrow(DesignError);
  });
});
