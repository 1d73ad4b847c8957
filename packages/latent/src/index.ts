export { LatentError } from './errors.js';
export { getLatentModel, latentModelNames, registerLatentModel } from './registry.js';
export { getPrior, priorNames, registerPrior } from './priors/registry.js';
export type { PriorDefinition } from './priors/types.js';
export { resolveHyperParameters, logPrecision } from './hyper.js';
export { logGamma } from './special.js';
export type {
  HyperParameterDefinition,
  HyperSetting,
  LatentComponent,
  LatentModelDefinition,
  LatentModelOptions,
  LinearConstraints,
  PriorChoice,
  ResolvedHyperParameter,
} from './types.js';
