/**
 * @hlm/plots: figures for hlm fits with Observable Plot, rendered in Node through jsdom to standalone
 * SVG, rasterised to PNG with resvg, and gathered into self-contained HTML reports.
 */
export type { FigureOptions, Marginal, SummaryRow } from './types.js';
export { coefficientPlot, logTicks, oddsRatioPlot, type CoefficientOptions } from './coefficients.js';
export { caterpillarPlot, type CaterpillarOptions } from './caterpillar.js';
export { densityHistogram, randomEffectHistogram, type DensityBin, type HistogramOptions } from './histogram.js';
export { hyperparameterPlot, type HyperparameterOptions } from './hyperparameter.js';
export { precisionMarginalTo, precisionSummaryTo, type PrecisionScale } from './marginal.js';
export { COLORS, renderFigure, type ChartOptions, type Frame, type LegendItem } from './render.js';
export { FONT_FAMILY, svgToPng, type PngOptions } from './png.js';
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
