import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDesign, orthogonalPolynomials, parseFormula, type Table } from '../src/index.js';

/**
 * R's own model.matrix() on a small data set (test/fixtures/model-matrix.json, written by model-matrix.R beside it
 * with R 4.2.2): the same column names in the same order, and the same values to rounding.
 */
const fixture = JSON.parse(readFileSync(new URL('fixtures/model-matrix.json', import.meta.url), 'utf8')) as {
  data: Table;
  cases: { formula: string; columns: string[]; matrix: number[][] }[];
};

/** Entries are sums and products of a few doubles, or R's QR-based poly() against Gram–Schmidt: agreement to 1e-13 of the column scale. */
const TOLERANCE = 1e-13;

describe("interactions and transforms give R's model.matrix", () => {
  for (const { formula, columns, matrix } of fixture.cases) {
    if (formula === 'y ~ a:b') {
      // R codes every cell beside the intercept, a rank-deficient matrix (lm() reports an NA coefficient); hlm refuses it
      it(`${formula} is refused as rank-deficient`, () => {
        expect(() => buildDesign(fixture.data, parseFormula(formula), { response: 'continuous' })).toThrow(
          /the fixed effects are collinear: 'ar:bv' is a linear combination of '\(Intercept\)', 'ap:bu', 'aq:bu', 'ar:bu', 'ap:bv', 'aq:bv'/,
        );
      });
      continue;
    }
    it(formula, () => {
      const design = buildDesign(fixture.data, parseFormula(formula), { response: 'continuous' });
      expect(design.fixed.map((f) => f.name)).toEqual(columns);
      const dense = design.fixedMatrix.toDense();
      for (let j = 0; j < columns.length; j++) {
        const scale = Math.max(...matrix.map((row) => Math.abs(row[j]!)));
        for (let i = 0; i < matrix.length; i++) {
          expect(Math.abs(dense[i]![j]! - matrix[i]![j]!), `${columns[j]} row ${i + 1}`).toBeLessThanOrEqual(TOLERANCE * scale);
        }
      }
    });
  }
});

describe('poly() in closed form', () => {
  it('gives the orthonormal contrasts of equally spaced points', () => {
    // poly(1:4, 3): (-3, -1, 1, 3)/√20, (1, -1, -1, 1)/2, (-1, 3, -3, 1)/√20
    const [p1, p2, p3] = orthogonalPolynomials(Float64Array.from([1, 2, 3, 4]), 3, 'poly(x, 3)');
    const expected = [[-3, -1, 1, 3].map((v) => v / Math.sqrt(20)), [0.5, -0.5, -0.5, 0.5], [-1, 3, -3, 1].map((v) => v / Math.sqrt(20))];
    [p1, p2, p3].forEach((column, j) => column!.forEach((v, i) => expect(Math.abs(v - expected[j]![i]!)).toBeLessThan(1e-15)));
  });
});

describe('transforms that cannot be computed are errors naming the row', () => {
  const table: Table = { y: [1, 0, 1], x: [2, 0, 1], g: ['a', 'b', 'a'] };
  const cases: [string, RegExp][] = [
    ['y ~ log(x)', /the term 'log\(x\)' is -Infinity at row 2 \(x = 0\); expected a finite number in every row/],
    ['y ~ sqrt(x - 1)', /the term 'sqrt\(x - 1\)' is NaN at row 2 \(x = 0\)/],
    ['y ~ I(1/x)', /the term 'I\(1\/x\)' is Infinity at row 2/],
    ['y ~ log(g)', /the term 'log\(g\)' does arithmetic on the categorical column 'g'/],
    ['y ~ poly(x, 3)', /the term 'poly\(x, 3\)' needs more than 3 distinct values of its argument; it has 3/],
    ['y ~ I(2)', /the term 'I\(2\)' has no column in it/],
    ['y ~ log(w)', /unknown column 'w' \(in the term 'log\(w\)'\); available columns: y, x, g/],
  ];
  for (const [formula, message] of cases) {
    it(formula, () => expect(() => buildDesign(table, parseFormula(formula), { response: 'continuous' })).toThrow(message));
  }
});

describe('offset() in a formula', () => {
  it('adds its column or transform to the design offset, as R does', () => {
    const table: Table = { y: [1, 0, 1, 2], x: [0.5, 1.5, 2.5, 3.5], pop: [10, 20, 40, 80], base: [0.1, 0.2, 0.3, 0.4] };
    const design = buildDesign(table, parseFormula('y ~ x + offset(log(pop)) + offset(base)'), { response: 'continuous' });
    expect(design.fixed.map((f) => f.name)).toEqual(['(Intercept)', 'x']);
    expect(Array.from(design.offset)).toEqual(Array.from(table.pop!, (p, i) => Math.log(p as number) + (table.base![i] as number)));
  });
});
