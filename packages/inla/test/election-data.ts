import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { electionModel, electionTable } from '@hlm/test-utils';

/** The text of a file in this package's test/fixtures folder. */
export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/** A JSON fixture of this package's test/fixtures folder. */
export function fixture<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
