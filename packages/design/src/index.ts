/**
 * Model specification and dummy coding from a table for hlm: the response, the fixed-effect matrix,
 * the random-effect indices and the projector A with η = A x.
 * @packageDocumentation
 */
export { buildDesign } from './design.js';
export { readCsvTable, type CsvTable, type ReadCsvOptions } from './csv.js';
export { parseFormula } from './formula.js';
export { orthogonalPolynomials } from './terms.js';
export { columnFactor, columnLabels, levelRows, sortLevels, toFactor, type Factor } from './dummy.js';
export { DesignError, type DesignErrorCode, type DesignErrorDetails } from './errors.js';
export type { BuildDesignOptions, Design, FixedEffect, ModelSpec, RandomBlock, RandomSpec } from './spec.js';
export { getColumn, readColumn, readNumericColumn, tableRows, type Column, type ColumnData, type Table } from './table.js';
