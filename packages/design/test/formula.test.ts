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
      ['y ~ x * z', /position 7, expected a name, a number/],
      ['y ~ f(state)', /expected model = "\.\.\." in f\(state, \.\.\.\)/],
      ['y ~ f(region, model = "besag", graph = g)', /not the R object 'g'; quote a graph file's path/],
      ['y ~ x + (x | g)', /only random intercepts are supported/],
      ['y ~ x - z', /only the intercept can be removed/],
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
      expect((error as DesignError).code).toBe('INVALID_FORMULA');
      expect((error as DesignError).message).toMatch(message);
    }
  });
  it('carries the 0-based offset of the character at fault, as the message counts it from 1', () => {
    const cases: [string, number, string][] = [
      ['y x', 2, 'x'],
      ['y ~ x * z', 6, '*'],
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
