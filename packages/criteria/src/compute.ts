/**
 * All the criteria a fit asked for (R-INLA's `control.compute`), in one call.
 * @module
 */
import { cpo, type CpoResult } from './cpo.js';
import { dic, type DicResult } from './dic.js';
import { marginalLikelihood, type MarginalLikelihood } from './marginal-likelihood.js';
import type { CriteriaPosterior } from './posterior.js';
import { waic, type WaicResult } from './waic.js';
import { CriteriaError } from './errors.js';

/** Which criteria to compute; as R-INLA's `control.compute`, only `mlik` is on unless asked. */
export interface CriteriaOptions {
  dic?: boolean;
  waic?: boolean;
  mlik?: boolean;
  cpo?: boolean;
}

/** Each criterion asked for, or null. */
export interface Criteria {
  dic: DicResult | null;
  waic: WaicResult | null;
  mlik: MarginalLikelihood | null;
  cpo: CpoResult | null;
}

/** The criteria `computeCriteria` knows. */
const CRITERIA = ['dic', 'waic', 'mlik', 'cpo'];

/**
 * Throws `CriteriaError` for an option that is not a criterion (listing the known ones) or not true/false.
 * `ignored` is allowed so that `@hlm/inla`'s `fit.compute` (which lists there the R-INLA options it accepted
 * without effect) can be passed as it is.
 */
function checkOptions(options: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(options)) {
    if (key === 'ignored') continue;
    if (!CRITERIA.includes(key)) {
      throw new CriteriaError('invalid-option', `computeCriteria: unknown option '${key}'; known options: ${CRITERIA.join(', ')}`, { key });
    }
    if (value !== undefined && typeof value !== 'boolean') {
      throw new CriteriaError('invalid-option', `computeCriteria: option '${key}' must be true or false, got ${JSON.stringify(value)}`, { key, value });
    }
  }
}

/** Computes the criteria selected in `options` (defaults: `mlik` true, the others false, as R-INLA's `control.compute`). */
export function computeCriteria(posterior: CriteriaPosterior, options: CriteriaOptions = {}): Criteria {
  checkOptions(options as Record<string, unknown>);
  return {
    dic: options.dic ? dic(posterior) : null,
    waic: options.waic ? waic(posterior) : null,
    mlik: (options.mlik ?? true) ? marginalLikelihood(posterior) : null,
    cpo: options.cpo ? cpo(posterior) : null,
  };
}
