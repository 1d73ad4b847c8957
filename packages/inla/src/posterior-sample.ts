/**
 * Joint posterior samples of the hyperparameters and the latent field, as R-INLA's `inla.posterior.sample` draws
 * them: θ from the integration points with probability proportional to their weights, then x | θ, y from the
 * Gaussian approximation at that point (mean: the point's latent mean, VB-corrected when the fit corrects it;
 * precision: H = Q(θ) + Aᵀ diag(c) A), conditioned on the model's linear constraints.
 * @module
 */
import { itemAt, outOfRange, sample } from '@hlm/sparse';
import { precisionAt } from './gaussian-approximation.js';
import { InlaError } from './errors.js';
import type { IntegrationPoint } from './posterior.js';
import type { InferenceProblem } from './problem.js';

/** What `inla()` keeps of each integration point for sampling. */
export interface SamplingPoint {
  /** The point's posterior weight (0 for a point stopped early). */
  weight: number;
  /** Hyperparameters at the point on the user's scale (precisions, not log precisions). */
  hyperparameters: Float64Array;
  mean: Float64Array;
  /** θ on the internal scale and the conditional mode x*(θ), where H is rebuilt and factorised when sampled from (null for a point stopped early). */
  theta: Float64Array;
  mode: Float64Array | null;
}

/** What a fit keeps for `posteriorSamples`. */
export interface SamplingState {
  problem: InferenceProblem;
  points: SamplingPoint[];
  /** Constraint rows C (dense, one per constraint), or null. */
  constraintRows: Float64Array[] | null;
  latentNames: string[];
  hyperparameterNames: string[];
}

/** Samples of a fit: `latent[s][j]` is node j of sample s, `hyperpar[s][i]` hyperparameter i (user scale). */
export interface PosteriorSamples {
  /** R-INLA's names of the latent nodes: `state:1`, …, then `(Intercept):1`, `female:1`, …. */
  latentNames: string[];
  /** The hyperparameters' names, as in `summaryHyperpar` ('Precision for state'). */
  hyperparameterNames: string[];
  hyperpar: Float64Array[];
  latent: Float64Array[];
}

const states = new WeakMap<object, SamplingState>();

/**
 * What a fit keeps for sampling: each point's weight, hyperparameters (user scale), latent mean and conditional mode
 * (`modes[k]` null for a point stopped early), and R-INLA's node names. The factors of H are not kept (a 10⁶-node
 * field's is hundreds of MB per point): sampling rebuilds each drawn point's.
 */
export function samplingState(
  problem: InferenceProblem,
  randomIds: readonly string[],
  points: readonly IntegrationPoint[],
  modes: readonly (Float64Array | null)[],
): SamplingState {
  const { field } = problem;
  const latentNames = new Array<string>(field.size);
  field.components.forEach((placed, b) => {
    for (let l = 0; l < placed.component.size; l++) latentNames[placed.offset + l] = `${randomIds[b]}:${l + 1}`;
  });
  field.fixedNames.forEach((name, j) => (latentNames[field.fixedOffset + j] = `${name}:1`));
  return {
    problem,
    points: points.map((p, k) => ({
      weight: modes[k] ? p.weight : 0,
      hyperparameters: Float64Array.from(field.free, (free, i) => free.hyper.definition.fromTheta(p.theta[i] ?? outOfRange(p.theta, i))),
      mean: p.latentMean,
      theta: Float64Array.from(p.theta),
      mode: modes[k] ?? null,
    })),
    constraintRows: field.constraints ? field.constraints.rows.map((row) => Float64Array.from(row)) : null,
    latentNames,
    hyperparameterNames: field.free.map((f) => f.hyper.label),
  };
}

/** Registers what `fit` needs for sampling (called by `inla()`). */
export function keepForSampling(fit: object, state: SamplingState): void {
  states.set(fit, state);
}

/** A seeded uniform generator on (0, 1): mulberry32. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 1 / 8589934592;
  };
}

/** Standard normal draws by the Box–Muller transform. */
function normals(next: () => number): (out: Float64Array) => Float64Array {
  return (out) => {
    for (let i = 0; i < out.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(next()));
      const phi = 2 * Math.PI * next();
      out[i] = r * Math.cos(phi);
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(phi);
    }
    return out;
  };
}

/**
 * `n` joint posterior samples of `fit` (from `inla()`), as R-INLA's `inla.posterior.sample(n, result)`: θ drawn from
 * the integration points by weight, then x | θ from the Gaussian approximation there, x = μ + Pᵀ L⁻ᵀ z corrected by
 * conditioning on the constraints Cx = e (x ← x − H⁻¹Cᵀ (C H⁻¹ Cᵀ)⁻¹ C (x − μ), Rue & Held 2005, eq. 2.30).
 * `seed` makes the draws reproducible (default 1).
 */
export function posteriorSamples(fit: object, n: number, options: { seed?: number } = {}): PosteriorSamples {
  const state = states.get(fit);
  if (!state) throw new InlaError('invalid-option', 'posteriorSamples needs the result of inla() itself (not a copy of it)', {});
  if (!Number.isInteger(n) || n < 1) throw new InlaError('invalid-option', `posteriorSamples: n must be a whole number of at least 1, got ${n}`, { n });
  const next = uniform(options.seed ?? 1);
  const draw = normals(next);
  const cumulative: number[] = [];
  let total = 0;
  for (const p of state.points) cumulative.push((total += p.weight));
  const size = state.latentNames.length;
  const out: PosteriorSamples = { latentNames: state.latentNames, hyperparameterNames: state.hyperparameterNames, hyperpar: [], latent: [] };
  // draw every sample's point and standard normals first, in order, then turn each point's draws into x | θ with that
  // point's factor, built once and released before the next point's
  const drawnPoint: number[] = [];
  for (let s = 0; s < n; s++) {
    const u = next() * total;
    let k = cumulative.findIndex((c) => u < c);
    if (k < 0) k = cumulative.length - 1;
    drawnPoint.push(k);
    out.latent.push(Float64Array.from(draw(new Float64Array(size + (size % 2))).subarray(0, size)));
    out.hyperpar.push(Float64Array.from(itemAt(state.points, k).hyperparameters));
  }
  state.points.forEach((point, k) => {
    if (!drawnPoint.includes(k)) return;
    if (point.mode === null) throw new InlaError('invalid-option', `integration point ${k + 1} kept no mode, so it cannot be sampled from`, { point: k + 1 });
    const { factor, constraint } = precisionAt(state.problem, point.theta, point.mode);
    drawnPoint.forEach((drawn, s) => {
      if (drawn !== k) return;
      const deviation = sample(factor, itemAt(out.latent, s));
      if (constraint && state.constraintRows) {
        const rows = state.constraintRows;
        const d = rows.map((row) => row.reduce((acc, c, j) => acc + c * (deviation[j] ?? outOfRange(deviation, j)), 0));
        for (let a = 0; a < rows.length; a++) {
          let t = 0;
          for (let b = 0; b < rows.length; b++) t += constraint.SInverse.get(a, b) * (d[b] ?? outOfRange(d, b));
          const w = itemAt(constraint.W, a);
          for (let j = 0; j < size; j++) deviation[j] = (deviation[j] ?? outOfRange(deviation, j)) - (w[j] ?? outOfRange(w, j)) * t;
        }
      }
      for (let j = 0; j < size; j++) deviation[j] = (deviation[j] ?? outOfRange(deviation, j)) + (point.mean[j] ?? outOfRange(point.mean, j));
      out.latent[s] = deviation;
    });
  });
  return out;
}
