import { fileURLToPath } from 'node:url';
import { seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, pseudoInverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  besagStructure,
  BymPhiDistance,
  tabulatedBymPhiDistance,
  connectedComponents,
  getLatentModel,
  LatentError,
  readGraphFile,
  rwScale,
  symmetricEigenvalues,
  type Graph,
  type LatentComponent,
  type LatentModelOptions,
} from '../src/index.js';
import { bymPhiPriorTerms } from '../src/models/bym2.js';
import { integratePrior } from '../src/conformance.js';

const dataFile = (name: string): string => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

/** Q(θ) of a component as a dense matrix. */
function dense(component: LatentComponent, theta: number[]): Matrix {
  const values = new Float64Array(component.pattern.values.length);
  component.precisionValues(theta, values);
  const n = component.size;
  const Q = Matrix.zeros(n, n);
  const p = component.pattern;
  for (let j = 0; j < n; j++) {
    for (let k = p.colPtr[j]!; k < p.colPtr[j + 1]!; k++) {
      const i = p.rowIdx[k]!;
      Q.set(i, j, Q.get(i, j) + values[k]!);
      if (i !== j) Q.set(j, i, Q.get(j, i) + values[k]!);
    }
  }
  return Q;
}

function create(model: string, options: Partial<LatentModelOptions> & { size: number }): LatentComponent {
  return getLatentModel(model).create({ label: 'u', ...options });
}

function laplacian(graph: Graph, members?: Int32Array): Matrix {
  const nodes = members ? Array.from(members) : Array.from({ length: graph.n }, (_, i) => i);
  const index = new Map(nodes.map((node, k) => [node, k]));
  const R = Matrix.zeros(nodes.length, nodes.length);
  nodes.forEach((node, k) => {
    for (const j of graph.neighbours[node]!) {
      const l = index.get(j);
      if (l === undefined) continue;
      R.set(k, l, -1);
      R.set(k, k, R.get(k, k) + 1);
    }
  });
  return R;
}

/** (M + Mᵀ)/2, for ml-matrix's Cholesky, which demands exact symmetry. */
function sym(M: Matrix): Matrix {
  return M.clone().add(M.transpose()).mul(0.5);
}

function maxAbs(M: Matrix): number {
  return Math.max(M.max(), -M.min());
}

/** Geometric mean of diag(R⁺), the Sørbye–Rue factor of one connected component, densely. */
function denseScale(R: Matrix): number {
  const pinv = pseudoInverse(R);
  let s = 0;
  for (let i = 0; i < R.rows; i++) s += Math.log(pinv.get(i, i));
  return Math.exp(s / R.rows);
}

const lattice = readGraphFile(dataFile('besag_lattice.graph'));
const islands = readGraphFile(dataFile('besag_islands.graph'));

describe('besag', () => {
  it('is τ(D − W) + 1e-4 I with constr (the default), τ(D − W) without', () => {
    const withConstr = create('besag', { size: 300, graph: lattice });
    expect(maxAbs(dense(withConstr, [Math.log(2)]).sub(laplacian(lattice).mul(2).add(Matrix.eye(300).mul(1e-4))))).toBeLessThan(1e-12);
    expect(withConstr.diagonal).toBe(1e-4);
    const without = create('besag', { size: 300, graph: lattice, constr: false });
    expect(maxAbs(dense(without, [0]).sub(laplacian(lattice)))).toBe(0);
    expect(without.constraints).toBeNull();
    expect(without.rankDeficiency).toBe(1);
  });

  it("counts constraints and rank deficiency as R-INLA does on a graph with islands", () => {
    // R-INLA reference: 3 constraints (components of 30, 24 and 5 nodes); rankdef 4 unscaled, 3 scaled
    const unscaled = create('besag', { size: 60, graph: islands });
    expect(unscaled.constraints!.rows.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([30, 24, 5]);
    expect(unscaled.rankDeficiency).toBe(4);
    const scaled = create('besag', { size: 60, graph: islands, scaleModel: true });
    expect(scaled.rankDeficiency).toBe(3);
    expect(scaled.constraints!.rows).toHaveLength(3);
    // the isolated node 60: only the diagonal unscaled, N(0, 1/τ) scaled
    expect(dense(unscaled, [1]).get(59, 59)).toBeCloseTo(1e-4, 15);
    expect(dense(scaled, [1]).get(59, 59)).toBeCloseTo(Math.E + 1e-4, 12);
    // one sum-to-zero over all nodes without adjust.for.con.comp
    const single = create('besag', { size: 60, graph: islands, adjustForConComp: false });
    expect(single.constraints!.rows).toHaveLength(1);
  });

  it('scales each component by the geometric mean of its generalised-inverse variances (dense check)', () => {
    const structure = besagStructure(islands, true, true, 'u', 'besag');
    let worst = 0;
    for (const members of connectedComponents(islands).members) {
      if (members.length < 2) continue;
      const s = denseScale(laplacian(islands, members));
      worst = Math.max(worst, Math.abs(structure.scale![members[0]!]! / s - 1));
      let logMean = 0;
      for (const node of members) logMean += Math.log(structure.variance![node]!);
      expect(Math.abs(logMean / members.length)).toBeLessThan(1e-12);
    }
    console.log(`besag scale factors vs dense pseudo-inverse: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
  });

  it("gives the lattice the scale R-INLA's two reference runs imply", () => {
    // the posterior of τ s is the same in both runs (the loggamma prior is flat at this scale), so the modes of log τ
    // differ by log s: default 0.537915449, scaled 0.824081187 (R-INLA, besag_lattice.rinla.json)
    const s = besagStructure(lattice, true, true, 'u', 'besag').scale![0]!;
    const implied = Math.exp(0.537915449462575 - 0.824081186957635);
    console.log(`lattice scale ${s.toFixed(6)}; implied by R-INLA's modes ${implied.toFixed(6)}`);
    expect(Math.abs(s / implied - 1)).toBeLessThan(1e-4);
  });

  it('declares the graph nodes as its levels and checks the size', () => {
    expect(getLatentModel('besag').levels!({ graph: islands }, 'u')).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    expect(() => create('besag', { size: 59, graph: islands })).toThrow(/has 60 nodes/);
    expect(() => create('besag', { size: 60, graph: islands, scaleModel: 'yes' })).toThrow(LatentError);
  });
});

describe('rw1 and rw2', () => {
  const levels = (values: number[]): string[] => values.map(String);
  const difference = (n: number, order: number): Matrix => {
    let D = Matrix.eye(n);
    for (let k = 0; k < order; k++) {
      const m = D.rows;
      const step = Matrix.zeros(m - 1, m);
      for (let i = 0; i < m - 1; i++) {
        step.set(i, i, -1);
        step.set(i, i + 1, 1);
      }
      D = step.mmul(D);
    }
    return D;
  };

  it('are Dᵀ D / δ (rw1) and Dᵀ D / δ³ (rw2) on equally spaced locations, with sum-to-zero', () => {
    for (const order of [1, 2]) {
      const D = difference(10, order);
      const unit = create(`rw${order}`, { size: 10, levels: levels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) });
      expect(maxAbs(dense(unit, [0]).sub(D.transpose().mmul(D)).sub(Matrix.eye(10).mul(1e-4)))).toBeLessThan(1e-12);
      const spaced = create(`rw${order}`, { size: 10, levels: levels([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]), diagonal: 0 });
      expect(maxAbs(dense(spaced, [0]).sub(D.transpose().mmul(D).mul(order === 1 ? 2 : 8)))).toBeLessThan(1e-10);
      expect(unit.rankDeficiency).toBe(order);
      expect(unit.constraints!.rows).toHaveLength(1);
    }
  });

  it('scale to geometric-mean variance 1 on equally spaced locations (dense check)', () => {
    for (const order of [1, 2] as const) {
      const D = difference(25, order);
      const expected = denseScale(D.transpose().mmul(D));
      const ours = rwScale(Float64Array.from({ length: 25 }, (_, i) => i + 1), order);
      console.log(`rw${order} scale (n = 25): ${ours.toFixed(8)}, dense ${expected.toFixed(8)}`);
      expect(Math.abs(ours / expected - 1)).toBeLessThan(1e-10);
    }
  });

  it("scale irregular locations as R-INLA's GMRFLib_crw_scale does (dense re-computation with its ε)", () => {
    const uniform = seededRandom(3);
    const t: number[] = [];
    let x = 0;
    for (let i = 0; i < 30; i++) t.push((x += 0.2 + 2 * uniform()));
    for (const order of [1, 2] as const) {
      const component = create(`rw${order}`, { size: 30, levels: levels(t), diagonal: 0 });
      const R = dense(component, [0]);
      const n = t.length;
      const len = t.map((_, i) => (i === 0 ? t[1]! - t[0]! : i === n - 1 ? t[n - 1]! - t[n - 2]! : (t[i + 1]! - t[i - 1]!) / 2));
      const total = len.reduce((a, b) => a + b, 0);
      const guess = order === 1 ? total : total * total;
      let acc = 0;
      const A = new Matrix(order === 1 ? [len] : [len, len.map((l) => (acc += l))]);
      const Q = R.clone().mul(guess).add(Matrix.eye(n).mul(Math.sqrt(Number.EPSILON)));
      const Qinv = new CholeskyDecomposition(Q).solve(Matrix.eye(n));
      const QAt = Qinv.mmul(A.transpose());
      const Sigma = Qinv.sub(QAt.mmul(new CholeskyDecomposition(sym(A.mmul(QAt))).solve(QAt.transpose())));
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Math.log(Sigma.get(i, i)) * len[i]!;
      const expected = Math.exp(sum / ((t[n - 1]! - t[0]!) * (n / (n - 1)))) * guess;
      const ours = rwScale(Float64Array.from(t), order);
      console.log(`rw${order} scale on irregular locations: ${ours.toFixed(8)}, dense with R-INLA's ε ${expected.toFixed(8)}`);
      expect(Math.abs(ours / expected - 1)).toBeLessThan(1e-5);
    }
  });

  it('rw1 scaled is unchanged when the locations are stretched', () => {
    const t = [0.3, 1, 1.7, 3.9, 4.2, 6, 8.8];
    const a = dense(create('rw1', { size: 7, levels: levels(t), scaleModel: true }), [0]);
    const b = dense(create('rw1', { size: 7, levels: levels(t.map((v) => 10 * v)), scaleModel: true }), [0]);
    expect(maxAbs(a.sub(b))).toBeLessThan(1e-10);
  });

  it('use 1..k for non-numeric levels and reject unsorted numeric ones', () => {
    const named = dense(create('rw1', { size: 4, levels: ['a', 'b', 'c', 'd'], diagonal: 0 }), [0]);
    expect(named.get(0, 0)).toBe(1);
    expect(named.get(1, 1)).toBe(2);
    expect(() => create('rw1', { size: 3, levels: ['1', '3', '2'] })).toThrow(/increasing locations/);
    expect(() => create('rw1', { size: 3, levels: ['1', '1.000000000001', '3'] })).toThrow(/too close/);
    expect(() => create('rw2', { size: 2, levels: ['1', '2'] })).toThrow(/more than 2 levels/);
    expect(() => create('rw1', { size: 3, levels: ['1', '2', '3'], cyclic: true })).toThrow(/cyclic/);
  });
});

describe('ar1', () => {
  it('has Q⁻¹ = ρ^|i−j| / τ with τ the marginal precision, ρ = tanh(θ₂/2)', () => {
    const component = create('ar1', { size: 12 });
    const tau = 2.5;
    const rho = 0.6;
    const Sigma = new CholeskyDecomposition(dense(component, [Math.log(tau), Math.log((1 + rho) / (1 - rho))])).solve(Matrix.eye(12));
    let worst = 0;
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) worst = Math.max(worst, Math.abs(Sigma.get(i, j) - rho ** Math.abs(i - j) / tau));
    expect(worst).toBeLessThan(1e-12);
    expect(component.constraints).toBeNull();
    expect(component.hyper.map((h) => [h.label, h.internalLabel, h.initial])).toEqual([
      ['Precision for u', 'Log precision for u', 4],
      ['Rho for u', 'Rho_intern for u', 2],
    ]);
    expect(component.hyper[1]!.definition.fromTheta(Math.log(3))).toBeCloseTo(0.5, 14);
    // normal(0, precision 0.15) on θ₂
    expect(component.hyper[1]!.logPrior(1)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(0.15) - 0.075, 14);
  });
});

describe('bym2', () => {
  it("is R-INLA's 2n-node form: Cov(b) = ((1 − φ) I + φ R*⁺)/τ under the constraints (dense check)", () => {
    const tau = 3;
    const phi = 0.3;
    const component = create('bym2', { size: 120, graph: islands, diagonal: 0 });
    const Q = dense(component, [Math.log(tau), Math.log(phi / (1 - phi))]);
    // covariance on {C x = 0}: V (VᵀQV)⁻¹ Vᵀ with V a basis of ker C
    const C = new Matrix(component.constraints!.rows.map((r) => Array.from(r)));
    const P = Matrix.eye(120).sub(C.transpose().mmul(new CholeskyDecomposition(C.mmul(C.transpose())).solve(C)));
    const eig = new EigenvalueDecomposition(sym(P), { assumeSymmetric: true });
    const keep = eig.realEigenvalues.map((l, k) => [l, k] as const).filter(([l]) => l > 0.5);
    const V = new Matrix(120, keep.length);
    keep.forEach(([, k], c) => V.setColumn(c, eig.eigenvectorMatrix.getColumn(k)));
    const covariance = V.mmul(new CholeskyDecomposition(sym(V.transpose().mmul(Q).mmul(V))).solve(V.transpose()));
    // R* = the scaled Laplacian (isolated node: 1), its Moore–Penrose inverse per component
    const structure = besagStructure(islands, true, true, 'u', 'bym2');
    const Rstar = Matrix.zeros(60, 60);
    for (let t = 0; t < structure.structure.rows.length; t++) {
      const i = structure.structure.rows[t]!;
      const j = structure.structure.cols[t]!;
      Rstar.set(i, j, Rstar.get(i, j) + structure.structure.values[t]!);
      if (i !== j) Rstar.set(j, i, Rstar.get(j, i) + structure.structure.values[t]!);
    }
    const expected = Matrix.eye(60).mul(1 - phi).add(pseudoInverse(Rstar).mul(phi)).div(tau);
    expect(maxAbs(covariance.subMatrix(0, 59, 0, 59).sub(expected))).toBeLessThan(1e-9);
    expect(component.rankDeficiency).toBe(3);
    expect(getLatentModel('bym2').levels!({ graph: islands }, 'u')).toHaveLength(120);
    expect(() => create('bym2', { size: 120, graph: islands, scaleModel: false })).toThrow(/requires scaleModel/);
  });

  it('has the PC prior distance of Riebler et al.: √(2 KLD) against the dense covariances', () => {
    const structure = besagStructure(islands, true, true, 'u', 'bym2');
    const distance = new BymPhiDistance(bymPhiPriorTerms(structure));
    const Rstar = Matrix.zeros(60, 60);
    for (let t = 0; t < structure.structure.rows.length; t++) {
      const i = structure.structure.rows[t]!;
      const j = structure.structure.cols[t]!;
      Rstar.set(i, j, Rstar.get(i, j) + structure.structure.values[t]!);
      if (i !== j) Rstar.set(j, i, Rstar.get(j, i) + structure.structure.values[t]!);
    }
    const pinv = pseudoInverse(Rstar);
    let worst = 0;
    for (const phi of [1e-3, 0.05, 0.3, 0.5, 0.8, 0.99]) {
      // KLD(N(0, (1 − φ)I + φ R*⁺) ‖ N(0, I)), R*⁺ zero on the constrained directions (R-INLA's definition)
      const Sigma = Matrix.eye(60).mul(1 - phi).add(pinv.clone().mul(phi));
      const logDet = new EigenvalueDecomposition(Sigma, { assumeSymmetric: true }).realEigenvalues.reduce((s, l) => s + Math.log(l), 0);
      const twiceKld = Sigma.trace() - 60 - logDet;
      const ours = distance.at(Math.log(phi / (1 - phi))).distance;
      worst = Math.max(worst, Math.abs(ours / Math.sqrt(twiceKld) - 1));
    }
    console.log(`bym2 PC prior distance vs dense KLD: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-8);
    // the derivative in θ = logit φ, against a central difference
    for (const theta of [-4, 0, 3]) {
      const h = 1e-5;
      const numeric = (distance.at(theta + h).distance - distance.at(theta - h).distance) / (2 * h);
      expect(Math.abs(distance.at(theta).derivative / numeric - 1)).toBeLessThan(1e-6);
    }
  });

  it("tabulates d as R-INLA does: its spline of log d through 46 values, exact there, its derivative the spline's", () => {
    const exact = new BymPhiDistance(bymPhiPriorTerms(besagStructure(islands, true, true, 'u', 'bym2')));
    const spline = tabulatedBymPhiDistance(exact);
    for (const knot of [-15 + 90 / 39, -5, 0, 1, 7, 12]) expect(spline.at(knot).distance / exact.at(knot).distance).toBeCloseTo(1, 12);
    let worst = 0;
    for (let theta = -12; theta <= 11.5; theta += 0.25) {
      const h = 1e-5;
      const numeric = (spline.at(theta + h).distance - spline.at(theta - h).distance) / (2 * h);
      expect(Math.abs(spline.at(theta).derivative / numeric - 1)).toBeLessThan(1e-6);
      worst = Math.max(worst, Math.abs(spline.at(theta).distance / exact.at(theta).distance - 1));
    }
    // between the knots it is d to 2.1e-4 (measured); its curvature differs more, which moves φ's Hessian
    console.log(`bym2 PC prior: R-INLA's spline of d vs d, worst relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(3e-4);
  });

  it('has the PC prior P(φ < u) = α (before R-INLA renormalises it on its table range) and integrates to 1 there', () => {
    const component = create('bym2', { size: 120, graph: islands, hyper: { phi: { param: [0.3, 0.7] } } });
    const logPrior = component.hyper[1]!.logPrior;
    const support = component.hyper[1]!.priorSupport!;
    expect(support[0]).toBeCloseTo(-15 + 90 / 39, 12);
    expect(support[1]).toBe(12);
    const mass = integratePrior(logPrior, support);
    const below = integratePrior(logPrior, [support[0], Math.log(0.3 / 0.7)]);
    // mass M over the support, and P(φ < 0.3) = (exp(−λ d(a)) − (1 − α)) / M ≈ α / M
    const structure = besagStructure(islands, true, true, 'u', 'bym2');
    const distance = tabulatedBymPhiDistance(new BymPhiDistance(bymPhiPriorTerms(structure)));
    const lambda = -Math.log(1 - 0.7) / distance.at(Math.log(0.3 / 0.7)).distance;
    const M = Math.exp(-lambda * distance.at(support[0]).distance) - Math.exp(-lambda * distance.at(support[1]).distance);
    expect(Math.abs(mass - 1)).toBeLessThan(1e-6);
    expect(Math.abs(below - (Math.exp(-lambda * distance.at(support[0]).distance) - 0.3) / M)).toBeLessThan(1e-6);
    // another prior for φ can be chosen
    const normal = create('bym2', { size: 120, graph: islands, hyper: { phi: { prior: 'normal', param: [0, 1] } } });
    expect(normal.hyper[1]!.logPrior(0)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 14);
    expect(() => create('bym2', { size: 120, graph: islands, hyper: { phi: { param: [1.5, 0.5] } } })).toThrow(/0 < u < 1/);
  });
});

describe('symmetricEigenvalues', () => {
  it('agrees with ml-matrix on random symmetric matrices', () => {
    const uniform = seededRandom(9);
    for (const n of [1, 2, 5, 40]) {
      const A = Matrix.zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          const v = uniform() - 0.5;
          A.set(i, j, v);
          A.set(j, i, v);
        }
      }
      const ours = symmetricEigenvalues(Float64Array.from(A.to1DArray()), n);
      const reference = new EigenvalueDecomposition(A, { assumeSymmetric: true }).realEigenvalues.sort((a, b) => a - b);
      reference.forEach((l, k) => expect(Math.abs(ours[k]! - l)).toBeLessThan(1e-12));
    }
  });
});
