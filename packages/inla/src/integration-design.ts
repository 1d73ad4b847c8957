import { InlaError } from './errors.js';
import type { IntegrationStrategy } from './options.js';
import { outOfRange } from '@hlm/sparse';

/** Points of an integration design in the standardised z space, before the stretch s± is applied. */
export interface IntegrationDesign {
  readonly kind: 'grid' | 'ccd' | 'eb';
  /** One row per point. */
  readonly points: Float64Array[];
  /** log of each point's integration weight (added to log π̃(θ_k | y)). */
  readonly logWeights: Float64Array;
  /** The scale f applied to every point: z = f · point ⊙ s±. */
  readonly scale: number;
}

/** The fixed one-dimensional design of R-INLA's compact mode (design.c): nodes and their weights. */
const GRID_1D_NODES = [0, 0.5, 1, 1.75, 2.5, 3.5];
const GRID_1D_WEIGHTS = [1.0, 1.288639321, 1.431919577, 1.937929918, 1.811358205, 3.187537795];
/**
 * The two-dimensional design is the 7 × 7 product of {0, ±0.5, ±1.25, ±2.25} without its four corners;
 * its weights are products g(a) g(b) of these one-dimensional factors (R-INLA design.c).
 */
const GRID_2D_NODES = [0, 0.5, 1.25, 2.25];
const GRID_2D_FACTORS = [1.0, 0.646540918, 1.17894196, 1.93160554];

/** R-INLA's f0: the design is scaled by f = max(f0, 1) √m. */
const F0 = 1.1;

function symmetric(nodes: number[], weights: number[]): { node: number; weight: number }[] {
  const out: { node: number; weight: number }[] = [];
  nodes.forEach((node, i) => {
    out.push({ node, weight: (weights[i] ?? outOfRange(weights, i)) });
    if (node !== 0) out.push({ node: -node, weight: (weights[i] ?? outOfRange(weights, i)) });
  });
  return out.sort((a, b) => a.node - b.node);
}

/**
 * A two-level fractional factorial of resolution V for m factors (m ≤ 8; Sanchez & Sanchez 2005 sizes):
 * the full 2^m for m ≤ 4; 2^(m−1) with the last factor the product of the others for 5 ≤ m ≤ 7;
 * 2^(8−2) with generators G = ABCD·..., H = ... for m = 8.
 */
function fractionalFactorial(m: number): number[][] {
  const base = m <= 4 ? m : m <= 7 ? m - 1 : 6;
  const rows: number[][] = [];
  for (let r = 0; r < 2 ** base; r++) {
    const row: number[] = Array.from({ length: base }, (_, j) => ((r >> j) & 1 ? 1 : -1));
    if (m > 4 && m <= 7) row.push(row.reduce((p, v) => p * v, 1));
    if (m === 8) {
      // generators G = ABCD, H = ABEF: the defining words ABCDG, ABEFH and CDEFGH have length 5 or more, so resolution V holds
      row.push((row[0] ?? outOfRange(row, 0)) * (row[1] ?? outOfRange(row, 1)) * (row[2] ?? outOfRange(row, 2)) * (row[3] ?? outOfRange(row, 3)));
      row.push((row[0] ?? outOfRange(row, 0)) * (row[1] ?? outOfRange(row, 1)) * (row[4] ?? outOfRange(row, 4)) * (row[5] ?? outOfRange(row, 5)));
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The central composite design of Rue, Martino & Chopin (2009, §6.5): the centre, 2m axial points and a
 * resolution-V fractional factorial, every non-central point on the unit sphere (radius f = 1.1 √m after scaling).
 * Weights: w = 1 / ((N − 1)(1 + exp(−f²/2)(f²/m − 1))) off the centre, 1 − (N − 1) w at the centre.
 */
function centralCompositeDesign(m: number): IntegrationDesign {
  if (m > 8) {
    throw new InlaError('invalid-option', `the central composite design is available for up to 8 hyperparameters, the model has ${m}; use int.strategy = 'eb'`, { m });
  }
  const points: Float64Array[] = [new Float64Array(m)];
  for (let k = 0; k < m; k++) {
    for (const sign of [-1, 1]) {
      const p = new Float64Array(m);
      p[k] = sign;
      points.push(p);
    }
  }
  for (const row of fractionalFactorial(m)) points.push(Float64Array.from(row, (v) => v / Math.sqrt(m)));
  const f = Math.max(F0, 1) * Math.sqrt(m);
  const N = points.length;
  const w = 1 / ((N - 1) * (1 + Math.exp(-0.5 * f * f) * ((f * f) / m - 1)));
  const wCentre = 1 - (N - 1) * w;
  const logWeights = Float64Array.from(points, (_, k) => (k === 0 ? (wCentre > 0 ? Math.log(wCentre) : -Infinity) : Math.log(w)));
  return { kind: 'ccd', points, logWeights, scale: f };
}

/**
 * The integration design R-INLA's compact mode uses for m hyperparameters: `auto`/`grid` is the fixed
 * 11-point (m = 1) or 45-point (m = 2) design and the CCD for m ≥ 3; `eb` is the mode alone.
 * With an explicit `ccd`, R-INLA's compact mode puts the points at radius 1 with equal weights
 * (approx-inference.c: f = w = w_origo = 1), and so does this.
 */
export function integrationDesign(m: number, strategy: IntegrationStrategy): IntegrationDesign {
  if (strategy === 'eb' || m === 0) {
    return { kind: 'eb', points: [new Float64Array(m)], logWeights: new Float64Array(1), scale: 1 };
  }
  if (strategy === 'ccd') {
    const ccd = centralCompositeDesign(m);
    return { kind: 'ccd', points: ccd.points, logWeights: new Float64Array(ccd.points.length), scale: 1 };
  }
  if (m === 1) {
    const grid = symmetric(GRID_1D_NODES, GRID_1D_WEIGHTS);
    return {
      kind: 'grid',
      points: grid.map((g) => Float64Array.of(g.node)),
      logWeights: Float64Array.from(grid, (g) => Math.log(g.weight)),
      scale: Math.max(F0, 1),
    };
  }
  if (m === 2) {
    const axis = symmetric(GRID_2D_NODES, GRID_2D_FACTORS);
    const points: Float64Array[] = [];
    const logWeights: number[] = [];
    for (const a of axis) {
      for (const b of axis) {
        if (Math.abs(a.node) === 2.25 && Math.abs(b.node) === 2.25) continue;
        points.push(Float64Array.of(a.node, b.node));
        logWeights.push(Math.log(a.weight * b.weight));
      }
    }
    return { kind: 'grid', points, logWeights: Float64Array.from(logWeights), scale: Math.max(F0, 1) * Math.SQRT2 };
  }
  // R-INLA's grid strategy with the CCD's points: the weights are the design's, the strategy stays 'grid'
  return { ...centralCompositeDesign(m), kind: 'grid' };
}
