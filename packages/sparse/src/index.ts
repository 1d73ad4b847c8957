/**
 * @hlm/sparse: sparse symmetric positive definite linear algebra for INLA — CSC matrices,
 * approximate minimum degree ordering, symbolic analysis reused across numeric Cholesky
 * factorisations, solves, log-determinants, sampling and the Takahashi selected inverse.
 */
export { CscMatrix, add, multiply, symmetricFromLower, transposeTimesDiagTimes } from './csc.js';
export { SparseError, type SparseErrorCode } from './errors.js';
export { approximateMinimumDegree } from './ordering.js';
export { analyse, type AnalyseOptions, type SymbolicCholesky } from './symbolic.js';
export { CholeskyFactor, cholesky, sample } from './cholesky.js';
export type { SelectedInverse } from './selected-inverse.js';
