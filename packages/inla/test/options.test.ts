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
    expect(() => resolveInlaSettings({ strategy: 'laplace' })).toThrow(InlaError);
    expect(() => resolveFixedPrior({ prec: -1 })).toThrow(/control.fixed.prec must be a precision >= 0, got -1/);
    expect(() => inla({ model, family: 'binomial', data, control: { family: { hyper: { prec: { initial: 1 } } } } })).toThrow(
      /binomial family has no hyperparameters/,
    );
    expect(() => inla({ model, family: 'gaussian', data })).toThrow(/precision must be fixed/);
    expect(() => inla({ model, family: 'poisson', data })).toThrow(/unknown likelihood family 'poisson'; known families: 'binomial', 'gaussian'/);
  });
  it('honours a hyperparameter held fixed: no integration over it', () => {
    const fit = inla({ model: { ...model, random: [{ id: 'g', model: 'iid', hyper: { prec: { initial: 1, fixed: true } } }] }, family: 'binomial', data });
    expect(fit.summaryHyperpar).toEqual([]);
    expect(fit.posterior.points).toHaveLength(1);
    expect(fit.posterior.points[0]!.theta).toEqual([]);
  });
});
