export { GraphError, LatentError, type GraphErrorKind } from './errors.js';
export {
  connectedComponents,
  edgeCount,
  formatGraph,
  graphFromMatrix,
  graphFromNeighbours,
  parseGraph,
  validateGraph,
  type ConnectedComponents,
  type Graph,
} from './graph.js';
export { readGraphFile, resolveGraph, type GraphInput } from './graph-source.js';
export { besagStructure, type BesagStructure } from './models/besag-structure.js';
export { rwScale, rwStructure } from './models/rw.js';
export { BymPhiDistance, pcBymPhiPrior, tabulatedBymPhiDistance } from './priors/pc-bym-phi.js';
export { symmetricEigenvalues } from './linalg.js';
export { getLatentModel, latentModelNames, registerLatentModel } from './registry.js';
export { normaliseModelOptions } from './options.js';
export { symmetricMatrixOption, type MatrixInput } from './matrix-option.js';
export { generic0 } from './models/generic0.js';
export { getPrior, priorNames, registerPrior } from './priors/registry.js';
export type { PriorDefinition } from './priors/types.js';
export { resolveHyperParameters, logPrecision } from './hyper.js';
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
