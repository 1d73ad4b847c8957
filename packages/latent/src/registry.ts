import { LatentError } from './errors.js';
import { ar1 } from './models/ar1.js';
import { besag } from './models/besag.js';
import { bym2 } from './models/bym2.js';
import { generic0 } from './models/generic0.js';
import { iid } from './models/iid.js';
import { rw1, rw2 } from './models/rw.js';
import type { LatentModelDefinition } from './types.js';

const models = new Map<string, LatentModelDefinition>();

/** Adds a latent model to the registry; its name must be new. */
export function registerLatentModel(model: LatentModelDefinition): void {
  if (models.has(model.name)) {
    throw new LatentError('duplicate-registration', `a latent model named '${model.name}' is already registered`, { name: model.name });
  }
  models.set(model.name, model);
}

/** The latent model registered under `name`. */
export function getLatentModel(name: string): LatentModelDefinition {
  const model = models.get(name);
  if (!model) {
    throw new LatentError('unknown-model', `unknown latent model '${name}'; known models: ${[...models.keys()].join(', ')}`, { name });
  }
  return model;
}

/** The names of all registered latent models. */
export function latentModelNames(): string[] {
  return [...models.keys()];
}

for (const model of [iid, besag, rw1, rw2, ar1, bym2, generic0]) registerLatentModel(model);
