/**
 * The observation model of a fit: the family with its per-observation data, weights, offsets and prediction rows,
 * behind two calls — the log-likelihood and its derivatives in the linear predictor. This is the only module that
 * holds per-observation data; the family itself is a plug-in from `@hlm/likelihood` and is never named here.
 * @module
 */
import type { ResolvedHyperParameter } from '@hlm/latent';
import type { LikelihoodFamily } from '@hlm/likelihood';
import { outOfRange } from '@hlm/sparse';

/**
 * η_i = (A x)_i + offset_i for every row i; the log-likelihood is Σ_{i observed} w_i log p(y_i | η_i, θ_family)
 * (R-INLA's `weights`: a row's log-likelihood times its weight). Prediction rows (no response) contribute nothing.
 */
export interface ObservationModel {
  readonly family: LikelihoodFamily;
  /** Rows of the design, prediction rows included: the length of η. */
  readonly nRows: number;
  /** The rows with a response, in order (`observedRows[k]` is the row of the k-th observation). */
  readonly observedRows: Int32Array;
  /** The response of each observed row. */
  readonly response: Float64Array;
  /** The family's columns (every one it declares, absent ones at their fallback), for the observed rows. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** The weight of each observed row, or null when every weight is 1. */
  readonly weights: Float64Array | null;
  /** The offset of every row (zeros when there is none). */
  readonly offset: Float64Array;
  /** The family's hyperparameters after the user's settings. */
  readonly hyper: readonly ResolvedHyperParameter[];
  /** Σ w_i log p(y_i | η_i, θ_family) over the observed rows; `perRow` (length nRows, if given) gets each row's term (0 for prediction rows). */
  logLikelihood(eta: ArrayLike<number>, familyTheta: ArrayLike<number>, perRow?: Float64Array): number;
  /** w_i times the first, second and third derivatives in η_i, into arrays of length nRows (0 on prediction rows). */
  derivatives(eta: ArrayLike<number>, familyTheta: ArrayLike<number>, d1?: Float64Array, d2?: Float64Array, d3?: Float64Array): void;
}

export interface ObservationData {
  family: LikelihoodFamily;
  nRows: number;
  observedRows: Int32Array;
  response: Float64Array;
  columns: Readonly<Record<string, Float64Array>>;
  weights: Float64Array | null;
  offset: Float64Array;
  hyper: readonly ResolvedHyperParameter[];
}

/** The observation model of `data` (already validated by the family). */
export function observationModel(data: ObservationData): ObservationModel {
  const { family, nRows, observedRows, response, columns, weights } = data;
  const nObserved = observedRows.length;
  const everyRow = nObserved === nRows;
  // scratch for the observed rows' η and results, allocated on first use (the engine works on patterns; per-row
  // calls are rare) and reused across calls
  let etaObserved: Float64Array | null = null;
  let held: readonly [Float64Array, Float64Array, Float64Array] | null = null;
  const scratchArrays = (): readonly [Float64Array, Float64Array, Float64Array] =>
    (held ??= [new Float64Array(nObserved), new Float64Array(nObserved), new Float64Array(nObserved)]);

  const observedEta = (eta: ArrayLike<number>): ArrayLike<number> => {
    if (everyRow) return eta;
    etaObserved ??= new Float64Array(nObserved);
    for (let k = 0; k < nObserved; k++) etaObserved[k] = eta[observedRows[k] ?? outOfRange(observedRows, k)] ?? outOfRange(eta, observedRows[k] ?? outOfRange(observedRows, k));
    return etaObserved;
  };
  /** Scatters `values` (observed rows) times the weights into `out` (all rows), zero elsewhere. */
  const scatter = (values: Float64Array, out: Float64Array): void => {
    if (!everyRow) out.fill(0);
    for (let k = 0; k < nObserved; k++) out[everyRow ? k : (observedRows[k] ?? outOfRange(observedRows, k))] = weights ? (weights[k] ?? outOfRange(weights, k)) * (values[k] ?? outOfRange(values, k)) : (values[k] ?? outOfRange(values, k));
  };

  return {
    ...data,
    logLikelihood(eta, familyTheta, perRow) {
      const scratch = scratchArrays();
      const values = family.logDensity(response, columns, familyTheta, observedEta(eta), scratch[0]);
      let total = 0;
      for (let k = 0; k < nObserved; k++) total += weights ? (weights[k] ?? outOfRange(weights, k)) * (values[k] ?? outOfRange(values, k)) : (values[k] ?? outOfRange(values, k));
      if (perRow) scatter(values, perRow);
      return total;
    },
    derivatives(eta, familyTheta, d1, d2, d3) {
      const scratch = scratchArrays();
      family.derivatives(response, columns, familyTheta, observedEta(eta), d1 && scratch[0], d2 && scratch[1], d3 && scratch[2]);
      if (d1) scatter(scratch[0], d1);
      if (d2) scatter(scratch[1], d2);
      if (d3) scatter(scratch[2], d3);
    },
  };
}
