import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hlm = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const data = (name: string): string => fileURLToPath(new URL(`../../../data/${name}`, import.meta.url));

describe('a besag model through --graph', () => {
  it('fits the lattice data and writes every figure of the model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlm-besag-'));
    const run = spawnSync(
      process.execPath,
      [hlm, 'fit', data('besag_lattice.csv'), '--formula', 'y ~ x + f(region, model = "besag")', '--ntrials', 'Ntrials', '--graph', data('besag_lattice.graph'), '--out', join(dir, 'out')],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Precision for region/);
    const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    expect(results.random.region).toHaveLength(300);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(
      ['report.html', 'results.json', ...['coefficients', 'odds_ratios', 'region_effects', 'precision_for_region', 'sd_for_region'].flatMap((n) => [`hlm_${n}.png`, `hlm_${n}.svg`])].sort(),
    );
    expect(readdirSync(dir)).toEqual(['out']);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    for (const id of ['hlm_coefficients', 'hlm_odds_ratios', 'hlm_region_effects', 'hlm_precision_for_region', 'hlm_sd_for_region', 'fixed-effects', 'random-region', 'hyperparameters', 'model-criteria']) {
      expect(html).toContain(`id="${id}"`);
    }
  });
});
