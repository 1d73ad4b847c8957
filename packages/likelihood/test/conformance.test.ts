import { describe, expect, it } from 'vitest';
import { checkFamily, type FamilyCase } from '../src/conformance.js';
import { families, type LikelihoodFamily } from '../src/index.js';

/** Sample cases per registered family; a family without an entry fails the test below. */
const CASES: Record<string, FamilyCase[]> = {
  binomial: [
    { y: [0, 3, 10, 0], columns: { Ntrials: [1, 10, 10, 0] }, theta: [], eta: [-0.5, 0.3, 2.5, 1], maxCount: [1, 10, 10, 0] },
    { y: [2, 5], columns: { Ntrials: [8, 12] }, theta: [], eta: [-3, 4], maxCount: [8, 12] },
  ],
  poisson: [{ y: [0, 4, 17], columns: { E: [1, 2.5, 0.3] }, theta: [], eta: [-1, 0.4, 4] }],
  gaussian: [
    { y: [1.3, -0.2, 4], columns: { scale: [1, 2, 0.5] }, theta: [0.7], eta: [1, 0.5, 3] },
    { y: [10], columns: { scale: [1] }, theta: [-2], eta: [0] },
  ],
  nbinomial: [
    { y: [0, 3, 12, 40], columns: { E: [1, 1, 2.5, 0.7] }, theta: [Math.log(2.5)], eta: [0.2, 1.1, 1.4, 3.5] },
    { y: [1, 0], columns: { E: [1, 3] }, theta: [Math.log(150)], eta: [-0.5, 0.5] },
  ],
};

describe('every registered family passes the conformance kit', () => {
  const builtIn = [...families.values()].filter((f) => !f.name.startsWith('test-') && !f.name.startsWith('criteria-'));
  it.each(builtIn.map((f) => [f.name, f] as [string, LikelihoodFamily]))('%s', (name, family) => {
    expect(CASES[name], `add sample cases for '${name}' to CASES`).toBeDefined();
    expect(checkFamily(family, CASES[name]!)).toEqual([]);
  });

  it('finds a wrong derivative, a density that does not sum to 1 and a CDF that disagrees (the kit itself)', () => {
    const poisson = families.get('poisson')!;
    const broken: LikelihoodFamily = {
      ...poisson,
      name: 'broken',
      derivatives(y, columns, theta, eta, d1, d2, d3) {
        poisson.derivatives(y, columns, theta, eta, d1, d2, d3);
        if (d2) d2[0] = 2 * d2[0]!;
      },
      logDensityAt: (yi, columns, i, theta, eta) => poisson.logDensityAt(yi, columns, i, theta, eta) + 0.01,
    };
    const findings = checkFamily(broken, CASES.poisson!);
    expect(findings.some((f) => /d2 .* finite differences/.test(f))).toBe(true);
    expect(findings.some((f) => /sums to 1\.01/.test(f))).toBe(true);
    expect(findings.some((f) => /logDensityAt .* ≠ logDensity/.test(f))).toBe(true);
    expect(findings.some((f) => /cdf\(0\)/.test(f))).toBe(true);
  });
});
