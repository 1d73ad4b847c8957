/**
 * The lexical and expression level of R's formula language, shared by `parseFormula` and by the design's reading
 * of fixed-effect terms: tokens, arithmetic expressions (the arguments of `log()`, `I()`, `poly()`, ...) and their
 * deparsed text, which is R's name for a model-matrix column.
 * @module
 */
import { DesignError } from './errors.js';

export type Token = { kind: 'name' | 'number' | 'string' | 'symbol'; text: string; at: number; quoted?: boolean };

/** An arithmetic expression as R parses it. `paren` keeps the parentheses the user wrote, as R's deparse does. */
export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expression; right: Expression }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'paren'; inner: Expression };

/** A decimal number as R writes it: 2, 0.5, .5, 1e-3, 2E+2. */
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const SYMBOLS = '~+-*/^:(),=|';

/**
 * The `invalid-formula` error: one line naming the 1-based position and what was expected, with the formula and a
 * caret under the position in `pointer` (two lines) for a terminal to print.
 */
export function formulaError(source: string, at: number, expected: string): DesignError {
  const error = new DesignError('invalid-formula', `formula '${source}': at position ${at + 1}, expected ${expected}`, { value: source, position: at });
  Object.defineProperty(error, 'pointer', { value: `  ${source}\n  ${' '.repeat(at)}^`, enumerable: true });
  return error;
}

/** An `invalid-formula` error for a construct of R's formula language that hlm does not have. */
export function unsupported(source: string, at: number, construct: string, instead: string): DesignError {
  const error = formulaError(source, at, instead);
  error.message = `formula '${source}': at position ${at + 1}, ${construct} is not supported; ${instead}`;
  return error;
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = NUMBER.exec(source.slice(i));
      if (!match || /[A-Za-z0-9_.]/.test(source[i + match[0].length] ?? '')) throw formulaError(source, i, 'a number such as 2, 0.5, .5 or 1e-3');
      tokens.push({ kind: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (/[A-Za-z_.]/.test(c)) {
      const start = i;
      while (i < source.length && /[A-Za-z0-9_.]/.test(source.charAt(i))) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), at: start });
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) throw formulaError(source, i, 'a closing backtick');
      if (end === i + 1) throw formulaError(source, i, 'a column name between the backticks');
      tokens.push({ kind: 'name', text: source.slice(i + 1, end), at: i, quoted: true });
      i = end + 1;
    } else if (c === '"' || c === "'") {
      const start = i;
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw formulaError(source, start, 'a closing quote');
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: start });
      i = end + 1;
    } else if (c === '%') {
      const end = source.indexOf('%', i + 1);
      const operator = end < 0 ? '%' : source.slice(i, end + 1);
      throw unsupported(source, i, `the operator ${operator}`, 'use a:b for an interaction or a/b for nesting');
    } else if (SYMBOLS.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, at: i });
      i++;
    } else {
      throw formulaError(source, i, `a name, a number, a quoted string or one of ~ + - * / ^ : ( ) , = | (not '${c}')`);
    }
  }
  return tokens;
}

/** Functions an arithmetic expression may call, with their number of arguments. */
export const ARITHMETIC_FUNCTIONS: Record<string, number> = { log: 1, exp: 1, sqrt: 1, abs: 1 };

/** A cursor over tokens with R's arithmetic grammar (precedence: ^ above unary minus above * / above + -). */
export class TokenStream {
  position = 0;
  constructor(
    readonly source: string,
    readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.position++];
  }
  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }
  /** The next token if it is one of `symbols`, taken; otherwise undefined and nothing taken. */
  takeSymbol(...symbols: string[]): Token | undefined {
    const token = this.peek();
    if (token?.kind !== 'symbol' || !symbols.includes(token.text)) return undefined;
    this.position++;
    return token;
  }
  peekSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'symbol' && token.text === symbol;
  }
  expectSymbol(symbol: string, context = ''): Token {
    const token = this.next();
    if (token?.kind !== 'symbol' || token.text !== symbol) throw this.error(token, `'${symbol}'${context}`);
    return token;
  }
  expectKind(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token?.kind !== kind) throw this.error(token, what);
    return token;
  }
  error(token: Token | undefined, expected: string): DesignError {
    return formulaError(this.source, token ? token.at : this.source.length, expected);
  }

  /** expression := product (('+' | '-') product)* */
  expression(): Expression {
    let left = this.product();
    for (let token = this.takeSymbol('+', '-'); token !== undefined; token = this.takeSymbol('+', '-')) {
      const op = token.text as '+' | '-';
      left = { kind: 'binary', op, left, right: this.product() };
    }
    return left;
  }
  private product(): Expression {
    let left = this.unary();
    for (let token = this.takeSymbol('*', '/'); token !== undefined; token = this.takeSymbol('*', '/')) {
      const op = token.text as '*' | '/';
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Expression {
    if (this.peekSymbol('-')) {
      this.next();
      return { kind: 'negate', operand: this.unary() };
    }
    if (this.peekSymbol('+')) this.next();
    return this.power();
  }
  private power(): Expression {
    const base = this.primary();
    if (!this.peekSymbol('^')) return base;
    this.next();
    // R's ^ is right-associative and binds tighter than a unary minus on its left, looser on its right: 2^-1
    return { kind: 'binary', op: '^', left: base, right: this.unary() };
  }
  private primary(): Expression {
    const token = this.next();
    if (token?.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token?.kind === 'symbol' && token.text === '(') {
      const inner = this.expression();
      this.expectSymbol(')');
      return { kind: 'paren', inner };
    }
    if (token?.kind === 'name') {
      if (!token.quoted && this.peekSymbol('(')) return this.call(token, ARITHMETIC_FUNCTIONS);
      return { kind: 'name', name: token.text };
    }
    throw this.error(token, 'a number, a column name, a function call or (');
  }

  /** name(arg, ...), for a function among `known` (name → number of arguments). */
  call(token: Token, known: Record<string, number>): Expression {
    if (!Object.hasOwn(known, token.text)) {
      throw unsupported(this.source, token.at, `the function ${token.text}()`, `expected one of ${Object.keys(known).map((f) => `${f}()`).join(', ')}`);
    }
    this.expectSymbol('(');
    const args: Expression[] = [];
    while (!this.peekSymbol(')')) {
      if (args.length > 0) this.expectSymbol(',', ` or ')' in ${token.text}()`);
      args.push(this.expression());
    }
    this.expectSymbol(')');
    if (args.length !== known[token.text]) {
      throw formulaError(this.source, token.at, `${token.text}() with ${known[token.text]} argument${known[token.text] === 1 ? '' : 's'}, not ${args.length}`);
    }
    return { kind: 'call', name: token.text, args };
  }
}

const RESERVED = new Set(['if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN', 'NA', 'in']);

/** A column name as R's deparse writes it: backticked unless it is a syntactic name. */
export function deparseName(name: string): string {
  const syntactic = /^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$|^\.$/.test(name) && !RESERVED.has(name);
  return syntactic ? name : `\`${name}\``;
}

/** A number as R's deparse writes it: up to 15 significant digits, fixed notation unless scientific is shorter (1e+05, 1e-04). */
export function deparseNumber(value: number): string {
  const digits = Number(value.toPrecision(15));
  const fixed = String(digits).includes('e') ? digits.toFixed(20).replace(/\.?0+$/, '') : String(digits);
  const [mantissa, exponent] = digits.toExponential().split('e');
  const power = Number(exponent);
  const sci = `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  return fixed.length <= sci.length ? fixed : sci;
}

/** R's deparse of an expression: spaces around + - *, none around / and ^, parentheses as written. */
export function deparse(e: Expression): string {
  switch (e.kind) {
    case 'number':
      return deparseNumber(e.value);
    case 'name':
      return deparseName(e.name);
    case 'call':
      return `${e.name}(${e.args.map(deparse).join(', ')})`;
    case 'binary':
      return e.op === '^' || e.op === '/' ? `${deparse(e.left)}${e.op}${deparse(e.right)}` : `${deparse(e.left)} ${e.op} ${deparse(e.right)}`;
    case 'negate':
      return `-${deparse(e.operand)}`;
    case 'paren':
      return `(${deparse(e.inner)})`;
  }
}

/** The column names an expression reads. */
export function columnsOf(e: Expression, into: string[] = []): string[] {
  switch (e.kind) {
    case 'name':
      if (!into.includes(e.name)) into.push(e.name);
      break;
    case 'call':
      for (const a of e.args) columnsOf(a, into);
      break;
    case 'binary':
      columnsOf(e.left, into);
      columnsOf(e.right, into);
      break;
    case 'negate':
      columnsOf(e.operand, into);
      break;
    case 'paren':
      columnsOf(e.inner, into);
      break;
  }
  return into;
}
