/**
 * Fixed-effect terms as R's model.matrix codes them: each term's variables evaluated on the table (columns,
 * transforms, orthogonal polynomials, factors), each factor coded by contrasts or by indicators by R's rule, and
 * the term's columns formed as products with the first variable varying fastest.
 * @module
 */
import { columnFactor, levelRows, toFactor, type Factor } from './dummy.js';
import { DesignError, show } from './errors.js';
import { ARITHMETIC_FUNCTIONS, columnsOf, deparse, formulaError, TokenStream, tokenize, type Expression, type Token } from './formula-syntax.js';
import { readColumn, readColumnShared, type Table } from './table.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/** Functions that make a variable of a formula term, with their number of arguments. */
export const VARIABLE_FUNCTIONS: Record<string, number> = { ...ARITHMETIC_FUNCTIONS, I: 1, scale: 1, poly: 2, factor: 1, 'as.factor': 1 };

/** Checks the arguments a variable function needs at parse time: poly's degree, factor's column. */
export function checkVariable(source: string, token: Token, e: Expression): Expression {
  if (e.kind !== 'call') return e;
  if (e.name === 'poly') {
    const degree = itemAt(e.args, 1);
    if (!(degree.kind === 'number' && Number.isInteger(degree.value) && degree.value >= 1)) {
      throw formulaError(source, token.at, 'poly(x, k) with a whole number k of at least 1 as the degree');
    }
  }
  if ((e.name === 'factor' || e.name === 'as.factor') && itemAt(e.args, 0).kind !== 'name') {
    throw formulaError(source, token.at, `a column name in ${e.name}()`);
  }
  return e;
}

/** A variable of a term evaluated on the table: numeric columns (several for poly) or a factor. */
export type Variable =
  | { kind: 'numeric'; label: string; columns: Float64Array[]; suffixes: string[] }
  | { kind: 'factor'; label: string; factor: Factor };

/** The variables of a fixed-effect term written as R labels it ('a:log(x):poly(z, 2)'). */
export function parseTerm(term: string): Expression[] {
  const stream = new TokenStream(term, tokenize(term));
  const variables: Expression[] = [];
  do {
    if (variables.length > 0) stream.next();
    const token = stream.next();
    if (token?.kind !== 'name') throw stream.error(token, 'a column name or a function such as log(x) in the fixed-effect term');
    variables.push(token.quoted || !stream.peekSymbol('(') ? { kind: 'name', name: token.text } : checkVariable(term, token, stream.call(token, VARIABLE_FUNCTIONS)));
  } while (stream.peekSymbol(':'));
  if (!stream.atEnd()) throw stream.error(stream.peek(), "':' between the variables of a term (write interactions as a:b)");
  return variables;
}

/** Evaluates an arithmetic expression row by row on numeric columns. */
function evaluate(table: Table, e: Expression, term: string): Float64Array | number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name': {
      const data = readColumn(table, e.name, `in the term '${term}'`);
      if (data.kind !== 'numeric') {
        throw new DesignError('not-numeric', `the term '${term}' does arithmetic on the categorical column '${e.name}'; expected a numeric column there`, {
          column: e.name,
        });
      }
      return data.values;
    }
    case 'paren':
      return evaluate(table, e.inner, term);
    case 'negate':
      return map1(evaluate(table, e.operand, term), (x) => -x);
    case 'call': {
      const f = { log: Math.log, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs, I: (x: number) => x }[e.name];
      if (!f) throw new DesignError('invalid-formula', `${e.name}() cannot be used inside an arithmetic expression in '${term}'`, { value: term });
      return map1(evaluate(table, itemAt(e.args, 0), term), f);
    }
    case 'binary': {
      const op = { '+': (a: number, b: number) => a + b, '-': (a: number, b: number) => a - b, '*': (a: number, b: number) => a * b, '/': (a: number, b: number) => a / b, '^': Math.pow }[e.op];
      const a = evaluate(table, e.left, term);
      const b = evaluate(table, e.right, term);
      if (typeof a === 'number' && typeof b === 'number') return op(a, b);
      const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = op(typeof a === 'number' ? a : (a[i] ?? outOfRange(a, i)), typeof b === 'number' ? b : (b[i] ?? outOfRange(b, i)));
      return out;
    }
  }
}

function map1(v: Float64Array | number, f: (x: number) => number): Float64Array | number {
  return typeof v === 'number' ? f(v) : v.map(f);
}

/** Throws `DesignError` ('invalid-transform') at the first row where a transform is not a finite number, naming the inputs there. */
function checkFinite(values: Float64Array, label: string, table: Table, e: Expression): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const inputs = columnsOf(e).map((c) => `${c} = ${show(table[c]?.[i])}`).join(', ');
      throw new DesignError(
        'invalid-transform',
        `the term '${label}' is ${values[i]} at row ${i + 1} (${inputs}); expected a finite number in every row`,
        { column: label, row: i + 1, value: values[i] },
      );
    }
  }
}

/**
 * R's poly(x, k): the orthonormal polynomials of degree 1..k on the points x, i.e. the Gram–Schmidt residuals of
 * the centred powers (x - x̄)^j on the lower powers, each scaled to unit length (R's stats::poly, whose QR gives
 * the same columns: Q_j R_jj is that residual).
 */
export function orthogonalPolynomials(x: Float64Array, degree: number, label: string): Float64Array[] {
  const distinct = new Set(x).size;
  if (degree >= distinct) {
    throw new DesignError('invalid-transform', `the term '${label}' needs more than ${degree} distinct values of its argument; it has ${distinct}`, {
      column: label,
    });
  }
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const basis: Float64Array[] = [new Float64Array(n).fill(1 / Math.sqrt(n))];
  for (let j = 1; j <= degree; j++) {
    const v = Float64Array.from(x, (xi) => (xi - mean) ** j);
    // modified Gram–Schmidt, twice for orthogonality to working precision
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (q[i] ?? outOfRange(q, i)) * (v[i] ?? outOfRange(v, i));
        for (let i = 0; i < n; i++) v[i] = (v[i] ?? outOfRange(v, i)) - dot * (q[i] ?? outOfRange(q, i));
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (v[i] ?? outOfRange(v, i)) * (v[i] ?? outOfRange(v, i));
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] = (v[i] ?? outOfRange(v, i)) / norm;
    basis.push(v);
  }
  return basis.slice(1);
}

/** Evaluates one variable of a term on the table; `label` is its R label, used in names and messages. */
export function evaluateVariable(table: Table, e: Expression, label: string): Variable {
  if (e.kind === 'name') {
    const data = readColumnShared(table, e.name, 'a fixed effect');
    if (data.kind === 'numeric') return { kind: 'numeric', label, columns: [data.values], suffixes: [''] };
    return { kind: 'factor', label, factor: toFactor(data.values, label) };
  }
  if (e.kind === 'call' && (e.name === 'factor' || e.name === 'as.factor')) {
    const column = (e.args[0] as { name: string }).name;
    return { kind: 'factor', label, factor: columnFactor(readColumnShared(table, column, `in the term '${label}'`), label) };
  }
  if (e.kind === 'call' && e.name === 'poly') {
    const x = evaluate(table, itemAt(e.args, 0), label);
    if (typeof x === 'number') throw new DesignError('invalid-transform', `the term '${label}' has no column in it; expected poly(column, k)`, { column: label });
    checkFinite(x, deparse(itemAt(e.args, 0)), table, itemAt(e.args, 0));
    const degree = (e.args[1] as { value: number }).value;
    return { kind: 'numeric', label, columns: orthogonalPolynomials(x, degree, label), suffixes: Array.from({ length: degree }, (_, j) => String(j + 1)) };
  }
  if (e.kind === 'call' && e.name === 'scale') {
    const x = evaluate(table, itemAt(e.args, 0), label);
    if (typeof x === 'number') throw new DesignError('invalid-transform', `the term '${label}' has no column in it; expected scale(column)`, { column: label });
    checkFinite(x, deparse(itemAt(e.args, 0)), table, itemAt(e.args, 0));
    // R's scale(): centred by the mean, divided by the standard deviation (denominator n - 1)
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const scaled = x.map((v) => (v - mean) / sd);
    checkFinite(scaled, label, table, e);
    return { kind: 'numeric', label, columns: [scaled], suffixes: [''] };
  }
  const values = evaluate(table, e, label);
  if (typeof values === 'number') throw new DesignError('invalid-transform', `the term '${label}' has no column in it; expected a transform of a column`, { column: label });
  checkFinite(values, label, table, e);
  return { kind: 'numeric', label, columns: [values], suffixes: [''] };
}

/**
 * How each factor of each term is coded (R's model.c TermCode): by contrasts (drop the first level) when the term
 * without that factor is empty or is contained in an earlier term, by indicators of every level otherwise; without an
 * intercept, the first factor of the first term that has one is coded by indicators.
 */
export function factorCoding(terms: readonly (readonly string[])[], isFactor: (variable: string) => boolean, hasIntercept: boolean): ('contrasts' | 'indicators')[][] {
  const coding = terms.map((term, j) =>
    term.map((variable) => {
      if (!isFactor(variable)) return 'contrasts' as const;
      const reduced = term.filter((v) => v !== variable);
      if (reduced.length === 0) return 'contrasts' as const;
      const contained = terms.slice(0, j).some((earlier) => reduced.every((v) => earlier.includes(v)));
      return contained ? ('contrasts' as const) : ('indicators' as const);
    }),
  );
  if (!hasIntercept) {
    outer: for (let j = 0; j < terms.length; j++) {
      for (let k = 0; k < itemAt(terms, j).length; k++) {
        if (isFactor(itemAt(itemAt(terms, j), k))) {
          itemAt(coding, j)[k] = 'indicators';
          break outer;
        }
      }
    }
  }
  return coding;
}

/** A column as its nonzero rows (0-based, increasing) and values. */
export interface SparseColumn {
  rows: Int32Array;
  values: Float64Array;
}

/** One column of a term: its name and its nonzero entries. */
export interface TermColumn {
  name: string;
  /** The factor level when the term is a single factor. */
  level?: string;
  column: SparseColumn;
}

/** The nonzero entries of a dense column. */
function nonzeros(values: Float64Array): SparseColumn {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) count++;
  const column: SparseColumn = { rows: new Int32Array(count), values: new Float64Array(count) };
  count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0) {
      column.rows[count] = i;
      column.values[count++] = values[i] ?? outOfRange(values, i);
    }
  }
  return column;
}

/**
 * The elementwise product of two sparse columns (a merge of their rows), the column `name` of a term; a product that
 * underflows to 0 is not kept, one that overflows is an error naming the row.
 */
function product(a: SparseColumn, b: SparseColumn, name: string): SparseColumn {
  const rows = new Int32Array(Math.min(a.rows.length, b.rows.length));
  const values = new Float64Array(rows.length);
  let count = 0;
  let j = 0;
  for (let i = 0; i < a.rows.length && j < b.rows.length; i++) {
    const row = a.rows[i] ?? outOfRange(a.rows, i);
    while (j < b.rows.length && (b.rows[j] ?? outOfRange(b.rows, j)) < row) j++;
    if (j < b.rows.length && b.rows[j] === row) {
      const value = (a.values[i] ?? outOfRange(a.values, i)) * (b.values[j] ?? outOfRange(b.values, j));
      if (!Number.isFinite(value)) {
        throw new DesignError('invalid-transform', `the term '${name}' is ${value} at row ${row + 1} (its columns' product overflows); expected a finite number in every row`, {
          column: name,
          row: row + 1,
          value,
        });
      }
      if (value !== 0) {
        rows[count] = row;
        values[count++] = value;
      }
    }
  }
  return { rows: rows.slice(0, count), values: values.slice(0, count) };
}

/**
 * The columns of a term: the products of its variables' columns, the first variable varying fastest (R's order).
 * Built sparse from the start: a level's indicator is the rows of that level, never a dense column of n numbers.
 */
export function termColumns(variables: readonly Variable[], coding: readonly ('contrasts' | 'indicators')[]): TermColumn[] {
  let columns: { name: string[]; column: SparseColumn; level?: string }[] = [];
  variables.forEach((variable, k) => {
    const parts: { name: string; column: SparseColumn; level?: string }[] = [];
    if (variable.kind === 'numeric') {
      variable.columns.forEach((values, c) => parts.push({ name: variable.label + variable.suffixes[c], column: nonzeros(values) }));
    } else {
      const { levels } = variable.factor;
      const rowsOfLevel = levelRows(variable.factor);
      for (let l = coding[k] === 'contrasts' ? 1 : 0; l < levels.length; l++) {
        const rows = itemAt(rowsOfLevel, l);
        parts.push({ name: variable.label + levels[l], column: { rows, values: new Float64Array(rows.length).fill(1) }, level: levels[l] });
      }
    }
    // the first variable's columns as they are; each later variable's multiply every column so far
    const next: typeof columns = [];
    for (const part of parts) {
      if (k === 0) {
        next.push({ name: [part.name], column: part.column, ...(variables.length === 1 && part.level !== undefined ? { level: part.level } : {}) });
        continue;
      }
      for (const column of columns) {
        const name = [...column.name, part.name];
        next.push({ name, column: product(column.column, part.column, name.join(':')) });
      }
    }
    columns = next;
  });
  return columns.map((c) => ({ name: c.name.join(':'), column: c.column, ...(c.level !== undefined ? { level: c.level } : {}) }));
}
