/**
 * The messages between the page and the fit's Web Worker.
 * @module
 */
import type { FieldError } from './errors.js';
import type { FitStage } from './fit.js';
import type { DataFile, GraphFile, ModelOptions } from './model.js';
import type { FitResults } from './results.js';

/** Page → worker. `data` replaces the worker's data file; `fit` fits a model to it. */
export type ToWorker =
  | { type: 'data'; file: DataFile; categorical: string[] }
  | { type: 'fit'; id: number; options: ModelOptions; graph: GraphFile | null };

/** Worker → page: a fit sends its stages, its summaries (criteria still null), then the whole result. */
export type FromWorker =
  | { type: 'columns'; name: string; rows: number; columns: string[]; kinds: Record<string, 'numeric' | 'categorical'> }
  | { type: 'data-error'; error: FieldError }
  | { type: 'stage'; id: number; stage: FitStage }
  | { type: 'summaries'; id: number; results: FitResults }
  | { type: 'result'; id: number; results: FitResults }
  | { type: 'fit-error'; id: number; error: FieldError };
