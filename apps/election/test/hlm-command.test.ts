import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitElection, readElectionCsv } from '../src/index.js';

const hlm = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const data = fileURLToPath(new URL('../../../data/election_1988.csv', import.meta.url));

/** Both run the same deterministic code on the same numbers; 1e-12 relative allows only for printing and parsing JSON. */
const TOLERANCE = 1e-12;

function expectSame(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, k) => expectSame((actual as unknown[])[k], e, `${path}[${k}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    for (const [key, value] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toBe(expected);
  }
}

describe('the hlm command gives the election demo its numbers', () => {
  it('hlm fit data/election_1988.csv --formula ... --json equals fitElection to 1e-12', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hlm-election-json-')), 'out.json');
    const formula = 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")';
    const run = spawnSync(process.execPath, [hlm, 'fit', data, '--formula', formula, '--ntrials', 'Ntrials', '--categorical', 'age_cat,edu_cat', '--json', out, '--quiet'], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const cli = JSON.parse(readFileSync(out, 'utf8'));
    const { table, columns } = readElectionCsv(data);
    const { results } = fitElection(table, columns.length);
    for (const key of ['fixed', 'hyperpar', 'dic', 'waic', 'mlik', 'cpo', 'marginals'] as const) expectSame(cli[key], results[key], key);
    expectSame(cli.random.state, results.random.state, 'random.state');
    expect(cli.data.response.mean).toBe(results.data.bushShare);
    expectSame(cli.data.perLevel.state, results.data.perState, 'perState');
  });
});
