/**
 * H = Q(θ) + Aᵀ diag(c) A assembled over the distinct rows of A (patterns), checked entry by entry against the dense
 * product over every row of A (ml-matrix), for a design with repeated rows, an iid block, an rw1 block and fixed effects.
 */
import { buildDesign, type Table } from '@hlm/design';
import { getFamily } from '@hlm/likelihood';
import { seededRandom } from '@hlm/test-utils';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { buildLatentField, withModelLevels } from '../src/latent-field.js';
import { observationPatterns } from '../src/observation-patterns.js';
import { observationModel } from '../src/observations.js';
import { resolveFixedPrior } from '../src/options.js';
import { buildPosteriorPrecision } from '../src/posterior-precision.js';

function table(rows: number, seed: number): Table {
  const u = seededRandom(seed);
  // few distinct values per column, so that many rows of A repeat
  return {
    y: Array.from({ length: rows }, () => (u() < 0.5 ? 1 : 0)),
    x: Array.from({ length: rows }, () => Math.floor(3 * u()) / 2),
    g: Array.from({ length: rows }, () => String(1 + Math.floor(5 * u()))),
    t: Array.from({ length: rows }, () => 1 + Math.floor(6 * u())),
  };
}

describe('the posterior precision over patterns', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals Q + Aᵀ diag(c) A over every row (seed ${seed})`, () => {
      const data = table(200, seed);
      const spec = { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }, { id: 't', model: 'rw1' }] };
      const design = buildDesign(data, withModelLevels(spec), { response: 'unbounded-counts' });
      const field = buildLatentField(design, resolveFixedPrior({}), []);
      const nRows = design.nObservations;
      const observations = observationModel({
        family: getFamily('binomial'),
        nRows,
        observedRows: Int32Array.from({ length: nRows }, (_, i) => i),
        response: Float64Array.from(data.y as number[]),
        columns: { Ntrials: new Float64Array(nRows).fill(1) },
        weights: null,
        offset: new Float64Array(nRows),
        hyper: [],
      });
      const patterns = observationPatterns(design.A, observations);
      expect(patterns.nPatterns).toBeLessThan(nRows); // the test exercises pooling

      const precision = buildPosteriorPrecision(field, patterns.patternAt);
      const theta = Float64Array.from(field.free, (_, k) => 0.3 * (k + 1));
      const prior = new Float64Array(precision.pattern.values.length);
      precision.assemblePrior(theta, prior);
      const u = seededRandom(seed + 10);
      const curvature = Float64Array.from({ length: patterns.nPatterns }, () => u());
      const values = new Float64Array(prior.length);
      precision.assemble(prior, curvature, values);

      // dense reference: Q from the components' own values, plus Σ over rows of (c_p / |p|) a_i a_iᵀ
      const n = field.size;
      const H = Matrix.zeros(n, n);
      field.components.forEach((placed, k) => {
        const p = placed.component.pattern;
        const q = new Float64Array(p.rowIdx.length);
        placed.component.precisionValues(field.componentTheta(k, theta), q);
        for (let j = 0; j < p.ncols; j++) {
          for (let e = p.colPtr[j]!; e < p.colPtr[j + 1]!; e++) {
            const r = p.rowIdx[e]! + placed.offset;
            const c = j + placed.offset;
            H.set(r, c, H.get(r, c) + q[e]!);
            if (r !== c) H.set(c, r, H.get(c, r) + q[e]!);
          }
        }
      });
      field.fixedNames.forEach((_, j) => {
        const d = field.fixedOffset + j;
        H.set(d, d, H.get(d, d) + field.fixedPriorPrecision[j]!);
      });
      const size = new Float64Array(patterns.nPatterns);
      for (let i = 0; i < nRows; i++) size[patterns.rowPattern[i]!]!++;
      const A = Matrix.zeros(nRows, n);
      for (let j = 0; j < n; j++) for (let e = design.A.colPtr[j]!; e < design.A.colPtr[j + 1]!; e++) A.set(design.A.rowIdx[e]!, j, design.A.values[e]!);
      const c = Matrix.diag(Array.from({ length: nRows }, (_, i) => curvature[patterns.rowPattern[i]!]! / size[patterns.rowPattern[i]!]!));
      H.add(A.transpose().mmul(c).mmul(A));

      // every stored entry matches, and every nonzero of the dense lower triangle is stored
      const { colPtr, rowIdx } = precision.pattern;
      let stored = 0;
      for (let j = 0; j < n; j++) {
        for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
          expect(rowIdx[e]!).toBeGreaterThanOrEqual(j);
          if (e > colPtr[j]!) expect(rowIdx[e]!).toBeGreaterThan(rowIdx[e - 1]!);
          expect(values[e]!).toBeCloseTo(H.get(rowIdx[e]!, j), 12);
          stored += H.get(rowIdx[e]!, j) !== 0 ? 1 : 0;
        }
      }
      let nonzero = 0;
      for (let j = 0; j < n; j++) for (let i = j; i < n; i++) nonzero += H.get(i, j) !== 0 ? 1 : 0;
      expect(stored).toBe(nonzero);

      // Q v from the lower triangle equals the dense prior precision times v
      const v = Float64Array.from({ length: n }, () => u() - 0.5);
      const Qv = precision.priorTimes(prior, v, new Float64Array(n));
      const Hprior = Matrix.zeros(n, n);
      for (let j = 0; j < n; j++) {
        for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
          Hprior.set(rowIdx[e]!, j, prior[e]!);
          Hprior.set(j, rowIdx[e]!, prior[e]!);
        }
      }
      const dense = Hprior.mmul(Matrix.columnVector(Array.from(v)));
      for (let i = 0; i < n; i++) expect(Qv[i]!).toBeCloseTo(dense.get(i, 0), 12);
    });
  }
});
