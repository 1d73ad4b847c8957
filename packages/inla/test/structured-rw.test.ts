import type { Table } from '@hlm/design';
import { normalDraw, seededRandom } from '@hlm/test-utils';
import { Matrix } from 'ml-matrix';
import { describe, it } from 'vitest';
import { checkStructured, expectStructured } from './structured-check.js';

const TAU_Y = 6;

/** Irregular locations (spacings 0.4 to 1.6), two observations at each, a smooth signal plus 0.4 x. */
function simulate(seed: number, count: number, irregular: boolean): { table: Table; locations: number[] } {
  const uniform = seededRandom(seed);
  const locations: number[] = [];
  let t = 0;
  for (let k = 0; k < count; k++) {
    t += irregular ? 0.4 + 1.2 * uniform() : 1;
    locations.push(Number(t.toFixed(6)));
  }
  const table: { y: number[]; x: number[]; t: number[] } = { y: [], x: [], t: [] };
  for (const loc of locations) {
    for (let r = 0; r < 2; r++) {
      const x = normalDraw(uniform);
      table.t.push(loc);
      table.x.push(x);
      table.y.push(Math.sin(loc / 3) + 0.4 * x + normalDraw(uniform) / Math.sqrt(TAU_Y));
    }
  }
  return { table, locations };
}

/** R of rw1 from first principles: Σ_k (e_{k+1} − e_k)(e_{k+1} − e_k)ᵀ / δ_k. */
function rw1Structure(t: number[]): Matrix {
  const n = t.length;
  const R = Matrix.zeros(n, n);
  for (let k = 0; k < n - 1; k++) {
    const w = 1 / (t[k + 1]! - t[k]!);
    R.set(k, k, R.get(k, k) + w);
    R.set(k + 1, k + 1, R.get(k + 1, k + 1) + w);
    R.set(k, k + 1, R.get(k, k + 1) - w);
    R.set(k + 1, k, R.get(k + 1, k) - w);
  }
  return R;
}

/**
 * R of rw2 on irregular locations, from its definition (Lindgren & Rue 2008): the second divided differences
 * D f_k = [(f_{k+1} − f_k)/δ_k − (f_k − f_{k−1})/δ_{k−1}] have independent variances (δ_{k−1} + δ_k)/(2τ).
 */
function rw2Structure(t: number[]): Matrix {
  const n = t.length;
  const D = Matrix.zeros(n - 2, n);
  const weights: number[] = [];
  for (let k = 1; k < n - 1; k++) {
    const left = t[k]! - t[k - 1]!;
    const right = t[k + 1]! - t[k]!;
    D.set(k - 1, k - 1, 1 / left);
    D.set(k - 1, k, -1 / left - 1 / right);
    D.set(k - 1, k + 1, 1 / right);
    weights.push(2 / (left + right));
  }
  return D.transpose().mmul(Matrix.diag(weights)).mmul(D);
}

function withDiagonal(R: Matrix, tau: number): Matrix {
  return R.clone().mul(tau).add(Matrix.eye(R.rows).mul(1e-4));
}

describe('rw1 and rw2 in a Gaussian model, against dense exact computations', () => {
  for (const order of [1, 2] as const) {
    for (const irregular of [false, true]) {
      it(`rw${order} on ${irregular ? 'irregular' : 'equally spaced'} locations`, () => {
        const { table, locations } = simulate(order * 10 + (irregular ? 1 : 0), 24, irregular);
        const structure = order === 1 ? rw1Structure(locations) : rw2Structure(locations);
        const figures = checkStructured({
          name: `rw${order} ${irregular ? 'irregular' : 'equal spacing'}`,
          table,
          spec: { response: 'y', fixed: ['1', 'x'], random: [{ id: 't', model: `rw${order}` }] },
          tauY: TAU_Y,
          dense: ([theta]) => ({ Q: withDiagonal(structure, Math.exp(theta!)), C: [new Array<number>(locations.length).fill(1)] }),
          thetas: [[0.5], [2], [4]],
          transforms: [Math.exp],
          grid: { halfWidth: 7, points: 71 },
        });
        // the latent marginals differ from the brute force by INLA's 11-point design and R-INLA's pruning of the mixture to 97.5% of its mass
        expectStructured(figures, { thetaMean: 0.02, thetaSd: 0.02, latentMean: 0.05, latentSd: 0.04 });
      });
    }
  }
});
