/** One row of an INLA posterior summary (fixed effect, random-effect level or hyperparameter). */
export interface SummaryRow {
  /** Name of a fixed effect or hyperparameter. */
  name?: string;
  /** Level identifier of a random effect. */
  ID?: string;
  mean: number;
  sd: number;
  '0.025quant': number;
  '0.5quant': number;
  '0.975quant': number;
  mode: number;
  kld?: number;
}

/** A posterior marginal density on a grid: `y[i]` is the density at `x[i]`, `x` increasing. */
export interface Marginal {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Options every figure accepts. */
export interface FigureOptions {
  /** Title drawn above the plot. */
  title?: string;
  /** Width in SVG pixels (default 720). */
  width?: number;
  /** Height of the plot area with its axes, in SVG pixels; the title and legend add to it. */
  height?: number;
  /** Readable names for row names or IDs, e.g. `{ age_cat2: 'Age 30-44' }`. */
  labels?: Record<string, string>;
  /** Label of the x axis. */
  xLabel?: string;
}
