/**
 * Fixture provenance (see reference/README.md): every test fixture cut from a reference result holds exactly
 * that result's values, so regenerating reference/ with reference/scripts and cutting again gives the fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const json = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
const csv = (path: string): Record<string, string[]> => {
  const [header, ...rows] = readFileSync(join(root, path), 'utf8').trim().split('\n').map((l) => l.split(','));
  return Object.fromEntries(header!.map((h, j) => [h.replace(/"/g, ''), rows.map((r) => r[j]!)]));
};

/**
 * Leaves of `fixture` whose value differs from `source` at the same path (the fixture's own note aside); the
 * besag fixtures were trimmed with numbers rounded to 10 significant digits, which counts as the same value.
 */
function differences(fixture: unknown, source: unknown, path = ''): string[] {
  if (fixture !== null && typeof fixture === 'object') {
    if (source === null || typeof source !== 'object') return [`${path}: not in the source`];
    return Object.entries(fixture).flatMap(([k, v]) =>
      path === '' && (k === 'note' || k === 'source') ? [] : differences(v, (source as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  const same =
    fixture === source ||
    (typeof fixture === 'number' && typeof source === 'number' && fixture === Number(source.toPrecision(10))) ||
    (typeof fixture === 'string' && typeof source === 'number' && fixture === String(source)); // level labels as strings
  return same ? [] : [`${path}: ${JSON.stringify(fixture)} vs ${JSON.stringify(source)}`];
}

describe('fixtures cut from reference/', () => {
  it.each([
    ['packages/inla/test/fixtures/election_1988.rinla.json', 'reference/election_1988.rinla.json'],
    ['packages/inla/test/fixtures/election_1988.stan.json', 'reference/election_1988.stan.json'],
    ['packages/inla/test/fixtures/besag_lattice.rinla.json', 'reference/besag_lattice.rinla.json'],
    ['packages/inla/test/fixtures/besag_islands.rinla.json', 'reference/besag_islands.rinla.json'],
    ['packages/inla/test/fixtures/besag_lattice.stan.json', 'reference/besag_lattice.stan.json'],
  ])('%s holds the values of %s', (fixture, source) => {
    expect(differences(json(fixture), json(source))).toEqual([]);
  });

  it("plots' election_summary.json holds R-INLA's default run's summaries and precision marginal", () => {
    const fixture = json('packages/plots/test/fixtures/election_summary.json');
    const source = (json('reference/election_1988.rinla.json') as { runs: Record<string, unknown> }).runs.default;
    expect(differences(fixture, source)).toEqual([]);
  });

  it("criteria's election_1988.criteria.json holds R-INLA's default, eb and proper-intercept criteria and Stan's bridge sampling", () => {
    const fixture = json('packages/criteria/test/fixtures/election_1988.criteria.json') as Record<string, unknown>;
    const runs = (json('reference/election_1988.rinla.json') as { runs: Record<string, Record<string, unknown>> }).runs;
    const extra = (json('reference/election_1988.rinla_extra.json') as { runs: Record<string, Record<string, unknown>> }).runs;
    const stan = json('reference/election_1988.stan.json') as { mlik: Record<string, unknown> };
    for (const run of ['default', 'eb']) expect(differences(fixture[run], runs[run])).toEqual([]);
    expect(differences((fixture.proper_intercept as { mlik: unknown }).mlik, extra.proper_intercept!.mlik)).toEqual([]);
    const bridge = fixture.bridge_sampling as { log_mlik: number };
    expect(JSON.stringify(stan.mlik)).toContain(String(bridge.log_mlik));
  });

  it("criteria's besag.criteria.json holds R-INLA's besag criteria", () => {
    const fixture = json('packages/criteria/test/fixtures/besag.criteria.json') as { runs: Record<string, unknown> };
    for (const [key, value] of Object.entries(fixture.runs)) {
      const [data, run] = key.split('/');
      const source = (json(`reference/${data}.rinla.json`) as { runs: Record<string, unknown> }).runs[run!];
      expect(differences(value, source), key).toEqual([]);
    }
  });

  it('the per-observation CSVs are columns of reference/election_1988.rinla.per_obs.csv', () => {
    const source = csv('reference/election_1988.rinla.per_obs.csv');
    const criteria = csv('packages/criteria/test/fixtures/election_1988.per_obs.csv');
    for (const [column, values] of Object.entries(criteria)) expect(values, column).toEqual(source[column]);
    // the predictor's columns rounded to 10 significant digits
    const predictor = csv('packages/inla/test/fixtures/election_1988.predictor.csv');
    for (const column of ['fitted_mean', 'linpred_mean', 'linpred_sd']) {
      expect(predictor[column]!.map(Number), column).toEqual(source[column]!.map((v) => Number(Number(v).toPrecision(10))));
    }
  });

  it('every fixture file is listed in reference/README.md', () => {
    const table = readFileSync(join(root, 'reference/README.md'), 'utf8');
    const fixtures = ['packages', 'apps'].flatMap((group) =>
      readdir(join(root, group)).flatMap((name) => {
        const dir = join(group, name, 'test/fixtures');
        return existsSync(join(root, dir)) ? readdir(join(root, dir)).filter((f) => f !== 'README.md').map((f) => `${dir}/${f}`) : [];
      }),
    );
    expect(fixtures.length).toBeGreaterThan(0);
    expect(fixtures.filter((f) => !table.includes(f))).toEqual([]);
  });
});

function readdir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}
