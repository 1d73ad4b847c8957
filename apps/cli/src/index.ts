/**
 * The reading, fitting and reporting code behind the `hlm` command, for other apps (the election demo, the
 * browser playground). Every module exported here is browser-safe: no Node imports.
 * @packageDocumentation
 */
export { describe, fitModel, RequestError, summariseData, type FitRequest } from './fit-model.js';
export { excludes, formatCriteria, formatReport, formatTable, ratioName, summaryTable, type FormatOptions } from './format.js';
export { modelFigures, slug, type Figure, type FigureOptions } from './figures.js';
export { predictionsCsv, csvCell } from './predictions.js';
export { samplesCsv } from './samples.js';
export { criteriaRows, modelReportHtml, modelReportSections } from './report.js';
export type { DataSummary, Describe, FitWarning, FixedTerm, ModelResults, SummaryStats } from './results.js';
