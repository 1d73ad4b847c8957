import type { CholeskyFactor } from '@hlm/sparse';
import { outOfRange } from '@hlm/sparse';
import type { FitWarning } from './diagnostics.js';
import { gaussianApproximation, patternPredictor, type GaussianApproximation } from './gaussian-approximation.js';
import { latentCovariance, type LatentCovariance } from './latent-moments.js';
import type { InlaSettings } from './options.js';
import type { IntegrationPoint } from './posterior.js';
import type { InferenceProblem } from './problem.js';
import { simplifiedLaplace } from './simplified-laplace.js';
import { vbCorrectMean } from './vb-correction.js';

/** A point whose density relative to the mode is below this is not computed (R-INLA's early stop). */
const EARLY_STOP_PROBABILITY = 1 - 0.999;

/** A conditional mode and its tangent in θ, from which a nearby θ's Newton iterations start. */
export interface WarmReference {
  readonly theta: Float64Array;
  readonly mode: Float64Array;
  readonly tangent: Float64Array[];
}

/** x*(θ_r) + Σ_i (θ_i − θ_r,i) t_i: the reference's mode moved along its tangent to θ, off the mode at θ by O(|θ − θ_r|²). */
export function startFrom(reference: WarmReference, theta: ArrayLike<number>): Float64Array {
  const start = Float64Array.from(reference.mode);
  reference.tangent.forEach((t, i) => {
    const d = (theta[i] ?? outOfRange(theta, i)) - (reference.theta[i] ?? outOfRange(reference.theta, i));
    if (d !== 0) for (let j = 0; j < start.length; j++) start[j] = (start[j] ?? outOfRange(start, j)) + d * (t[j] ?? outOfRange(t, j));
  });
  return start;
}

/** What a point's marginals and criteria are computed from. */
export interface PointMoments {
  latentMean: Float64Array;
  latentVariance: Float64Array;
  latentSkewness: Float64Array | null;
  predictorMean: Float64Array;
  predictorVariance: Float64Array;
  vb: IntegrationPoint['vb'];
  /** The full Laplace strategy evaluates its marginals once the weights are known, from the factor and covariance. */
  laplaceInput: { approx: GaussianApproximation; covariance: LatentCovariance } | null;
}

/** A point's latent and linear-predictor moments, from its Gaussian approximation; an abandoned VB correction adds a warning. */
export function pointMoments(problem: InferenceProblem, approx: GaussianApproximation, settings: InlaSettings, vbNodes: readonly number[], warnings: FitWarning[]): PointMoments {
  const covariance = latentCovariance(approx);
  const predictorVariance = covariance.predictorVariance(problem.patterns.patternAt);
  let latentMean = approx.mode;
  let latentSkewness: Float64Array | null = null;
  let vb: IntegrationPoint['vb'] = null;
  if (settings.strategy === 'simplified.laplace') {
    const sla = simplifiedLaplace(problem, approx, covariance, predictorVariance);
    latentMean = sla.mean;
    latentSkewness = sla.skewness;
  }
  if (settings.vb.enable) {
    const correction = vbCorrectMean(problem, approx, covariance, predictorVariance, vbNodes, settings.vb);
    latentMean = correction.mean;
    vb = { iterations: correction.iterations, maxShift: correction.maxShift, aborted: correction.aborted };
    if (correction.aborted) {
      warnings.push({ code: 'vb-abandoned', message: `VB correction at θ = [${Array.from(approx.theta, (t) => t.toFixed(3)).join(', ')}] abandoned: ${correction.aborted}` });
    }
  }
  return {
    latentMean,
    latentVariance: covariance.variance,
    latentSkewness,
    predictorMean: patternPredictor(problem, latentMean),
    predictorVariance,
    vb,
    laplaceInput: settings.strategy === 'laplace' ? { approx, covariance } : null,
  };
}

/** What the integration stage needs to evaluate a design point: the same wherever (on whichever thread) it runs. */
export interface PointContext {
  readonly problem: InferenceProblem;
  readonly settings: InlaSettings;
  /** The nodes whose means the VB correction moves. */
  readonly vbNodes: readonly number[];
  /** The mode's conditional mode and tangent, from which every design point's Newton iterations start. */
  readonly modeReference: WarmReference;
  /** log π̃ at the mode of θ, against which a point is stopped early. */
  readonly modeLogPosterior: number;
}

/** One design point, evaluated: its Gaussian approximation's summary and, unless stopped early, its moments. */
export interface EvaluatedPoint {
  theta: Float64Array;
  familyTheta: Float64Array;
  mode: Float64Array;
  logPosterior: number;
  earlyStopped: boolean;
  moments: PointMoments | null;
  warnings: FitWarning[];
}

/**
 * Evaluates design points one after another on one thread: each point's Gaussian approximation with Newton started
 * from the mode's reference (never from another design point, so that a point does not depend on the order in which
 * points are evaluated), its early stop and its moments. Each point's factor is then refactorised by the next point
 * (except under the full Laplace strategy, whose marginals need every point's factor afterwards), so that a thread
 * holds one factor at a time beside the mode's.
 */
export class PointSequence {
  constructor(
    private readonly context: PointContext,
    /** A factor no longer needed, refactorised by the first point instead of allocating one. */
    private spare?: CholeskyFactor,
  ) {}

  evaluate(theta: Float64Array): EvaluatedPoint {
    const approx = gaussianApproximation(this.context.problem, theta, startFrom(this.context.modeReference, theta), this.spare);
    const point = pointFrom(this.context, approx);
    this.spare = this.context.settings.strategy === 'laplace' ? undefined : approx.factor;
    return point;
  }
}

/** A point's summary from its Gaussian approximation (the mode's own, for the centre of the design). */
export function pointFrom(context: PointContext, approx: GaussianApproximation): EvaluatedPoint {
  const relative = Math.exp(Math.min(0, approx.logPosterior - context.modeLogPosterior));
  const earlyStopped = relative / (1 + relative) < EARLY_STOP_PROBABILITY;
  const warnings: FitWarning[] = [];
  const moments = earlyStopped ? null : pointMoments(context.problem, approx, context.settings, context.vbNodes, warnings);
  return { theta: approx.theta, familyTheta: approx.familyTheta, mode: approx.mode, logPosterior: approx.logPosterior, earlyStopped, moments, warnings };
}
