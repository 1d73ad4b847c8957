import { describe, expect, it } from 'vitest';
import { inla, InlaError } from '../src/index.js';
import { resolveFixedPrior, resolveInlaSettings } from '../src/options.js';

const data = { y: [0, 1, 1, 0, 1, 0], x: [0.1, 0.5, -0.3, 1.2, 0.8, -1], g: ['a', 'a', 'b', 'b', 'c', 'c'] };
const model = { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] };

describe("options under R-INLA's names", () => {
  it('accepts R, snake_case and camelCase spellings', () => {
    expect(resolveInlaSettings({ 'int.strategy': 'eb' }).intStrategy).toBe('eb');
    expect(resolveInlaSettings({ int_strategy: 'ccd' }).intStrategy).toBe('ccd');
    expect(resolveInlaSettings({ intStrategy: 'grid' }).intStrategy).toBe('grid');
    const fixed = resolveFixedPrior({ 'prec.intercept': 0.001, prec: { x: 0.5 } });
    expect(fixed.precIntercept).toBe(0.001);
    expect(fixed.prec).toEqual({ default: 0.001, x: 0.5 });
  });
  it('rejects unknown keys and bad values with a typed error naming them', () => {
    expect(() => resolveInlaSettings({ strategi: 'auto' })).toThrow(/unknown option 'strategi'.*known options: strategy/);
    expect(() => resolveInlaSettings({ strategy: 'exact' })).toThrow(InlaError);
    expect(() => resolveFixedPrior({ prec: -1 })).toThrow(/control.fixed.prec must be a precision >= 0, got -1/);
    expect(() => inla({ model, family: 'binomial', data, control: { family: { hyper: { prec: { initial: 1 } } } } })).toThrow(
      /binomial family has no hyperparameters/,
    );
    expect(() => inla({ model, family: 'gaussian', data, control: { family: { hyper: { prec: { start: 1 } } } } })).toThrow(
      /control.family: hyper.prec.start is not a setting/,
    );
    expect(() => inla({ model, family: 'tweedie', data })).toThrow(/unknown likelihood family 'tweedie'; known families: 'binomial', 'gaussian', 'nbinomial', 'poisson'/);
  });
  it('rejects what it would otherwise ignore: unknown sections, term options, fixed-effect names, malformed VB settings', () => {
    expect(() => inla({ model, family: 'binomial', data, control: { lincomb: {} } as never })).toThrow(
      /control.lincomb is not supported; control takes: compute, fixed, inla, family, predictor/,
    );
    expect(() => inla({ model, family: 'binomial', data, control: { predictor: { link: 2 } } })).toThrow(/only link = 1/);
    expect(() => inla({ model: { ...model, random: [{ id: 'g', model: 'iid', scale_model: true }] }, family: 'binomial', data })).toThrow(
      /component 'g': model 'iid' has no option 'scale_model'; its options are: hyper, constr, values/,
    );
    expect(() => inla({ model, family: 'binomial', data, control: { fixed: { prec: { xx: 1 } } } })).toThrow(/control.fixed names 'xx', which is not a fixed effect/);
    expect(() => resolveInlaSettings({ 'control.vb': { enable: 'no' } })).toThrow(/enable must be true, false or 'auto', got "no"/);
    expect(() => resolveInlaSettings({ 'control.vb': { 'iter.max': 2.5 } })).toThrow(/iter.max must be an integer from 1 to 1000, got 2.5/);
    expect(() => resolveInlaSettings({ 'control.vb': { 'f.enable.limit': ['x'] } })).toThrow(/f.enable.limit must be an array of non-negative integers/);
    expect(() => inla({ model, family: 'binomial', data: [{ y: 1 }] as never })).toThrow(/data must be a table of named columns/);
  });

  it('says why the mode runs off when the posterior is improper, and how to mend it', () => {
    const allZero = { ...data, y: [0, 0, 0, 0, 0, 0] };
    expect(() => inla({ model, family: 'binomial', data: allZero })).toThrow(/posterior is improper.*'prec.intercept': 0.001/);
    const fit = inla({ model, family: 'binomial', data: allZero, control: { fixed: { 'prec.intercept': 0.001 } } });
    expect(fit.summaryFixed[0]!.mean).toBeLessThan(-2);
  });

  it("accepts R-INLA's config and return.marginals, and says they change nothing", () => {
    const fit = inla({ model, family: 'binomial', data, control: { compute: { config: true, 'return.marginals': true } } });
    expect(fit.warnings).toEqual([
      { code: 'ignored-option', message: 'control.compute.config has no effect in hlm: the posterior always carries its points and marginals' },
      { code: 'ignored-option', message: 'control.compute.return.marginals has no effect in hlm: the posterior always carries its points and marginals' },
    ]);
  });

  it('takes one number of trials for every row, as R recycles it', () => {
    const counts = { ...data, y: [0, 3, 2, 1, 4, 0] };
    const one = inla({ model, family: 'binomial', data: counts, Ntrials: 5 });
    const many = inla({ model, family: 'binomial', data: counts, Ntrials: [5, 5, 5, 5, 5, 5] });
    expect(one.summaryFixed[1]!.mean).toBe(many.summaryFixed[1]!.mean);
  });

  it('honours a hyperparameter held fixed: no integration over it', () => {
    const fit = inla({ model: { ...model, random: [{ id: 'g', model: 'iid', hyper: { prec: { initial: 1, fixed: true } } }] }, family: 'binomial', data });
    expect(fit.summaryHyperpar).toEqual([]);
    expect(fit.posterior.points).toHaveLength(1);
    expect(fit.posterior.points[0]!.theta).toEqual([]);
  });
});

describe('a model given as a formula', () => {
  it('fits exactly as the same model given as a spec', () => {
    const counts = { ...data, y: [0, 3, 2, 1, 4, 0] };
    const fromSpec = inla({ model, family: 'binomial', data: counts, Ntrials: 5 });
    const fromFormula = inla({ model: 'y ~ x + f(g, model = "iid")', family: 'binomial', data: counts, Ntrials: 5 });
    const fromLme4 = inla({ model: 'y ~ 1 + x + (1 | g)', family: 'binomial', data: counts, Ntrials: 5 });
    expect(fromFormula.summaryFixed).toEqual(fromSpec.summaryFixed);
    expect(fromLme4.summaryHyperpar).toEqual(fromSpec.summaryHyperpar);
  });
});
