import { DesignError } from './errors.js';
import { deparse, formulaError, TokenStream, tokenize, unsupported, type Expression, type Token } from './formula-syntax.js';
import type { ModelSpec, RandomSpec } from './spec.js';
import { checkVariable, VARIABLE_FUNCTIONS } from './terms.js';
import { itemAt } from '@hlm/sparse';

/**
 * Parses a model formula in R-INLA's notation into a model spec:
 *
 *   bush ~ female + black + age_cat * edu_cat + log(income) + f(state, model = "iid")
 *
 * - the intercept is included unless the formula has `-1`, `+ 0` or `0` (R's convention); `1` names it;
 * - fixed effects follow R's `terms()`: `a:b` is an interaction, `a*b` is `a + b + a:b`, `a/b` is `a + a:b`,
 *   `(a + b)^2` is every interaction up to order 2, `- a` removes a term; terms are ordered by their order
 *   (main effects, then two-way interactions, ...), and each is written as R labels it (variables in order of
 *   first appearance, `a:b`, `log(x)`, `I(x^2)`, `poly(x, 2)`, backticks around non-syntactic names);
 * - a variable is a column, `` `a column` ``, or `log()`, `exp()`, `sqrt()`, `I()` (arithmetic with + - * / ^),
 *   `scale()`, `poly(x, k)` of columns;
 * - `f(id, model = "...", name = value, ...)` is a random term; values are quoted strings, numbers,
 *   TRUE/FALSE, `c(...)` vectors and `list(...)`; R's dotted option names are kept as written (`scale.model`);
 * - lme4's `(1 | state)` is an iid random intercept;
 * - `offset(x)` adds a known term to the linear predictor: a column or a transform (`offset(log(pop))`), listed in
 *   the spec's `offsets` as R labels it.
 *
 * Which columns are categorical is not the formula's business: string columns of the table are (see `buildDesign`).
 * A malformed formula is a `DesignError` ('invalid-formula') naming the position, with a caret line in `pointer`.
 */
export function parseFormula(formula: string): ModelSpec {
  if (typeof formula !== 'string') throw new DesignError('invalid-formula', `the formula must be a string such as 'y ~ x', got ${typeof formula}`);
  return new FormulaParser(formula).parse();
}

/** A term: the indices of its variables (in order of first appearance); [] is the intercept. */
type Term = number[];

/** What part of a formula's right-hand side evaluates to. */
interface Terms {
  terms: Term[];
  /** Whether the part mentions the intercept explicitly: '+1' → 'add', '0' or '-1' → 'remove'. */
  intercept?: 'add' | 'remove';
  random: RandomSpec[];
  /** R's offset(...) terms, as R labels their argument ('log(pop)'). */
  offsets: string[];
  /** Where each part starts, for messages. */
  at: number;
}

const sameTerm = (a: Term, b: Term): boolean => a.length === b.length && a.every((v, k) => v === b[k]);

function union(a: Term[], b: Term[]): Term[] {
  const out = [...a];
  for (const t of b) if (!out.some((u) => sameTerm(u, t))) out.push(t);
  return out;
}

/** The interaction of two terms: the union of their variables, in order of appearance. */
const interact = (a: Term, b: Term): Term => [...new Set([...a, ...b])].sort((x, y) => x - y);

class FormulaParser {
  private readonly stream: TokenStream;
  /** The variables in order of first appearance: their R label and their expression. */
  private readonly variables: { label: string; expression: Expression }[] = [];

  constructor(private readonly source: string) {
    this.stream = new TokenStream(source, tokenize(source));
  }

  parse(): ModelSpec {
    const s = this.stream;
    const responseToken = s.expectKind('name', 'the response (a column name)');
    const response = responseToken.text;
    if (s.peekSymbol('(')) throw unsupported(this.source, responseToken.at, `a transformed response ${response}(...)`, 'add the transformed column to the data');
    s.expectSymbol('~');
    if (s.atEnd()) throw formulaError(this.source, this.source.length, 'at least one term after ~ (use 1 for the intercept alone)');
    const rhs = this.sum();
    if (!s.atEnd()) throw s.error(s.peek(), "'+', '-', '*', ':', '/' or '^' between terms");
    const intercept = rhs.intercept !== 'remove';
    // R's terms(): by order (main effects first), keeping formula order within an order
    const ordered = rhs.terms.map((t, k) => ({ t, k })).sort((a, b) => a.t.length - b.t.length || a.k - b.k).map((x) => x.t);
    const fixed = ordered.map((t) => t.map((v) => itemAt(this.variables, v).label).join(':'));
    if (!intercept && fixed.length === 0 && rhs.random.length === 0) throw formulaError(this.source, this.source.length, 'a term besides the removed intercept');
    return {
      response,
      fixed: intercept ? ['1', ...fixed] : fixed,
      ...(rhs.random.length > 0 ? { random: rhs.random } : {}),
      ...(rhs.offsets.length > 0 ? { offsets: rhs.offsets } : {}),
    };
  }

  /** sum := ['-' | '+'] product (('+' | '-') product)* */
  private sum(): Terms {
    const s = this.stream;
    let result: Terms = { terms: [], random: [], offsets: [], at: s.peek()?.at ?? this.source.length };
    let sign = s.takeSymbol('-', '+')?.text ?? '+';
    while (true) {
      const part = this.product();
      result = sign === '+' ? this.add(result, part) : this.remove(result, part);
      const next = s.takeSymbol('+', '-');
      if (next === undefined) return result;
      sign = next.text;
    }
  }

  private add(result: Terms, part: Terms): Terms {
    const intercept = part.intercept ?? result.intercept;
    return {
      terms: union(result.terms, part.terms),
      random: [...result.random, ...part.random],
      offsets: [...result.offsets, ...part.offsets],
      at: result.at,
      ...(intercept ? { intercept } : {}),
    };
  }

  /** R's '-': drops the part's terms; '- 1' removes the intercept ('- 0' restores it). */
  private remove(result: Terms, part: Terms): Terms {
    if (part.random.length > 0) throw formulaError(this.source, part.at, 'a fixed term after - (an f() term cannot be removed)');
    if (part.offsets.length > 0) throw formulaError(this.source, part.at, 'a fixed term after - (an offset() cannot be removed)');
    const flipped = part.intercept === 'add' ? 'remove' : part.intercept === 'remove' ? 'add' : result.intercept;
    const terms = result.terms.filter((t) => !part.terms.some((u) => sameTerm(t, u)));
    return { terms, random: result.random, offsets: result.offsets, at: result.at, ...(flipped ? { intercept: flipped } : {}) };
  }

  /** product := interaction (('*' | '/') interaction)* */
  private product(): Terms {
    let left = this.interaction();
    for (let op = this.stream.takeSymbol('*', '/'); op !== undefined; op = this.stream.takeSymbol('*', '/')) {
      const right = this.interaction();
      this.fixedOnly(left, op);
      this.fixedOnly(right, op);
      if (op.text === '*') {
        left = { terms: union(union(left.terms, right.terms), this.cross(left.terms, right.terms)), random: [], offsets: [], at: left.at };
      } else {
        // a/b = a + a:b, with every variable of a in the nested term (R's %in%)
        const all = interact([], left.terms.flat());
        left = { terms: union(left.terms, this.cross([all], right.terms)), random: [], offsets: [], at: left.at };
      }
    }
    return left;
  }

  /** interaction := power (':' power)* */
  private interaction(): Terms {
    let left = this.power();
    for (let op = this.stream.takeSymbol(':'); op !== undefined; op = this.stream.takeSymbol(':')) {
      const right = this.power();
      this.fixedOnly(left, op);
      this.fixedOnly(right, op);
      left = { terms: this.cross(left.terms, right.terms), random: [], offsets: [], at: left.at };
    }
    return left;
  }

  /** power := atom ('^' integer)? — (a + b)^2 is every interaction of up to two of them. */
  private power(): Terms {
    const base = this.atom();
    const op = this.stream.takeSymbol('^');
    if (op === undefined) return base;
    this.fixedOnly(base, op);
    const k = this.stream.expectKind('number', 'a whole number after ^ (as in (a + b)^2)');
    const degree = Number(k.text);
    if (!Number.isInteger(degree) || degree < 1) throw formulaError(this.source, k.at, 'a whole number of at least 1 after ^');
    let terms = base.terms;
    for (let d = 2; d <= degree; d++) terms = union(terms, this.cross(terms, base.terms));
    return { terms, random: [], offsets: [], at: base.at };
  }

  private cross(a: Term[], b: Term[]): Term[] {
    let out: Term[] = [];
    for (const s of a) for (const t of b) out = union(out, [interact(s, t)]);
    return out;
  }

  /** Rejects random terms and intercept markers inside an interaction operator. */
  private fixedOnly(part: Terms, op: Token): void {
    if (part.random.length > 0) {
      throw unsupported(this.source, part.at, `an f() or (1 | group) term inside '${op.text}'`, 'random effects enter only as + f(...)');
    }
    if (part.offsets.length > 0) throw unsupported(this.source, part.at, `an offset() inside '${op.text}'`, 'offsets enter only as + offset(...)');
    if (part.intercept !== undefined) throw formulaError(this.source, part.at, `a variable on each side of '${op.text}' (not 0 or 1)`);
  }

  private atom(): Terms {
    const s = this.stream;
    const token = s.peek();
    if (!token) throw formulaError(this.source, this.source.length, 'a term');
    const at = token.at;
    if (token.kind === 'number') {
      s.next();
      if (token.text === '0') return { terms: [], intercept: 'remove', random: [], offsets: [], at };
      if (token.text === '1') return { terms: [], intercept: 'add', random: [], offsets: [], at };
      throw formulaError(this.source, at, `a term (a number other than 0 or 1 is not a term; write I(${token.text}) for a constant)`);
    }
    if (token.kind === 'symbol' && token.text === '(') {
      if (s.peek(1)?.kind === 'number' && s.peekSymbol('|', 2)) return { terms: [], random: [this.parseBar()], offsets: [], at };
      s.next();
      const inner = this.sum();
      if (s.peekSymbol('|')) throw unsupported(this.source, s.peek()?.at ?? this.source.length, "a random slope '( ... | group)'", 'only random intercepts are supported: (1 | group) or f(group, ...)');
      s.expectSymbol(')');
      return { ...inner, at };
    }
    if (token.kind === 'name' && !token.quoted && s.peekSymbol('(', 1)) {
      if (token.text === 'f') return { terms: [], random: [this.parseF()], offsets: [], at };
      s.next();
      if (token.text === 'offset') {
        const call = s.call(token, { offset: 1 }) as Extract<Expression, { kind: 'call' }>;
        return { terms: [], random: [], offsets: [deparse(itemAt(call.args, 0))], at };
      }
      return { terms: [[this.variable(checkVariable(this.source, token, s.call(token, VARIABLE_FUNCTIONS)))]], random: [], offsets: [], at };
    }
    if (token.kind === 'name') {
      s.next();
      if (token.text === '.' && !token.quoted) throw unsupported(this.source, at, "'.' (all other columns)", 'name the columns');
      return { terms: [[this.variable({ kind: 'name', name: token.text })]], random: [], offsets: [], at };
    }
    throw s.error(token, 'a column name, a function such as log(x), f(...) or (1 | group)');
  }

  /** The index of a variable, registering it on first appearance. */
  private variable(expression: Expression): number {
    const label = deparse(expression);
    const k = this.variables.findIndex((v) => v.label === label);
    if (k >= 0) return k;
    this.variables.push({ label, expression });
    return this.variables.length - 1;
  }

  /** f(id, model = "iid", option = value, ...). */
  private parseF(): RandomSpec {
    const s = this.stream;
    s.next();
    s.expectSymbol('(');
    const id = s.expectKind('name', 'the index column of f()').text;
    // no prototype, so that a name such as __proto__ is an ordinary (and then rejected) option
    const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    while (s.peekSymbol(',')) {
      s.next();
      const token = s.peek();
      const name = s.expectKind('name', 'an option name').text;
      if (Object.hasOwn(options, name)) throw s.error(token, `each option once (${name} is given twice)`);
      s.expectSymbol('=');
      options[name] = this.parseValue();
    }
    s.expectSymbol(')');
    const { model, ...rest } = options;
    if (typeof model !== 'string') throw formulaError(this.source, itemAt(s.tokens, s.position - 1).at, `model = "..." in f(${id}, ...)`);
    return { id, model, ...rest };
  }

  /** lme4's (1 | group): an iid random intercept. */
  private parseBar(): RandomSpec {
    const s = this.stream;
    s.expectSymbol('(');
    const one = s.next();
    if (one?.kind !== 'number' || one.text !== '1') throw s.error(one, "'1' in (1 | group) — only random intercepts are supported");
    s.expectSymbol('|');
    const id = s.expectKind('name', 'the grouping column of (1 | group)').text;
    s.expectSymbol(')');
    return { id, model: 'iid' };
  }

  private parseValue(): unknown {
    const s = this.stream;
    const token = s.next();
    if (!token) throw formulaError(this.source, this.source.length, 'a value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'symbol' && token.text === '-') return -Number(s.expectKind('number', 'a number').text);
    if (token.kind === 'name') {
      if (token.text === 'TRUE' || token.text === 'true' || token.text === 'T') return true;
      if (token.text === 'FALSE' || token.text === 'false' || token.text === 'F') return false;
      if ((token.text === 'c' || token.text === 'list') && s.peekSymbol('(')) return this.parseCall(token.text);
      throw s.error(token, `a quoted string, a number, TRUE/FALSE, c(...) or list(...) (not the R object '${token.text}'; quote a graph file's path)`);
    }
    throw s.error(token, 'a value');
  }

  /** c(...) → array; list(name = value, ...) → object. */
  private parseCall(kind: string): unknown {
    const s = this.stream;
    s.expectSymbol('(');
    const values: unknown[] = [];
    const named: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    while (!s.peekSymbol(')')) {
      if (values.length > 0 || Object.keys(named).length > 0) s.expectSymbol(',');
      if (kind === 'list') {
        const token = s.peek();
        const name = s.expectKind('name', 'a name in list(name = value)').text;
        if (Object.hasOwn(named, name)) throw s.error(token, `each name once in list() (${name} is given twice)`);
        s.expectSymbol('=');
        named[name] = this.parseValue();
      } else {
        values.push(this.parseValue());
      }
    }
    s.expectSymbol(')');
    return kind === 'list' ? { ...named } : values;
  }
}
