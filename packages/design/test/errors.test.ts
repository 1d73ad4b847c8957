import { describe, expect, it } from 'vitest';
import { buildDesign, DesignError, type BuildDesignOptions, type DesignErrorCode, type ModelSpec, type Table } from '../src/index.js';

/** The DesignError that building `spec` on `table` throws. */
function designError(table: Table, spec: ModelSpec, options?: BuildDesignOptions): DesignError {
  try {
    buildDesign(table, spec, options);
  } catch (e) {
    expect(e).toBeInstanceOf(DesignError);
    expect((e as DesignError).name).toBe('DesignError');
    return e as DesignError;
  }
  throw new Error('expected buildDesign to throw');
}

interface Case {
  label: string;
  table: Table;
  spec: ModelSpec;
  options?: BuildDesignOptions;
  code: DesignErrorCode;
  message: RegExp;
  column?: string;
  row?: number;
  value?: unknown;
}

const base: Table = { y: [0, 1, 1, 0], x: [1, 2, 3, 5], g: ['a', 'b', 'a', 'b'], s: [1, 2, 1, 2] };
const withColumn = (name: string, values: unknown[]): Table => ({ ...base, [name]: values as Table[string] });
const fixedSpec = (...fixed: string[]): ModelSpec => ({ response: 'y', fixed });

const cases: Case[] = [
  { label: 'a spec without a response', table: base, spec: { fixed: ['1'] } as unknown as ModelSpec, code: 'invalid-spec', message: /`response` to be a column name/ },
  { label: 'a non-array fixed list', table: base, spec: { response: 'y', fixed: '1' } as unknown as ModelSpec, code: 'invalid-spec', message: /`fixed` to be an array/ },
  { label: 'a random effect without a model', table: base, spec: { response: 'y', fixed: ['1'], random: [{ id: 's' }] } as unknown as ModelSpec, code: 'invalid-spec', message: /random\[0\] to be \{ id: column name, model: string \}/ },
  { label: 'a model with no effects', table: base, spec: fixedSpec(), code: 'invalid-spec', message: /no fixed or random effects/ },
  { label: 'a table without columns', table: {}, spec: fixedSpec('1'), code: 'empty-table', message: /no columns/ },
  { label: 'a table without rows', table: { y: [], x: [] }, spec: fixedSpec('1'), code: 'empty-table', message: /no rows \(columns: y, x\)/ },
  { label: 'columns of unequal length', table: { ...base, x: [1, 2, 3] }, spec: fixedSpec('1'), code: 'unequal-length', message: /column 'x' has 3 rows but column 'y' has 4/, column: 'x' },
  { label: 'an nTrials array of the wrong length', table: base, spec: fixedSpec('1'), options: { nTrials: [1, 1] }, code: 'unequal-length', message: /nTrials has 2 values but the table has 4 rows/ },
  { label: 'an unknown fixed-effect column', table: base, spec: fixedSpec('1', 'xx'), code: 'unknown-column', message: /unknown column 'xx' \(a fixed effect\); available columns: y, x, g, s/, column: 'xx' },
  { label: 'an unknown response', table: base, spec: { response: 'bush', fixed: ['1'] }, code: 'unknown-column', message: /unknown column 'bush' \(the response\)/ },
  { label: 'an unknown random-effect column', table: base, spec: { response: 'y', fixed: ['1'], random: [{ id: 'state', model: 'iid' }] }, code: 'unknown-column', message: /unknown column 'state' \(the random effect 'state'\)/ },
  { label: 'an unknown nTrials column', table: base, spec: fixedSpec('1'), options: { nTrials: 'Ntrials' }, code: 'unknown-column', message: /unknown column 'Ntrials' \(nTrials\)/ },
  { label: 'a null in a fixed effect', table: withColumn('x', [1, 2, null, 4]), spec: fixedSpec('1', 'x'), code: 'missing-value', message: /column 'x' has a missing or non-finite value at row 3 \(null\)/, column: 'x', row: 3, value: null },
  { label: 'a response missing in every row', table: withColumn('y', [null, Number.NaN, '', undefined]), spec: fixedSpec('1'), code: 'missing-value', message: /the response 'y' is missing in every row/, column: 'y' },
  { label: 'an infinite response', table: withColumn('y', [0, Infinity, 1, 0]), spec: fixedSpec('1'), code: 'missing-value', message: /the response 'y' is Infinity at row 2; expected a finite number/, column: 'y', row: 2 },
  { label: 'a negative weight', table: base, spec: fixedSpec('1'), options: { weights: [1, -1, 1, 1] }, code: 'invalid-value', message: /the weights is -1 at row 2; expected a finite weight of at least 0/, row: 2, value: -1 },
  { label: 'an offset of the wrong length', table: base, spec: fixedSpec('1'), options: { offset: [0, 0] }, code: 'unequal-length', message: /the offset has 2 values but the table has 4 rows/ },
  { label: 'a categorical offset term', table: withColumn('g', ['a', 'b', 'a', 'b']), spec: { ...fixedSpec('1'), offsets: ['g'] }, code: 'not-numeric', message: /the offset 'g' is not one numeric column/, column: 'g' },
  { label: 'an empty string in a categorical', table: withColumn('g', ['a', 'b', 'a', '']), spec: fixedSpec('1', 'g'), code: 'missing-value', message: /column 'g' .* at row 4 \(''\)/, column: 'g', row: 4, value: '' },
  { label: 'an infinite value', table: withColumn('x', [1, Infinity, 3, 4]), spec: fixedSpec('1', 'x'), code: 'missing-value', message: /row 2 \(Infinity\)/, row: 2, value: Infinity },
  { label: 'an infinite value in a Float64Array column', table: { ...base, x: Float64Array.from([1, Infinity, 3, 4]) }, spec: fixedSpec('1', 'x'), code: 'missing-value', message: /column 'x' has a missing or non-finite value at row 2 \(Infinity\)/, column: 'x', row: 2, value: Infinity },
  { label: 'NaN in a Float64Array random index', table: { ...base, s: Float64Array.from([1, 2, Number.NaN, 2]) }, spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid' }] }, code: 'missing-value', message: /column 's' has a missing or non-finite value at row 3 \(NaN\)/, column: 's', row: 3 },
  { label: 'an undefined random index', table: withColumn('s', [1, 2, undefined, 2]), spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid' }] }, code: 'missing-value', message: /column 's' .* at row 3 \(undefined\)/, row: 3 },
  { label: 'a boolean entry', table: withColumn('x', [1, true, 3, 4]), spec: fixedSpec('1', 'x'), code: 'invalid-value', message: /column 'x' has a boolean at row 2 \(true\); expected a number or a string/, row: 2, value: true },
  { label: 'numbers mixed with strings', table: withColumn('x', [1, 2, '3', 4]), spec: fixedSpec('1', 'x'), code: 'mixed-types', message: /column 'x' mixes numbers and strings: row 1 is 1 but row 3 is '3'/, column: 'x', row: 3, value: '3' },
  { label: 'a categorical response', table: withColumn('y', ['0', '1', '1', '0']), spec: fixedSpec('1'), code: 'not-numeric', message: /the response 'y' is '0' at row 1; expected a number, or a missing value \(NA\) for a row to predict/, column: 'y' },
  { label: 'a categorical nTrials column', table: withColumn('n', ['1', '1', '1', '1']), spec: fixedSpec('1'), options: { nTrials: 'n' }, code: 'not-numeric', message: /column 'n' \(nTrials\) holds strings/ },
  { label: 'a non-integer response', table: withColumn('y', [0, 0.5, 1, 0]), spec: fixedSpec('1'), code: 'response-not-integer', message: /the response 'y' is 0.5 at row 2; expected an integer count/, column: 'y', row: 2, value: 0.5 },
  { label: 'a negative response', table: withColumn('y', [0, 1, -1, 0]), spec: fixedSpec('1'), code: 'response-negative', message: /the response 'y' is -1 at row 3; expected a count of at least 0/, row: 3, value: -1 },
  { label: 'a response above the default single trial', table: withColumn('y', [0, 1, 2, 0]), spec: fixedSpec('1'), code: 'response-above-trials', message: /the response 'y' is 2 at row 3 but nTrials is 1 there/, row: 3, value: 2 },
  { label: 'a response above its nTrials column', table: { ...withColumn('y', [0, 3, 1, 0]), n: [2, 2, 2, 2] }, spec: fixedSpec('1'), options: { nTrials: 'n' }, code: 'response-above-trials', message: /is 3 at row 2 but nTrials column 'n' is 2 there/, row: 2 },
  { label: 'negative trials', table: { ...base, n: [1, -1, 1, 1] }, spec: fixedSpec('1'), options: { nTrials: 'n' }, code: 'invalid-trials', message: /nTrials column 'n' is -1 at row 2; expected a whole number of trials, at least 0/, column: 'n', row: 2, value: -1 },
  { label: 'fractional trials', table: base, spec: fixedSpec('1'), options: { nTrials: [1, 1, 1.5, 1] }, code: 'invalid-trials', message: /nTrials is 1.5 at row 3; expected a whole number of trials/, column: 'nTrials', row: 3 },
  { label: 'NaN trials', table: base, spec: fixedSpec('1'), options: { nTrials: [Number.NaN, 1, 1, 1] }, code: 'invalid-trials', message: /nTrials is NaN at row 1/, row: 1 },
  { label: 'a fixed effect listed twice', table: base, spec: fixedSpec('1', 'x', 'x'), code: 'duplicate-fixed', message: /fixed effect 'x' is listed twice/, column: 'x' },
  { label: 'the intercept listed twice', table: base, spec: fixedSpec('1', 'x', '1'), code: 'duplicate-fixed', message: /fixed effect '1' is listed twice/ },
  { label: 'a dummy name clashing with a column', table: { ...base, g1: ['1', '2', '1', '2'], g12: [0, 1, 1, 3] }, spec: fixedSpec('1', 'g12', 'g1'), code: 'duplicate-fixed', message: /fixed-effect name 'g12' arises from both term 'g12' and term 'g1'/ },
  { label: 'a random effect listed twice', table: base, spec: { response: 'y', fixed: ['1'], random: [{ id: 's', model: 'iid' }, { id: 's', model: 'rw1' }] }, code: 'duplicate-random', message: /random effect 's' is listed twice/, column: 's' },
  { label: 'a single-level categorical', table: withColumn('g', ['a', 'a', 'a', 'a']), spec: fixedSpec('1', 'g'), code: 'single-level', message: /categorical fixed effect 'g' has a single level \('a'\); expected at least two levels/, column: 'g', value: 'a' },
  { label: 'a constant numeric column', table: withColumn('x', [2, 2, 2, 2]), spec: fixedSpec('1', 'x'), code: 'constant-column', message: /fixed effect 'x' is constant \(every row is 2\)/, column: 'x', value: 2 },
  { label: 'a zero column without an intercept', table: withColumn('x', [0, 0, 0, 0]), spec: fixedSpec('x'), code: 'constant-column', message: /fixed effect 'x' is 0 in every row/, column: 'x', value: 0 },
  { label: '`values` that is not an array', table: base, spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid', values: 3 }] }, code: 'invalid-values', message: /random effect 's': `values` must be a non-empty array/, column: 's' },
  { label: 'empty `values`', table: base, spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid', values: [] }] }, code: 'invalid-values', message: /must be a non-empty array/ },
  { label: '`values` with a duplicate', table: base, spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid', values: [1, 2, '1'] }] }, code: 'invalid-values', message: /lists '1' twice/ },
  { label: '`values` with a null', table: base, spec: { response: 'y', fixed: [], random: [{ id: 's', model: 'iid', values: [1, null] }] }, code: 'invalid-values', message: /values\[1\] is null; expected a finite number or a non-empty string/ },
  { label: 'a label outside `values`', table: base, spec: { response: 'y', fixed: [], random: [{ id: 'g', model: 'iid', values: ['a', 'c'] }] }, code: 'value-not-in-levels', message: /column 'g' has 'b' at row 2, which is not among the given values \(a, c\)/, column: 'g', row: 2, value: 'b' },
];

describe('buildDesign errors', () => {
  it.each(cases)('rejects $label', (c) => {
    const error = designError(c.table, c.spec, c.options);
    expect(error.code).toBe(c.code);
    expect(error.message).toMatch(c.message);
    if ('column' in c) expect(error.column).toBe(c.column);
    if ('row' in c) expect(error.row).toBe(c.row);
    if ('value' in c) expect(error.value).toBe(c.value);
  });
});

describe('a design with too many fixed-effect columns', () => {
  it('is an error naming the term that gives the most, before the full-rank check would hold 2p² numbers', () => {
    const rows = 9_000;
    const table: Table = {
      y: Array.from({ length: rows }, (_, i) => i % 2),
      id: Array.from({ length: rows }, (_, i) => `p${i}`),
      x: Array.from({ length: rows }, (_, i) => i / rows),
    };
    const error = designError(table, fixedSpec('1', 'x', 'id'));
    expect(error.code).toBe('too-many-fixed');
    expect(error.column).toBe('id');
    expect(error.value).toBe(9_001);
    expect(error.message).toMatch(/the fixed effects have 9001 columns, 8999 of them from the term 'id'; expected at most 8192: a factor with that many levels belongs in a random effect/);
  });
});

describe('collinearity', () => {
  const n = 40;
  const female = Array.from({ length: n }, (_, i) => i % 2);
  const age = Array.from({ length: n }, (_, i) => 20 + ((i * 7) % 31));
  const table: Table = {
    y: Array.from({ length: n }, (_, i) => (i * 5) % 3 === 0 ? 1 : 0),
    female,
    male: female.map((f) => 1 - f),
    age,
    ageMonths: age.map((a) => 12 * a + 6),
    noisy: age.map((a, i) => 3 * a + 1e-13 * Math.sin(i)),
    jitter: age.map((a, i) => a + 0.01 * Math.cos(i)),
    band: age.map((a) => (a < 30 ? 'young' : a < 40 ? 'mid' : 'old')),
  };

  it('names the dependent column and the columns it is a combination of', () => {
    const error = designError(table, fixedSpec('1', 'female', 'age', 'male'));
    expect(error.code).toBe('collinear');
    expect(error.column).toBe('male');
    expect(error.message).toMatch(/'male' is a linear combination of '\(Intercept\)', 'female',/);
    expect(error.message).toMatch(/rank-deficient/);
    expect(error.message).not.toMatch(/'age'/);
  });

  it('catches affine copies, near-exact copies and full dummy sets without an intercept', () => {
    expect(designError(table, fixedSpec('1', 'age', 'ageMonths')).message).toMatch(/'ageMonths' is a linear combination of '\(Intercept\)', 'age'/);
    expect(designError(table, fixedSpec('age', 'noisy')).message).toMatch(/'noisy' is a linear combination of 'age'/);
    // Without an intercept every level of 'band' is kept; the levels sum to one, as 'female' + 'male' does.
    expect(designError(table, fixedSpec('band', 'female', 'male')).message).toMatch(
      /'male' is a linear combination of 'bandmid', 'bandold', 'bandyoung', 'female'/,
    );
  });

  it('accepts nearly but not exactly collinear columns', () => {
    expect(() => buildDesign(table, fixedSpec('1', 'age', 'jitter', 'female', 'band'))).not.toThrow();
  });

  it('finds a dependence among sparse columns over many blocks of rows, and accepts a perturbed copy', () => {
    const rows = 10_007; // the Gram matrix is summed 4,096 rows at a time
    const u = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 + (i % 7) : 0));
    const v = Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? 2 - (i % 11) / 4 : 0));
    const big: Table = {
      y: Array.from({ length: rows }, (_, i) => i % 2),
      u,
      v,
      w: u.map((ui, i) => 2 * ui - (v[i] ?? 0)),
      wJitter: u.map((ui, i) => 2 * ui - (v[i] ?? 0) + (i % 13 === 0 ? 0.01 * Math.cos(i) : 0)),
    };
    expect(designError(big, fixedSpec('1', 'u', 'v', 'w')).message).toMatch(/'w' is a linear combination of 'u', 'v'/);
    expect(() => buildDesign(big, fixedSpec('1', 'u', 'v', 'wJitter'))).not.toThrow();
  });
});
