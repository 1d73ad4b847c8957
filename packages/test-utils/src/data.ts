import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a file in the repository's data/ folder. */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));
}

/** A numeric CSV with a header row, as columns of numbers by name. */
export function readNumericCsv(path: string): Record<string, number[]> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const columns: Record<string, number[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) line.split(',').forEach((v, i) => columns[header[i]!]!.push(Number(v)));
  return columns;
}

/** The election data of data/election_1988.csv as a column table, age_cat and edu_cat as strings (as the tutorial does). */
export function electionTable(): Record<string, (number | string)[]> {
  const columns: Record<string, (number | string)[]> = readNumericCsv(dataPath('election_1988.csv'));
  columns.age_cat = columns.age_cat!.map(String);
  columns.edu_cat = columns.edu_cat!.map(String);
  return columns;
}

/** The tutorial's election model. */
export const electionModel = {
  response: 'bush',
  fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
  random: [{ id: 'state', model: 'iid' }],
};
