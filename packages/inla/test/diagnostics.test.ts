import { describe, expect, it } from 'vitest';
import { inla, type FitWarning } from '../src/index.js';

const codes = (warnings: FitWarning[]): string[] => warnings.map((w) => `${w.code}:${w.column ?? ''}`);

describe('fit.warnings: data that INLA fits but should not be trusted as it stands', () => {
  const g = ['a', 'a', 'b', 'b', 'c', 'c', 'a', 'b', 'c', 'a', 'b', 'c'];
  it('names the covariate of a quasi-complete separation (every row of a level is a failure)', () => {
    const data = { y: [1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0], t: [0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1], g };
    const fit = inla({ model: 'y ~ t + f(g, model = "iid")', family: 'binomial', data });
    const warning = fit.warnings.find((w) => w.code === 'separation')!;
    expect(warning.column).toBe('t');
    expect(warning.message).toMatch(/^quasi-complete separation on 't': every row with t = 1 has y = 0/);
  });
  it('names the covariate of a perfect separation, with the boundary', () => {
    const data = { y: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    const fit = inla({ model: 'y ~ x', family: 'binomial', data });
    expect(fit.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/^perfect separation on 'x': every row with x > 5 has y = Ntrials \(all successes\)/));
  });
  it('flags a constant response, a single-level random effect and an uncentred covariate', () => {
    const data = { y: [0, 0, 0, 0, 0, 0], year: [1988, 1990, 1992, 1994, 1996, 1998], s: ['x', 'x', 'x', 'x', 'x', 'x'] };
    // a proper intercept prior: with R-INLA's flat one an all-zero response has no finite mode (an InlaError says so)
    const fit = inla({ model: 'y ~ year + f(s, model = "iid")', family: 'binomial', data, control: { fixed: { 'prec.intercept': 0.001 } } });
    expect(codes(fit.warnings)).toEqual(['constant-response:y', 'single-level:s', 'badly-scaled:year']);
    expect(fit.warnings[2]!.message).toMatch(/covariate 'year' has mean 1993 and SD 3\.742: .*centre it, e\.g\. I\(year - 1990\) or scale\(year\)/);
  });
  it('says nothing when the data overlap and the covariates are of order 1', () => {
    const data = { y: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], x: [0.1, -0.3, 0.5, 0.2, -1.2, 0.8, -0.4, 1.1, 0.3, -0.7, 0.6, -0.2], g };
    expect(inla({ model: 'y ~ x + f(g, model = "iid")', family: 'binomial', data }).warnings).toEqual([]);
  });
  it('checks the rows as they are when it works on their distinct patterns: repeated rows by their count, prediction rows without a response', () => {
    // t = 1 in two observed rows, both failures, and in two prediction rows; year repeats across rows
    const year = [1988, 1988, 1988, 1990, 1998, 1998, 1990, 1990, 1988, 1998];
    const data = { y: [1, 0, 0, 1, 0, 1, null, null, 1, 0], t: [0, 0, 1, 0, 1, 0, 1, 1, 0, 0], year };
    const fit = inla({ model: 'y ~ t + year', family: 'binomial', data });
    expect(codes(fit.warnings)).toEqual(['separation:t', 'badly-scaled:year']);
    expect(fit.warnings[0]!.message).toMatch(/^quasi-complete separation on 't': every row with t = 1 has y = 0/);
    // the moments over all ten rows of the design, each row once
    const mean = year.reduce((a, b) => a + b, 0) / year.length;
    const sd = Math.sqrt(year.reduce((a, b) => a + (b - mean) ** 2, 0) / (year.length - 1));
    expect(fit.warnings[1]!.message).toContain(`covariate 'year' has mean ${mean.toPrecision(4)} and SD ${sd.toPrecision(4)}:`);
  });
});
