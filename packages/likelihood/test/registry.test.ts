import { describe, expect, it } from 'vitest';
import { binomial, families, getFamily, LikelihoodError, registerFamily, type LikelihoodFamily } from '../src/index.js';

describe('family registry', () => {
  it('holds the binomial family', () => {
    expect(getFamily('binomial')).toBe(binomial);
    expect([...families.keys()]).toContain('binomial');
  });

  it('names the known families when a name is unknown', () => {
    expect(() => getFamily('gamma')).toThrow(LikelihoodError);
    expect(() => getFamily('gamma')).toThrow(/unknown likelihood family 'gamma'; known families: .*'binomial'/);
    try {
      getFamily('Binomial');
    } catch (e) {
      expect((e as LikelihoodError).code).toBe('unknown-family');
    }
  });

  it('registers new families and refuses a taken name', () => {
    const bernoulli: LikelihoodFamily = { ...binomial, name: 'test-bernoulli' };
    registerFamily(bernoulli);
    expect(getFamily('test-bernoulli')).toBe(bernoulli);
    expect(families.get('test-bernoulli')).toBe(bernoulli);
    expect(() => registerFamily(binomial)).toThrow(/'binomial' is already registered/);
    expect(() => registerFamily(binomial)).toThrow(expect.objectContaining({ code: 'duplicate-family' }));
  });
});
