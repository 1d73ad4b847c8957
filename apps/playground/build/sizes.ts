/**
 * The playground's size budget: the engine's code (the fit's Web Worker: design, latent models, likelihoods, sparse
 * algebra, INLA, criteria) at most 150 kB gzip, and the whole page (HTML, CSS, every script, the service worker)
 * at most 400 kB gzip, the preloaded data file not counted.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = { engineGzip: 150 * 1024, pageGzip: 400 * 1024 } as const;

/** One file of dist/ with its size and what it counts towards. */
export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  kind: 'engine' | 'page' | 'data';
}

/** The fit's worker bundle (Vite names it after src/fit.worker.ts). */
const ENGINE = /(^|\/)fit\.worker-[\w-]+\.js$/;
/** The preloaded data set. */
const DATA = /\.csv$/;

/** Every file under `dir` (relative paths, '/'-separated). */
function files(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, root) : [relative(root, path).split('\\').join('/')];
  });
}

/** The size of every file of the built playground, gzip at level 9 as a static server would send it. */
export function distSizes(dist: string): FileSize[] {
  return files(dist)
    .filter((file) => !file.endsWith('.map') && file !== 'sizes.json')
    .sort()
    .map((file) => {
      const content = readFileSync(join(dist, file));
      return {
        file,
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
        kind: DATA.test(file) ? 'data' : ENGINE.test(file) ? 'engine' : 'page',
      };
    });
}

/** The totals the budget limits: the engine, and the page (engine included) without the data. */
export function budgetTotals(sizes: readonly FileSize[]): { engineGzip: number; pageGzip: number; dataGzip: number } {
  const sum = (keep: (s: FileSize) => boolean): number => sizes.filter(keep).reduce((a, s) => a + s.gzipBytes, 0);
  return { engineGzip: sum((s) => s.kind === 'engine'), pageGzip: sum((s) => s.kind !== 'data'), dataGzip: sum((s) => s.kind === 'data') };
}

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

/** The size report the build prints. */
export function sizeReport(sizes: readonly FileSize[]): string {
  const totals = budgetTotals(sizes);
  const width = Math.max(...sizes.map((s) => s.file.length));
  const lines = sizes.map((s) => `  ${s.file.padEnd(width)}  ${kB(s.bytes).padStart(9)}  ${kB(s.gzipBytes).padStart(9)} gzip  ${s.kind}`);
  return [
    'playground sizes:',
    ...lines,
    `  engine (the fit's worker): ${kB(totals.engineGzip)} gzip of ${kB(BUDGET.engineGzip)} budget`,
    `  whole page without the data: ${kB(totals.pageGzip)} gzip of ${kB(BUDGET.pageGzip)} budget`,
    `  preloaded data: ${kB(totals.dataGzip)} gzip (not budgeted)`,
  ].join('\n');
}
