import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

export function fixture<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A numeric CSV fixture as columns by header name. */
export function csvColumns(name: string): Record<string, Float64Array> {
  const lines = fixtureText(name).trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return Object.fromEntries(header.map((h, j) => [h, Float64Array.from(rows, (r) => r[j]!)]));
}
