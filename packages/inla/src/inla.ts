import { buildDesign, parseFormula, type Design, type FixedEffect, type ModelSpec, type Table } from '@hlm/design';
import { getFamily, type LikelihoodFamily } from '@hlm/likelihood';
import { type CholeskyFactor, itemAt, outOfRange } from '@hlm/sparse';
import { derivative } from './derivative.js';
import { InlaError } from './errors.js';
import { checkInputKeys } from './input-keys.js';
import { dataWarnings, type FitWarning } from './diagnostics.js';
import { keepForSampling, samplingState } from './posterior-sample.js';
import { gaussianApproximation, linearPredictor, modeTangent, type GaussianApproximation } from './gaussian-approximation.js';
import { negativeHessian, standardise, type StandardisedScale } from './hessian.js';
import { hyperparameterMarginal, userScaleMarginal } from './hyperparameter-marginal.js';
import { integrationDesign } from './integration-design.js';
import { laplaceMarginal, laplaceSummary } from './laplace-marginal.js';
import { mixtureSummary, type GaussianMixture } from './mixture.js';
import { findMode } from './mode-search.js';
import { checkControlSections, resolveCompute, resolveNumThreads, resolveFamilyHyper, resolvePredictor, resolveFixedPrior, resolveInlaSettings, type ComputeSettings, type ControlOptions, type InlaSettings } from './options.js';
import type { FixedSummaryRow, HyperparameterSummaryRow, IntegrationPoint, Posterior, RandomSummaryRow } from './posterior.js';
import { withModelLevels } from './latent-field.js';
import { summarisePredictor, type PredictorSummaryRow } from './predictor.js';
import { readObservations, type ColumnInput } from './observation-input.js';
import { buildProblem, type InferenceProblem } from './problem.js';
import { PointSequence, pointFrom, startFrom, type EvaluatedPoint, type PointContext, type WarmReference } from './point-evaluation.js';
import { vbNodes } from './vb-correction.js';

/** The arguments of `inla()`, in the tutorial's (pyINLA's) shape. */
export interface InlaInput {
  /** The model: a spec `{ response, fixed, random }` or an R-INLA formula such as `y ~ x + f(g, model = "iid")`. */
  model: ModelSpec | string;
  /** Likelihood family, by its name in `@hlm/likelihood`'s registry (R-INLA's names). */
  family: string;
  data: Table;
  /**
   * The family's per-observation columns under R-INLA's argument names, each per observation, a column name, or one
   * number for every row: `Ntrials` (numbers of trials), `E` (exposure), `scale` (a known precision factor), or any
   * other column a family declares (`family.columns`). A column the family does not read is an error.
   */
  Ntrials?: ColumnInput;
  E?: ColumnInput;
  scale?: ColumnInput;
  /**
   * R-INLA's `offset` argument: added to the linear predictor of each row (η = A x + offset), per row or a column
   * name; summed with the model's own offset terms (a spec's `offsets`, a formula's `offset(...)`). Like R-INLA, the
   * linear predictor's summaries and the fitted values include it.
   */
  offset?: ArrayLike<number> | string;
  /** R-INLA's `weights`: each row's log-likelihood is multiplied by its weight (≥ 0), per row or a column name. */
  weights?: ArrayLike<number> | string;
  control?: ControlOptions;
  /** Called as the fit goes: each evaluation of π̃(θ | y) in the mode search, each integration point, each point's marginals. */
  progress?: (event: FitProgress) => void;
}

/** Where a fit is: `done` steps of a stage (of `total` when known in advance). */
export interface FitProgress {
  stage: 'mode' | 'integration' | 'marginals';
  done: number;
  total?: number;
}

/** The fit: R-INLA's summaries and marginals, and the posterior over θ that criteria work from. */
export interface InlaResult {
  summaryFixed: FixedSummaryRow[];
  /** Each fixed effect's column of the design: its name, the formula term it comes from and, for a factor, its level. */
  fixedEffects: FixedEffect[];
  summaryRandom: Record<string, RandomSummaryRow[]>;
  summaryHyperpar: HyperparameterSummaryRow[];
  internalSummaryHyperpar: HyperparameterSummaryRow[];
  /** With `control.predictor.compute`: each observation's linear predictor η_i, else empty. */
  summaryLinearPredictor: PredictorSummaryRow[];
  /** With `control.predictor.compute`: each observation's fitted value g⁻¹(η_i) (the family's inverse link), else empty. */
  summaryFittedValues: PredictorSummaryRow[];
  marginals: {
    hyperpar: Record<string, { x: number[]; y: number[] }>;
    /** Each fixed effect's marginal as a mixture of Gaussians over the integration points. */
    fixed: Record<string, GaussianMixture>;
    random: Record<string, GaussianMixture[]>;
  };
  /** The mode of θ on the internal scale, by hyperparameter (R-INLA's `mode$theta`). */
  modeTheta: Record<string, number>;
  /** The covariance of θ at the mode, the inverse of −∂² log π̃(θ | y) (R-INLA's `misc$cov.intern`). */
  covarianceTheta: number[][];
  posterior: Posterior;
  /** What `control.compute` asked for; the criteria themselves come from `@hlm/criteria`. */
  compute: ComputeSettings;
  settings: InlaSettings;
  /** Warnings a user should see: separation, a constant response, a single-level random effect, badly scaled covariates, a Hessian that is not negative definite, an abandoned VB correction. */
  warnings: FitWarning[];
  /** The fit's wall time, and how many threads evaluated its design points (`inlaAsync` with `control.numThreads`). */
  timing: { fit_ms: number; threads: number };
}

/** Probability mass kept when the weights are pruned for the latent field (R-INLA's GMRFLib_weight_prob_one). */
const LATENT_MASS = 0.999;
/** ... and for the linear predictor (R-INLA's GMRFLib_weight_prob). */
const PREDICTOR_MASS = 0.975;

/**
 * What a fit builds before any approximation, the same on every thread that evaluates its points: the options
 * resolved, the design built, the observations read and the inference problem (latent field, likelihood patterns,
 * posterior precision pattern and its symbolic factorisation).
 */
export function prepareFit(input: InlaInput): PreparedFit {
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    throw new InlaError('invalid-option', 'data must be a table of named columns, e.g. { y: [...], x: [...] }, not an array of rows or nothing', {});
  }
  checkInputKeys(input as unknown as Record<string, unknown>);
  checkControlSections(input.control as Record<string, unknown> | undefined);
  const settings = resolveInlaSettings(input.control?.inla);
  const compute = resolveCompute(input.control?.compute);
  const fixedPrior = resolveFixedPrior(input.control?.fixed);
  const predictor = resolvePredictor(input.control?.predictor);
  const family = getFamily(input.family);
  const familyHyper = resolveFamilyHyper(family, input.control?.family);
  const model = typeof input.model === 'string' ? parseFormula(input.model) : input.model;
  // the design checks that the response is a number (a count for a count family); the family checks the rest
  const design = buildDesign(input.data, withModelLevels(model), {
    response: family.response === 'continuous' ? 'continuous' : 'unbounded-counts',
    ...(input.offset === undefined ? {} : { offset: input.offset }),
    ...(input.weights === undefined ? {} : { weights: input.weights }),
  });
  const observations = readObservations(input as unknown as Record<string, unknown>, family, design, familyHyper);
  const problem = buildProblem(design, observations, fixedPrior);
  const vbNodesOfFit = settings.vb.enable ? vbNodes(problem.field, settings.vb.fEnableLimit, settings.vb.fEnableLimitMax) : [];
  const kept: FitDesign = {
    nObservations: design.nObservations,
    response: design.response,
    fixed: design.fixed,
    random: design.random,
    fixedOffset: design.fixedOffset,
  };
  return { settings, compute, predictor, family, model, design: kept, observations, problem, vbNodes: vbNodesOfFit };
}

/**
 * What a fit keeps of its design once the problem is built: not A, whose distinct rows the problem holds (A is 300 MB
 * of a 6,000,000-row fit), nor the per-row offsets, weights and trials, which the observations hold as they need them.
 */
export type FitDesign = Pick<Design, 'nObservations' | 'response' | 'fixed' | 'random' | 'fixedOffset'>;

/** What `prepareFit` returns. */
export interface PreparedFit {
  settings: InlaSettings;
  compute: ComputeSettings;
  predictor: { compute: boolean };
  family: LikelihoodFamily;
  model: ModelSpec;
  design: FitDesign;
  observations: ReturnType<typeof readObservations>;
  problem: InferenceProblem;
  vbNodes: number[];
}

/** The design points a fit asks to have evaluated: θ of each, null for the mode itself (the design's centre). */
export interface PointsRequest {
  context: PointContext;
  thetas: (Float64Array | null)[];
  modeApprox: GaussianApproximation;
  /** A factor the mode search no longer needs, for the first evaluated point to refactorise. */
  spare: CholeskyFactor | undefined;
  report: (event: FitProgress) => void;
}

/** Fits a latent Gaussian model by INLA as R-INLA's default ("compact") mode does, on this thread. */
export function inla(input: InlaInput): InlaResult {
  const threads = resolveNumThreads(input.control);
  const steps = fitSteps(input);
  let step = steps.next();
  while (!step.done) step = steps.next(evaluatePointsSerially(step.value));
  if (threads !== undefined && threads > 1) {
    step.value.warnings.push({ code: 'ignored-option', message: `control.numThreads = ${threads}: inla() runs on this thread; inlaAsync() evaluates the design points on worker threads` });
  }
  return step.value;
}

/** The request's point k, evaluated on this thread (in a `PointSequence` from the request's spare factor). */
export function pointEvaluator(request: PointsRequest): (k: number) => EvaluatedPoint {
  const { context, thetas, modeApprox } = request;
  const sequence = new PointSequence(context, request.spare);
  return (k) => {
    const theta = thetas[k] ?? null;
    return theta === null ? pointFrom(context, modeApprox) : sequence.evaluate(theta);
  };
}

/** Each design point evaluated in turn on this thread. */
export function evaluatePointsSerially(request: PointsRequest): EvaluatedPoint[] {
  const evaluate = pointEvaluator(request);
  return request.thetas.map((_, k) => {
    request.report({ stage: 'integration', done: k + 1, total: request.thetas.length });
    return evaluate(k);
  });
}

/**
 * The fit as steps: it yields once, with the design points to evaluate (by `evaluatePointsSerially` or on worker
 * threads, the same numbers either way), and returns the result once given them (with `timing.threads` 1, which
 * the caller corrects if it used more).
 */
export function* fitSteps(input: InlaInput): Generator<PointsRequest, InlaResult, EvaluatedPoint[]> {
  const start = performance.now();
  const { settings, compute, predictor, family, model, design, observations, problem, vbNodes: nodes } = prepareFit(input);
  const { field } = problem;
  const m = field.free.length;
  const warnings: FitWarning[] = compute.ignored.map((k) => ({
    code: 'ignored-option' as const,
    message: `control.compute.${k} has no effect in hlm: the posterior always carries its points and marginals`,
  }));
  warnings.push(...dataWarnings(design, observations, problem.patterns, model.response));

  // log π̃(θ | y). Each evaluation's Newton iterations start from the conditional mode at the nearest θ evaluated so
  // far, moved along that mode's tangent in θ (`modeTangent`): x*(θ_r) + Σ_i (θ_i − θ_r,i) t_i, off the new mode by
  // O(|θ − θ_r|²) only. The mode's reference is kept for the whole fit, with the last few others (each holds m + 1
  // vectors of the field's size). An evaluation that only gives its value hands its factor's storage to the next,
  // except the best one so far, which the mode's approximation reuses.
  const references: WarmReference[] = [];
  const referenceOf = new WeakMap<GaussianApproximation, WarmReference>();
  let modeReference: WarmReference | undefined;
  const warmStart = (theta: ArrayLike<number>): Float64Array | undefined => {
    const candidates = modeReference ? [modeReference, ...references] : references;
    if (candidates.length === 0) return undefined;
    return startFrom(nearest(candidates, theta), theta);
  };
  let spare: CholeskyFactor | undefined;
  // the mode search's best evaluation so far, kept whole (not recycled) while `keepBest`
  let best: GaussianApproximation | undefined;
  let keepBest = true;
  const report = input.progress ?? ((): void => {});
  let modeEvaluations = 0;
  let searching = true;
  const approximate = (theta: ArrayLike<number>): GaussianApproximation => {
    const approx = gaussianApproximation(problem, theta, warmStart(theta), spare);
    spare = undefined;
    const reference = { theta: approx.theta, mode: approx.mode, tangent: modeTangent(problem, approx) };
    referenceOf.set(approx, reference);
    references.push(reference);
    if (references.length > RECENT_REFERENCES) references.shift();
    if (searching) report({ stage: 'mode', done: ++modeEvaluations });
    return approx;
  };
  const logPosterior = (theta: Float64Array): number => {
    const approx = approximate(theta);
    if (keepBest && (best === undefined || approx.logPosterior > best.logPosterior)) {
      spare = best?.factor;
      best = approx;
    } else {
      spare = approx.factor;
    }
    return approx.logPosterior;
  };

  const initial = Float64Array.from(field.free, (f) => f.hyper.initial);
  if (settings.thetaStart) {
    if (settings.thetaStart.length !== m) {
      throw new InlaError('invalid-option', `control.inla.theta.start has ${settings.thetaStart.length} values; the model has ${m} hyperparameters`, {
        expected: m,
      });
    }
    initial.set(settings.thetaStart);
  }

  let scale: StandardisedScale | null = null;
  let modeApprox: GaussianApproximation;
  if (m > 0) {
    const mode = findMode(logPosterior, initial, { h: settings.h });
    // the search's best evaluation is normally its answer; the approximation there is then already at hand
    const found = best;
    keepBest = false;
    modeApprox = found && found.theta.every((t, i) => t === mode.theta[i]) ? found : approximate(mode.theta);
    const hessian = negativeHessian(logPosterior, mode.theta, modeApprox.logPosterior, Math.sqrt(settings.h));
    scale = standardise(logPosterior, mode.theta, modeApprox.logPosterior, hessian);
    warnings.push(...scale.warnings.map((message) => ({ code: 'hyperparameter-hessian' as const, message: `${message}: the hyperparameters may be poorly identified, so their marginals are approximate` })));
  } else {
    modeApprox = approximate(initial);
  }

  modeReference = referenceOf.get(modeApprox);
  // the integration points, each started from the mode's reference
  const designPoints = integrationDesign(m, settings.intStrategy);
  searching = false;
  const context: PointContext = { problem, settings, vbNodes: nodes, modeReference: computed(modeReference, "the mode's warm-start reference"), modeLogPosterior: modeApprox.logPosterior };
  const thetas = designPoints.points.map((point) => {
    if (point.every((v) => v === 0) || !scale) return null;
    const { stretchNegative, stretchPositive } = scale;
    const z = Float64Array.from(point, (v, i) => designPoints.scale * v * (v < 0 ? (stretchNegative[i] ?? outOfRange(stretchNegative, i)) : (stretchPositive[i] ?? outOfRange(stretchPositive, i))));
    return scale.thetaOf(z);
  });
  const evaluatedPoints = yield { context, thetas, modeApprox, spare, report };
  spare = undefined;
  const evaluated = evaluatedPoints.map((e, k) => {
    warnings.push(...e.warnings);
    const logDesignWeight = designPoints.logWeights[k] ?? outOfRange(designPoints.logWeights, k);
    return { ...e, logWeight: e.logPosterior + logDesignWeight, logDesignWeight };
  });

  const maxLogWeight = Math.max(...evaluated.map((e) => e.logWeight));
  const rawWeights = evaluated.map((e) => (e.earlyStopped ? 0 : Math.exp(e.logWeight - maxLogWeight)));
  const totalWeight = rawWeights.reduce((a, b) => a + b, 0);
  const weights = rawWeights.map((w) => w / totalWeight);
  const latentWeights = pruneWeights(weights, LATENT_MASS);
  const predictorWeights = pruneWeights(weights, PREDICTOR_MASS);

  const points: IntegrationPoint[] = evaluated.map((e, k) => {
    report({ stage: 'marginals', done: k + 1, total: evaluated.length });
    const empty = new Float64Array(0);
    const base = {
      theta: Array.from(e.theta),
      logPosterior: e.logPosterior,
      logDesignWeight: e.logDesignWeight,
      weight: (weights[k] ?? outOfRange(weights, k)),
      latentWeight: (latentWeights[k] ?? outOfRange(latentWeights, k)),
      predictorWeight: (predictorWeights[k] ?? outOfRange(predictorWeights, k)),
      earlyStopped: e.earlyStopped,
      familyTheta: Array.from(e.familyTheta),
    };
    const moments = e.moments;
    if (!moments) {
      return { ...base, latentMean: empty, latentVariance: empty, latentSkewness: null, laplace: null, predictorMean: empty, predictorVariance: empty, vb: null };
    }
    const laplaceInput = moments.laplaceInput;
    return {
      ...base,
      latentMean: moments.latentMean,
      latentVariance: moments.latentVariance,
      latentSkewness: moments.latentSkewness,
      laplace:
        laplaceInput && (latentWeights[k] ?? outOfRange(latentWeights, k)) > 0
          ? Array.from({ length: field.size }, (_, node) => laplaceMarginal(problem, laplaceInput.approx, laplaceInput.covariance, node))
          : null,
      predictorMean: moments.predictorMean,
      predictorVariance: moments.predictorVariance,
      vb: moments.vb,
    };
  });

  // latent marginals: mixtures over the points that hold 99.9% of the weight
  const kept = points.filter((p) => p.latentWeight > 0);
  // one weights array for every node's mixture: the weights are the points', the same for all nodes
  const keptWeights = Float64Array.from(kept, (p) => p.latentWeight);
  const mixtureOf = (node: number): GaussianMixture => ({
    weights: keptWeights,
    means: Float64Array.from(kept, (p) => (p.latentMean[node] ?? outOfRange(p.latentMean, node))),
    sds: Float64Array.from(kept, (p) => Math.sqrt(p.latentVariance[node] ?? outOfRange(p.latentVariance, node))),
    ...(settings.strategy === 'simplified.laplace' ? { skewness: Float64Array.from(kept, (p) => (computed(p.latentSkewness, 'the latent skewness')[node] ?? outOfRange(computed(p.latentSkewness, 'the latent skewness'), node))) } : {}),
  });
  const fixedMarginals: Record<string, GaussianMixture> = {};
  const summaryOf = (node: number, mixture: GaussianMixture): ReturnType<typeof mixtureSummary> =>
    settings.strategy === 'laplace'
      ? laplaceSummary(
          kept.map((p) => itemAt(computed(p.laplace, 'the Laplace marginals'), node)),
          kept.map((p) => p.latentWeight),
        )
      : mixtureSummary(mixture);
  const summaryFixed: FixedSummaryRow[] = field.fixedNames.map((name, j) => {
    const mixture = mixtureOf(field.fixedOffset + j);
    fixedMarginals[name] = mixture;
    return { name, ...summaryOf(field.fixedOffset + j, mixture) };
  });
  const summaryRandom: Record<string, RandomSummaryRow[]> = {};
  const randomMarginals: Record<string, GaussianMixture[]> = {};
  design.random.forEach((block, b) => {
    const placed = itemAt(field.components, b);
    const mixtures = block.levels.map((_, level) => mixtureOf(placed.offset + level));
    randomMarginals[block.spec.id] = mixtures;
    summaryRandom[block.spec.id] = block.levels.map((ID, level) => ({ ID, ...summaryOf(placed.offset + level, itemAt(mixtures, level)) }));
  });

  // hyperparameter marginals
  const summaryHyperpar: HyperparameterSummaryRow[] = [];
  const internalSummaryHyperpar: HyperparameterSummaryRow[] = [];
  const hyperMarginals: Record<string, { x: number[]; y: number[] }> = {};
  const modeTheta: Record<string, number> = {};
  field.free.forEach((free, i) => {
    modeTheta[free.hyper.internalLabel] = modeApprox.theta[i] ?? outOfRange(modeApprox.theta, i);
    const density = hyperparameterMarginal(i, computed(scale, 'the standardised θ scale'), evaluated.map((e) => ({ theta: e.theta, logPosterior: e.logPosterior })));
    const g = (t: number): number => free.hyper.definition.fromTheta(t);
    const gPrime = (t: number): number => derivative(g, t);
    summaryHyperpar.push({ name: free.hyper.label, ...density.summarise(g, gPrime) });
    internalSummaryHyperpar.push({ name: free.hyper.internalLabel, ...density.summary() });
    hyperMarginals[free.hyper.label] = userScaleMarginal(density, g);
  });

  const predictorSummaries = predictor.compute ? summarisePredictor(points, family, problem.patterns.rowPattern) : { linearPredictor: [], fittedValues: [] };

  const posterior: Posterior = {
    family: family.name,
    response: design.response,
    columns: observationColumns(observations),
    weights: observationWeights(observations),
    familyTheta: Array.from(modeApprox.familyTheta),
    predictorPattern: problem.patterns.rowPattern,
    integration: designPoints.kind,
    dz: settings.dz,
    points,
    mode: { theta: Array.from(modeApprox.theta), logPosterior: modeApprox.logPosterior, predictor: linearPredictor(problem, modeApprox.mode, new Float64Array(design.nObservations)) },
    hessianEigenvalues: scale ? Array.from(scale.eigenvalues) : [],
    stretchNegative: scale ? Array.from(scale.stretchNegative) : [],
    stretchPositive: scale ? Array.from(scale.stretchPositive) : [],
  };
  const result: InlaResult = {
    summaryFixed,
    fixedEffects: design.fixed,
    summaryRandom,
    summaryHyperpar,
    internalSummaryHyperpar,
    summaryLinearPredictor: predictorSummaries.linearPredictor,
    summaryFittedValues: predictorSummaries.fittedValues,
    marginals: { hyperpar: hyperMarginals, fixed: fixedMarginals, random: randomMarginals },
    modeTheta,
    covarianceTheta: scale ? scale.covariance.to2DArray() : [],
    posterior,
    compute,
    settings,
    warnings,
    timing: { fit_ms: performance.now() - start, threads: 1 },
  };
  keepForSampling(result, samplingState(problem, design.random.map((b) => b.spec.id), points, evaluated.map((e) => (e.earlyStopped ? null : e.mode))));
  return result;
}

/** How many recent evaluations (besides the mode) are kept as warm starts. */
const RECENT_REFERENCES = 4;

/** `value`, which the strategy in use computes (`what`); an InlaError if it was not. */
function computed<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new InlaError('numerical-failure', `${what} should have been computed by now; this is a bug in @hlm/inla`, { what });
  return value;
}

/** The evaluation whose θ is nearest to `theta` (Euclidean, internal scale); the first of equals. */
function nearest<T extends { theta: Float64Array }>(approximations: readonly T[], theta: ArrayLike<number>): T {
  let best = itemAt(approximations, 0);
  let bestDistance = Infinity;
  for (const approx of approximations) {
    let distance = 0;
    for (let i = 0; i < theta.length; i++) distance += ((approx.theta[i] ?? outOfRange(approx.theta, i)) - (theta[i] ?? outOfRange(theta, i))) ** 2;
    if (distance < bestDistance) {
      best = approx;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Keeps the largest weights until they hold at least `mass` of the total, zeroes the rest and renormalises
 * (R-INLA density.c, `GMRFLib_density_prune_weights`).
 */
export function pruneWeights(weights: number[], mass: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const order = weights.map((_, k) => k).sort((a, b) => (weights[b] ?? outOfRange(weights, b)) - (weights[a] ?? outOfRange(weights, a)));
  const kept = new Array<number>(weights.length).fill(0);
  let sum = 0;
  for (const k of order) {
    if (sum >= mass) break;
    sum += (weights[k] ?? outOfRange(weights, k)) / total;
    kept[k] = weights[k] ?? outOfRange(weights, k);
  }
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  return kept.map((w) => w / keptTotal);
}


/** The weight of every row, 0 on prediction rows (R-INLA's `d`); null when every observed row has weight 1. */
function observationWeights(observations: ReturnType<typeof readObservations>): Float64Array | null {
  const { weights } = observations;
  if (!weights) return null;
  const values = new Float64Array(observations.nRows);
  observations.observedRows.forEach((row, k) => {
    values[row] = weights[k] ?? outOfRange(weights, k);
  });
  return values;
}

/** The family's columns for every row of the design (prediction rows at the column's fallback). */
function observationColumns(observations: ReturnType<typeof readObservations>): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const column of observations.family.columns) {
    const values = new Float64Array(observations.nRows).fill(column.fallback);
    const observed = observations.columns[column.name];
    if (observed === undefined) throw new InlaError('invalid-option', `the family's column '${column.name}' was not read from the data`, { column: column.name });
    observations.observedRows.forEach((row, k) => {
      values[row] = observed[k] ?? outOfRange(observed, k);
    });
    out[column.name] = values;
  }
  return out;
}
