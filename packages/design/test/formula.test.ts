import { describe, expect, it } from 'vitest';
import { DesignError, parseFormula } from '../src/index.js';

describe("R-INLA's formula notation", () => {
  it("reads the tutorial's model, with R's implicit intercept", () => {
    expect(parseFormula('bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")')).toEqual({
      response: 'bush',
      fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
      random: [{ id: 'state', model: 'iid' }],
    });
  });
  it('drops the intercept with -1, + 0 or a leading 0, and keeps it with an explicit 1', () => {
    expect(parseFormula('y ~ x - 1').fixed).toEqual(['x']);
    expect(parseFormula('y ~ -1 + x').fixed).toEqual(['x']);
    expect(parseFormula('y ~ 0 + x').fixed).toEqual(['x']);
    expect(parseFormula('y ~ 1 + x').fixed).toEqual(['1', 'x']);
    expect(parseFormula('y ~ 1').fixed).toEqual(['1']);
  });
  it('reads f() options: strings, numbers, logicals, c() and nested list() for hyper', () => {
    const spec = parseFormula(
      "y ~ x + f(region, model = 'besag', graph = 'data/lattice.graph', scale.model = TRUE, hyper = list(prec = list(prior = \"pc.prec\", param = c(1, 0.01), initial = -2.5)))",
    );
    expect(spec.random).toEqual([
      {
        id: 'region',
        model: 'besag',
        graph: 'data/lattice.graph',
        'scale.model': true,
        hyper: { prec: { prior: 'pc.prec', param: [1, 0.01], initial: -2.5 } },
      },
    ]);
  });
  it('reads numbers as R writes them', () => {
    expect(parseFormula('y ~ f(g, model = "iid", hyper = list(prec = list(initial = .5, param = c(-1, 2E+2, 1e-3))))').random).toEqual([
      { id: 'g', model: 'iid', hyper: { prec: { initial: 0.5, param: [-1, 200, 0.001] } } },
    ]);
  });

  it("takes lme4's (1 | group) as an iid random intercept", () => {
    expect(parseFormula('y ~ x + (1 | school)').random).toEqual([{ id: 'school', model: 'iid' }]);
  });
  it('says where a formula goes wrong and what was expected', () => {
    const cases: [string, RegExp][] = [
      ['y x', /position 3, expected '~'/],
      ['y ~ x +', /position 8, expected a term/],
      ['y ~ x $ z', /position 7, expected a name, a number/],
      ['y ~ f(state)', /expected model = "\.\.\." in f\(state, \.\.\.\)/],
      ['y ~ f(region, model = "besag", graph = g)', /not the R object 'g'; quote a graph file's path/],
      ['y ~ x + (x | g)', /only random intercepts are supported/],
      ['y ~ x - f(g, model = "iid")', /an f\(\) term cannot be removed/],
      ['y ~ f(s, model = "iid"', /expected '\)'/],
      ['y ~ f(g, model = "iid", hyper = list(prec = list(param = c(1.2.3, 1))))', /expected a number such as 2, 0.5, .5 or 1e-3/],
      ['y ~ f(g, model = "iid", model = "besag")', /each option once \(model is given twice\)/],
      ['y ~ f(g, model = "iid", hyper = list(prec = list(initial = 1, initial = 2)))', /each name once in list\(\) \(initial is given twice\)/],
      ['y ~ ', /at least one term after ~/],
    ];
    for (const [formula, message] of cases) {
      let error: unknown;
      try {
        parseFormula(formula);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DesignError);
      expect((error as DesignError).code).toBe('invalid-formula');
      expect((error as DesignError).message).toMatch(message);
    }
  });
  it('carries the 0-based offset of the character at fault, as the message counts it from 1', () => {
    const cases: [string, number, string][] = [
      ['y x', 2, 'x'],
      ['y ~ x $ z', 6, '$'],
      ['y ~ f(region, model = "besag", graph = g)', 39, 'g'],
      ['y ~ f(s, model = "iid"', 22, ''],
      ['y ~ x +', 7, ''],
    ];
    for (const [formula, position, character] of cases) {
      let error: DesignError | undefined;
      try {
        parseFormula(formula);
      } catch (e) {
        error = e as DesignError;
      }
      expect(error?.position, formula).toBe(position);
      expect(formula.slice(position, position + 1), formula).toBe(character);
      expect(error?.message, formula).toContain(`at position ${position + 1},`);
    }
  });
});

// The term labels below are those R 4.2.2's terms() gives for the same formulas (checked with Rscript when written).
describe("R's term algebra", () => {
  const fixed = (formula: string): string[] => parseFormula(formula).fixed;
  it('expands a*b, a/b and (a + b + c)^2 and orders the terms by their order, as terms() does', () => {
    expect(fixed('y ~ a*b')).toEqual(['1', 'a', 'b', 'a:b']);
    expect(fixed('y ~ a:b + c')).toEqual(['1', 'c', 'a:b']);
    expect(fixed('y ~ a/b')).toEqual(['1', 'a', 'a:b']);
    expect(fixed('y ~ (a + b + c)^2')).toEqual(['1', 'a', 'b', 'c', 'a:b', 'a:c', 'b:c']);
    expect(fixed('y ~ a*b*c - a:b:c')).toEqual(['1', 'a', 'b', 'c', 'a:b', 'a:c', 'b:c']);
    expect(fixed('y ~ a*b - a')).toEqual(['1', 'b', 'a:b']);
    expect(fixed('y ~ (a + b):c')).toEqual(['1', 'a:c', 'b:c']);
  });
  it('writes a term with its variables in order of first appearance, once', () => {
    expect(fixed('y ~ a + b:a + a:b')).toEqual(['1', 'a', 'a:b']);
    expect(fixed('y ~ b:a + a')).toEqual(['1', 'a', 'b:a']);
    expect(fixed('y ~ x + x')).toEqual(['1', 'x']);
  });
  it('labels transforms as R deparses them, and keeps backticks on non-syntactic names', () => {
    expect(fixed('y ~ log(x) + I(x^2) + I(2*x+1) + sqrt( x ) + exp(-x) + scale(x) + poly(x,2) + factor(g)')).toEqual([
      '1', 'log(x)', 'I(x^2)', 'I(2 * x + 1)', 'sqrt(x)', 'exp(-x)', 'scale(x)', 'poly(x, 2)', 'factor(g)',
    ]);
    expect(fixed('y ~ `my col` + `x` + log(`a b` + 1e5) + I(x / 1e-4)')).toEqual(['1', '`my col`', 'x', 'log(`a b` + 1e+05)', 'I(x/1e-04)']);
    expect(fixed('y ~ `my col`:g')).toEqual(['1', '`my col`:g']);
  });
  it('lists offset() terms in the spec, as R labels their argument', () => {
    expect(parseFormula('y ~ x + offset(log(pop)) + offset( base )')).toEqual({ response: 'y', fixed: ['1', 'x'], offsets: ['log(pop)', 'base'] });
    expect(parseFormula('y ~ offset(log(E)) + f(g, model = "iid")').offsets).toEqual(['log(E)']);
  });
  it('removes the intercept with -1, +0 or 0 and restores it with +1', () => {
    expect(fixed('y ~ a*b - 1')).toEqual(['a', 'b', 'a:b']);
    expect(fixed('y ~ 0 + a:b')).toEqual(['a:b']);
    expect(fixed('y ~ -1 + x + 1')).toEqual(['1', 'x']);
  });
});

describe('formula errors point at the character', () => {
  const failure = (formula: string): DesignError & { pointer?: string } => {
    try {
      parseFormula(formula);
    } catch (e) {
      expect(e).toBeInstanceOf(DesignError);
      return e as DesignError;
    }
    throw new Error(`expected '${formula}' to be refused`);
  };
  it('gives the position in the one-line message and a caret under it', () => {
    const e = failure('y ~ x + + z');
    expect(e.message).toBe("formula 'y ~ x + + z': at position 9, expected a column name, a function such as log(x), f(...) or (1 | group)");
    expect(e.pointer).toBe('  y ~ x + + z\n          ^');
  });
  const cases: [string, RegExp][] = [
    ['y ~ ns(x, 3)', /position 5, the function ns\(\) is not supported; expected one of log\(\), exp\(\), sqrt\(\), abs\(\), I\(\), scale\(\), poly\(\), factor\(\), as.factor\(\)/],
    ['y ~ x %in% a', /position 7, the operator %in% is not supported/],
    ['y ~ x:offset(n)', /an offset\(\) inside ':' is not supported; offsets enter only as \+ offset\(\.\.\.\)/],
    ['y ~ x - offset(n)', /an offset\(\) cannot be removed/],
    ['y ~ x + offset(n, 2)', /offset\(\) with 1 argument, not 2/],
    ['y ~ .', /'\.' \(all other columns\) is not supported/],
    ['log(y) ~ x', /position 1, a transformed response log\(\.\.\.\) is not supported/],
    ['y ~ (x | g)', /position 6, expected '1' in \(1 \| group\)|random slope/],
    ['y ~ x:f(g, model = "iid")', /an f\(\) or \(1 \| group\) term inside ':' is not supported/],
    ['y ~ poly(x, 0)', /poly\(x, k\) with a whole number k of at least 1/],
    ['y ~ poly(x)', /poly\(\) with 2 arguments, not 1/],
    ['y ~ I(x^)', /position 9, expected a number, a column name/],
    ['y ~ log(x', /position 10, expected ',' or '\)' in log\(\)|expected '\)'/],
    ['y ~ `x', /position 5, expected a closing backtick/],
    ['y ~ 2', /a number other than 0 or 1 is not a term; write I\(2\)/],
    ['y ~ x + 0:a', /a variable on each side of ':'/],
    ['y ~ (a + b)^x', /a whole number after \^/],
  ];
  for (const [formula, message] of cases) {
    it(formula, () => {
      const e = failure(formula);
      expect(e.code).toBe('invalid-formula');
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain('\n');
    });
  }
});
