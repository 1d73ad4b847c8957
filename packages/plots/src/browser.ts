/**
 * @hlm/plots in a browser (the `browser` export condition): the same figures drawn in the page's own DOM,
 * and the HTML report; no jsdom and no PNG rasteriser (resvg is a native Node addon).
 */
export type { FigureOptions, Marginal, SummaryRow } from './types.js';
export { coefficientPlot, logTicks, oddsRatioPlot, type CoefficientOptions } from './coefficients.js';
export { caterpillarPlot, type CaterpillarOptions } from './caterpillar.js';
export { densityHistogram, randomEffectHistogram, type DensityBin, type HistogramOptions } from './histogram.js';
export { hyperparameterPlot, type HyperparameterOptions } from './hyperparameter.js';
export { precisionMarginalTo, precisionSummaryTo, type PrecisionScale } from './marginal.js';
export { COLORS, renderFigure, type ChartOptions, type Frame, type LegendItem } from './render.js';
export {
  escapeHtml,
  formatCell,
  htmlReport,
  type Report,
  type ReportFigure,
  type ReportSection,
  type ReportTable,
} from './report.js';
export { PlotError } from './errors.js';
