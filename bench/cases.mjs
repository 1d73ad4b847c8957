/**
 * One benchmark case, run in its own process by `run.mjs` so that its peak memory is its own:
 * `node bench/cases.mjs CASE [ARG]` prints one JSON line { case, samples (ms), extra }.
 * Every package is imported from its build (dist/), as a user would run it.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { computeCriteria } from '../packages/criteria/dist/index.js';
import { inla } from '../packages/inla/dist/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTION_MODEL = { response: 'bush', fixed: ['1', 'female', 'black', 'age_cat', 'edu_cat'], random: [{ id: 'state', model: 'iid' }] };
const RUNS = Number(process.env.HLM_BENCH_RUNS ?? 5);
/**
 * Warm-up: V8 compiles a fit's hot functions with its optimising tier only after they have run for a while, which for
 * the election fit takes about ten fits (in a fresh process the first takes 1 s, the tenth 0.2 s). The timed runs
 * measure the steady state that a session refitting the model reaches; the first run is reported beside them. The
 * slower cases, whose own loops warm the code within a run, take fewer: 4 for the 3,000-row trials fits, 1 for the full
 * Laplace approximation (2 s each).
 */
const WARMUP = 12;

/** The election CSV as a column table (age_cat and edu_cat categorical, as the tutorial). */
function electionTable() {
  const [header, ...rows] = readFileSync(join(root, 'data/election_1988.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return Object.fromEntries(header.map((h, j) => [h, rows.map((r) => (h === 'age_cat' || h === 'edu_cat' ? r[j] : Number(r[j])))]));
}

/** Times `task` RUNS times after `warmup` runs; returns the samples in ms, the warm-up's count and its first (cold) run. */
function time(task, runs = RUNS, warmup = WARMUP) {
  let first = null;
  for (let i = 0; i < warmup; i++) {
    const start = performance.now();
    task();
    first ??= performance.now() - start;
  }
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    task();
    samples.push(performance.now() - start);
  }
  return { samples, warmup, first_ms: first ?? samples[0] };
}

/** Mulberry32: a small seeded generator of uniforms in [0, 1). */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `rows` election-shaped rows (50 states, female, black, 4 age and 4 education categories, one trial each,
 * logit p from fixed coefficients and a N(0, 0.4²) state effect) to a CSV, by the seeded generator.
 */
async function writeSynthetic(path, rows, seed = 1988) {
  const u = seeded(seed);
  const state = Array.from({ length: 50 }, () => 0.4 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
  const out = createWriteStream(path);
  out.write('bush,state,female,black,age_cat,edu_cat,Ntrials\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const s = Math.floor(u() * 50);
    const female = u() < 0.55 ? 1 : 0;
    const black = u() < 0.1 ? 1 : 0;
    const age = 1 + Math.floor(u() * 4);
    const edu = 1 + Math.floor(u() * 4);
    const eta = 0.3 - 0.1 * female - 1.5 * black - 0.05 * age + 0.08 * edu + state[s];
    const y = u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    chunk += `${y},${s + 1},${female},${black},${age},${edu},1\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((r) => out.on('finish', r));
}

/** The number of lines of a file (its newline bytes), read as a stream. */
async function countLines(path) {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

/**
 * Reads an election-shaped CSV as a stream (csv-parse, records as arrays) into typed columns, the categories as
 * strings. The lines are counted first, so that each numeric column is one Float64Array of its final length.
 */
async function readStream(path) {
  const rows = (await countLines(path)) - 1;
  const numeric = { bush: new Float64Array(rows), state: new Float64Array(rows), female: new Float64Array(rows), black: new Float64Array(rows), Ntrials: new Float64Array(rows) };
  const categories = { age_cat: new Array(rows), edu_cat: new Array(rows) };
  const labels = ['', '1', '2', '3', '4'];
  let i = 0;
  const take = (r) => {
    numeric.bush[i] = Number(r[0]);
    numeric.state[i] = Number(r[1]);
    numeric.female[i] = Number(r[2]);
    numeric.black[i] = Number(r[3]);
    categories.age_cat[i] = labels[Number(r[4])];
    categories.edu_cat[i] = labels[Number(r[5])];
    numeric.Ntrials[i] = Number(r[6]);
    i++;
  };
  // records drained on 'readable' (csv-parse's documented stream use): an async iterator would cost a promise per record
  const file = createReadStream(path);
  const parser = file.pipe(parse({ from_line: 2 }));
  await new Promise((done, fail) => {
    parser.on('readable', () => {
      for (let r = parser.read(); r !== null; r = parser.read()) take(r);
    });
    parser.on('end', done);
    parser.on('error', fail);
    file.on('error', fail);
  });
  if (i !== rows) throw new Error(`${path}: read ${i} records from ${rows} lines after the header`);
  return { ...numeric, ...categories };
}

/** Binomial rows with n trials each: 3,000 rows on 3,000 distinct patterns (a covariate per row) and 30 groups. */
function trialsTable(n, seed = 7) {
  const u = seeded(seed);
  const table = { y: [], x: [], g: [], n: [] };
  for (let i = 0; i < 3000; i++) {
    const x = Math.round((u() * 2 - 1) * 1e6) / 1e6;
    const g = 1 + Math.floor(u() * 30);
    const p = 1 / (1 + Math.exp(-(0.2 + 0.5 * x + 0.3 * Math.sin(g))));
    // binomial draw: exact for small n, normal approximation (rounded, clamped) for large n
    let y = 0;
    if (n <= 100) for (let t = 0; t < n; t++) y += u() < p ? 1 : 0;
    else y = Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()))));
    table.y.push(y);
    table.x.push(x);
    table.g.push(g);
    table.n.push(n);
  }
  return table;
}

const election = () => electionTable();
const cases = {
  // the baseline: one Gaussian approximation with θ held fixed (no search over θ, no integration), election data
  baseline() {
    const data = election();
    const model = { ...ELECTION_MODEL, random: [{ id: 'state', model: 'iid', hyper: { prec: { initial: 1.612, fixed: true } } }] };
    return time(() => inla({ model, family: 'binomial', data, Ntrials: 'Ntrials' }));
  },
  'election-dic-waic-mlik'() {
    const data = election();
    return time(() => {
      const fit = inla({ model: ELECTION_MODEL, family: 'binomial', data, Ntrials: 'Ntrials', control: { compute: { dic: true, waic: true, mlik: true } } });
      computeCriteria(fit.posterior, fit.compute);
    });
  },
  'election-with-cpo'() {
    const data = election();
    return time(() => {
      const fit = inla({ model: ELECTION_MODEL, family: 'binomial', data, Ntrials: 'Ntrials', control: { compute: { dic: true, waic: true, mlik: true, cpo: true } } });
      computeCriteria(fit.posterior, fit.compute);
    });
  },
  'election-laplace'() {
    const data = election();
    return time(() => inla({ model: ELECTION_MODEL, family: 'binomial', data, Ntrials: 'Ntrials', control: { inla: { strategy: 'laplace' } } }), 3, 1);
  },
  async synthetic(rowsText) {
    const rows = Number(rowsText);
    const dir = join(tmpdir(), 'hlm-bench');
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    const path = join(dir, `election-shaped-${rows}.csv`);
    if (!existsSync(path)) await writeSynthetic(path, rows);
    const start = performance.now();
    const data = await readStream(path);
    const read = performance.now() - start;
    const fitStart = performance.now();
    // the per-row work (the design, the distinct patterns) ends where the mode search's first evaluation begins
    let setupEnd = null;
    const fit = inla({
      model: ELECTION_MODEL,
      family: 'binomial',
      data,
      Ntrials: 'Ntrials',
      control: { compute: { dic: true, waic: true, mlik: true } },
      progress: () => {
        setupEnd ??= performance.now();
      },
    });
    const criteriaStart = performance.now();
    computeCriteria(fit.posterior, fit.compute);
    const fitEnd = performance.now();
    const fitted = fitEnd - fitStart;
    const setup = (setupEnd ?? fitStart) - fitStart;
    const key = (i) => `${data.state[i]}|${data.female[i]}|${data.black[i]}|${data.age_cat[i]}|${data.edu_cat[i]}`;
    const patterns = new Set();
    for (let i = 0; i < rows; i += 1) patterns.add(key(i));
    return { samples: [read + fitted], extra: { read_ms: read, fit_ms: fitted, setup_ms: setup, criteria_ms: fitEnd - criteriaStart, patterns: patterns.size } };
  },
  besag() {
    const text = readFileSync(join(root, 'data/besag_lattice.csv'), 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const rows = text.slice(1).map((l) => l.split(',').map(Number));
    const data = Object.fromEntries(header.map((h, j) => [h, rows.map((r) => r[j])]));
    const model = { response: 'y', fixed: ['1', 'x'], random: [{ id: 'region', model: 'besag', graph: join(root, 'data/besag_lattice.graph') }] };
    return time(() => inla({ model, family: 'binomial', data, Ntrials: 'Ntrials' }), 5, WARMUP);
  },
  trials(nText) {
    const data = trialsTable(Number(nText));
    const model = { response: 'y', fixed: ['1', 'x'], random: [{ id: 'g', model: 'iid' }] };
    return time(() => {
      const fit = inla({ model, family: 'binomial', data, Ntrials: 'n', control: { compute: { dic: true, waic: true, mlik: true, cpo: true } } });
      computeCriteria(fit.posterior, fit.compute);
    }, 3, 4);
  },
};

const [name, arg] = process.argv.slice(2);
const result = await cases[name](arg);
console.log(JSON.stringify({ case: name, arg: arg ?? null, ...result, maxRssKiB: process.resourceUsage().maxRSS }));
