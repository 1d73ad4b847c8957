import { seededRandom } from '@hlm/test-utils';

/** 48 binomial counts on 8 time points (1–6 trials each, logit p = −0.2 + 0.9 sin(t/2)), seeded: data for an rw1 model. */
export function binomialRw1Table(): { y: number[]; n: number[]; t: number[] } {
  const uniform = seededRandom(5);
  const table: { y: number[]; n: number[]; t: number[] } = { y: [], n: [], t: [] };
  for (let i = 0; i < 48; i++) {
    const t = 1 + (i % 8);
    const trials = 1 + Math.floor(6 * uniform());
    const p = 1 / (1 + Math.exp(-(-0.2 + 0.9 * Math.sin(t / 2))));
    let y = 0;
    for (let k = 0; k < trials; k++) if (uniform() < p) y++;
    table.y.push(y);
    table.n.push(trials);
    table.t.push(t);
  }
  return table;
}
