/**
 * The registry of likelihood families by name.
 * @module
 */
import { LikelihoodError, type LikelihoodFamily } from './family.js';
import { binomial } from './families/binomial.js';
import { gaussian } from './families/gaussian.js';
import { nbinomial } from './families/nbinomial.js';
import { poisson } from './families/poisson.js';

const registry = new Map<string, LikelihoodFamily>([
  [binomial.name, binomial],
  [gaussian.name, gaussian],
  [nbinomial.name, nbinomial],
  [poisson.name, poisson],
]);

/** The registered families by name (read-only view; add families with `registerFamily`). */
export const families: ReadonlyMap<string, LikelihoodFamily> = registry;

/** The family registered under `name`; throws `LikelihoodError` ('unknown-family') listing the known names otherwise. */
export function getFamily(name: string): LikelihoodFamily {
  const family = registry.get(name);
  if (family === undefined) {
    const known = [...registry.keys()].map((k) => `'${k}'`).join(', ');
    throw new LikelihoodError('unknown-family', `unknown likelihood family '${name}'; known families: ${known}`);
  }
  return family;
}

/** Adds `family` to the registry under `family.name`; throws `LikelihoodError` ('duplicate-family') if that name is taken. */
export function registerFamily(family: LikelihoodFamily): void {
  const problems: string[] = [];
  if (typeof family?.name !== 'string' || family.name === '') problems.push('a name');
  if (!Array.isArray(family?.columns)) problems.push('columns (an array, possibly empty)');
  if (!Array.isArray(family?.hyper)) problems.push('hyper (an array, possibly empty)');
  if (typeof family?.observationsLabel !== 'string') problems.push('observationsLabel');
  if (family?.combine !== null && typeof family?.combine !== 'function') problems.push('combine (a function or null)');
  for (const method of ['validate', 'logDensity', 'derivatives', 'logDensityAt', 'cdf', 'inverseLink'] as const) {
    if (typeof family?.[method] !== 'function') problems.push(`${method}()`);
  }
  if (problems.length > 0) {
    throw new LikelihoodError('invalid-family', `a likelihood family needs ${problems.join(', ')}; see LikelihoodFamily in @hlm/likelihood`);
  }
  if (registry.has(family.name)) {
    throw new LikelihoodError('duplicate-family', `a likelihood family named '${family.name}' is already registered`);
  }
  registry.set(family.name, family);
}
