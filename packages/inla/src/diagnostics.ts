/**
 * Warnings about data that INLA fits without complaint but whose answer should not be trusted as it stands:
 * separation, a constant response, a random effect with one level, covariates on scales that make the Hessian
 * ill-conditioned.
 * @module
 */
import type { Design } from '@hlm/design';
import type { ObservationModel } from './observations.js';
import { outOfRange } from '@hlm/sparse';

/** A structured warning of a fit: a machine-readable `code`, a message saying what to do, and what it concerns. */
export interface FitWarning {
  code:
    | 'separation'
    | 'constant-response'
    | 'single-level'
    | 'badly-scaled'
    | 'hyperparameter-hessian'
    | 'vb-abandoned'
    | 'ignored-option';
  message: string;
  /** The covariate, response or index column concerned. */
  column?: string;
}

/** |mean| / SD above this: the column is nearly collinear with the intercept (the Hessian's condition number grows as its square). */
const OFFSET_RATIO = 100;
/** A column whose largest magnitude is beyond these is on a scale far from the others'. */
const LARGE_SCALE = 1e6;
const SMALL_SCALE = 1e-6;

const format = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** Whether every value is 0 or 1. */
function isIndicator(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) return false;
  return true;
}

/** Column j of the fixed-effect matrix as a dense array over all rows. */
function denseColumn(design: Design, j: number): Float64Array {
  const m = design.fixedMatrix;
  const x = new Float64Array(design.nObservations);
  for (let k = m.colPtr[j] ?? outOfRange(m.colPtr, j); k < (m.colPtr[j + 1] ?? outOfRange(m.colPtr, j + 1)); k++) x[m.rowIdx[k] ?? outOfRange(m.rowIdx, k)] = m.values[k] ?? outOfRange(m.values, k);
  return x;
}

/**
 * Separation of a response of successes in trials by one covariate (Albert & Anderson 1984): when the covariate's values at rows
 * with a success and at rows with a failure overlap at most in one value, the likelihood keeps growing as its
 * coefficient goes to ±∞, and the posterior is its prior. Checked one covariate at a time.
 */
function separation(name: string, x: Float64Array, observations: ObservationModel, responseName: string): FitWarning | null {
  const trials = observations.columns.Ntrials;
  if (!trials) return null;
  let maxS = -Infinity;
  let minS = Infinity;
  let maxF = -Infinity;
  let minF = Infinity;
  const { observedRows, response } = observations;
  for (let k = 0; k < observedRows.length; k++) {
    const y = response[k] ?? outOfRange(response, k);
    const v = x[observedRows[k] ?? outOfRange(observedRows, k)] ?? outOfRange(x, observedRows[k] ?? outOfRange(observedRows, k));
    if (y > 0) {
      if (v > maxS) maxS = v;
      if (v < minS) minS = v;
    }
    if (y < (trials[k] ?? outOfRange(trials, k))) {
      if (v > maxF) maxF = v;
      if (v < minF) minF = v;
    }
  }
  if (!Number.isFinite(maxS) || !Number.isFinite(maxF)) return null;
  const indicator = isIndicator(x);
  const rows = (above: number): string => (indicator && above === 0 ? `${name} = 1` : `${name} > ${format(above)}`);
  let clause: string;
  let complete: boolean;
  if (maxS <= minF) {
    clause = `every row with ${rows(maxS)} has ${responseName} = 0`;
    complete = maxS < minF;
  } else if (maxF <= minS) {
    clause = `every row with ${rows(maxF)} has ${responseName} = Ntrials (all successes)`;
    complete = maxF < minS;
  } else {
    return null;
  }
  return {
    code: 'separation',
    column: name,
    message:
      `${complete ? 'perfect' : 'quasi-complete'} separation on '${name}': ${clause}, so the data put no bound on its coefficient ` +
      "and its posterior is the fixed effects' vague prior (R-INLA's control.fixed); merge or drop levels, drop the covariate, or give it an informative prior",
  };
}

/** The data warnings of a design and its observations (see the module comment). */
export function dataWarnings(design: Design, observations: ObservationModel, responseName: string): FitWarning[] {
  const warnings: FitWarning[] = [];
  const y = observations.response;
  const trials = observations.columns.Ntrials;
  if (y.length > 0) {
    if (trials && y.every((v) => v === 0)) {
      warnings.push({ code: 'constant-response', column: responseName, message: `the response '${responseName}' is 0 in every row (no successes): the fit can only say that the probability is small` });
    } else if (trials && y.every((v, k) => v === trials[k])) {
      warnings.push({ code: 'constant-response', column: responseName, message: `the response '${responseName}' equals Ntrials in every row (no failures): the fit can only say that the probability is large` });
    } else if (!trials && y.every((v) => v === y[0])) {
      warnings.push({ code: 'constant-response', column: responseName, message: `the response '${responseName}' is ${format(y[0] ?? outOfRange(y, 0))} in every row: there is nothing for the covariates to explain` });
    }
  }
  for (const block of design.random) {
    if (block.levels.length === 1) {
      warnings.push({
        code: 'single-level',
        column: block.column,
        message: `the random effect '${block.column}' has a single level ('${block.levels[0]}'): the data cannot tell its variance from the intercept's, so the posterior of its precision is its prior; drop the term or use a grouping with several levels`,
      });
    }
  }
  const constantResponse = warnings.some((w) => w.code === 'constant-response');
  design.fixed.forEach((effect, j) => {
    if (effect.isIntercept) return;
    const x = denseColumn(design, j);
    const split = constantResponse ? null : separation(effect.name, x, observations, responseName);
    if (split) warnings.push(split);
    if (effect.level !== undefined || isIndicator(x)) return;
    const n = x.length;
    let sum = 0;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      sum += x[i] ?? outOfRange(x, i);
      largest = Math.max(largest, Math.abs(x[i] ?? outOfRange(x, i)));
    }
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((x[i] ?? outOfRange(x, i)) - mean) ** 2;
    const sd = Math.sqrt(squares / Math.max(1, n - 1));
    if (sd > 0 && Math.abs(mean) / sd > OFFSET_RATIO) {
      warnings.push({
        code: 'badly-scaled',
        column: effect.name,
        message: `covariate '${effect.name}' has mean ${format(mean)} and SD ${format(sd)}: it is nearly collinear with the intercept, which makes the Hessian ill-conditioned; centre it, e.g. I(${effect.column} - ${format(Number(mean.toPrecision(3)))}) or scale(${effect.column}) in the formula`,
      });
    } else if (largest > LARGE_SCALE || (largest > 0 && largest < SMALL_SCALE)) {
      warnings.push({
        code: 'badly-scaled',
        column: effect.name,
        message: `covariate '${effect.name}' reaches ${format(largest)}, far from the scale of the others: the fixed effects' prior and the Hessian suit covariates of order 1; rescale it, e.g. scale(${effect.column}) in the formula`,
      });
    }
  });
  return warnings;
}
