import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { electionModel, electionTable } from '@hlm/test-utils';

/** A JSON fixture of this package's test/fixtures folder. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}
