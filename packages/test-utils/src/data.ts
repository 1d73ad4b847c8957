import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a file in the repository's data/ folder. */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));
}

/** A numeric CSV with a header row, as columns of numbers by name. */
export function readNumericCsv(path: string): Record<string, number[]> {
  const [headerLine = '', ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = headerLine.split(',').map((name) => ({ name, values: [] as number[] }));
  for (const line of lines) {
    line.split(',').forEach((v, i) => {
      const column = columns[i];
      if (column === undefined) throw new Error(`${path}: the row '${line}' has more cells than the header`);
      column.values.push(Number(v));
    });
  }
  return Object.fromEntries(columns.map(({ name, values }) => [name, values]));
}

/** The election data of data/election_1988.csv as a column table, age_cat and edu_cat as strings (as the tutorial does). */
export function electionTable(): Record<string, (number | string)[]> {
  const columns: Record<string, (number | string)[]> = readNumericCsv(dataPath('election_1988.csv'));
  const { age_cat: age, edu_cat: education } = columns;
  if (age === undefined || education === undefined) throw new Error('election_1988.csv: expected the columns age_cat and edu_cat');
  columns.age_cat = age.map(String);
  columns.edu_cat = education.map(String);
  return columns;
}

/** The tutorial's election model. */
export const electionModel = {
  response: 'bush',
  fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'],
  random: [{ id: 'state', model: 'iid' }],
};
