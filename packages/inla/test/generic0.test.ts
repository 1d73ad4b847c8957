/** R-INLA's generic0 (a user-given structure matrix) through the engine, against models it must equal. */
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { inla } from '../src/index.js';

describe('generic0', () => {
  const u = seededRandom(5);
  const g = Array.from({ length: 48 }, (_, i) => String((i % 8) + 1));
  const y = g.map((label) => (u() < 0.3 + 0.05 * Number(label) ? 1 : 0));
  const data = { y, g };

  it('with Cmatrix = I is the iid model (every summary to 1e-9)', () => {
    const identity = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? 1 : 0)));
    const a = inla({ model: { response: 'y', fixed: ['1'], random: [{ id: 'g', model: 'generic0', Cmatrix: identity }] }, family: 'binomial', data });
    const b = inla({ model: { response: 'y', fixed: ['1'], random: [{ id: 'g', model: 'iid' }] }, family: 'binomial', data });
    const rows = (f: typeof a) => [...f.summaryFixed, ...f.summaryRandom.g!, ...f.summaryHyperpar];
    rows(a).forEach((row, k) => {
      expect(Math.abs(row.mean - rows(b)[k]!.mean)).toBeLessThan(1e-9);
      expect(Math.abs(row.sd - rows(b)[k]!.sd)).toBeLessThan(1e-9);
    });
  });

  it('with the rw1 structure, rankdef 1 and constr is the rw1 model (every summary to 1e-8: the two order their patterns differently)', () => {
    const n = 8;
    const C = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (i === 0 || i === n - 1 ? 1 : 2) : Math.abs(i - j) === 1 ? -1 : 0)));
    const a = inla({ model: { response: 'y', fixed: ['1'], random: [{ id: 'g', model: 'generic0', Cmatrix: C, rankdef: 1, constr: true }] }, family: 'binomial', data });
    const b = inla({ model: { response: 'y', fixed: ['1'], random: [{ id: 'g', model: 'rw1' }] }, family: 'binomial', data });
    const rows = (f: typeof a) => [...f.summaryFixed, ...f.summaryRandom.g!, ...f.summaryHyperpar];
    rows(a).forEach((row, k) => {
      expect(Math.abs(row.mean - rows(b)[k]!.mean)).toBeLessThan(1e-8);
      expect(Math.abs(row.sd - rows(b)[k]!.sd)).toBeLessThan(1e-8);
    });
  });
});
