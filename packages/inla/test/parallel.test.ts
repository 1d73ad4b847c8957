/**
 * `inlaAsync` against `inla()`: the design points evaluated on worker threads give the serial fit to the last bit.
 * The worker is the built module (dist/point-worker.js, which the test task builds first), so the parallel fits are
 * run from dist; from the TypeScript sources there is no worker file, and `inlaAsync` falls back to this thread.
 * `inlaAsync` is `@hlm/inla/threads` (Node only), `inla` the main entry.
 */
import { fileURLToPath } from 'node:url';
import { electionModel, electionTable } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import * as sourceMain from '../src/index.js';
import * as sourceThreads from '../src/threads.js';
import type { InlaInput, InlaResult } from '../src/index.js';
import { besagModel, csvTable } from './besag-data.js';

type InlaModule = typeof sourceMain & typeof sourceThreads;
const source: InlaModule = { ...sourceMain, ...sourceThreads };
/** The built package: its main entry and its threads entry. */
async function built(): Promise<InlaModule> {
  const main = (await import(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) as typeof sourceMain;
  const threads = (await import(fileURLToPath(new URL('../dist/threads.js', import.meta.url)))) as typeof sourceThreads;
  return { ...main, ...threads };
}

/** Every number of the summaries and of the posterior's points (means, variances, modes, weights), in order. */
function numbersOf(fit: InlaResult): Float64Array {
  const out: number[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'number') out.push(value);
    else if (ArrayBuffer.isView(value)) out.push(...(value as Float64Array));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit([fit.summaryFixed, fit.summaryRandom, fit.summaryHyperpar, fit.internalSummaryHyperpar, fit.summaryLinearPredictor, fit.posterior.points, fit.marginals.hyperpar]);
  return Float64Array.from(out);
}

/** Whether two fits' numbers are the same bits (NaN equal to NaN, −0 not equal to 0). */
function sameBits(a: InlaResult, b: InlaResult): { count: number; differing: number } {
  const x = numbersOf(a);
  const y = numbersOf(b);
  expect(y.length).toBe(x.length);
  let differing = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) differing++;
  return { count: x.length, differing };
}

const cases: { name: string; input: InlaInput }[] = [
  {
    name: 'the election model (iid states, 6,003 rows)',
    input: { model: electionModel, family: 'binomial', data: electionTable(), Ntrials: 1, control: { compute: { dic: true, waic: true, mlik: true, cpo: true }, predictor: { compute: true } } },
  },
  {
    name: 'the besag lattice (300 regions)',
    input: { model: besagModel('besag_lattice.graph'), family: 'binomial', data: csvTable('besag_lattice.csv'), Ntrials: 'Ntrials' },
  },
];

describe('inlaAsync', () => {
  for (const c of cases) {
    it(`gives inla()'s fit to the last bit on two threads, ${c.name}`, async () => {
      const { inla, inlaAsync } = await built();
      const serial = inla(c.input);
      const parallel = await inlaAsync({ ...c.input, control: { ...c.input.control, numThreads: 2 } });
      expect(parallel.timing.threads).toBe(2);
      expect(serial.timing.threads).toBe(1);
      const { count, differing } = sameBits(serial, parallel);
      expect(count).toBeGreaterThan(1000);
      expect(differing).toBe(0);
      expect(parallel.warnings).toEqual(serial.warnings);
    }, 120_000);
  }

  it('evaluates on this thread where the worker module cannot be loaded (the TypeScript sources), with the same result', async () => {
    const input = cases[1]!.input;
    const parallel = await source.inlaAsync({ ...input, control: { numThreads: 2 } });
    expect(parallel.timing.threads).toBe(1);
    expect(sameBits(source.inla(input), parallel).differing).toBe(0);
  }, 120_000);

  it('reports its progress on this thread, every design point once', async () => {
    const { inlaAsync } = await built();
    const events: number[] = [];
    const fit = await inlaAsync({ ...cases[1]!.input, control: { numThreads: 2 }, progress: (event: sourceMain.FitProgress) => event.stage === 'integration' && events.push(event.done) });
    expect(fit.timing.threads).toBe(2);
    expect(events).toEqual(Array.from({ length: fit.posterior.points.length }, (_, i) => i + 1));
  }, 120_000);

  it('refuses a numThreads that is not a positive integer, and inla() warns that it runs on one thread', async () => {
    const input = cases[1]!.input;
    await expect(source.inlaAsync({ ...input, control: { numThreads: 0 } })).rejects.toThrow(/numThreads must be a positive integer, got 0/);
    await expect(source.inlaAsync({ ...input, control: { numThreads: 1.5 } })).rejects.toThrow(source.InlaError);
    const fit = source.inla({ ...input, control: { numThreads: 2 } });
    expect(fit.warnings.filter((w) => w.code === 'ignored-option').map((w) => w.message)).toEqual([
      'control.numThreads = 2: inla() runs on this thread; inlaAsync() evaluates the design points on worker threads',
    ]);
  }, 120_000);
});
