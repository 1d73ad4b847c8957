import { LatentError } from '../errors.js';
import { loggamma } from './loggamma.js';
import { flat, normal } from './normal.js';
import { pcMgamma } from './pc-mgamma.js';
import { pcPrec } from './pc-prec.js';
import type { PriorDefinition } from './types.js';

const priors = new Map<string, PriorDefinition>();

/** Adds a prior to the registry; its name must be new. */
export function registerPrior(prior: PriorDefinition): void {
  if (priors.has(prior.name)) {
    throw new LatentError('duplicate-registration', `a prior named '${prior.name}' is already registered`, { name: prior.name });
  }
  priors.set(prior.name, prior);
}

/** The prior registered under `name` (R-INLA's names; `gaussian` is an alias of `normal`). */
export function getPrior(name: string): PriorDefinition {
  const prior = priors.get(name === 'gaussian' ? 'normal' : name);
  if (!prior) {
    throw new LatentError('unknown-prior', `unknown prior '${name}'; known priors: ${[...priors.keys()].join(', ')}`, { name });
  }
  return prior;
}

/** The names of all registered priors. */
export function priorNames(): string[] {
  return [...priors.keys()];
}

for (const prior of [loggamma, pcPrec, pcMgamma, normal, flat]) registerPrior(prior);
