import { buildDesign, type Table } from '@hlm/design';
import { inla, type InlaResult } from '@hlm/inla';
import { normalCdf } from '@hlm/likelihood';
import { assertClose, normalDraw, seededRandom } from '@hlm/test-utils';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { cpo, dic, marginalLikelihood, waic } from '../src/index.js';

/**
 * A Gaussian likelihood with known precision τ and a Gaussian latent field with every hyperparameter fixed (m = 0):
 * y ~ N(A μ, A Q⁻¹ Aᵀ + τ⁻¹ I) in closed form, so the marginal likelihood, CPO and PIT are known exactly.
 */
const TAU = 4;
const TAU_U = 2.5;
const GROUPS = 6;
const N = 30;

function simulate(): Table {
  const uniform = seededRandom(2024);
  const effects = Array.from({ length: GROUPS }, () => normalDraw(uniform) / Math.sqrt(TAU_U));
  const table = { y: [] as number[], x: [] as number[], group: [] as string[] };
  for (let i = 0; i < N; i++) {
    const g = i % GROUPS;
    const x = normalDraw(uniform);
    table.group.push(`g${g + 1}`);
    table.x.push(x);
    table.y.push(1.3 + 0.5 * x + effects[g]! + normalDraw(uniform) / Math.sqrt(TAU));
  }
  return table;
}

interface Case {
  name: string;
  fixed: string[];
  control: Record<string, unknown>;
  /** Prior mean and precision of each fixed effect, in design order. */
  fixedPrior: { mean: number; prec: number }[];
}

const cases: Case[] = [
  { name: 'x with its default prior N(0, prec 0.001), no intercept', fixed: ['x'], control: {}, fixedPrior: [{ mean: 0, prec: 0.001 }] },
  {
    name: 'intercept N(1, prec 0.5) and x N(0.2, prec 0.1)',
    fixed: ['1', 'x'],
    control: { 'mean.intercept': 1, 'prec.intercept': 0.5, mean: 0.2, prec: 0.1 },
    fixedPrior: [
      { mean: 1, prec: 0.5 },
      { mean: 0.2, prec: 0.1 },
    ],
  },
];

const table = simulate();

function fitCase(c: Case): InlaResult {
  return inla({
    model: { response: 'y', fixed: c.fixed, random: [{ id: 'group', model: 'iid', hyper: { prec: { initial: Math.log(TAU_U), fixed: true } } }] },
    family: 'gaussian',
    data: table,
    control: { family: { hyper: { prec: { initial: Math.log(TAU), fixed: true } } }, fixed: c.control },
  });
}

/** The dense marginal distribution of y: its mean A μ and precision (A Q⁻¹ Aᵀ + τ⁻¹ I)⁻¹, and log N(y; A μ, ·). */
function denseMarginal(c: Case): { residual: Matrix; precision: Matrix; logDensity: number } {
  const design = buildDesign(table, { response: 'y', fixed: c.fixed, random: [{ id: 'group', model: 'iid' }] }, { response: 'continuous' });
  const A = new Matrix(design.A.toDense());
  const priorMean = Matrix.columnVector([...new Array<number>(GROUPS).fill(0), ...c.fixedPrior.map((f) => f.mean)]);
  const priorVariance = Matrix.diag([...new Array<number>(GROUPS).fill(1 / TAU_U), ...c.fixedPrior.map((f) => 1 / f.prec)]);
  const raw = A.mmul(priorVariance).mmul(A.transpose()).add(Matrix.eye(N).mul(1 / TAU));
  const covariance = raw.add(raw.transpose()).mul(0.5);
  const chol = new CholeskyDecomposition(covariance);
  const residual = Matrix.columnVector(Array.from(design.response)).sub(A.mmul(priorMean));
  let logDet = 0;
  for (let i = 0; i < N; i++) logDet += 2 * Math.log(chol.lowerTriangularMatrix.get(i, i));
  const quadratic = residual.transpose().mmul(chol.solve(residual)).get(0, 0);
  return { residual, precision: chol.solve(Matrix.eye(N)), logDensity: -0.5 * (N * Math.log(2 * Math.PI) + logDet + quadratic) };
}

describe.each(cases)('Gaussian model with fixed hyperparameters: $name', (c) => {
  const fit = fitCase(c);
  const posterior = fit.posterior;
  const exact = denseMarginal(c);

  it('has both marginal likelihood lines equal to ℓ* and to the closed form log N(y; A μ, A Q⁻¹ Aᵀ + τ⁻¹ I) (to 1e-6)', () => {
    expect(posterior.hessianEigenvalues).toHaveLength(0);
    const mlik = marginalLikelihood(posterior);
    console.log(
      `${c.name}: mlik ${mlik.integration.toFixed(8)}, closed form ${exact.logDensity.toFixed(8)}, error ${(mlik.integration - exact.logDensity).toExponential(2)}`,
    );
    expect(mlik.integration).toBe(posterior.mode.logPosterior);
    expect(mlik.gaussian).toBe(posterior.mode.logPosterior);
    assertClose(mlik.integration, exact.logDensity, { abs: 1e-6 }, 'mlik vs closed form');
  });

  it('has CPO_i = p(y_i | y_−i) and PIT_i = P(Y_i ≤ y_i | y_−i) of the dense conditional (log CPO to 5e-5, PIT to 1e-5)', () => {
    // y_i | y_−i ~ N(y_i − (P r)_i / P_ii, 1 / P_ii) with P the marginal precision of y and r = y − A μ
    const Pr = exact.precision.mmul(exact.residual);
    const result = cpo(posterior);
    let worstLogCpo = 0;
    let worstPit = 0;
    for (let i = 0; i < N; i++) {
      const pii = exact.precision.get(i, i);
      const shift = Pr.get(i, 0) / pii;
      const logCpo = 0.5 * Math.log(pii / (2 * Math.PI)) - 0.5 * pii * shift * shift;
      const pit = normalCdf(shift * Math.sqrt(pii));
      worstLogCpo = Math.max(worstLogCpo, Math.abs(Math.log(result.cpo[i]!) - logCpo));
      worstPit = Math.max(worstPit, Math.abs(result.pit[i]! - pit));
    }
    console.log(`${c.name}: worst |log CPO − exact| ${worstLogCpo.toExponential(2)}, worst |PIT − exact| ${worstPit.toExponential(2)}`);
    expect(worstLogCpo).toBeLessThanOrEqual(5e-5);
    expect(worstPit).toBeLessThanOrEqual(1e-5);
    expect(result.failures).toBe(0);
  });

  it('has DIC and WAIC equal to their closed forms under the Gaussian η_i ~ N(m_i, v_i) (to 1e-8)', () => {
    // ℓ = ½ log(τ/2π) − ½ τ r², r = y − η ~ N(μ, v) with μ = y − m: E[r²] = μ² + v, Var(r²) = 2v² + 4μ²v,
    // E[p(y | η)] = N(y; m, v + 1/τ)
    const point = posterior.points[0]!;
    let meanDeviance = 0;
    let devianceMean = 0;
    let lppd = 0;
    let pWaic = 0;
    for (let i = 0; i < N; i++) {
      const mu = posterior.response[i]! - point.predictorMean[i]!;
      const v = point.predictorVariance[i]!;
      meanDeviance += Math.log((2 * Math.PI) / TAU) + TAU * (mu * mu + v);
      devianceMean += Math.log((2 * Math.PI) / TAU) + TAU * mu * mu;
      const s2 = v + 1 / TAU;
      lppd += -0.5 * Math.log(2 * Math.PI * s2) - (0.5 * mu * mu) / s2;
      pWaic += 0.25 * TAU * TAU * (2 * v * v + 4 * mu * mu * v);
    }
    const d = dic(posterior);
    const w = waic(posterior);
    assertClose(d.mean_deviance, meanDeviance, { abs: 1e-8 }, 'mean deviance');
    assertClose(d.deviance_mean, devianceMean, { abs: 1e-8 }, 'deviance at the mean');
    assertClose(d.p_eff, meanDeviance - devianceMean, { abs: 1e-8 }, 'DIC p_eff');
    assertClose(w.lppd, lppd, { abs: 1e-8 }, 'lppd');
    assertClose(w.p_eff, pWaic, { abs: 1e-8 }, 'WAIC p_eff');
  });
});
