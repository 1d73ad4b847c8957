import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const data = fileURLToPath(new URL('../../../data/election_1988.csv', import.meta.url));

function run(args: string[]): { stdout: string; status: number; stderr: string } {
  try {
    return { stdout: execFileSync('node', [cli, ...args], { encoding: 'utf8', stdio: 'pipe' }), status: 0, stderr: '' };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; status: number };
    return { stdout: e.stdout, stderr: e.stderr, status: e.status };
  }
}

describe('the election demo from the command line', () => {
  it('prints the tutorial tables and writes results.json, the figures and the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'hlm-election-'));
    const { stdout, status } = run(['--data', data, '--out', out]);
    expect(status).toBe(0);
    expect(stdout).toContain('Dataset shape: (6003, 7)');
    expect(stdout).toMatch(/Bush vote share: \d+\.\d%/);
    expect(stdout).toContain('=== Fixed Effects ===');
    expect(stdout).toMatch(/^\(Intercept\)\s+0\.34\d+/m);
    expect(stdout).toMatch(/Precision for state\s+5\.1\d+/);
    expect(stdout).toMatch(/Black\s+: OR = 0\.25 \(0\.20 - 0\.30\) \*/);
    expect(stdout).toContain('log marginal-likelihood (integration)');
    expect(stdout).toMatch(/State effect SD: 0\.44\d/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.fixed).toHaveLength(9);
    expect(Object.keys(results.fixed[0]).sort()).toEqual(['0.025quant', '0.5quant', '0.975quant', 'kld', 'mean', 'mode', 'name', 'sd']);
    expect(results.hyperpar[0].name).toBe('Precision for state');
    expect(results.random.state).toHaveLength(50);
    expect(results.random.state[0].ID).toBe('1');
    expect(results.timing.fit_ms).toBeGreaterThan(0);
    for (const key of ['dic', 'waic', 'mlik', 'cpo']) expect(results[key]).not.toBeNull();
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('election_coefficients');
  });

  it('fits another data set of the same shape without any change', () => {
    // the same columns, states relabelled as names and a third of the respondents dropped
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const kept = [lines[0]!, ...lines.slice(1).filter((_, i) => i % 3 !== 0).map((line) => line.replace(/^(\d+),(\d+),/, (_, b, s) => `${b},S${s},`))];
    const dir = mkdtempSync(join(tmpdir(), 'hlm-election-other-'));
    const file = join(dir, 'other.csv');
    writeFileSync(file, `${kept.join('\n')}\n`);
    const { stdout, status } = run(['--data', file, '--out', join(dir, 'out')]);
    expect(status).toBe(0);
    expect(stdout).toContain(`Dataset shape: (${kept.length - 1}, 7)`);
    const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
    expect(results.random.state.map((r: { ID: string }) => r.ID)).toContain('S10');
    expect(results.fixed.every((r: { mean: number; sd: number }) => Number.isFinite(r.mean) && r.sd > 0)).toBe(true);
  });

  it('says plainly what is wrong with bad input and exits non-zero', () => {
    const missing = run(['--data', '/nonexistent/file.csv', '--out', tmpdir()]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the data file '\/nonexistent\/file.csv'/);
    const usage = run(['--bogus']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: hlm-election/);
    const strategy = run(['--strategy', 'fast']);
    expect(strategy.status).toBe(2);
    expect(strategy.stderr).toMatch(/--strategy must be one of auto, gaussian, simplified.laplace, laplace; got 'fast'/);
    const dir = mkdtempSync(join(tmpdir(), 'hlm-election-bad-'));
    const bad = join(dir, 'bad.csv');
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    lines[5] = lines[5]!.replace(/^\d+,/, '2,');
    writeFileSync(bad, lines.join('\n'));
    const invalid = run(['--data', bad, '--out', dir]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/row 5/);
  });
});
