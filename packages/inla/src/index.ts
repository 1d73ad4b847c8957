/**
 * @hlm/inla: integrated nested Laplace approximations (Rue, Martino & Chopin 2009) as R-INLA's default
 * "compact" mode computes them, with the variational-Bayes mean correction (van Niekerk & Rue).
 * @packageDocumentation
 */
export { inla, type FitProgress, type InlaInput, type InlaResult } from './inla.js';
export { InlaError } from './errors.js';
export type { FitWarning } from './diagnostics.js';
export { posteriorSamples, type PosteriorSamples } from './posterior-sample.js';
export type { ControlOptions, ComputeSettings, InlaSettings, IntegrationStrategy, LatentStrategy } from './options.js';
export type {
  FixedSummaryRow,
  HyperparameterSummaryRow,
  IntegrationPoint,
  Posterior,
  RandomSummaryRow,
} from './posterior.js';
export type { MarginalSummary } from './grid-density.js';
export type { PredictorSummaryRow } from './predictor.js';
export { mixtureCdf, mixtureDensity, mixtureMoments, mixtureQuantile, type GaussianMixture } from './mixture.js';

