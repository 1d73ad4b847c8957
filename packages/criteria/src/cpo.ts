/**
 * Conditional predictive ordinates and probability integral transforms (Pettit 1990; Held, Schrödle & Rue 2010)
 * from the full fit, as R-INLA computes them.
 * @module
 */
import { densityInThirds, gaussHermite, getFamily, type ObservationColumns, outOfRange, ReusableExtendedSpline } from '@hlm/likelihood';
import type { CriteriaPosterior } from './posterior.js';
import { simpsonWeights } from './quadrature.js';
import { groupObservations } from './groups.js';
import { criteriaPoints, momentIndex, rowWeight } from './weights.js';

/** CPO and PIT per observation, with R-INLA's failure flags and the summaries the election report prints. */
export interface CpoResult {
  /** CPO_i = p(y_i | y_−i); NaN on a prediction row and a row of weight 0 (as PIT and failure; R-INLA's NA). */
  cpo: Float64Array;
  /** PIT_i = P(Y_i ≤ y_i | y_−i). */
  pit: Float64Array;
  /** The weight of the points where the leave-one-out density could not be trusted: 0 is reliable, up to 1. */
  failure: Float64Array;
  /** Σ_i log CPO_i over the rows that have a CPO. */
  sum_log_cpo: number;
  /** The number of observations with failure > 0. */
  failures: number;
}

/** CPO and PIT of one observation at one point θ_k; NaN when the leave-one-out density is not usable. */
export interface PointCpo {
  cpo: number;
  pit: number;
  /** 1 when R-INLA would flag the point (the density was trimmed, unusable or vanished), else 0. */
  failure: number;
}

/** How many log-density units the leave-one-out density's peak must rise above both ends (`control.inla$cpo.diff`, R-INLA default 3). */
const CPO_REQUIRED_DIFF = 3;
/** R-INLA's regularisation ε = √eps · eps^¼ of the division by the likelihood. */
const CORRECTION_EPS = Math.sqrt(Number.EPSILON) * Number.EPSILON ** 0.25;
const LOG_CORRECTION_EPS = Math.log(CORRECTION_EPS);
/** Points of R-INLA's integration of a density (`GMRFLib_INT_NUM_POINTS`); for the moments each interval is split in three. */
const INTEGRATION_POINTS = 45;
const MOMENT_POINTS = 3 * INTEGRATION_POINTS - 2;
/** The density is integrated over its mean ± 5 sd (`GMRFLib_DENSITY_INTEGRATION_LIMIT`). */
const INTEGRATION_LIMIT = 5;
/** The smallest CPO R-INLA reports (DBL_MIN, the smallest normal double). */
const SMALLEST_CPO = 2.2250738585072014e-308;

/**
 * The standardised abscissas where R-INLA evaluates the leave-one-out density (approx-inference.c,
 * `GMRFLib_compute_cpodens`): the 19-point Gauss–Hermite nodes and 8 equispaced points on each side reaching twice
 * as far.
 */
function cpoAbscissas(): Float64Array {
  const nodes = gaussHermite(19).nodes;
  const range = nodes[nodes.length - 1] ?? outOfRange(nodes, nodes.length - 1);
  const extra = 8;
  const z = new Float64Array(nodes.length + 2 * extra);
  for (let j = 0; j < extra; j++) {
    z[j] = (nodes[0] ?? outOfRange(nodes, 0)) - (range * (extra - j)) / extra;
    z[extra + nodes.length + j] = (nodes[nodes.length - 1] ?? outOfRange(nodes, nodes.length - 1)) + (range * (j + 1)) / extra;
  }
  z.set(nodes, extra);
  return z;
}

const ABSCISSAS = cpoAbscissas();
const SIMPSON_INTEGRATION = simpsonWeights(INTEGRATION_POINTS);
const SIMPSON_MOMENTS = simpsonWeights(MOMENT_POINTS);

/** log(e^a + e^b) with one exp and one log1p; exact when either is −∞. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Work buffers of one CPO computation; `cpo()` reuses one set over all its observations and points. */
interface CpoScratch {
  readonly ell: Float64Array;
  readonly keptZ: Float64Array;
  readonly keptLd: Float64Array;
  readonly corrected: Float64Array;
  readonly coarse: Float64Array;
  /** The leave-one-out density at the moments' 133 points, and `densityInThirds`' scratch. */
  readonly thirds: Float64Array;
  readonly thirdsScratch: Float64Array;
  readonly spline: ReusableExtendedSpline;
}

function cpoScratch(): CpoScratch {
  const n = ABSCISSAS.length;
  return {
    ell: new Float64Array(n),
    keptZ: new Float64Array(n),
    keptLd: new Float64Array(n),
    corrected: new Float64Array(n),
    coarse: new Float64Array(INTEGRATION_POINTS),
    thirds: new Float64Array(MOMENT_POINTS),
    thirdsScratch: new Float64Array(INTEGRATION_POINTS),
    spline: new ReusableExtendedSpline(n),
  };
}

/**
 * CPO and PIT of one observation at one point θ_k, where η_i | y, θ_k ~ N(mean, sd²), following R-INLA
 * (approx-inference.c, `GMRFLib_compute_cpodens`, `GMRFLib_ai_correct_cpodens`, `GMRFLib_ai_cpopit_integrate`).
 *
 * In the standardised z = (η − mean)/sd, the leave-one-out density π(η | y_−i, θ_k) ∝ N(z)/p(y_i | η) is evaluated as
 * log N(z) + ℓ − 2 log(ε e^ℓmax + e^ℓ) with ℓ = log p(y_i | η), which is log N(z) − ℓ wherever the likelihood is above
 * ε = 1.8e-12 of its largest value on the abscissas, and falls off beyond. On R-INLA's 35 abscissas: a rising run at
 * either end is cut off (and the point flagged); if the peak is not at least 3 above both ends the density is unusable
 * (NaN, flagged). Its mean μ and sd σ follow by Simpson's rule over the remaining abscissas' range (the log density
 * on 45 points, interpolated linearly to 133), then
 * CPO = ∫ p(y_i | η) π(η | y_−i) dη and PIT = ∫ P(Y_i ≤ y_i | η) π(η | y_−i) dη by Simpson's rule on 45 points over μ ± 5σ.
 * Both steps read the leave-one-out log density as R-INLA stores it, a spline-corrected Gaussian through the kept
 * abscissas (GMRFLib_density_create): −z²/2 + S(z), S the natural cubic spline through (z_j, ld_j + z_j²/2), continued
 * linearly beyond them. For an outlying count μ ± 5σ reaches past the abscissas, where this differs from the exact
 * ratio: on the zoo's bym2_pois the exact ratio put Σ log CPO 33.5 above R-INLA's, the spline 0.5.
 *
 * For a row of weight d (R-INLA's `weights`), pass the weighted log likelihood d ℓ as `loglik` and the unweighted
 * `cdf`: R-INLA scales ℓ by d in both the leave-one-out density and the CPO integral, not in the PIT's CDF.
 */
export function pointCpo(loglik: (eta: number) => number, cdf: (eta: number) => number, mean: number, sd: number): PointCpo {
  const observation: ObservationModel = { logDensityAt: (_y, _c, _i, _t, eta) => loglik(eta), cdf: (_y, _c, _i, _t, eta) => cdf(eta) };
  return pointCpoWith(cpoScratch(), observation, 0, {}, 0, [], mean, sd, 1);
}

/** The two functions of a likelihood family that CPO reads, for response y at row i of `columns`, at the family's θ. */
interface ObservationModel {
  logDensityAt(y: number, columns: ObservationColumns, i: number, theta: ArrayLike<number>, eta: number): number;
  cdf(y: number, columns: ObservationColumns, i: number, theta: ArrayLike<number>, eta: number): number;
}

/** log N(z) + ℓ − 2 log(ε e^ℓmax + e^ℓ), the log leave-one-out density in z, with logCorrection = log ε + ℓmax. */
function looLogDensity(z: number, l: number, logCorrection: number): number {
  return -0.5 * z * z + l - 2 * logAddExp(logCorrection, l);
}

function pointCpoWith(
  scratch: CpoScratch,
  observation: ObservationModel,
  y: number,
  columns: ObservationColumns,
  row: number,
  theta: ArrayLike<number>,
  mean: number,
  sd: number,
  weight: number,
): PointCpo {
  const n = ABSCISSAS.length;
  const ell = scratch.ell;
  let ellMax = -Infinity;
  for (let j = 0; j < n; j++) {
    // GMRFLib_compute_cpodens: the log likelihood scaled by the row's weight d (`GMRFLib_dscale(np, d, logcor)`)
    const l = weight * observation.logDensityAt(y, columns, row, theta, mean + sd * (ABSCISSAS[j] ?? outOfRange(ABSCISSAS, j)));
    ell[j] = l;
    if (l > ellMax) ellMax = l;
  }
  const logCorrection = LOG_CORRECTION_EPS + ellMax;

  const z = scratch.keptZ;
  const ld = scratch.keptLd;
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const v = looLogDensity(ABSCISSAS[j] ?? outOfRange(ABSCISSAS, j), ell[j] ?? outOfRange(ell, j), logCorrection);
    if (Number.isFinite(v)) {
      z[kept] = ABSCISSAS[j] ?? outOfRange(ABSCISSAS, j);
      ld[kept] = v;
      kept++;
    }
  }
  // cut rising runs at the ends: keep from the first local minimum from the left to the last one from the right
  let first = 0;
  while (first < kept - 1 && (ld[first] ?? outOfRange(ld, first)) > (ld[first + 1] ?? outOfRange(ld, first + 1))) first++;
  let last = kept - 1;
  while (last > 0 && (ld[last] ?? outOfRange(ld, last)) > (ld[last - 1] ?? outOfRange(ld, last - 1))) last--;
  const trimmed = first > 0 || last < kept - 1;
  if (last - first + 1 <= 4) return { cpo: Number.NaN, pit: Number.NaN, failure: 1 };
  let peak = -Infinity;
  for (let j = first; j <= last; j++) peak = Math.max(peak, ld[j] ?? outOfRange(ld, j));
  if (peak - Math.max(ld[first] ?? outOfRange(ld, first), ld[last] ?? outOfRange(ld, last)) < CPO_REQUIRED_DIFF) return { cpo: Number.NaN, pit: Number.NaN, failure: 1 };

  // moments of the leave-one-out density over the abscissas' range: its log on 45 points, linearly interpolated
  // to 133 (each interval split in three), Simpson's rule (R-INLA density.c, `GMRFLib_init_density`)
  const lo = z[first] ?? outOfRange(z, first);
  const hi = z[last] ?? outOfRange(z, last);
  const keptZ = z.subarray(first, last + 1);
  const corrected = scratch.corrected.subarray(0, keptZ.length);
  for (let j = 0; j < keptZ.length; j++) corrected[j] = (ld[first + j] ?? outOfRange(ld, first + j)) + 0.5 * (keptZ[j] ?? outOfRange(keptZ, j)) * (keptZ[j] ?? outOfRange(keptZ, j));
  const correction = scratch.spline.fit(keptZ, corrected);
  const looSpline = (x: number): number => correction.value(x) - 0.5 * x * x;
  const step = (hi - lo) / (INTEGRATION_POINTS - 1);
  const coarse = scratch.coarse;
  for (let j = 0; j < INTEGRATION_POINTS; j++) coarse[j] = looSpline(lo + j * step) - peak;
  const thirds = densityInThirds(coarse, 0, scratch.thirds, scratch.thirdsScratch);
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let j = 0; j < MOMENT_POINTS; j++) {
    const x = lo + (j * step) / 3;
    const f = (SIMPSON_MOMENTS[j] ?? outOfRange(SIMPSON_MOMENTS, j)) * (thirds[j] ?? outOfRange(thirds, j));
    m0 += f;
    m1 += f * x;
    m2 += f * x * x;
  }
  const mu = m1 / m0;
  const sigma = Math.sqrt(Math.max(0, m2 / m0 - mu * mu));

  // CPO and PIT over μ ± 5σ
  const from = mu - INTEGRATION_LIMIT * sigma;
  const h = (2 * INTEGRATION_LIMIT * sigma) / (INTEGRATION_POINTS - 1);
  // with r = e^(ℓ − ℓmax), p(y_i | η) = e^ℓmax r
  let one = 0;
  let predictive = 0;
  let probability = 0;
  for (let j = 0; j < INTEGRATION_POINTS; j++) {
    const x = from + j * h;
    const eta = mean + sd * x;
    // GMRFLib_ai_cpopit_integrate: p^d in the CPO (ℓ scaled by d), the CDF unweighted
    const r = Math.exp(weight * observation.logDensityAt(y, columns, row, theta, eta) - ellMax);
    const f = (SIMPSON_INTEGRATION[j] ?? outOfRange(SIMPSON_INTEGRATION, j)) * Math.exp(looSpline(x) - peak);
    one += f;
    predictive += f * r;
    probability += f * observation.cdf(y, columns, row, theta, eta);
  }
  if (!(one > 0)) return { cpo: SMALLEST_CPO, pit: 0, failure: 1 };
  return {
    cpo: Math.max(SMALLEST_CPO, (predictive / one) * Math.exp(ellMax)),
    pit: Math.min(1, Math.max(0, probability / one)),
    failure: trimmed ? 1 : 0,
  };
}

/**
 * Leave-one-out CPO_i = p(y_i | y_−i) (Pettit 1990) and PIT_i = P(Y_i ≤ y_i | y_−i) (Held, Schrödle & Rue 2010) from
 * the full fit, as R-INLA computes them (approx-inference.c, `GMRFLib_compute_cpodens` and the CPO block of
 * `GMRFLib_ai_INLA_experimental`). Per point θ_k see {@link pointCpo}. Over the points, with p_k the weights pruned
 * to 99.9% of the mass and the points where the density was unusable left out, π(θ_k | y_−i) ∝ p_k / cpo_ik, so
 *
 * - CPO_i = Σ_k p_k / Σ_k (p_k / cpo_ik) (0 when no point is usable),
 * - PIT_i = Σ_k pit_ik (p_k / cpo_ik) / Σ_k (p_k / cpo_ik), truncated to [0, 1],
 * - failure_i = Σ_k p_k failure_ik over all points.
 *
 * For a discrete family the PIT is P(Y_i ≤ y_i | y_−i), with no mid-p adjustment (R-INLA's convention).
 *
 * A row of weight d_i (R-INLA's `weights`) has p(y_i | η)^d_i in place of the likelihood at each point (see
 * {@link pointCpo}); a row of weight 0 has no CPO, PIT or failure (NaN, R-INLA's NA: `GMRFLib_compute_cpodens`
 * returns no density for d = 0 and such rows are outside `d_idx`) and is left out of `sum_log_cpo` and `failures`.
 */
export function cpo(posterior: CriteriaPosterior): CpoResult {
  const family = getFamily(posterior.family);
  const points = criteriaPoints(posterior);
  const index = momentIndex(posterior);
  const n = posterior.response.length;
  const cpoValues = new Float64Array(n);
  const pitValues = new Float64Array(n);
  const failure = new Float64Array(n);
  const { representatives, groupOf } = groupObservations(posterior);
  const { columns } = posterior;
  const scratch = cpoScratch();
  const groupCpo = new Float64Array(representatives.length);
  const groupPit = new Float64Array(representatives.length);
  const groupFailure = new Float64Array(representatives.length);
  for (let g = 0; g < representatives.length; g++) {
    const i = representatives[g] ?? outOfRange(representatives, g);
    const s = index[i] ?? outOfRange(index, i);
    const y = posterior.response[i] ?? outOfRange(posterior.response, i);
    const d = rowWeight(posterior, i);
    let inverse = 0;
    let kept = 0;
    let pit = 0;
    let failed = 0;
    for (const { point, p } of points) {
      const atPoint = pointCpoWith(scratch, family, y, columns, i, point.familyTheta, point.predictorMean[s] ?? outOfRange(point.predictorMean, s), Math.sqrt(point.predictorVariance[s] ?? outOfRange(point.predictorVariance, s)), d);
      failed += p * atPoint.failure;
      if (Number.isNaN(atPoint.cpo)) continue;
      inverse += p / atPoint.cpo;
      kept += p;
      pit += (atPoint.pit * p) / atPoint.cpo;
    }
    groupCpo[g] = inverse > 0 ? kept / inverse : 0;
    groupPit[g] = inverse > 0 ? Math.min(1, Math.max(0, pit / inverse)) : 0;
    groupFailure[g] = failed;
  }
  const groupLogCpo = Float64Array.from(groupCpo, Math.log);
  let sumLogCpo = 0;
  let failures = 0;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] ?? outOfRange(groupOf, i);
    if (g < 0) {
      cpoValues[i] = Number.NaN;
      pitValues[i] = Number.NaN;
      failure[i] = Number.NaN;
      continue;
    }
    cpoValues[i] = groupCpo[g] ?? outOfRange(groupCpo, g);
    pitValues[i] = groupPit[g] ?? outOfRange(groupPit, g);
    failure[i] = groupFailure[g] ?? outOfRange(groupFailure, g);
    sumLogCpo += groupLogCpo[g] ?? outOfRange(groupLogCpo, g);
    if ((failure[i] ?? outOfRange(failure, i)) > 0) failures++;
  }
  return { cpo: cpoValues, pit: pitValues, failure, sum_log_cpo: sumLogCpo, failures };
}
