/**
 * @hlm/sparse: sparse symmetric positive definite linear algebra for INLA — CSC matrices,
 * approximate minimum degree and nested dissection orderings, a supernodal symbolic analysis
 * reused across numeric Cholesky factorisations, solves, log-determinants, sampling (with linear
 * constraints) and the supernodal Takahashi selected inverse.
 */
export { CscMatrix, add, multiply, symmetricFromLower, transposeTimesDiagTimes } from './csc.js';
export { SparseError, type SparseErrorCode } from './errors.js';
export { advance, itemAt, outOfRange } from './checked.js';
export { approximateMinimumDegree } from './ordering.js';
export { nestedDissection } from './nested-dissection.js';
export { analyse, type AnalyseOptions, type OrderingName, type OrderingReport, type SymbolicCholesky } from './symbolic.js';
export { CholeskyFactor, cholesky, type CholeskyOptions } from './cholesky.js';
export { linearConstraint, sample, type LinearConstraint, type SampleOptions } from './sample.js';
export { InverseEntries, type SelectedInverse } from './selected-inverse.js';
