/**
 * Warnings about data that INLA fits without complaint but whose answer should not be trusted as it stands:
 * separation, a constant response, a random effect with one level, covariates on scales that make the Hessian
 * ill-conditioned.
 * @module
 */
import type { Design } from '@hlm/design';
import type { ObservationModel } from './observations.js';
import type { ObservationPatterns } from './observation-patterns.js';
import { outOfRange } from '@hlm/sparse';

/** What the warnings read of a design: its fixed and random effects and where the fixed effects start in A. */
type DesignEffects = Pick<Design, 'fixed' | 'fixedOffset' | 'random'>;

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

/**
 * What the fixed effects' checks read, per distinct pattern of A's rows rather than per row: rows with identical rows
 * of A have identical covariates, so a check over the patterns, each counted as often as it occurs, is the check over
 * the rows. `covariates[j][p]` is fixed effect j's value in pattern p, `rows[p]` how many rows have pattern p, and
 * `success[p]` / `failure[p]` whether an observed row of pattern p has a success / a failure (y > 0 / y < Ntrials).
 */
interface PatternCovariates {
  covariates: Float64Array[];
  rows: Float64Array;
  success: Uint8Array;
  failure: Uint8Array;
}

function patternCovariates(design: DesignEffects, patterns: ObservationPatterns): PatternCovariates {
  const { nPatterns, patternAt, rowPattern, unitPattern, unitResponse, unitColumns, nUnits } = patterns;
  const first = design.fixedOffset;
  const covariates = design.fixed.map(() => new Float64Array(nPatterns));
  for (let p = 0; p < nPatterns; p++) {
    for (let k = patternAt.colPtr[p] ?? outOfRange(patternAt.colPtr, p); k < (patternAt.colPtr[p + 1] ?? outOfRange(patternAt.colPtr, p + 1)); k++) {
      const column = covariates[(patternAt.rowIdx[k] ?? outOfRange(patternAt.rowIdx, k)) - first];
      if (column !== undefined) column[p] = patternAt.values[k] ?? outOfRange(patternAt.values, k);
    }
  }
  const rows = new Float64Array(nPatterns);
  for (let i = 0; i < rowPattern.length; i++) {
    const p = rowPattern[i] ?? outOfRange(rowPattern, i);
    rows[p] = (rows[p] ?? outOfRange(rows, p)) + 1;
  }
  // a unit is a pattern's pooled observations (Σ y, Σ Ntrials) or one distinct observation of it: either way Σ y > 0
  // when a row has a success and Σ y < Σ Ntrials when a row has a failure
  const success = new Uint8Array(nPatterns);
  const failure = new Uint8Array(nPatterns);
  const trials = unitColumns['Ntrials'];
  for (let u = 0; u < nUnits; u++) {
    const p = unitPattern[u] ?? outOfRange(unitPattern, u);
    const y = unitResponse[u] ?? outOfRange(unitResponse, u);
    if (y > 0) success[p] = 1;
    if (trials && y < (trials[u] ?? outOfRange(trials, u))) failure[p] = 1;
  }
  return { covariates, rows, success, failure };
}

/**
 * Separation of a response of successes in trials by one covariate (Albert & Anderson 1984): when the covariate's values at rows
 * with a success and at rows with a failure overlap at most in one value, the likelihood keeps growing as its
 * coefficient goes to ±∞, and the posterior is its prior. Checked one covariate at a time, over the patterns.
 */
function separation(name: string, x: Float64Array, table: PatternCovariates, responseName: string): FitWarning | null {
  let maxS = -Infinity;
  let minS = Infinity;
  let maxF = -Infinity;
  let minF = Infinity;
  for (let p = 0; p < x.length; p++) {
    const v = x[p] ?? outOfRange(x, p);
    if (table.success[p]) {
      if (v > maxS) maxS = v;
      if (v < minS) minS = v;
    }
    if (table.failure[p]) {
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

/** The data warnings of a design and its observations (see the module comment); the fixed effects' checks run over the distinct patterns of A's rows. */
export function dataWarnings(design: DesignEffects, observations: ObservationModel, patterns: ObservationPatterns, responseName: string): FitWarning[] {
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
  const table = patternCovariates(design, patterns);
  design.fixed.forEach((effect, j) => {
    if (effect.isIntercept) return;
    const x = table.covariates[j] ?? outOfRange(table.covariates, j);
    // separation concerns a response of successes in trials only
    const split = trials && !constantResponse ? separation(effect.name, x, table, responseName) : null;
    if (split) warnings.push(split);
    if (effect.level !== undefined || isIndicator(x)) return;
    // moments over the rows: each pattern's value as often as it occurs
    const { rows } = table;
    let n = 0;
    let sum = 0;
    let largest = 0;
    for (let p = 0; p < x.length; p++) {
      n += rows[p] ?? outOfRange(rows, p);
      sum += (rows[p] ?? outOfRange(rows, p)) * (x[p] ?? outOfRange(x, p));
      largest = Math.max(largest, Math.abs(x[p] ?? outOfRange(x, p)));
    }
    const mean = sum / n;
    let squares = 0;
    for (let p = 0; p < x.length; p++) squares += (rows[p] ?? outOfRange(rows, p)) * ((x[p] ?? outOfRange(x, p)) - mean) ** 2;
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
