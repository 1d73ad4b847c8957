/**
 * The command line of `hlm`: its help texts and the checks that turn argv into a fit request.
 * @module
 */
import { parseArgs } from 'node:util';
import type { IntegrationStrategy, LatentStrategy } from '@hlm/inla';
import { families } from '@hlm/likelihood';

/** A usage error: bad flags or values (exit code 2). */
export class UsageError extends Error {
  readonly code = 'usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const STRATEGIES: readonly LatentStrategy[] = ['auto', 'gaussian', 'simplified.laplace', 'laplace', 'adaptive'];
export const INT_STRATEGIES: readonly IntegrationStrategy[] = ['auto', 'grid', 'ccd', 'eb'];

export const MAIN_HELP = `hlm — Bayesian hierarchical models by INLA, as R-INLA fits them

usage: hlm fit DATA.csv --formula FORMULA [options]    fit a model (see hlm fit --help)
       hlm --help | --version

Example:
  hlm fit data/election_1988.csv --ntrials Ntrials --categorical age_cat,edu_cat \\
    --formula 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")' --out out/election

Exit codes: 0 fitted, 2 bad input or usage (one line on stderr says what), 1 numerical failure.`;

export const FIT_HELP = `usage: hlm fit DATA.csv --formula FORMULA [options]

Fits FORMULA to the CSV file DATA.csv by INLA with R-INLA's defaults, prints the posterior summaries in the
tutorial's layout (fixed effects, hyperparameters, DIC, WAIC, marginal likelihood, CPO, odds or rate ratios)
and, with --out, writes the figures, report.html, results.json and predictions.csv.

The CSV file needs a header row; NA and empty cells are missing (allowed in the response only: those rows are
predicted). A column with a number in it is numeric and every other cell must be a number too.

  --formula F          R-INLA formula: y ~ x1 + x2 + a:b + log(x) + I(x^2) + poly(x, 2) + f(g, model = "iid")
                         e.g. --formula 'bush ~ female + age_cat * edu_cat + f(state, model = "iid")'
  --family NAME        likelihood: ${[...families.keys()].join(', ')} (default binomial)
                         e.g. --family poisson
  --ntrials COLUMN     numbers of trials of each row (binomial; default 1 per row)
                         e.g. --ntrials Ntrials
  --E COLUMN           exposure of each row (poisson, nbinomial: the mean is E·exp(η))
                         e.g. --E expected
  --scale COLUMN       known factor of each row's precision (gaussian)
                         e.g. --scale w
  --offset COLUMN      a known term added to each row's linear predictor (R-INLA's offset; or offset(col) in the formula)
                         e.g. --offset log_population
  --weights COLUMN     each row's log-likelihood multiplied by its weight (R-INLA's weights)
                         e.g. --weights w
  --categorical A,B    columns read as categories even though they hold numbers
                         e.g. --categorical age_cat,edu_cat
  --graph FILE         graph file (R-INLA's format) for the besag or bym2 term that names none
                         e.g. --graph data/besag_lattice.graph
  --strategy S         latent marginals: ${STRATEGIES.join(', ')} (default auto: Gaussian with R-INLA's VB mean correction)
                         e.g. --strategy laplace
  --int-strategy S     integration over the hyperparameters: ${INT_STRATEGIES.join(', ')} (default auto)
                         e.g. --int-strategy grid
  --control FILE.json  R-INLA's control sections as JSON: {"compute": {...}, "inla": {...}, "fixed": {...}, ...}
                         e.g. --control control.json  (holding {"fixed": {"prec": 0.01}})
  --samples N          draw N joint posterior samples (hyperparameters and latent field), as R-INLA's
                         inla.posterior.sample, written to DIR/samples.csv (seed 1, so runs repeat)
                         e.g. --samples 1000 --out results
  --out DIR            write DIR/results.json, the figures (.svg, .png), DIR/report.html, DIR/predictions.csv;
                         checked before the fit, written whole or not at all
                         e.g. --out results
  --json FILE          write results.json to FILE as well
                         e.g. --json fit.json
  --quiet              print nothing but errors (no tables, no progress)
  --help               this text

Example:
  hlm fit data/election_1988.csv --ntrials Ntrials --categorical age_cat,edu_cat \\
    --formula 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")' --out out/election`;

/** The options of `hlm fit`, checked. */
export interface FitArgs {
  data: string;
  formula: string;
  family: string;
  ntrials?: string;
  E?: string;
  scale?: string;
  offset?: string;
  weights?: string;
  categorical: string[];
  graph?: string;
  strategy?: LatentStrategy;
  intStrategy?: IntegrationStrategy;
  control?: string;
  samples?: number;
  out?: string;
  json?: string;
  quiet: boolean;
}

export type Command = { kind: 'help'; text: string } | { kind: 'version' } | { kind: 'fit'; args: FitArgs };

const FIT_OPTIONS = {
  formula: { type: 'string' },
  family: { type: 'string' },
  ntrials: { type: 'string' },
  E: { type: 'string' },
  scale: { type: 'string' },
  offset: { type: 'string' },
  weights: { type: 'string' },
  categorical: { type: 'string' },
  graph: { type: 'string' },
  strategy: { type: 'string' },
  'int-strategy': { type: 'string' },
  control: { type: 'string' },
  samples: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Refuses a per-observation column flag (--ntrials, --E, --scale) for a family that does not read that column. */
function checkColumnFlag(flag: string, column: string, family: string): void {
  if (families.get(family)?.columns.some((c) => c.name === column)) return;
  const readers = [...families.values()].filter((f) => f.columns.some((c) => c.name === column)).map((f) => f.name);
  throw new UsageError(`${flag} is for the ${readers.join(' and ')} famil${readers.length === 1 ? 'y' : 'ies'}, not ${family}`);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${flag} needs a value`);
  return value;
}

/** Reads argv (after `node hlm`) into a command; throws `UsageError` for anything it cannot take. */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help', text: MAIN_HELP };
  if (command === '--version') return { kind: 'version' };
  if (command !== 'fit') throw new UsageError(`unknown command '${command}'; expected 'hlm fit DATA.csv --formula ...' (see hlm --help)`);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FIT_OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...rest], options: FIT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const [first = ''] = (error as Error).message.split('\n');
    throw new UsageError(`${first.replace(/\. To specify a positional.*$/, '')} (see hlm fit --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', text: FIT_HELP };
  const [data] = positionals;
  if (data === undefined) throw new UsageError('hlm fit needs a data file: hlm fit DATA.csv --formula ... (see hlm fit --help)');
  if (positionals.length > 1) throw new UsageError(`hlm fit takes one data file, got ${positionals.length}: ${positionals.join(', ')} (quote the formula: --formula 'y ~ x')`);
  const formula = nonEmpty('formula', values.formula);
  if (formula === undefined) throw new UsageError("hlm fit needs --formula, e.g. --formula 'y ~ x + f(g, model = \"iid\")'");
  const family = nonEmpty('family', values.family) ?? 'binomial';
  if (!families.has(family)) throw new UsageError(`--family must be one of ${[...families.keys()].join(', ')}; got '${family}'`);
  const ntrials = nonEmpty('ntrials', values.ntrials);
  if (ntrials !== undefined) checkColumnFlag('--ntrials', 'Ntrials', family);
  const E = nonEmpty('E', values.E);
  if (E !== undefined) checkColumnFlag('--E (exposure)', 'E', family);
  const scale = nonEmpty('scale', values.scale);
  if (scale !== undefined) checkColumnFlag('--scale', 'scale', family);
  const strategy = values.strategy;
  if (strategy !== undefined && !(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}; got '${strategy}'`);
  }
  const intStrategy = values['int-strategy'];
  if (intStrategy !== undefined && !(INT_STRATEGIES as readonly string[]).includes(intStrategy)) {
    throw new UsageError(`--int-strategy must be one of ${INT_STRATEGIES.join(', ')}; got '${intStrategy}'`);
  }
  let samples: number | undefined;
  if (values.samples !== undefined) {
    samples = Number(values.samples);
    if (!/^\d+$/.test(values.samples) || samples < 1 || samples > 1_000_000) {
      throw new UsageError(`--samples must be a whole number from 1 to 1000000; got '${values.samples}'`);
    }
    if (values.out === undefined) throw new UsageError('--samples writes DIR/samples.csv: give --out DIR as well');
  }
  const categorical = values.categorical === undefined ? [] : values.categorical.split(',').map((c) => c.trim());
  if (categorical.some((c) => c === '')) throw new UsageError(`--categorical takes column names separated by commas; got '${values.categorical}'`);
  const offset = nonEmpty('offset', values.offset);
  const weights = nonEmpty('weights', values.weights);
  const graph = nonEmpty('graph', values.graph);
  const control = nonEmpty('control', values.control);
  const out = nonEmpty('out', values.out);
  const json = nonEmpty('json', values.json);
  return {
    kind: 'fit',
    args: {
      data,
      formula,
      family,
      ...(ntrials !== undefined ? { ntrials } : {}),
      ...(E !== undefined ? { E } : {}),
      ...(scale !== undefined ? { scale } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(weights !== undefined ? { weights } : {}),
      categorical,
      ...(graph !== undefined ? { graph } : {}),
      ...(strategy !== undefined ? { strategy: strategy as LatentStrategy } : {}),
      ...(intStrategy !== undefined ? { intStrategy: intStrategy as IntegrationStrategy } : {}),
      ...(control !== undefined ? { control } : {}),
      ...(samples !== undefined ? { samples } : {}),
      ...(out !== undefined ? { out } : {}),
      ...(json !== undefined ? { json } : {}),
      quiet: values.quiet ?? false,
    },
  };
}
