#!/usr/bin/env node
/**
 * `pnpm bench`: the speed cases of hlm, each in its own process (so that its peak memory is its own), with the median
 * time, the peak resident memory and the ratio to a baseline measured in the same run: one Gaussian approximation of
 * the election model with θ held fixed. In-process cases are timed after a warm-up (see `time` in cases.mjs); their first
 * run is reported beside them. Then every workspace package's own `bench` script, if it has one.
 * Environment: HLM_BENCH_RUNS (timed runs per in-process case, default 5), HLM_BENCH_ROWS (synthetic sizes, default
 * 60000,600000,6000000), HLM_BENCH_TIMEOUT (seconds allowed to each synthetic case, default 150).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const rowsList = (process.env.HLM_BENCH_ROWS ?? '60000,600000,6000000').split(',').map(Number);
const timeout = Number(process.env.HLM_BENCH_TIMEOUT ?? 150) * 1000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs one case of cases.mjs in a child process; null when it failed or ran out of time. */
function runCase(name, arg, limit = 20 * 60 * 1000) {
  const args = ['--max-old-space-size=8192', join(here, 'cases.mjs'), name, ...(arg === undefined ? [] : [String(arg)])];
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: limit, maxBuffer: 1 << 26 });
  const line = child.stdout?.trim().split('\n').pop();
  if (child.status !== 0 || !line) {
    const why = child.error?.code === 'ETIMEDOUT' || child.signal ? `stopped after ${limit / 1000} s` : `failed: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    return { case: name, arg, failed: why };
  }
  return JSON.parse(line);
}

/** `pnpm election` as a whole process (the built CLI, output to a temporary folder), `runs` times after one warm-up. */
function wholeProcess(runs = 5) {
  const out = mkdtempSync(join(tmpdir(), 'hlm-election-'));
  const samples = [];
  let maxRssKiB = 0;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const child = spawnSync(process.execPath, ['--import', join(here, 'peak-memory.mjs'), join(root, 'apps/election/dist/cli.js'), '--out', out], {
      cwd: root,
      encoding: 'utf8',
    });
    const wall = performance.now() - start;
    if (child.status !== 0) return { case: 'election-process', failed: child.stderr.trim().split('\n').slice(-3).join(' | ') };
    const rss = Number(/HLM_BENCH_MAXRSS_KIB (\d+)/.exec(child.stderr)?.[1] ?? 0);
    if (i > 0) {
      samples.push(wall);
      maxRssKiB = Math.max(maxRssKiB, rss);
    }
  }
  return { case: 'election-process', samples, maxRssKiB };
}

const started = performance.now();
console.log(`hlm benchmark, Node ${process.version}, ${new Date().toISOString()}`);
const baseline = runCase('baseline');
if (baseline.failed) throw new Error(`the baseline failed: ${baseline.failed}`);
const base = median(baseline.samples);
const results = [
  { label: 'baseline: one Gaussian approximation, θ fixed (election)', r: baseline },
  { label: '(1) election fit, DIC + WAIC + mlik', r: runCase('election-dic-waic-mlik') },
  { label: '(2) election fit, DIC + WAIC + mlik + CPO', r: runCase('election-with-cpo') },
  { label: '(3) `pnpm election`, whole process', r: wholeProcess() },
  { label: "(4) election, strategy 'laplace'", r: runCase('election-laplace') },
  ...rowsList.map((rows) => ({ label: `(5) synthetic, ${rows.toLocaleString('en')} rows from a CSV stream`, r: runCase('synthetic', rows, timeout) })),
  { label: '(6) besag, 300-region lattice', r: runCase('besag') },
  { label: 'binomial, 3,000 rows, Ntrials = 1 (with CPO)', r: runCase('trials', 1) },
  { label: 'binomial, 3,000 rows, Ntrials = 10⁶ (with CPO)', r: runCase('trials', 1e6) },
];

const rows = results.map(({ label, r }) => {
  if (r.failed) return `| ${label} | — | — | — | ${r.failed} |`;
  const m = median(r.samples);
  const note = r.extra
    ? `read ${(r.extra.read_ms / 1000).toFixed(1)} s, fit ${(r.extra.fit_ms / 1000).toFixed(1)} s (per-row setup ${(r.extra.setup_ms / 1000).toFixed(1)} s, inference ${((r.extra.fit_ms - r.extra.setup_ms - r.extra.criteria_ms) / 1000).toFixed(1)} s, criteria ${(r.extra.criteria_ms / 1000).toFixed(1)} s), ${r.extra.patterns} patterns`
    : r.warmup === undefined
      ? `${r.samples.length} runs`
      : `${r.samples.length} runs after ${r.warmup} warm-up run${r.warmup === 1 ? '' : 's'}; the first, in a fresh process, ${r.first_ms >= 1000 ? `${(r.first_ms / 1000).toFixed(2)} s` : `${r.first_ms.toFixed(0)} ms`}`;
  const shown = m >= 1000 ? `${(m / 1000).toFixed(2)} s` : `${m.toFixed(1)} ms`;
  return `| ${label} | ${shown} | ${(r.maxRssKiB / 1024).toFixed(0)} MiB | ${(m / base).toFixed(1)} | ${note} |`;
});
console.log('\n| case | median | peak memory | × baseline | notes |\n|---|---|---|---|---|');
console.log(rows.join('\n'));

// every workspace package's own bench script
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const manifest = join(root, group, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (!pkg.scripts?.bench) continue;
    console.log(`\n## ${pkg.name}: pnpm run bench`);
    const child = spawnSync('pnpm', ['run', '--silent', 'bench'], { cwd: join(root, group, name), stdio: 'inherit' });
    if (child.status !== 0) console.log(`(${pkg.name} bench exited with ${child.status})`);
  }
}
console.log(`\nbenchmark total ${((performance.now() - started) / 1000).toFixed(0)} s`);
