/**
 * Likelihood families for hlm: log densities with their derivatives in the linear predictor.
 * @packageDocumentation
 */
export {
  LikelihoodError,
  type CombineObservations,
  type FamilyColumn,
  type FamilyHyperParameter,
  type LikelihoodErrorCode,
  type LikelihoodErrorDetails,
  type LikelihoodFamily,
  type ObservationColumns,
} from './family.js';
export { binomial } from './families/binomial.js';
export { gaussian } from './families/gaussian.js';
export { nbinomial } from './families/nbinomial.js';
export { poisson } from './families/poisson.js';
export { normalCdf, normalDensity, normalQuantile } from './normal.js';
export { GHQ_POINTS, gaussHermite, type GaussHermiteRule } from './quadrature.js';
export { densityInThirds } from './thirds.js';
export { families, getFamily, registerFamily } from './registry.js';
export { linearlyExtended, naturalCubicSpline, ReusableExtendedSpline, steffenSpline, type CubicInterpolant } from './spline.js';
export { DistinctKeyTable, distinctKeys, grown, HASH_SEED, mixNumber } from './distinct-keys.js';
export { incompleteBeta, incompleteGamma } from './incomplete.js';
export { log1pExp, logChoose, logGamma, sigmoid } from './special.js';
export { itemAt, outOfRange } from './checked.js';
