/**
 * `buildDesign`: from a table and a model specification to the response, the fixed-effect matrix,
 * the random-effect indices and the projector A.
 * @module
 */
import { CscMatrix, itemAt, outOfRange } from '@hlm/sparse';
import { DesignError, show } from './errors.js';
import { columnFactor, levelRows } from './dummy.js';
import { deparse, type Expression } from './formula-syntax.js';
import { evaluateVariable, factorCoding, parseTerm, termColumns, type SparseColumn, type Variable } from './terms.js';
import type { BuildDesignOptions, Design, FixedEffect, ModelSpec, RandomBlock, RandomSpec } from './spec.js';
import { getColumn, readColumnShared, readNumericColumn, tableRows, type Table } from './table.js';

/** The fixed-effect term for the intercept, and R-INLA's name for its coefficient. */
const INTERCEPT = '1';
const INTERCEPT_NAME = '(Intercept)';

/**
 * A fixed-effect column whose squared distance from the span of the earlier columns, relative to its own squared
 * norm, is below this is collinear with them (an angle below about 3e-5 radians).
 */
const COLLINEARITY_TOLERANCE = 1e-9;

/**
 * The most fixed-effect columns a design takes: the full-rank check holds XᵀX and its factor, 2p² numbers (1 GiB at
 * this p), and the fit holds a dense block of the same size in H. A factor with thousands of levels (an id, a
 * fine-grained group) belongs in a random effect.
 */
const MOST_FIXED_COLUMNS = 8192;

/** Coefficients of a dependence below this fraction of the largest one do not count as involved. */
const INVOLVEMENT_TOLERANCE = 1e-6;

function quoteList(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

/** Checks the shape of `spec` (for callers without types) and returns its random effects. */
function checkSpec(spec: ModelSpec): RandomSpec[] {
  const invalid = (message: string): never => {
    throw new DesignError('invalid-spec', `invalid model specification: ${message}`);
  };
  if (typeof spec !== 'object' || spec === null) return invalid('expected an object { response, fixed, random }');
  if (typeof spec.response !== 'string' || spec.response === '') invalid('expected `response` to be a column name');
  if (!Array.isArray(spec.fixed) || !spec.fixed.every((term) => typeof term === 'string' && term !== '')) {
    invalid("expected `fixed` to be an array of column names and '1'");
  }
  const random = spec.random ?? [];
  if (!Array.isArray(random)) return invalid('expected `random` to be an array of { id, model }');
  random.forEach((r: RandomSpec, k) => {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || r.id === '' || typeof r.model !== 'string') {
      invalid(`expected random[${k}] to be { id: column name, model: string }`);
    }
  });
  if (spec.fixed.length === 0 && random.length === 0) invalid('the model has no fixed or random effects');
  const seen = new Set<string>();
  for (const term of spec.fixed) {
    if (seen.has(term)) {
      throw new DesignError('duplicate-fixed', `fixed effect '${term}' is listed twice; expected each term once`, { column: term });
    }
    seen.add(term);
  }
  seen.clear();
  for (const r of random) {
    if (seen.has(r.id)) {
      throw new DesignError('duplicate-random', `random effect '${r.id}' is listed twice; expected each index column once`, { column: r.id });
    }
    seen.add(r.id);
  }
  return random;
}

/**
 * Reads the response: finite numbers, and for counts non-negative integers. A missing entry (null, undefined, NaN,
 * '') marks a prediction row and is read as NaN; at least one row must have a response.
 */
function readResponse(table: Table, name: string, kind: 'counts' | 'unbounded-counts' | 'continuous'): Float64Array {
  const column = getColumn(table, name, 'the response');
  const y = new Float64Array(column.length);
  let observed = 0;
  for (let i = 0; i < column.length; i++) {
    const value: unknown = column[i];
    const details = { column: name, row: i + 1, value };
    if (value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) {
      y[i] = Number.NaN;
      continue;
    }
    if (typeof value !== 'number') {
      throw new DesignError('not-numeric', `the response '${name}' is ${show(value)} at row ${i + 1}; expected a number, or a missing value (NA) for a row to predict`, details);
    }
    if (!Number.isFinite(value)) {
      throw new DesignError('missing-value', `the response '${name}' is ${value} at row ${i + 1}; expected a finite number, or a missing value (NA) for a row to predict`, details);
    }
    y[i] = value;
    observed++;
    if (kind === 'continuous') continue;
    if (!Number.isInteger(value)) {
      throw new DesignError('response-not-integer', `the response '${name}' is ${value} at row ${i + 1}; expected an integer count`, details);
    }
    if (value < 0) {
      throw new DesignError('response-negative', `the response '${name}' is ${value} at row ${i + 1}; expected a count of at least 0`, details);
    }
  }
  if (observed === 0) {
    throw new DesignError('missing-value', `the response '${name}' is missing in every row; expected at least one observed value (missing values mark rows to predict)`, { column: name });
  }
  return y;
}

/** One number per row from an array or a numeric column, each checked by `valid` (`expected` says what it must be). */
function readPerRow(table: Table, n: number, option: ArrayLike<number> | string, role: string, valid: (v: number) => boolean, expected: string): Float64Array {
  let values: Float64Array;
  if (typeof option === 'string') {
    values = readNumericColumn(table, option, role);
  } else {
    if (option.length !== n) throw new DesignError('unequal-length', `${role} has ${option.length} values but the table has ${n} rows; expected one per row`, { column: role });
    for (let i = 0; i < n; i++) {
      if (typeof option[i] !== 'number') {
        throw new DesignError('invalid-value', `${role} is ${show(option[i])} at row ${i + 1}; expected ${expected}`, { column: role, row: i + 1, value: option[i] });
      }
    }
    values = Float64Array.from(option);
  }
  const label = typeof option === 'string' ? `${role} column '${option}'` : role;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? outOfRange(values, i);
    if (!valid(v)) throw new DesignError('invalid-value', `${label} is ${v} at row ${i + 1}; expected ${expected}`, { column: typeof option === 'string' ? option : role, row: i + 1, value: v });
  }
  return values;
}

/** The offset of every row: the spec's offset terms (columns or transforms such as log(pop)) plus the `offset` option. */
function readOffset(table: Table, n: number, terms: readonly string[], option: BuildDesignOptions['offset']): Float64Array {
  const offset = option === undefined ? new Float64Array(n) : readPerRow(table, n, option, 'the offset', Number.isFinite, 'a finite number');
  for (const term of terms) {
    if (typeof term !== 'string' || term === '') throw new DesignError('invalid-spec', `expected each of \`offsets\` to be a column name or a transform such as log(pop), got ${show(term)}`);
    const expressions = parseTerm(term);
    if (expressions.length !== 1) throw new DesignError('invalid-spec', `the offset '${term}' is an interaction; expected one column or a transform of columns`, { column: term });
    const variable = evaluateVariable(table, itemAt(expressions, 0), term);
    if (variable.kind !== 'numeric' || variable.columns.length !== 1) {
      throw new DesignError('not-numeric', `the offset '${term}' is not one numeric column; expected a numeric column or a transform of one`, { column: term });
    }
    const values = itemAt(variable.columns, 0);
    for (let i = 0; i < n; i++) offset[i] = (offset[i] ?? outOfRange(offset, i)) + (values[i] ?? outOfRange(values, i));
  }
  return offset;
}

/** Reads the numbers of trials (one per row by default) and checks that each is a whole number (0 allowed, as R-INLA) at least the response. */
function readTrials(table: Table, n: number, option: BuildDesignOptions['nTrials'], y: Float64Array, response: string): Float64Array {
  let trials: Float64Array;
  let column = 'nTrials';
  if (option === undefined) {
    trials = new Float64Array(n).fill(1);
  } else if (typeof option === 'string') {
    trials = readNumericColumn(table, option, 'nTrials');
    column = option;
  } else if (option.length !== n) {
    throw new DesignError('unequal-length', `nTrials has ${option.length} values but the table has ${n} rows; expected one per row`, {
      column,
    });
  } else {
    for (let i = 0; i < n; i++) {
      const raw: unknown = option[i];
      if (typeof raw !== 'number') {
        throw new DesignError('invalid-trials', `nTrials is ${show(raw)} at row ${i + 1}; expected a whole number of trials`, {
          column,
          row: i + 1,
          value: raw,
        });
      }
    }
    trials = Float64Array.from(option);
  }
  const label = typeof option === 'string' ? `nTrials column '${option}'` : 'nTrials';
  for (let i = 0; i < n; i++) {
    if (!(Number.isInteger(trials[i]) && (trials[i] ?? outOfRange(trials, i)) >= 0)) {
      throw new DesignError('invalid-trials', `${label} is ${trials[i]} at row ${i + 1}; expected a whole number of trials, at least 0`, {
        column,
        row: i + 1,
        value: trials[i],
      });
    }
    if ((y[i] ?? outOfRange(y, i)) > (trials[i] ?? outOfRange(trials, i))) {
      throw new DesignError(
        'response-above-trials',
        `the response '${response}' is ${y[i]} at row ${i + 1} but ${label} is ${trials[i]} there; expected at most as many successes as trials`,
        { column: response, row: i + 1, value: y[i] },
      );
    }
  }
  return trials;
}

/** The one value of a column that is the same in every one of its n rows (0 when it has no nonzero), else undefined. */
function constantValue(column: SparseColumn, n: number): number | undefined {
  if (column.rows.length === 0) return 0;
  if (column.rows.length < n) return undefined;
  const first = column.values[0] ?? outOfRange(column.values, 0);
  for (let r = 1; r < n; r++) if (column.values[r] !== first) return undefined;
  return first;
}

function ones(rows: Int32Array): SparseColumn {
  return { rows, values: new Float64Array(rows.length).fill(1) };
}

/** The variables of a fixed-effect term: a column of that exact name, else the term parsed as R writes it ('a:log(x)'). */
function termVariables(table: Table, term: string): { key: string; expression: Expression }[] {
  if (Object.hasOwn(table, term)) return [{ key: term, expression: { kind: 'name', name: term } }];
  const expressions = parseTerm(term);
  return expressions.map((expression) => ({ key: deparse(expression), expression }));
}

/**
 * Codes the fixed-effect terms as R's model.matrix does: intercept first, then each term's columns (numeric
 * variables as they are, factors by contrasts or indicators, see `factorCoding`, interactions as products).
 */
function codeFixed(table: Table, n: number, terms: readonly string[]): { fixed: FixedEffect[]; columns: SparseColumn[] } {
  const fixed: FixedEffect[] = [];
  const columns: SparseColumn[] = [];
  const hasIntercept = terms.includes(INTERCEPT);
  if (hasIntercept) {
    fixed.push({ name: INTERCEPT_NAME, column: INTERCEPT, isIntercept: true });
    const everyRow = new Int32Array(n);
    for (let i = 0; i < n; i++) everyRow[i] = i;
    columns.push(ones(everyRow));
  }
  const effectTerms = terms.filter((t) => t !== INTERCEPT);
  const parsed = effectTerms.map((term) => termVariables(table, term));
  const variables = new Map<string, Variable>();
  for (const term of parsed) {
    for (const { key, expression } of term) {
      if (variables.has(key)) continue;
      const variable = evaluateVariable(table, expression, key);
      if (variable.kind === 'factor' && variable.factor.levels.length < 2) {
        throw new DesignError(
          'single-level',
          `categorical fixed effect '${key}' has a single level (${show(variable.factor.levels[0])}); expected at least two levels`,
          { column: key, value: variable.factor.levels[0] },
        );
      }
      variables.set(key, variable);
    }
  }
  const keys = parsed.map((term) => term.map((v) => v.key));
  const variableOf = (key: string): Variable => {
    const variable = variables.get(key);
    if (variable === undefined) throw new DesignError('unknown-column', `the term names '${key}', which was not read as a variable`, { column: key });
    return variable;
  };
  const coding = factorCoding(keys, (key) => variableOf(key).kind === 'factor', hasIntercept);
  effectTerms.forEach((term, j) => {
    for (const column of termColumns(itemAt(keys, j).map(variableOf), itemAt(coding, j))) {
      const constant = constantValue(column.column, n);
      // a constant column duplicates the intercept, or is the intercept itself when there is none; a zero column is never estimable
      if (constant !== undefined && (hasIntercept || constant === 0)) {
        throw new DesignError(
          'constant-column',
          constant === 0
            ? `fixed effect '${column.name}' is 0 in every row${itemAt(keys, j).length > 1 ? ' (no row has that combination)' : ''}; expected a column with a nonzero value`
            : `fixed effect '${column.name}' is constant (every row is ${constant}); expected a column that varies (the intercept '1' already models a constant)`,
          { column: term, value: constant },
        );
      }
      fixed.push({ name: column.name, column: term, ...(column.level !== undefined ? { level: column.level } : {}), isIntercept: false });
      columns.push(column.column);
    }
  });
  const names = new Map<string, FixedEffect>();
  for (const effect of fixed) {
    const other = names.get(effect.name);
    if (other !== undefined) {
      throw new DesignError(
        'duplicate-fixed',
        `fixed-effect name '${effect.name}' arises from both term '${other.column}' and term '${effect.column}'; expected distinct names (rename a column)`,
        { column: effect.column },
      );
    }
    names.set(effect.name, effect);
  }
  return { fixed, columns };
}

/** Rows taken at a time by `gram`: a block of one column, scattered, stays in the first-level cache. */
const GRAM_BLOCK_ROWS = 4096;

/**
 * The Gram matrix XᵀX of sparse columns over n rows, a block of rows at a time. In each block every product runs over
 * the entries of the column with fewer nonzeros overall, looking them up in the other, scattered into a dense block:
 * columns are scattered in order of decreasing nonzeros, so that an intercept (every row) is run over only for its
 * own diagonal entry.
 */
function gram(columns: readonly SparseColumn[], n: number): Float64Array[] {
  const p = columns.length;
  const g = Array.from({ length: p }, () => new Float64Array(p));
  const longestFirst = Array.from({ length: p }, (_, k) => k).sort((a, b) => itemAt(columns, b).rows.length - itemAt(columns, a).rows.length || a - b);
  const dense = new Float64Array(Math.min(n, GRAM_BLOCK_ROWS));
  // each column's first entry in the current block
  const cursor = new Int32Array(p);
  for (let from = 0; from < n; from += GRAM_BLOCK_ROWS) {
    const to = Math.min(n, from + GRAM_BLOCK_ROWS);
    for (let position = 0; position < p; position++) {
      const k = itemAt(longestFirst, position);
      const { rows, values } = itemAt(columns, k);
      const first = cursor[k] ?? outOfRange(cursor, k);
      let end = first;
      for (; end < rows.length && (rows[end] ?? outOfRange(rows, end)) < to; end++) dense[(rows[end] ?? outOfRange(rows, end)) - from] = values[end] ?? outOfRange(values, end);
      for (let later = position; later < p; later++) {
        const j = itemAt(longestFirst, later);
        const cj = itemAt(columns, j);
        let s = 0;
        for (let e = cursor[j] ?? outOfRange(cursor, j); e < cj.rows.length && (cj.rows[e] ?? outOfRange(cj.rows, e)) < to; e++) {
          s += (cj.values[e] ?? outOfRange(cj.values, e)) * (dense[(cj.rows[e] ?? outOfRange(cj.rows, e)) - from] ?? outOfRange(dense, (cj.rows[e] ?? outOfRange(cj.rows, e)) - from));
        }
        itemAt(g, j)[k] = (itemAt(g, j)[k] ?? outOfRange(itemAt(g, j), k)) + s;
        if (j !== k) itemAt(g, k)[j] = (itemAt(g, k)[j] ?? outOfRange(itemAt(g, k), j)) + s;
      }
      for (let e = first; e < end; e++) dense[(rows[e] ?? outOfRange(rows, e)) - from] = 0;
      cursor[k] = end;
    }
  }
  return g;
}

/**
 * Throws `DesignError` ('collinear') when the fixed-effect columns are linearly dependent: a Cholesky factorisation
 * of the unit-diagonal scaling of XᵀX meets a pivot below `COLLINEARITY_TOLERANCE`. The message names the
 * dependent column and the earlier columns it is a combination of.
 */
function checkFullRank(fixed: readonly FixedEffect[], columns: readonly SparseColumn[], n: number): void {
  const g = gram(columns, n);
  const p = g.length;
  const scale = g.map((row, j) => 1 / Math.sqrt(row[j] ?? outOfRange(row, j)));
  const l = Array.from({ length: p }, () => new Float64Array(p));
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      let s = (itemAt(g, j)[k] ?? outOfRange(itemAt(g, j), k)) * (scale[j] ?? outOfRange(scale, j)) * (scale[k] ?? outOfRange(scale, k));
      for (let m = 0; m < k; m++) s -= (itemAt(l, j)[m] ?? outOfRange(itemAt(l, j), m)) * (itemAt(l, k)[m] ?? outOfRange(itemAt(l, k), m));
      if (k < j) {
        itemAt(l, j)[k] = s / (itemAt(l, k)[k] ?? outOfRange(itemAt(l, k), k));
      } else if (s < COLLINEARITY_TOLERANCE) {
        // Column j ≈ Σ b_k column k (scaled); solve Lᵀ b = l[j][0..j) for the coefficients.
        const b = new Float64Array(j);
        for (let m = j - 1; m >= 0; m--) {
          let t = itemAt(l, j)[m] ?? outOfRange(itemAt(l, j), m);
          for (let r = m + 1; r < j; r++) t -= (itemAt(l, r)[m] ?? outOfRange(itemAt(l, r), m)) * (b[r] ?? outOfRange(b, r));
          b[m] = t / (itemAt(l, m)[m] ?? outOfRange(itemAt(l, m), m));
        }
        const largest = Math.max(...b.map(Math.abs));
        const involved = fixed.slice(0, j).filter((_, m) => Math.abs(b[m] ?? outOfRange(b, m)) > INVOLVEMENT_TOLERANCE * largest).map((f) => f.name);
        const name = itemAt(fixed, j).name;
        throw new DesignError(
          'collinear',
          `the fixed effects are collinear: '${name}' is a linear combination of ${quoteList(involved)}, so the fixed-effect design is rank-deficient; expected linearly independent columns (drop one of ${quoteList([...involved, name])})`,
          { column: itemAt(fixed, j).column },
        );
      } else {
        itemAt(l, j)[j] = Math.sqrt(s);
      }
    }
  }
}

/** The error for more than MOST_FIXED_COLUMNS fixed-effect columns, naming the term that gives the most of them. */
function tooManyFixed(fixed: readonly FixedEffect[]): DesignError {
  const perTerm = new Map<string, number>();
  for (const effect of fixed) perTerm.set(effect.column, (perTerm.get(effect.column) ?? 0) + 1);
  const [term, count] = [...perTerm].reduce((most, entry) => (entry[1] > most[1] ? entry : most));
  return new DesignError(
    'too-many-fixed',
    `the fixed effects have ${fixed.length} columns, ${count} of them from the term '${term}'; expected at most ${MOST_FIXED_COLUMNS}: a factor with that many levels belongs in a random effect (random: [{ id: ..., model: 'iid' }], or f(..., model = "iid") in a formula)`,
    { column: term, value: fixed.length },
  );
}

/** The levels a random spec's `values` option fixes, or undefined when it has none. */
function givenLevels(spec: RandomSpec): string[] | undefined {
  const values = spec.values;
  if (values === undefined) return undefined;
  const fail = (what: string): never => {
    throw new DesignError('invalid-values', `random effect '${spec.id}': ${what}`, { column: spec.id });
  };
  if (!Array.isArray(values) || values.length === 0) return fail('`values` must be a non-empty array of numbers or strings');
  const levels = values.map((v: unknown, k) => {
    if (!((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== ''))) {
      fail(`values[${k}] is ${show(v)}; expected a finite number or a non-empty string`);
    }
    return String(v);
  });
  const seen = new Set<string>();
  for (const level of levels) {
    if (seen.has(level)) fail(`\`values\` lists ${show(level)} twice; expected distinct values`);
    seen.add(level);
  }
  return levels;
}

/** The n × ncols CSC matrix whose columns are `columns` (each lists its rows in increasing order, as built here). */
function assemble(n: number, ncols: number, columns: readonly SparseColumn[]): CscMatrix {
  const colPtr = new Int32Array(ncols + 1);
  columns.forEach((column, j) => {
    colPtr[j + 1] = (colPtr[j] ?? outOfRange(colPtr, j)) + column.rows.length;
  });
  const rowIdx = new Int32Array(colPtr[ncols] ?? outOfRange(colPtr, ncols));
  const values = new Float64Array(colPtr[ncols] ?? outOfRange(colPtr, ncols));
  columns.forEach((column, j) => {
    rowIdx.set(column.rows, colPtr[j]);
    values.set(column.values, colPtr[j]);
  });
  return new CscMatrix(n, ncols, colPtr, rowIdx, values);
}

/** Columns `from`, `from + 1`, … of `matrix` as a matrix that shares their storage (no copy). */
function trailingColumns(matrix: CscMatrix, from: number): CscMatrix {
  const start = matrix.colPtr[from] ?? outOfRange(matrix.colPtr, from);
  const colPtr = Int32Array.from(matrix.colPtr.subarray(from), (p) => p - start);
  return new CscMatrix(matrix.nrows, matrix.ncols - from, colPtr, matrix.rowIdx.subarray(start), matrix.values.subarray(start));
}

/**
 * Builds the design of `spec` on `table`: reads and validates the response (non-negative integer counts), the
 * numbers of trials, the fixed effects (intercept '1' named '(Intercept)'; numeric columns as they are; string
 * columns as dummies named column + level, levels ordered by `sortLevels`, the first dropped when there is an
 * intercept or an earlier categorical term) and the random effects (levels the sorted distinct labels, or
 * `values`), and assembles the fixed-effect matrix and A = [random indicator blocks | fixed effects].
 *
 * Throws `DesignError` (see `DesignErrorCode`) for an invalid spec, an empty or ragged table, an unknown column,
 * missing or mixed values, an invalid response or trials, a duplicate term, a single-level categorical or constant
 * fixed effect, collinear fixed effects, or a random label outside `values`.
 */
export function buildDesign(table: Table, spec: ModelSpec, options: BuildDesignOptions = {}): Design {
  const randomSpecs = checkSpec(spec);
  const n = tableRows(table);
  const responseKind = options.response ?? 'counts';
  if (responseKind !== 'counts' && options.nTrials !== undefined) {
    throw new DesignError('invalid-spec', `nTrials was given for a ${responseKind} response; expected nTrials only with counts of successes in trials`, {
      column: spec.response,
    });
  }
  const response = readResponse(table, spec.response, responseKind);
  if (spec.offsets !== undefined && !Array.isArray(spec.offsets)) {
    throw new DesignError('invalid-spec', 'expected `offsets` to be an array of column names or transforms such as log(pop)');
  }
  const offset = readOffset(table, n, spec.offsets ?? [], options.offset);
  const weights =
    options.weights === undefined ? new Float64Array(n).fill(1) : readPerRow(table, n, options.weights, 'the weights', (v) => Number.isFinite(v) && v >= 0, 'a finite weight of at least 0');
  const nTrials =
    responseKind === 'counts' ? readTrials(table, n, options.nTrials, response, spec.response) : new Float64Array(n).fill(1);

  const { fixed, columns } = codeFixed(table, n, spec.fixed);
  if (columns.length > MOST_FIXED_COLUMNS) throw tooManyFixed(fixed);
  checkFullRank(fixed, columns, n);

  const random: RandomBlock[] = [];
  const blockOffsets: number[] = [];
  const randomColumns: SparseColumn[] = [];
  let fixedOffset = 0;
  for (const r of randomSpecs) {
    const factor = columnFactor(readColumnShared(table, r.id, `the random effect '${r.id}'`), r.id, givenLevels(r));
    random.push({ spec: r, column: r.id, levels: factor.levels, index: factor.index });
    blockOffsets.push(fixedOffset);
    fixedOffset += factor.levels.length;
    for (const rows of levelRows(factor)) randomColumns.push(ones(rows));
  }

  const A = assemble(n, fixedOffset + fixed.length, [...randomColumns, ...columns]);
  return {
    nObservations: n,
    response,
    offset,
    weights,
    nTrials,
    fixed,
    fixedMatrix: trailingColumns(A, fixedOffset),
    random,
    A,
    blockOffsets,
    fixedOffset,
  };
}
