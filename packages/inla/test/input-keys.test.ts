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
