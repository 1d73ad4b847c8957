import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Table } from '@hlm/design';

/** The election data of the repository's data/ folder as a column table, age_cat and edu_cat as strings (as the tutorial does). */
export function electionTable(): Table {
  const path = fileURLToPath(new URL('../../../data/election_1988.csv', import.meta.url));
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const columns: Record<string, (number | string)[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1)) line.split(',').forEach((v, i) => columns[header[i]!]!.push(Number(v)));
  columns.age_cat = columns.age_cat!.map(String);
  columns.edu_cat = columns.edu_cat!.map(String);
  return columns;
}

export const electionModel = {
  response: 'bush',
  fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
  random: [{ id: 'state', model: 'iid' }],
};

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}
