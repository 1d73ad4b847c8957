import { normalDraw, seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { inla } from '../src/index.js';

/**
 * A Poisson model whose exact posterior factorises: y_ij ~ Poisson(E_ij exp(u_j)), u_j ~ N(0, 1/τ) with τ held
 * fixed and no fixed effects, so each u_j's posterior is a one-dimensional integral computed on a fine grid.
 */
describe('the Poisson family with an exposure', () => {
  const uniform = seededRandom(3);
  const groups = 8;
  const perGroup = 15;
  const tau = 4;
  const data: { y: number[]; E: number[]; g: string[] } = { y: [], E: [], g: [] };
  for (let j = 0; j < groups; j++) {
    const u = normalDraw(uniform) / Math.sqrt(tau);
    for (let i = 0; i < perGroup; i++) {
      const E = 0.5 + 1.5 * uniform();
      // a Poisson draw by inversion
      const mean = E * Math.exp(u);
      let k = 0;
      let p = Math.exp(-mean);
      let cumulative = p;
      const target = uniform();
      while (cumulative < target) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      data.y.push(k);
      data.E.push(E);
      data.g.push(`g${j + 1}`);
    }
  }

  it('matches the exact posterior of every group effect (means within 0.02 sd, sds within 2%)', () => {
    const fit = inla({
      model: { response: 'y', fixed: [], random: [{ id: 'g', model: 'iid', hyper: { prec: { initial: Math.log(tau), fixed: true } } }] },
      family: 'poisson',
      data,
      E: 'E',
    });
    let worstMean = 0;
    let worstSd = 0;
    fit.summaryRandom.g!.forEach((row, j) => {
      const rows = data.g.map((label, i) => (label === `g${j + 1}` ? i : -1)).filter((i) => i >= 0);
      const logPost = (u: number): number =>
        -0.5 * tau * u * u + rows.reduce((s, i) => s + data.y[i]! * u - data.E[i]! * Math.exp(u), 0);
      const grid = Array.from({ length: 8001 }, (_, k) => -4 + (8 * k) / 8000);
      const values = grid.map(logPost);
      const max = Math.max(...values);
      const w = values.map((v) => Math.exp(v - max));
      const total = w.reduce((a, b) => a + b, 0);
      const mean = grid.reduce((s, u, k) => s + u * w[k]!, 0) / total;
      const sd = Math.sqrt(grid.reduce((s, u, k) => s + (u - mean) ** 2 * w[k]!, 0) / total);
      worstMean = Math.max(worstMean, Math.abs(row.mean - mean) / sd);
      worstSd = Math.max(worstSd, Math.abs(row.sd / sd - 1));
    });
    console.log(`poisson vs exact: worst |Δmean|/sd ${worstMean.toFixed(4)}, |sd ratio − 1| ${worstSd.toFixed(4)}`);
    expect(worstMean).toBeLessThan(0.02);
    expect(worstSd).toBeLessThan(0.02);
  });

  it('reads E as a column, an array or one number, and only for the poisson family', () => {
    const model = 'y ~ 1 + f(g, model = "iid")';
    const byColumn = inla({ model, family: 'poisson', data, E: 'E' });
    const byArray = inla({ model, family: 'poisson', data, E: data.E });
    expect(byArray.summaryFixed).toEqual(byColumn.summaryFixed);
    const unit = inla({ model, family: 'poisson', data, E: 1 });
    const none = inla({ model, family: 'poisson', data });
    expect(none.summaryFixed).toEqual(unit.summaryFixed);
    expect(() => inla({ model, family: 'binomial', data: { ...data, y: data.y.map((v) => Math.min(v, 1)) }, E: 'E' })).toThrow(/E is not read by the binomial family; it reads: Ntrials/);
  });
});
