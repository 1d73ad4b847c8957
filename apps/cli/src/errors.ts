/**
 * Which exit code an error gets: 2 for input the user can fix (data, formula, options, usage), 1 for a numerical
 * failure or anything unforeseen.
 * @module
 */
import { DesignError } from '@hlm/design';
import { InlaError } from '@hlm/inla';
import { LatentError } from '@hlm/latent';
import { LikelihoodError } from '@hlm/likelihood';
import { UsageError } from './args.js';
import { RequestError } from './fit-model.js';

export function exitCodeOf(error: unknown): 1 | 2 {
  if (error instanceof UsageError || error instanceof RequestError || error instanceof DesignError || error instanceof LatentError || error instanceof LikelihoodError) {
    return 2;
  }
  if (error instanceof InlaError) return error.code === 'invalid-option' ? 2 : 1;
  return 1;
}

/**
 * A library message in the command line's terms: advice written for `inla()`'s `control: { section: { key: value } }`
 * becomes `--control FILE.json holding {"section": {"key": value}}`, the option the command has.
 */
export function forCommandLine(message: string): string {
  return message.replace(/control: \{ (\w+): \{ '([^']+)': ([^ ]+) \} \}/g, (_, section: string, key: string, value: string) => `--control FILE.json holding {"${section}": {"${key}": ${value}}}`);
}
