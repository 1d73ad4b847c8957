import { describe, expect, it } from 'vitest';
import { buildDesign, type Design, type ModelSpec, type Table } from '../src/index.js';

const fixedNames = (design: Design): string[] => design.fixed.map((f) => f.name);

describe('buildDesign coding rules', () => {
  const table: Table = {
    y: [1, 0, 1, 1, 0, 0],
    x: [0.5, 0, -1, 2, 0, 3],
    grade: ['10', '2', '1', '2', '10', '1'],
    colour: ['a', 'a', 'b', 'B', 'b', 'a'],
    group: [3, 1, 2, 3, 1, 2],
    site: ['north', 'south', 'north', 'east', 'east', 'south'],
  };

  it('puts the intercept first and codes numeric columns as they are', () => {
    const design = buildDesign(table, { response: 'y', fixed: ['x', '1'] });
    expect(design.fixed).toEqual([
      { name: '(Intercept)', column: '1', isIntercept: true },
      { name: 'x', column: 'x', isIntercept: false },
    ]);
    expect(design.fixedMatrix.toDense()).toEqual((table.x as number[]).map((v) => [1, v]));
    // Zeros of a numeric column are not stored.
    expect(design.fixedMatrix.colPtr[2]! - design.fixedMatrix.colPtr[1]!).toBe(4);
  });

  it('sorts numeric-looking levels numerically and others by code units, dropping the first after an intercept', () => {
    const design = buildDesign(table, { response: 'y', fixed: ['1', 'grade', 'colour'] });
    expect(fixedNames(design)).toEqual(['(Intercept)', 'grade2', 'grade10', 'coloura', 'colourb']);
    expect(design.fixed[2]).toEqual({ name: 'grade10', column: 'grade', level: '10', isIntercept: false });
    expect(design.fixedMatrix.toDense().map((row) => row.slice(1))).toEqual([
      [0, 1, 1, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 1],
      [1, 0, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 0],
    ]);
  });

  it('keeps every level of the first categorical term when there is no intercept', () => {
    const design = buildDesign(table, { response: 'y', fixed: ['x', 'colour', 'grade'] });
    expect(fixedNames(design)).toEqual(['x', 'colourB', 'coloura', 'colourb', 'grade2', 'grade10']);
  });

  it('orders random levels numerically for numbers, lexicographically for strings, and offsets the blocks', () => {
    const design = buildDesign(table, {
      response: 'y',
      fixed: ['1'],
      random: [
        { id: 'group', model: 'iid' },
        { id: 'site', model: 'iid', hyper: { prec: { prior: 'pc.prec' } } },
      ],
    });
    expect(design.random.map((b) => b.levels)).toEqual([
      ['1', '2', '3'],
      ['east', 'north', 'south'],
    ]);
    expect(Array.from(design.random[1]!.index)).toEqual([1, 2, 1, 0, 0, 2]);
    expect(design.blockOffsets).toEqual([0, 3]);
    expect(design.fixedOffset).toBe(6);
    expect([design.A.nrows, design.A.ncols]).toEqual([6, 7]);
    expect(design.A.toDense()[0]).toEqual([0, 0, 1, 0, 1, 0, 1]);
    expect(design.random[1]!.spec.hyper).toEqual({ prec: { prior: 'pc.prec' } });
  });

  it('uses `values` as the levels, in their order, leaving unobserved levels as empty columns', () => {
    const spec = { id: 'group', model: 'rw1', values: [4, 3, 2, 1], scaleModel: true };
    const design = buildDesign(table, { response: 'y', fixed: [], random: [spec] });
    expect(design.random[0]!.levels).toEqual(['4', '3', '2', '1']);
    expect(design.random[0]!.spec).toBe(spec);
    expect(Array.from(design.random[0]!.index)).toEqual([1, 3, 2, 1, 3, 2]);
    expect(design.fixed).toEqual([]);
    expect([design.A.ncols, design.A.colPtr[1]]).toEqual([4, 0]);
  });

  it('reads the numbers of trials from a column or an array, with ones by default', () => {
    const counts: Table = { k: [0, 3, 5], n: [2, 4, 5], x: [1, 2, 4] };
    const spec: ModelSpec = { response: 'k', fixed: ['1', 'x'] };
    expect(Array.from(buildDesign(counts, spec, { nTrials: 'n' }).nTrials)).toEqual([2, 4, 5]);
    expect(Array.from(buildDesign(counts, spec, { nTrials: [7, 8, 9] }).nTrials)).toEqual([7, 8, 9]);
    expect(Array.from(buildDesign({ k: [0, 1], x: [1, 2] }, spec).nTrials)).toEqual([1, 1]);
  });

  it('keeps rows with a missing response as prediction rows (NaN response, their row of A), and reads offsets and weights', () => {
    const table: Table = { y: [1, null, 4, Number.NaN, ''], x: [1, 2, 4, 8, 16], pop: [10, 100, 1000, 10, 1], w: [1, 2, 0.5, 1, 1] };
    const spec: ModelSpec = { response: 'y', fixed: ['1', 'x'], offsets: ['log(pop)', 'x'] };
    const design = buildDesign(table, spec, { response: 'unbounded-counts', offset: [0.5, 0, 0, 0, 0], weights: 'w' });
    expect(Array.from(design.response, (v) => (Number.isNaN(v) ? 'NA' : v))).toEqual([1, 'NA', 4, 'NA', 'NA']);
    expect(design.nObservations).toBe(5);
    expect(design.A.nrows).toBe(5);
    // offset = 0.5 (option) + log(pop) + x, row by row
    Array.from(design.offset).forEach((o, i) => expect(o).toBeCloseTo([0.5, 0, 0, 0, 0][i]! + Math.log([10, 100, 1000, 10, 1][i]!) + [1, 2, 4, 8, 16][i]!, 14));
    expect(Array.from(design.weights)).toEqual([1, 2, 0.5, 1, 1]);
    const plain = buildDesign({ y: [0, 1], x: [1, 2] }, { response: 'y', fixed: ['1', 'x'] });
    expect(Array.from(plain.offset)).toEqual([0, 0]);
    expect(Array.from(plain.weights)).toEqual([1, 1]);
  });

  it('accepts typed-array columns', () => {
    const design = buildDesign({ y: new Float64Array([0, 1, 1]), x: new Float64Array([1, 2, 4]) }, { response: 'y', fixed: ['1', 'x'] });
    expect(Array.from(design.response)).toEqual([0, 1, 1]);
  });

  it("reads typed-array columns without changing them, and keeps none of them as the design's own arrays", () => {
    const table = {
      y: new Float64Array([0, 1, 1, 0, 1]),
      n: new Float64Array([1, 2, 1, 3, 2]),
      x: new Float64Array([1, 0, 4, 2, 0]),
      g: new Float64Array([2, 1, 2, 3, 1]),
      w: new Float64Array([1, 1, 2, 1, 1]),
    };
    const before = Object.fromEntries(Object.entries(table).map(([name, column]) => [name, Array.from(column)]));
    const design = buildDesign(table, { response: 'y', fixed: ['1', 'x', 'factor(g)'], random: [{ id: 'g', model: 'iid' }], offsets: ['x'] }, { nTrials: 'n', weights: 'w' });
    expect(Object.fromEntries(Object.entries(table).map(([name, column]) => [name, Array.from(column)]))).toEqual(before);
    const columns: Float64Array[] = Object.values(table);
    for (const own of [design.response, design.nTrials, design.offset, design.weights, design.A.values]) expect(columns).not.toContain(own);
  });
});

describe('a constant column without an intercept', () => {
  it('is the intercept under another name, and is accepted', () => {
    const design = buildDesign({ y: [0, 1, 1, 0], c: [1, 1, 1, 1], x: [0.1, 0.4, -0.2, 0.3] }, { response: 'y', fixed: ['c', 'x'] });
    expect(design.fixed.map((f) => f.name)).toEqual(['c', 'x']);
    expect(design.fixedMatrix.toDense().map((row) => row[0])).toEqual([1, 1, 1, 1]);
  });
});

describe('interaction columns, built sparse', () => {
  // 30 rows: x and z with zeros in different rows, a with three levels
  const table: Table = {
    y: Array.from({ length: 30 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0),
    x: Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? 0 : ((i * 5) % 11) - 4.5)),
    z: Array.from({ length: 30 }, (_, i) => (i % 5 === 1 ? 0 : ((i * 3) % 7) + 0.25)),
    a: Array.from({ length: 30 }, (_, i) => ['p', 'q', 'r'][(i * 7 + (i >> 2)) % 3]!),
  };

  it("equal the rows' products written out, zeros dropped (x:z, x:a, x:z:a)", () => {
    const design = buildDesign(table, { response: 'y', fixed: ['1', 'x', 'z', 'a', 'x:z', 'x:a', 'x:z:a'] });
    const dense = design.fixedMatrix.toDense();
    const x = table.x as number[];
    const z = table.z as number[];
    const a = table.a as string[];
    const column = (name: string): number[] => dense.map((row) => row[fixedNames(design).indexOf(name)]!);
    // + 0 turns a product's −0 into the 0 of an entry not stored
    expect(column('x:z')).toEqual(x.map((xi, i) => xi * z[i]! + 0));
    expect(column('x:aq')).toEqual(x.map((xi, i) => (a[i] === 'q' ? xi + 0 : 0)));
    expect(column('x:z:ar')).toEqual(x.map((xi, i) => (a[i] === 'r' ? xi * z[i]! + 0 : 0)));
    // only the nonzero products are stored
    const j = fixedNames(design).indexOf('x:z');
    expect(design.fixedMatrix.colPtr[j + 1]! - design.fixedMatrix.colPtr[j]!).toBe(x.filter((xi, i) => xi * z[i]! !== 0).length);
  });

  it('names an interaction no row has, and one whose product overflows', () => {
    // 'b' is 'u' exactly where 'a' is 'p', so no row has 'a' = 'q' with 'b' = 'u'
    const noRow = { ...table, b: (table.a as string[]).map((level) => (level === 'p' ? 'u' : 'v')) };
    expect(() => buildDesign(noRow, { response: 'y', fixed: ['1', 'a:b'] })).toThrow(/fixed effect 'aq:bu' is 0 in every row \(no row has that combination\)/);
    const huge = { ...table, x: (table.x as number[]).map((v, i) => (i === 0 ? 1e200 : v)), z: (table.z as number[]).map((v, i) => (i === 0 ? 1e200 : v)) };
    expect(() => buildDesign(huge, { response: 'y', fixed: ['1', 'x:z'] })).toThrow(/the term 'x:z' is Infinity at row 1 \(its columns' product overflows\); expected a finite number in every row/);
  });
});
