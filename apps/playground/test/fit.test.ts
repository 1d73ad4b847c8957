import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldError } from '../src/errors.js';
import { fitModel, readData } from '../src/fit.js';
import type { ModelOptions } from '../src/model.js';
import { decodeOptions, encodeOptions } from '../src/url-state.js';
import { inla } from '@hlm/inla';
import { parseGraph } from '@hlm/latent';

const read = (name: string): string => readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8');

const BESAG: ModelOptions = {
  formula: 'y ~ x + f(region, model = "besag", graph = "islands.graph")',
  family: 'binomial',
  columns: { Ntrials: 'Ntrials' },
  categorical: [],
  strategy: 'auto',
};

describe("the page's fit", () => {
  const data = readData({ name: 'besag_islands.csv', text: read('besag_islands.csv') }, []);

  it('gives an uploaded graph to a besag term, as inla does with the graph itself', () => {
    const graph = { name: 'besag_islands.graph', text: read('besag_islands.graph') };
    const results = fitModel(data, BESAG, { dataName: 'besag_islands.csv', graph });
    const direct = inla({
      model: { response: 'y', fixed: ['1', 'x'], random: [{ id: 'region', model: 'besag', graph: parseGraph(graph.text) }] },
      family: 'binomial',
      data: data.table,
      Ntrials: 'Ntrials',
    });
    expect(results.fixed.map((r) => r.mean)).toEqual(direct.summaryFixed.map((r) => r.mean));
    expect(results.hyperpar.map((r) => r.mean)).toEqual(direct.summaryHyperpar.map((r) => r.mean));
    expect(results.random.region).toHaveLength(60);
    expect(results.model).toMatchObject({ link: 'logit', graph: 'besag_islands.graph', columns: { Ntrials: 'Ntrials' } });
    expect(results.criteria?.dic?.dic).toBeTypeOf('number');
  });

  it('asks for the graph file beside the graph field when none was uploaded', () => {
    let error: unknown;
    try {
      fitModel(data, BESAG, { dataName: 'besag_islands.csv', graph: null });
    } catch (e) {
      error = e;
    }
    expect(fieldError(error, BESAG)).toMatchObject({ field: 'graph', message: expect.stringContaining("upload the graph file 'islands.graph'") });
  });

  it('ties errors to their fields', () => {
    const at = (options: Partial<ModelOptions>) => {
      const full = { ...BESAG, ...options };
      try {
        fitModel(data, full, { dataName: 'besag_islands.csv', graph: { name: 'g', text: read('besag_islands.graph') } });
      } catch (e) {
        return fieldError(e, full);
      }
      throw new Error('expected the fit to fail');
    };
    expect(at({ family: 'binomal' })).toMatchObject({ field: 'family', code: 'unknown-family' });
    expect(at({ columns: { Ntrials: 'trials' } })).toMatchObject({ field: 'Ntrials', code: 'unknown-column' });
    expect(at({ formula: 'y ~ x + z' })).toMatchObject({ field: 'formula', code: 'unknown-column', position: 8, length: 1 });
    expect(at({ formula: 'y ~ x + f(region, model = "besag"' })).toMatchObject({ field: 'formula', code: 'invalid-formula', position: 33 });
    expect(at({ formula: 'y ~ x + f(region, model = "nope")' })).toMatchObject({ field: 'formula' });
  });
});

describe('the URL fragment', () => {
  it('round-trips the model and its options, family columns included', () => {
    const options: ModelOptions = { ...BESAG, family: 'poisson', columns: { E: 'expected' }, categorical: ['a', 'b'], strategy: 'laplace' };
    expect(decodeOptions(`#${encodeOptions(options)}`)).toEqual(options);
  });
  it("is the tutorial's model when it has none", () => {
    expect(decodeOptions('')).toMatchObject({ formula: 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")', columns: { Ntrials: 'Ntrials' } });
  });
});
