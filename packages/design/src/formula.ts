import { DesignError } from './errors.js';
import type { ModelSpec, RandomSpec } from './spec.js';

/**
 * Parses a model formula in R-INLA's notation into a model spec:
 *
 *   bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")
 *
 * - the intercept is included unless the formula has `-1`, `+ 0` or `0` (R's convention); `1` names it;
 * - `f(id, model = "...", name = value, ...)` is a random term; values are quoted strings, numbers,
 *   TRUE/FALSE, `c(...)` vectors and `list(...)` (so `hyper = list(prec = list(prior = "pc.prec", param = c(1, 0.01)))`
 *   works); R's dotted option names are kept as written (`scale.model`) and mapped by the latent model;
 * - lme4's `(1 | state)` is an iid random intercept.
 *
 * Which columns are categorical is not the formula's business: string columns of the table are (see `buildDesign`).
 */
export function parseFormula(formula: string): ModelSpec {
  const parser = new FormulaParser(formula);
  return parser.parse();
}

type Token = { kind: 'name' | 'number' | 'string' | 'symbol'; text: string; at: number };

/** A decimal number as R writes it: 2, 0.5, .5, 1e-3, 2E+2. */
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = NUMBER.exec(source.slice(i));
      if (!match || /[A-Za-z0-9_.]/.test(source[i + match[0].length] ?? '')) throw formulaError(source, i, 'a number such as 2, 0.5, .5 or 1e-3');
      tokens.push({ kind: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (/[A-Za-z_.]/.test(c)) {
      const start = i;
      while (i < source.length && /[A-Za-z0-9_.]/.test(source[i]!)) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), at: start });
    } else if (c === '"' || c === "'") {
      const start = i;
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw formulaError(source, start, 'a closing quote');
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: start });
      i = end + 1;
    } else if ('~+-(),=|'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, at: i });
      i++;
    } else {
      throw formulaError(source, i, `a name, a number, a quoted string or one of ~ + - ( ) , = | (not '${c}')`);
    }
  }
  return tokens;
}

function formulaError(source: string, at: number, expected: string): DesignError {
  return new DesignError('INVALID_FORMULA', `formula '${source}': at position ${at + 1}, expected ${expected}`, { value: source, position: at });
}

class FormulaParser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parse(): ModelSpec {
    const response = this.expectName('the response');
    this.expectSymbol('~');
    let intercept = true;
    const fixed: string[] = [];
    const random: RandomSpec[] = [];
    if (this.position >= this.tokens.length) throw formulaError(this.source, this.source.length, 'at least one term after ~ (use 1 for the intercept alone)');
    let sign = '+';
    let first = true;
    while (this.position < this.tokens.length) {
      if (!first) {
        const symbol = this.next();
        if (symbol.kind !== 'symbol' || (symbol.text !== '+' && symbol.text !== '-')) throw this.error(symbol, "'+' or '-' between terms");
        sign = symbol.text;
      } else if (this.peekSymbol('-')) {
        sign = this.next().text;
      }
      first = false;
      const token = this.peek();
      if (!token) throw formulaError(this.source, this.source.length, 'a term');
      if (token.kind === 'number' && (token.text === '0' || token.text === '1')) {
        this.next();
        // '- 1' and '+ 0' remove the intercept, '+ 1' keeps it
        intercept = !(token.text === '0' || sign === '-');
        continue;
      }
      if (sign === '-') throw this.error(token, "'- 1' (only the intercept can be removed)");
      if (token.kind === 'name' && token.text === 'f' && this.tokens[this.position + 1]?.text === '(') {
        random.push(this.parseF());
      } else if (token.kind === 'symbol' && token.text === '(') {
        random.push(this.parseBar());
      } else if (token.kind === 'name') {
        this.next();
        fixed.push(token.text);
      } else {
        throw this.error(token, 'a column name, f(...) or (1 | group)');
      }
    }
    return { response, fixed: intercept ? ['1', ...fixed] : fixed, ...(random.length > 0 ? { random } : {}) };
  }

  /** f(id, model = "iid", option = value, ...). */
  private parseF(): RandomSpec {
    this.next();
    this.expectSymbol('(');
    const id = this.expectName('the index column of f()');
    // no prototype, so that a name such as __proto__ is an ordinary (and then rejected) option
    const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    while (this.peekSymbol(',')) {
      this.next();
      const token = this.peek();
      const name = this.expectName('an option name');
      if (Object.hasOwn(options, name)) throw this.error(token, `each option once (${name} is given twice)`);
      this.expectSymbol('=');
      options[name] = this.parseValue();
    }
    this.expectSymbol(')');
    const { model, ...rest } = options;
    if (typeof model !== 'string') throw formulaError(this.source, this.tokens[this.position - 1]!.at, `model = "..." in f(${id}, ...)`);
    return { id, model, ...rest };
  }

  /** lme4's (1 | group): an iid random intercept. */
  private parseBar(): RandomSpec {
    this.expectSymbol('(');
    const one = this.next();
    if (one?.kind !== 'number' || one.text !== '1') throw this.error(one, "'1' in (1 | group) — only random intercepts are supported");
    this.expectSymbol('|');
    const id = this.expectName('the grouping column of (1 | group)');
    this.expectSymbol(')');
    return { id, model: 'iid' };
  }

  private parseValue(): unknown {
    const token = this.next();
    if (!token) throw formulaError(this.source, this.source.length, 'a value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'symbol' && token.text === '-') return -Number(this.expectKind('number', 'a number').text);
    if (token.kind === 'name') {
      if (token.text === 'TRUE' || token.text === 'true' || token.text === 'T') return true;
      if (token.text === 'FALSE' || token.text === 'false' || token.text === 'F') return false;
      if ((token.text === 'c' || token.text === 'list') && this.peekSymbol('(')) return this.parseCall(token.text);
      throw this.error(token, `a quoted string, a number, TRUE/FALSE, c(...) or list(...) (not the R object '${token.text}'; quote a graph file's path)`);
    }
    throw this.error(token, 'a value');
  }

  /** c(...) → array; list(name = value, ...) → object. */
  private parseCall(kind: string): unknown {
    this.expectSymbol('(');
    const values: unknown[] = [];
    const named: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    while (!this.peekSymbol(')')) {
      if (values.length > 0 || Object.keys(named).length > 0) this.expectSymbol(',');
      if (kind === 'list') {
        const token = this.peek();
        const name = this.expectName('a name in list(name = value)');
        if (Object.hasOwn(named, name)) throw this.error(token, `each name once in list() (${name} is given twice)`);
        this.expectSymbol('=');
        named[name] = this.parseValue();
      } else {
        values.push(this.parseValue());
      }
    }
    this.expectSymbol(')');
    return kind === 'list' ? { ...named } : values;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
  private next(): Token {
    return this.tokens[this.position++]!;
  }
  private peekSymbol(symbol: string): boolean {
    const token = this.peek();
    return token?.kind === 'symbol' && token.text === symbol;
  }
  private expectSymbol(symbol: string): void {
    const token = this.next();
    if (token?.kind !== 'symbol' || token.text !== symbol) throw this.error(token, `'${symbol}'`);
  }
  private expectName(what: string): string {
    return this.expectKind('name', what).text;
  }
  private expectKind(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token?.kind !== kind) throw this.error(token, what);
    return token;
  }
  private error(token: Token | undefined, expected: string): DesignError {
    return formulaError(this.source, token ? token.at : this.source.length, expected);
  }
}
