import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { gaussHermite, GHQ_POINTS } from '@hlm/likelihood';
import type { GaussianApproximation } from './gaussian-approximation.js';
import type { LatentCovariance } from './latent-moments.js';
import type { LatentField } from './latent-field.js';
import type { InferenceProblem } from './problem.js';
import { outOfRange } from '@hlm/sparse';

/** Outcome of the variational-Bayes mean correction at one θ. */
export interface VbCorrection {
  /** Corrected posterior means of the latent field (the uncorrected mode when the correction was aborted). */
  readonly mean: Float64Array;
  readonly iterations: number;
  /** Largest |shift| / sd over the field. */
  readonly maxShift: number;
  /** Why the correction was abandoned, if it was (R-INLA's emergency, divergence or NaN). */
  readonly aborted: string | null;
}

const MAX_COMPONENT_SHIFT = 5.001;
const FLT_EPSILON = 1.1920928955078125e-7;

/**
 * The nodes whose means are corrected, as R-INLA chooses them (inla.c): every fixed effect; all nodes of a
 * component with at most `lim` nodes, else `lim` equally spaced ones, lim = min(fEnableLimit, ⌊limitMax / nf⌋).
 */
export function vbNodes(field: LatentField, fEnableLimit: number, fEnableLimitMax: number): number[] {
  const nodes: number[] = [];
  const nf = field.components.length;
  for (const placed of field.components) {
    const n = placed.component.size;
    const lim = Math.max(0, Math.min(fEnableLimit, Math.floor(fEnableLimitMax / nf)));
    if (lim === 0) continue;
    if (n <= lim) {
      for (let j = 0; j < n; j++) nodes.push(placed.offset + j);
    } else {
      const len = Math.max(1, Math.floor(n / lim));
      const start = Math.max(1, Math.floor(len / 2));
      const chosen = new Set<number>();
      for (let j = 0; j < lim; j++) chosen.add((j * len + start) % n);
      for (const j of [...chosen].sort((a, b) => a - b)) nodes.push(placed.offset + j);
    }
  }
  for (let j = 0; j < field.fixedNames.length; j++) nodes.push(field.fixedOffset + j);
  return nodes;
}

/**
 * Units per block of the quadrature: a block's predictors, scores and running sums at one quadrature node stay in the
 * first-level cache while the block's 15 nodes are run.
 */
const QUADRATURE_BLOCK_UNITS = 1024;

/** One block of units [first, end): views of their responses and columns. */
interface QuadratureBlock {
  readonly first: number;
  readonly end: number;
  readonly response: Float64Array;
  readonly columns: Record<string, Float64Array>;
}

/**
 * The units in blocks, and scratch for one block: its units' predictive means and sds, their predictors and scores at
 * one quadrature node, and the running sums over the nodes.
 */
interface QuadratureWorkspace {
  readonly blocks: QuadratureBlock[];
  readonly centre: Float64Array;
  readonly spread: Float64Array;
  readonly eta: Float64Array;
  readonly score: Float64Array;
  readonly sum: Float64Array;
}

const quadratureWorkspaces = new WeakMap<InferenceProblem, QuadratureWorkspace>();

/** One workspace per problem: every integration point's correction reads the same data. */
function quadratureWorkspaceOf(problem: InferenceProblem): QuadratureWorkspace {
  let held = quadratureWorkspaces.get(problem);
  if (!held) {
    const { unitResponse, unitColumns, nUnits } = problem.patterns;
    const view = (values: ArrayLike<number>, first: number, end: number): Float64Array =>
      values instanceof Float64Array ? values.subarray(first, end) : Float64Array.from({ length: end - first }, (_, i) => values[first + i] ?? outOfRange(values, first + i));
    const blocks: QuadratureBlock[] = [];
    for (let first = 0; first < nUnits; first += QUADRATURE_BLOCK_UNITS) {
      const end = Math.min(first + QUADRATURE_BLOCK_UNITS, nUnits);
      blocks.push({
        first,
        end,
        response: view(unitResponse, first, end),
        columns: Object.fromEntries(Object.entries(unitColumns).map(([name, values]) => [name, view(values, first, end)])),
      });
    }
    const size = Math.min(nUnits, QUADRATURE_BLOCK_UNITS);
    held = { blocks, centre: new Float64Array(size), spread: new Float64Array(size), eta: new Float64Array(size), score: new Float64Array(size), sum: new Float64Array(size) };
    quadratureWorkspaces.set(problem, held);
  }
  return held;
}

/**
 * The variational-Bayes correction of the Gaussian approximation's mean (van Niekerk & Rue 2024,
 * "Low-rank variational Bayes correction to the Laplace method", JMLR 25:62), as R-INLA's compact mode does it:
 * the covariance Σ stays fixed and the mean moves in the span of Σ's columns for the nodes S,
 * x̄ ← x̄ + Σ_{:,S} δ, δ = −(Σ_SS)⁻¹ Σ_{S,:} g, where g = Q(x̄ − μ) − Aᵀ E[ℓ'(η)] is the gradient of the
 * expected negative log joint under q = N(x̄, Σ), and E[ℓ'(η_i)] is found by 15-point Gauss–Hermite
 * quadrature (R-INLA integrates ℓ(m + s z) z / s, equal to E[ℓ'(η)] by Stein's identity).
 */
export function vbCorrectMean(
  problem: InferenceProblem,
  approx: GaussianApproximation,
  covariance: LatentCovariance,
  predictorVariance: Float64Array,
  nodes: readonly number[],
  settings: { iterMax: number; emergency: number },
): VbCorrection {
  const { precision } = problem;
  const n = problem.field.size;
  // on the observations' distinct patterns, pooled by the family's sufficient statistics: the expected score of a
  // pooled observation is the sum of its members' (the derivative is linear in the members)
  const { patterns } = problem;
  const { patternAt, patternOffset, unitPattern, unitWeight, nPatterns } = patterns;
  const { family } = problem.observations;
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(covariance.variance[i] ?? outOfRange(covariance.variance, i));
  const ns = nodes.length;
  // the Newton matrix of the step, Σ[:, S]ᵀ H Σ[:, S], is Σ_SS because Σ H Σ = Σ; R-INLA adds FLT_EPSILON to its diagonal
  const block = covariance.block(nodes);
  const nodeCovariance = new Matrix(ns, ns);
  for (let a = 0; a < ns; a++) {
    for (let b = 0; b < ns; b++) nodeCovariance.set(a, b, 0.5 * ((block[a * ns + b] ?? outOfRange(block, a * ns + b)) + (block[b * ns + a] ?? outOfRange(block, b * ns + a))) + (a === b ? FLT_EPSILON : 0));
  }
  const spread = new Float64Array(n);
  const nodeCovarianceFactor = new CholeskyDecomposition(nodeCovariance);
  const { nodes: z, weights: w } = gaussHermite(GHQ_POINTS);
  const predictorSd = new Float64Array(predictorVariance.length);
  for (let p = 0; p < predictorSd.length; p++) predictorSd[p] = Math.sqrt(predictorVariance[p] ?? outOfRange(predictorVariance, p));

  const { blocks, centre, spread: unitSpread, eta: etaScratch, score: scoreScratch, sum: sumScratch } = quadratureWorkspaceOf(problem);

  const mean = Float64Array.from(approx.mode);
  const pmean = new Float64Array(nPatterns);
  const expectedScore = new Float64Array(nPatterns);
  const AtScore = new Float64Array(n);
  const centred = new Float64Array(n);
  const gradient = new Float64Array(n);
  const shift = new Float64Array(n);
  let previousDelta: Float64Array | null = null;
  const history: number[] = [];
  let iterations = 0;

  // iterMax is an integer >= 1 (checked with the options), so the loop always returns at iter = iterMax − 1 at the latest
  for (let iter = 0; ; iter++) {
    iterations = iter + 1;
    patternAt.transposeMultiplyVector(mean, pmean);
    // E[ℓ'(η)] with η ~ N(m_p + o_p, s_p²) per pattern: per block of units, one vectorised call per quadrature node,
    // each unit's weighted sum taken over the nodes in their order
    expectedScore.fill(0);
    for (const block of blocks) {
      const count = block.end - block.first;
      const eta = count === etaScratch.length ? etaScratch : etaScratch.subarray(0, count);
      const score = count === scoreScratch.length ? scoreScratch : scoreScratch.subarray(0, count);
      const sum = count === sumScratch.length ? sumScratch : sumScratch.subarray(0, count);
      sum.fill(0);
      for (let u = block.first; u < block.end; u++) {
        const p = unitPattern[u] ?? outOfRange(unitPattern, u);
        centre[u - block.first] = (pmean[p] ?? outOfRange(pmean, p)) + (patternOffset[p] ?? outOfRange(patternOffset, p));
        unitSpread[u - block.first] = predictorSd[p] ?? outOfRange(predictorSd, p);
      }
      for (let k = 0; k < GHQ_POINTS; k++) {
        const node = z[k] ?? outOfRange(z, k);
        const weight = w[k] ?? outOfRange(w, k);
        for (let i = 0; i < count; i++) eta[i] = (centre[i] ?? outOfRange(centre, i)) + (unitSpread[i] ?? outOfRange(unitSpread, i)) * node;
        family.derivatives(block.response, block.columns, approx.familyTheta, eta, score);
        for (let i = 0; i < count; i++) sum[i] = (sum[i] ?? outOfRange(sum, i)) + weight * (score[i] ?? outOfRange(score, i));
      }
      for (let u = block.first; u < block.end; u++) {
        const e = sum[u - block.first] ?? outOfRange(sum, u - block.first);
        const p = unitPattern[u] ?? outOfRange(unitPattern, u);
        expectedScore[p] = (expectedScore[p] ?? outOfRange(expectedScore, p)) + (Number.isFinite(e) ? (unitWeight[u] ?? outOfRange(unitWeight, u)) * e : 0);
      }
    }
    for (let i = 0; i < n; i++) centred[i] = (mean[i] ?? outOfRange(mean, i)) - (problem.priorMean[i] ?? outOfRange(problem.priorMean, i));
    precision.priorTimes(approx.priorValues, centred, gradient);
    patternAt.multiplyVector(expectedScore, AtScore);
    for (let i = 0; i < n; i++) gradient[i] = (gradient[i] ?? outOfRange(gradient, i)) - (AtScore[i] ?? outOfRange(AtScore, i));
    // Σ[S, :] g is (Σ g)_S: one solve
    const covarianceGradient = covariance.times(gradient);
    const projectedGradient = new Matrix(ns, 1);
    for (let a = 0; a < ns; a++) projectedGradient.set(a, 0, -(covarianceGradient[nodes[a] ?? outOfRange(nodes, a)] ?? outOfRange(covarianceGradient, nodes[a] ?? outOfRange(nodes, a))));
    const deltaMatrix = nodeCovarianceFactor.solve(projectedGradient);
    const delta = Float64Array.from({ length: ns }, (_, a) => deltaMatrix.get(a, 0));
    if (delta.some((d) => Number.isNaN(d))) {
      return { mean: Float64Array.from(approx.mode), iterations, maxShift: 0, aborted: 'the VB step is NaN' };
    }
    // R-INLA's guard against a two-cycle: if δ ≈ −δ_prev, take half the step and stop
    let cyclic = false;
    if (previousDelta) {
      let rms = 0;
      for (let a = 0; a < ns; a++) rms += ((delta[a] ?? outOfRange(delta, a)) + (previousDelta[a] ?? outOfRange(previousDelta, a))) ** 2;
      if (Math.sqrt(rms / ns) < FLT_EPSILON) {
        cyclic = true;
        for (let a = 0; a < ns; a++) delta[a] = (delta[a] ?? outOfRange(delta, a)) * 0.5;
      }
    }
    previousDelta = delta;
    // Σ[:, S] δ = Σ (E_S δ): one solve
    spread.fill(0);
    for (let a = 0; a < ns; a++) spread[nodes[a] ?? outOfRange(nodes, a)] = (spread[nodes[a] ?? outOfRange(nodes, a)] ?? outOfRange(spread, nodes[a] ?? outOfRange(nodes, a))) + (delta[a] ?? outOfRange(delta, a));
    shift.set(covariance.times(spread));
    let err = 0;
    for (let i = 0; i < n; i++) {
      if (!((sd[i] ?? outOfRange(sd, i)) > 0)) continue;
      const standardised = Math.abs((shift[i] ?? outOfRange(shift, i)) / (sd[i] ?? outOfRange(sd, i)));
      err = Math.max(err, standardised);
      if (standardised > MAX_COMPONENT_SHIFT) shift[i] = MAX_COMPONENT_SHIFT * (sd[i] ?? outOfRange(sd, i)) * Math.sign(shift[i] ?? outOfRange(shift, i));
    }
    history.push(err);
    const k = history.length - 1;
    const diverging = k >= 3 && (history[k] ?? outOfRange(history, k)) > (history[k - 1] ?? outOfRange(history, k - 1)) && (history[k - 1] ?? outOfRange(history, k - 1)) > (history[k - 2] ?? outOfRange(history, k - 2)) && (history[k - 2] ?? outOfRange(history, k - 2)) > (history[k - 3] ?? outOfRange(history, k - 3));
    let maxShift = 0;
    for (let i = 0; i < n; i++) {
      mean[i] = (mean[i] ?? outOfRange(mean, i)) + (shift[i] ?? outOfRange(shift, i));
      if ((sd[i] ?? outOfRange(sd, i)) > 0) maxShift = Math.max(maxShift, Math.abs((mean[i] ?? outOfRange(mean, i)) - (approx.mode[i] ?? outOfRange(approx.mode, i))) / (sd[i] ?? outOfRange(sd, i)));
    }
    if (diverging || maxShift >= settings.emergency) {
      return {
        mean: Float64Array.from(approx.mode),
        iterations,
        maxShift,
        aborted: diverging ? 'the VB iterations diverge' : `the VB correction moved a mean by ${maxShift.toFixed(2)} sd (emergency limit ${settings.emergency})`,
      };
    }
    if (err < 0.01 || iter === settings.iterMax - 1 || cyclic) {
      return { mean, iterations, maxShift, aborted: null };
    }
  }
}
