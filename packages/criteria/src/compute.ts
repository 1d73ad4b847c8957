/**
 * All the criteria a fit asked for (R-INLA's `control.compute`), in one call.
 * @module
 */
import { cpo, type CpoResult } from './cpo.js';
import { dic, type DicResult } from './dic.js';
import { marginalLikelihood, type MarginalLikelihood } from './marginal-likelihood.js';
import type { CriteriaPosterior } from './posterior.js';
import { waic, type WaicResult } from './waic.js';

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

/** Computes the criteria selected in `options` (defaults: `mlik` true, the others false, as R-INLA's `control.compute`). */
export function computeCriteria(posterior: CriteriaPosterior, options: CriteriaOptions = {}): Criteria {
  return {
    dic: options.dic ? dic(posterior) : null,
    waic: options.waic ? waic(posterior) : null,
    mlik: (options.mlik ?? true) ? marginalLikelihood(posterior) : null,
    cpo: options.cpo ? cpo(posterior) : null,
  };
}
