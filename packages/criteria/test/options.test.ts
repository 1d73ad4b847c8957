import { describe, expect, it } from 'vitest';
import { computeCriteria, CriteriaError, type CriteriaPosterior } from '../src/index.js';

describe('computeCriteria options', () => {
  // the options are checked before the posterior is read, so an empty one serves
  const posterior = {} as CriteriaPosterior;
  it('rejects an unknown option, listing the known ones', () => {
    expect(() => computeCriteria(posterior, { dics: true } as never)).toThrow(CriteriaError);
    expect(() => computeCriteria(posterior, { dics: true } as never)).toThrow("computeCriteria: unknown option 'dics'; known options: dic, waic, mlik, cpo");
  });
  it('rejects a value that is not true or false', () => {
    expect(() => computeCriteria(posterior, { dic: 'yes' } as never)).toThrow(`computeCriteria: option 'dic' must be true or false, got "yes"`);
  });
});
