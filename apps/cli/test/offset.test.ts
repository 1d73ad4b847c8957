import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hlm = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('offsets on the command line', () => {
  it('--offset COLUMN and offset(col) in the formula give the same fit, and differ from no offset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlm-offset-'));
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'y,x,lp\n3,0.5,1.2\n1,-1.5,0.3\n6,2.5,1.9\n2,0.3,0.7\n0,-0.5,0.1\n4,1.5,1.4\n1,-2.0,0.5\n2,0.8,0.9\n');
    const fit = (formula: string, extra: string[]): { fixed: { name: string; mean: number }[] } => {
      const out = join(dir, `${Math.random().toString(36).slice(2)}.json`);
      const run = spawnSync(process.execPath, [hlm, 'fit', data, '--family', 'poisson', '--formula', formula, ...extra, '--json', out, '--quiet'], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const flag = fit('y ~ x', ['--offset', 'lp']);
    const term = fit('y ~ x + offset(lp)', []);
    const none = fit('y ~ x', []);
    expect(flag.fixed.map((r) => r.mean)).toEqual(term.fixed.map((r) => r.mean));
    expect(Math.abs(flag.fixed[0]!.mean - none.fixed[0]!.mean)).toBeGreaterThan(0.1);
  });
});
