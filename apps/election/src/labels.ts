import type { FixedTerm } from '@hlm/cli';

/**
 * Readable names of the tutorial's variables by column and level: an effect is named by the level it indicates
 * (from the design), never by its dummy's name, so a recoded column cannot put a label on the wrong coefficient.
 */
const VARIABLES: Record<string, { name?: string; baseline: string; levels?: Record<string, string> }> = {
  female: { name: 'Female', baseline: 'Male' },
  black: { name: 'Black', baseline: 'Non-Black' },
  age_cat: { baseline: 'Age 18-29', levels: { '1': 'Age 18-29', '2': 'Age 30-44', '3': 'Age 45-64', '4': 'Age 65+' } },
  edu_cat: { baseline: 'No HS diploma', levels: { '1': 'No HS diploma', '2': 'HS Graduate', '3': 'Some College', '4': 'College Grad' } },
};

/** The label of each fixed effect and the category it is compared with, by coefficient name. */
export function effectLabels(terms: readonly FixedTerm[]): { labels: Record<string, string>; baselines: Record<string, string> } {
  const labels: Record<string, string> = {};
  const baselines: Record<string, string> = {};
  for (const t of terms) {
    const variable = VARIABLES[t.term];
    if (!variable) continue;
    if (t.level === undefined) {
      if (variable.name) labels[t.name] = variable.name;
      baselines[t.name] = variable.baseline;
      continue;
    }
    const levels = variable.levels ?? {};
    labels[t.name] = levels[t.level] ?? `${t.term} ${t.level}`;
    // the baseline is the level without a coefficient of its own
    const coded = new Set(terms.filter((u) => u.term === t.term).map((u) => u.level));
    const dropped = Object.entries(levels).filter(([level]) => !coded.has(level));
    const [only] = dropped;
    baselines[t.name] = dropped.length === 1 && only !== undefined ? only[1] : `the first level of ${t.term}`;
  }
  return { labels, baselines };
}
