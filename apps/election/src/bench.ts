#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDesign } from '@hlm/design';
import { inla } from '@hlm/inla';
import { readElectionCsv } from './data.js';
import { ELECTION_MODEL, fitElection } from './fit.js';

/**
 * `pnpm bench`: times the election fit in process (design, fit, criteria and summaries) over repeated runs
 * after a warm-up, beside two baselines measured in the same run: the design alone, and one Gaussian
 * approximation with the state precision held fixed (no search over θ, no integration).
 */
const RUNS = Number(process.env.HLM_BENCH_RUNS ?? 20);
const WARMUP = 2;

function time(label: string, task: () => void): { label: string; median: number; q1: number; q3: number; min: number; max: number } {
  for (let i = 0; i < WARMUP; i++) task();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    task();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number): number => samples[Math.round(p * (samples.length - 1))]!;
  return { label, median: at(0.5), q1: at(0.25), q3: at(0.75), min: samples[0]!, max: samples[samples.length - 1]! };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { table, columns } = readElectionCsv(join(root, 'data/election_1988.csv'));

const design = time('design alone (buildDesign)', () => buildDesign(table, ELECTION_MODEL, { nTrials: 'Ntrials' }));
const single = time('one Gaussian approximation (θ fixed)', () =>
  inla({
    model: { ...ELECTION_MODEL, random: [{ id: 'state', model: 'iid', hyper: { prec: { initial: 1.612, fixed: true } } }] },
    family: 'binomial',
    data: table,
    Ntrials: 'Ntrials',
  }),
);
const full = time('election fit (design, INLA, criteria, summaries)', () => fitElection(table, columns.length));

console.log(`election benchmark: ${RUNS} runs after ${WARMUP} warm-up runs, Node ${process.version}`);
for (const r of [design, single, full]) {
  console.log(
    `${r.label.padEnd(52)} median ${r.median.toFixed(1).padStart(8)} ms  IQR [${r.q1.toFixed(1)}, ${r.q3.toFixed(1)}]  range [${r.min.toFixed(1)}, ${r.max.toFixed(1)}]`,
  );
}
console.log(`ratio full fit / one Gaussian approximation: ${(full.median / single.median).toFixed(2)}`);
console.log(`ratio full fit / design alone: ${(full.median / design.median).toFixed(2)}`);
