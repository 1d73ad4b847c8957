#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readElectionCsv } from './data.js';
import { fitElection } from './fit.js';
import { writeFigures } from './figures.js';
import { formatReport } from './format.js';
import { writeReport } from './report.js';

const STRATEGIES = ['auto', 'gaussian', 'simplified.laplace', 'laplace'] as const;

const USAGE = `usage: hlm-election [--data FILE] [--out DIR] [--strategy auto|gaussian|simplified.laplace|laplace]

Fits the 1988 election model of Gelman & Hill (binomial, logit link, iid state effect) with hlm's INLA,
prints the tutorial's tables and writes DIR/results.json, the figures (.svg, .png) and DIR/report.html.

  --data FILE   CSV with columns bush, state, female, black, age_cat, edu_cat, Ntrials
                (default: data/election_1988.csv of the repository)
  --out DIR     output folder (default: out/election)
  --strategy S  how the latent marginals are approximated: auto (R-INLA's default, Gaussian with the VB
                mean correction), gaussian, simplified.laplace, or laplace (full Laplace: slower, closest to MCMC)
  --help        this text`;

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(argv: string[]): Promise<number> {
  let values: { data?: string; out?: string; strategy?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { data: { type: 'string' }, out: { type: 'string' }, strategy: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const strategy = values.strategy ?? 'auto';
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    console.error(`error: --strategy must be one of ${STRATEGIES.join(', ')}; got '${strategy}'\n\n${USAGE}`);
    return 2;
  }
  const dataPath = resolve(values.data ?? join(repositoryRoot, 'data/election_1988.csv'));
  const outDir = resolve(values.out ?? 'out/election');

  const { table, columns } = readElectionCsv(dataPath);
  const { fit, results } = fitElection(table, columns.length, strategy as (typeof STRATEGIES)[number]);
  console.log(formatReport(results));
  for (const warning of fit.warnings) console.error(`warning: ${warning.message}`);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const figures = await writeFigures(outDir, results);
  const report = writeReport(outDir, results);
  console.log(`\nFit in ${results.timing.fit_ms.toFixed(0)} ms. Wrote ${join(outDir, 'results.json')}, ${figures.length} figure files and ${report}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error as Error & { code?: string };
    console.error(`error: ${e.message}${e.code ? ` [${e.name} ${e.code}]` : ''}`);
    process.exitCode = 1;
  },
);
