import { describe, expect, it } from 'vitest';
import { inla, InlaError } from '../src/index.js';

describe("inla()'s top-level arguments", () => {
  const data = { y: [0, 1, 1, 0], x: [1, 2, 3, 4] };
  const fit = (extra: Record<string, unknown>): unknown => inla({ model: 'y ~ x', family: 'binomial', data, ...extra } as never);
  it('rejects a misspelt argument, listing the known ones, before any fitting', () => {
    expect(() => fit({ contrl: { compute: { dic: true } } })).toThrow(InlaError);
    expect(() => fit({ contrl: {} })).toThrow(/inla\(\): unknown argument 'contrl'; known arguments: model, family, data, control, .*Ntrials/);
    expect(() => fit({ ntrials: 1 })).toThrow(/unknown argument 'ntrials'/);
  });
});

describe('progress', () => {
  it('reports the mode search, then each integration point, then each point’s marginals', () => {
    const events: { stage: string; done: number; total?: number }[] = [];
    const data = { y: [0, 1, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6], g: ['a', 'b', 'c', 'a', 'b', 'c'] };
    const fit = inla({ model: 'y ~ x + f(g, model = "iid")', family: 'binomial', data, progress: (e) => events.push(e) });
    const stages = events.map((e) => e.stage).filter((s, k, all) => k === 0 || s !== all[k - 1]);
    expect(stages).toEqual(['mode', 'integration', 'marginals']);
    const points = fit.posterior.points.length;
    expect(events.filter((e) => e.stage === 'integration')).toEqual(Array.from({ length: points }, (_, k) => ({ stage: 'integration', done: k + 1, total: points })));
    expect(events.filter((e) => e.stage === 'mode').map((e) => e.done)).toEqual(Array.from({ length: events.filter((e) => e.stage === 'mode').length }, (_, k) => k + 1));
  });
});
