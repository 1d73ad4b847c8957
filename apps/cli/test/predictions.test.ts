import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hlm = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('rows to predict', () => {
  it('fits without the NA and empty responses and writes their predictions to predictions.csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlm-predict-'));
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'y,x,g\n1,0.5,a\n0,-1.5,b\nNA,2.5,c\n1,0.3,a\n0,0.5,b\n1,1.5,c\n,-2.0,a\n0,0.8,b\n1,-0.4,c\n');
    const run = spawnSync(process.execPath, [hlm, 'fit', data, '--formula', 'y ~ x + f(g, model = "iid")', '--out', join(dir, 'out')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Rows to predict (response missing): 2');
    const lines = readFileSync(join(dir, 'out', 'predictions.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['row', 'predictor.mean']);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '7']);
    const fitted = lines.slice(1).map((l) => Number(l.split(',')[7]));
    expect(fitted.every((p) => p > 0 && p < 1)).toBe(true);
    // a larger x predicts a larger probability here (the coefficient of x is positive in these data)
    expect(fitted[0]!).toBeGreaterThan(fitted[1]!);
  });
});
