/**
 * Offsets, weights, prediction rows and rows with no trials, each checked against a fit that must be the same
 * model written another way.
 */
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { inla, type InlaResult } from '../src/index.js';

function simulate(n = 60): { y: number[]; x: number[]; g: string[]; E: number[]; trials: number[] } {
  const u = seededRandom(21);
  const effects = [0.3, -0.2, 0.5, -0.4, 0.1, -0.3];
  const y: number[] = [];
  const x: number[] = [];
  const g: string[] = [];
  const E: number[] = [];
  const trials: number[] = [];
  for (let i = 0; i < n; i++) {
    const group = i % effects.length;
    const xi = u() - 0.5;
    const Ei = 1 + 4 * u();
    const rate = Ei * Math.exp(0.4 + 0.6 * xi + effects[group]!);
    // a Poisson draw by inversion
    let k = 0;
    let p = Math.exp(-rate);
    let cdf = p;
    const v = u();
    while (v > cdf && k < 200) {
      k++;
      p *= rate / k;
      cdf += p;
    }
    y.push(k);
    x.push(xi);
    g.push(String(group + 1));
    E.push(Ei);
    trials.push(k + Math.floor(5 * u()));
  }
  return { y, x, g, E, trials };
}

const model = 'y ~ 1 + x + f(g, model = "iid")';

/** Largest difference of the latent and hyperparameter summaries of two fits. */
function gap(a: InlaResult, b: InlaResult): number {
  let worst = 0;
  const rows = (f: InlaResult) => [...f.summaryFixed, ...f.summaryRandom.g!, ...f.summaryHyperpar];
  rows(a).forEach((row, i) => {
    const other = rows(b)[i]!;
    for (const key of ['mean', 'sd', '0.025quant', '0.975quant'] as const) worst = Math.max(worst, Math.abs(row[key] - other[key]) / Math.max(1, Math.abs(other[key])));
  });
  return worst;
}

describe('offsets, weights, prediction rows and rows without trials', () => {
  const data = simulate();

  it('an offset log E is the exposure E: the same posterior (to 1e-8)', () => {
    const withE = inla({ model, family: 'poisson', data, E: 'E' });
    const withOffset = inla({ model, family: 'poisson', data, offset: data.E.map(Math.log) });
    const inFormulaSpec = inla({
      model: { response: 'y', fixed: ['1', 'x'], offsets: ['log(E)'], random: [{ id: 'g', model: 'iid' }] },
      family: 'poisson',
      data,
    });
    expect(gap(withOffset, withE)).toBeLessThan(1e-8);
    expect(gap(inFormulaSpec, withE)).toBeLessThan(1e-8);
  });

  it('weight 2 on every row is every row twice (to 1e-6)', () => {
    const twice = { y: [...data.y, ...data.y], x: [...data.x, ...data.x], g: [...data.g, ...data.g], E: [...data.E, ...data.E] };
    const weighted = inla({ model, family: 'poisson', data, E: 'E', weights: new Array(data.y.length).fill(2) });
    const duplicated = inla({ model, family: 'poisson', data: twice, E: 'E' });
    expect(gap(weighted, duplicated)).toBeLessThan(1e-6);
  });

  it('rows without a response are predicted, not fitted: the same posterior as without them (to 1e-8), and their η summarised', () => {
    const hidden = [3, 10, 11, 40];
    const withNa = { ...data, y: data.y.map((v, i) => (hidden.includes(i) ? null : v)) };
    const kept = (values: unknown[]) => values.filter((_, i) => !hidden.includes(i));
    const without = { y: kept(data.y) as number[], x: kept(data.x) as number[], g: kept(data.g) as string[], E: kept(data.E) as number[] };
    const predicted = inla({ model, family: 'poisson', data: withNa, E: 'E', control: { predictor: { compute: true } } });
    const dropped = inla({ model, family: 'poisson', data: without, E: 'E' });
    expect(gap(predicted, dropped)).toBeLessThan(1e-8);
    expect(predicted.summaryLinearPredictor).toHaveLength(data.y.length);
    // the predicted η of a hidden row is its fixed part plus its group effect
    const i = hidden[0]!;
    const fixed = predicted.summaryFixed;
    const group = predicted.summaryRandom.g!.find((r) => r.ID === data.g[i])!;
    expect(predicted.summaryLinearPredictor[i]!.mean).toBeCloseTo(fixed[0]!.mean + fixed[1]!.mean * data.x[i]! + group.mean, 2);
    expect(Number.isNaN(predicted.posterior.response[i]!)).toBe(true);
  });

  it('binomial rows with Ntrials = 0 carry no information: the same posterior as without them (to 1e-8)', () => {
    const binomialData = { y: data.y, x: data.x, g: data.g, n: data.trials };
    const withEmpty = { y: [...binomialData.y, 0, 0], x: [...binomialData.x, 0.3, -0.2], g: [...binomialData.g, '1', '2'], n: [...binomialData.n, 0, 0] };
    const a = inla({ model, family: 'binomial', data: withEmpty, Ntrials: 'n' });
    const b = inla({ model, family: 'binomial', data: binomialData, Ntrials: 'n' });
    expect(gap(a, b)).toBeLessThan(1e-8);
  });
});
