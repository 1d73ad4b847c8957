/**
 * @hlm/criteria: model criteria from an INLA fit, as R-INLA computes them: DIC, WAIC, the marginal likelihood,
 * and leave-one-out CPO and PIT.
 * @packageDocumentation
 */
export { computeCriteria, type Criteria, type CriteriaOptions } from './compute.js';
export { CriteriaError } from './errors.js';
export { cpo, pointCpo, type CpoResult, type PointCpo } from './cpo.js';
export { dic, type DicResult } from './dic.js';
export { marginalLikelihood, type MarginalLikelihood } from './marginal-likelihood.js';
export type { CriteriaPoint, CriteriaPosterior } from './posterior.js';
export { GHQ_POINTS, logLikelihoodMoments, simpsonWeights, type LogLikelihoodMoments } from './quadrature.js';
export { waic, type WaicResult } from './waic.js';
export { criteriaPoints, predictorPosteriorMean, type WeightedPoint } from './weights.js';
