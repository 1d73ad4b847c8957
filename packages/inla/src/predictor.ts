import type { LikelihoodFamily } from '@hlm/likelihood';
import { gaussHermite, GHQ_POINTS } from '@hlm/likelihood';
import type { MarginalSummary } from './grid-density.js';
import { mixtureDensity, mixtureMoments, mixtureQuantile, mixtureSummary, type GaussianMixture } from './mixture.js';
import type { IntegrationPoint } from './posterior.js';
import { outOfRange } from '@hlm/sparse';

/** A row of `summaryLinearPredictor` or `summaryFittedValues`: one observation. */
export interface PredictorSummaryRow extends MarginalSummary {
  /** R-INLA's row name: `Predictor.0001`, `fitted.Predictor.0001`, … */
  name: string;
}

/** η_i's marginal: the mixture of the points' Gaussians with the linear predictor's weights (pruned to 97.5%). */
function predictorMixture(points: readonly IntegrationPoint[], pattern: number): GaussianMixture {
  const kept = points.filter((p) => p.predictorWeight > 0);
  return {
    weights: Float64Array.from(kept, (p) => p.predictorWeight),
    means: Float64Array.from(kept, (p) => (p.predictorMean[pattern] ?? outOfRange(p.predictorMean, pattern))),
    sds: Float64Array.from(kept, (p) => Math.sqrt(p.predictorVariance[pattern] ?? outOfRange(p.predictorVariance, pattern))),
  };
}


/**
 * Summaries of every observation's linear predictor η_i and of its fitted value g⁻¹(η_i) (R-INLA's
 * `summary.linear.predictor` and `summary.fitted.values` with `control.predictor = list(compute = TRUE)`).
 * The fitted value's mean and sd are integrated by Gauss–Hermite quadrature over each Gaussian of the mixture,
 * its quantiles are g⁻¹ of η's (g⁻¹ increasing), and its mode maximises f_η(η)/g⁻¹′(η) on a grid over ±6 sd.
 */
export function summarisePredictor(
  points: readonly IntegrationPoint[],
  family: LikelihoodFamily,
  rowPattern: Int32Array,
): { linearPredictor: PredictorSummaryRow[]; fittedValues: PredictorSummaryRow[] } {
  const { nodes, weights } = gaussHermite(GHQ_POINTS);
  const nObservations = rowPattern.length;
  const width = String(nObservations).length;
  const linearPredictor: PredictorSummaryRow[] = [];
  const fittedValues: PredictorSummaryRow[] = [];
  const g = (eta: number): number => family.inverseLink(eta);
  for (let i = 0; i < nObservations; i++) {
    const mixture = predictorMixture(points, rowPattern[i] ?? outOfRange(rowPattern, i));
    const label = `Predictor.${String(i + 1).padStart(Math.max(4, width), '0')}`;
    const eta = mixtureSummary(mixture);
    linearPredictor.push({ name: label, mean: eta.mean, sd: eta.sd, '0.025quant': eta['0.025quant'], '0.5quant': eta['0.5quant'], '0.975quant': eta['0.975quant'], mode: eta.mode });
    let mean = 0;
    let second = 0;
    for (let k = 0; k < mixture.weights.length; k++) {
      for (let q = 0; q < GHQ_POINTS; q++) {
        const value = g((mixture.means[k] ?? outOfRange(mixture.means, k)) + (mixture.sds[k] ?? outOfRange(mixture.sds, k)) * (nodes[q] ?? outOfRange(nodes, q)));
        mean += (mixture.weights[k] ?? outOfRange(mixture.weights, k)) * (weights[q] ?? outOfRange(weights, q)) * value;
        second += (mixture.weights[k] ?? outOfRange(mixture.weights, k)) * (weights[q] ?? outOfRange(weights, q)) * value * value;
      }
    }
    const moments = mixtureMoments(mixture);
    // the mode of g⁻¹(η): maximise log f_η(η) − log g⁻¹′(η) over a grid, then a parabola through the best three
    const logTransformed = (x: number): number => {
      const density = mixtureDensity(mixture, x);
      const h = 1e-6 * (1 + Math.abs(x));
      const slope = (g(x + h) - g(x - h)) / (2 * h);
      return slope > 0 ? Math.log(density) - Math.log(slope) : -Infinity;
    };
    const spacing = moments.sd / 50;
    let mode = eta.mode;
    let best = -Infinity;
    for (let step = -300; step <= 300; step++) {
      const x = moments.mean + step * spacing;
      const transformed = logTransformed(x);
      if (transformed > best) {
        best = transformed;
        mode = x;
      }
    }
    const [left, centre, right] = [logTransformed(mode - spacing), best, logTransformed(mode + spacing)];
    const curvature = left - 2 * centre + right;
    if (curvature < 0) mode += (0.5 * (left - right) / curvature) * spacing;
    fittedValues.push({
      name: `fitted.${label}`,
      mean,
      sd: Math.sqrt(Math.max(second - mean * mean, 0)),
      '0.025quant': g(mixtureQuantile(mixture, 0.025, moments)),
      '0.5quant': g(mixtureQuantile(mixture, 0.5, moments)),
      '0.975quant': g(mixtureQuantile(mixture, 0.975, moments)),
      mode: g(mode),
    });
  }
  return { linearPredictor, fittedValues };
}
