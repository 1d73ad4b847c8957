import { buildDesign, type ModelSpec, type Table } from '@hlm/design';
import { getFamily } from '@hlm/likelihood';
import { seededRandom } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { gaussianApproximation, modeTangent } from '../src/gaussian-approximation.js';
import { withModelLevels } from '../src/latent-field.js';
import { readObservations } from '../src/observation-input.js';
import { resolveFamilyHyper, resolveFixedPrior } from '../src/options.js';
import { buildProblem } from '../src/problem.js';
import { binomialRw1Table } from './binomial-rw1-data.js';

/**
 * The warm-start tangent t_i, the derivative of x*(θ) in θ_i (implicit function theorem), against central differences of the conditional
 * mode itself, each mode found from a cold start: (x*(θ + ε e_i) − x*(θ − ε e_i)) / 2ε, exact to O(ε²). The tangent
 * takes ∂_θ∇f by a forward difference of step h = 1e-4, whose relative error for a precision e^θ is h/2 = 5e-5: the
 * tests assert 6e-5 (5e-5 plus a fifth).
 */
const FORWARD_DIFFERENCE_ERROR = 6e-5;
function checkTangent(table: Table, spec: ModelSpec, theta: number[], input: Record<string, unknown>): { worst: number; constraintResidual: number } {
  const family = getFamily('binomial');
  const design = buildDesign(table, withModelLevels(spec), { response: 'unbounded-counts' });
  const observations = readObservations({ ...input, data: table }, family, design, resolveFamilyHyper(family, undefined));
  const problem = buildProblem(design, observations, resolveFixedPrior(undefined));
  const tangents = modeTangent(problem, gaussianApproximation(problem, theta));
  const epsilon = 1e-3;
  let worst = 0;
  let constraintResidual = 0;
  tangents.forEach((tangent, i) => {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[i] = theta[i]! + epsilon;
    minus[i] = theta[i]! - epsilon;
    const up = gaussianApproximation(problem, plus).mode;
    const down = gaussianApproximation(problem, minus).mode;
    const scale = Math.max(...Array.from(tangent, Math.abs));
    for (let j = 0; j < tangent.length; j++) worst = Math.max(worst, Math.abs(tangent[j]! - (up[j]! - down[j]!) / (2 * epsilon)) / scale);
    for (const row of problem.field.constraints?.rows ?? []) {
      let s = 0;
      for (let j = 0; j < row.length; j++) s += row[j]! * tangent[j]!;
      constraintResidual = Math.max(constraintResidual, Math.abs(s) / scale);
    }
  });
  return { worst, constraintResidual };
}

describe('modeTangent, the derivative of the conditional mode in θ', () => {
  it("matches central differences of the mode for a binomial iid model, within the forward difference's 5e-5", () => {
    const uniform = seededRandom(21);
    const table: { y: number[]; n: number[]; x: number[]; g: string[] } = { y: [], n: [], x: [], g: [] };
    for (let i = 0; i < 60; i++) {
      const trials = 2 + Math.floor(8 * uniform());
      table.n.push(trials);
      table.y.push(Math.floor((trials + 1) * uniform()));
      table.x.push(Math.round((2 * uniform() - 1) * 100) / 100);
      table.g.push(`g${1 + (i % 6)}`);
    }
    const { worst } = checkTangent(table, { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] }, [Math.log(3)], { Ntrials: 'n' });
    console.log(`mode tangent, binomial iid: worst relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(FORWARD_DIFFERENCE_ERROR);
  });

  it('matches them for a binomial rw1 model and stays on its sum-to-zero constraint', () => {
    const table = binomialRw1Table();
    const { worst, constraintResidual } = checkTangent(table, { response: 'y', fixed: ['1'], random: [{ id: 't', model: 'rw1' }] }, [Math.log(5)], { Ntrials: 'n' });
    console.log(`mode tangent, binomial rw1: worst relative difference ${worst.toExponential(2)}, constraint residual ${constraintResidual.toExponential(2)}`);
    expect(worst).toBeLessThan(FORWARD_DIFFERENCE_ERROR);
    expect(constraintResidual).toBeLessThan(1e-12);
  });
});
