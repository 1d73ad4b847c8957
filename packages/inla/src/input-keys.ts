/**
 * The top-level arguments `inla()` takes: anything else (a misspelt `control`, an R-INLA argument hlm does not
 * have) is an error, never silently ignored.
 * @module
 */
import { families } from '@hlm/likelihood';
import { InlaError } from './errors.js';

/** The arguments of every fit; the per-observation columns (Ntrials, E, scale, ...) are those the families declare. */
const ARGUMENTS = ['model', 'family', 'data', 'control', 'offset', 'weights', 'progress'];

/** Throws `InlaError` ('invalid-option') for a top-level key of `input` that `inla()` does not read, listing those it does. */
export function checkInputKeys(input: Record<string, unknown>): void {
  const columns = [...new Set([...families.values()].flatMap((f) => f.columns.map((c) => c.name)))];
  const known = [...ARGUMENTS, ...columns];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) {
      throw new InlaError('invalid-option', `inla(): unknown argument '${key}'; known arguments: ${known.join(', ')}`, { key });
    }
  }
}
