import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hlm = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('hlm fit --samples', () => {
  it('writes joint posterior samples of the hyperparameters and the latent field to samples.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlm-samples-'));
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'y,x,g\n1,0.5,a\n0,-1.5,b\n1,2.5,c\n1,0.3,a\n0,-0.5,b\n1,1.5,c\n0,-2.0,a\n1,0.8,b\n');
    const run = spawnSync(process.execPath, [hlm, 'fit', data, '--formula', 'y ~ x + f(g, model = "iid")', '--samples', '40', '--out', join(dir, 'out'), '--quiet'], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'out', 'samples.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[0]).toBe('sample,Precision for g,g:1,g:2,g:3,(Intercept):1,x:1');
    const values = lines.slice(1).map((line) => line.split(',').map(Number));
    expect(values.every((v) => v.length === 7 && v.every(Number.isFinite) && v[1]! > 0)).toBe(true);
    expect(values.map((v) => v[0])).toEqual(Array.from({ length: 40 }, (_, s) => s + 1));
  });
});
