import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFigures } from '../src/figures.js';
import { effectLabels } from '../src/labels.js';
import { stars, writeReport } from '../src/report.js';
import { FIGURE_IDS, loadResults, TABLE_IDS } from './fixture.js';
import { byId, count, legendTexts, markGroup, pageText, tableCells, texts } from './html.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('election figures and report', () => {
  const results = loadResults();
  let dir = '';
  let paths: string[] = [];
  let html = '';
  const svgOf = (id: string): string => readFileSync(join(dir, 'figures', `${id}.svg`), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hlm-election-report-'));
    paths = await writeFigures(join(dir, 'figures'), results);
    html = readFileSync(writeReport(dir, results), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every figure as SVG and PNG', () => {
    expect(paths.map((p) => basename(p))).toEqual(FIGURE_IDS.flatMap((id) => [`${id}.svg`, `${id}.png`]));
    for (const p of paths) {
      expect(existsSync(p), p).toBe(true);
      const bytes = readFileSync(p);
      if (p.endsWith('.png')) expect(Array.from(bytes.subarray(0, 8)), p).toEqual(PNG_MAGIC);
      else expect(bytes.toString('utf8'), p).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
    }
  });

  it('draws the tutorial figures with the expected marks and labels', () => {
    const coefficients = svgOf('election_coefficients');
    expect(count(markGroup(coefficients, 'estimate'), 'circle')).toBe(8);
    expect(count(markGroup(coefficients, 'interval'), 'line')).toBe(8);
    expect(texts(coefficients)).toEqual(expect.arrayContaining(['1988 Election: Demographic Effects on Bush Vote', 'Coefficient (log-odds scale)', 'Age 65+', 'College Grad']));
    const odds = svgOf('election_odds_ratios');
    expect(texts(odds)).toEqual(expect.arrayContaining(['1988 Election: Odds Ratios for Bush Vote', 'Odds Ratio (vs reference category)', '0.5', '1', '2']));
    const states = svgOf('election_state_effects');
    expect(count(markGroup(states, 'estimate'), 'circle')).toBe(50);
    expect(texts(states)).toEqual(expect.arrayContaining(['State (ordered by effect)', 'State Random Effect (log-odds)']));
    const histogram = svgOf('election_state_variance');
    expect(count(markGroup(histogram, 'bar'), 'rect')).toBe(15);
    expect(legendTexts(histogram)).toEqual(['Posterior means', 'Zero (no state effect)', 'Fitted N(0, 0.44)']);
    expect(texts(histogram)).toEqual(expect.arrayContaining(['State Random Effect', 'Density']));
    for (const id of ['election_precision', 'election_state_sd']) {
      expect(count(markGroup(svgOf(id), 'mean'), 'line'), id).toBe(1);
      expect(count(markGroup(svgOf(id), 'interval'), 'line'), id).toBe(2);
    }
  });

  it('inlines every figure and every table in one self-contained page', () => {
    for (const id of FIGURE_IDS) {
      const figure = byId(html, 'figure', id);
      expect(figure, id).toBeDefined();
      expect(count(figure!, 'svg'), id).toBe(1);
      expect(figure, id).toMatch(/<figcaption>[^<]+<\/figcaption>/);
    }
    for (const id of TABLE_IDS) expect(byId(html, 'table', id), id).toBeDefined();
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('tabulates the data, fixed effects, odds ratios, states, hyperparameters and criteria', () => {
    expect(tableCells(html, 'data-summary')).toContainEqual(['Respondents (rows)', '6003']);
    expect(tableCells(html, 'data-summary')).toContainEqual(['Share voting Bush', '53.7%']);
    const fixed = tableCells(html, 'fixed-effects');
    expect(fixed).toHaveLength(9);
    expect(fixed[2]!.slice(0, 3)).toEqual(['Black', 'black', '-1.402']);
    const odds = tableCells(html, 'odds-ratios');
    expect(odds).toHaveLength(8);
    expect(odds.find((r) => r[0] === 'Black')).toEqual(['Black', 'Non-Black', '0.246', '0.204', '0.296', '***']);
    expect(odds.find((r) => r[0] === 'Age 45-64')?.[5]).toBe('');
    expect(odds.find((r) => r[0] === 'Some College')?.slice(1, 3)).toEqual(['No HS diploma', '1.714']);
    expect(tableCells(html, 'state-effects')).toHaveLength(50);
    const hyper = tableCells(html, 'hyperparameters');
    expect(hyper.map((r) => r[0])).toEqual(['Precision τ (state)', 'Variance σ² = 1/τ', 'SD σ = 1/√τ']);
    expect(hyper[0]![1]).toBe('5.110');
    // SD quantiles are exact transforms of the precision quantiles: 1/sqrt(7.889) = 0.356.
    expect(hyper[2]![3]).toBe('0.356');
    const criteria = tableCells(html, 'model-criteria');
    expect(criteria.find((r) => r[0] === 'DIC')?.[1]).toBe('7763.589');
    expect(criteria.find((r) => r[0] === 'WAIC')?.[1]).toBe('7763.669');
    expect(criteria.find((r) => r[0] === 'log marginal likelihood (integration)')?.[1]).toBe('-3958.353');
  });

  it('explains how to read odds ratios, baselines and shrinkage', () => {
    const text = pageText(html);
    for (const phrase of ['p/(1-p)', 'OR = exp(coefficient)', 'Male', 'Non-Black', 'Age 18-29', 'No HS diploma', 'excludes 1', 'shrunk', 'partially pooled']) {
      expect(text, phrase).toContain(phrase);
    }
  });

  it('marks criteria the fit did not compute', () => {
    const bare = { ...results, dic: null, waic: null, mlik: null, cpo: null };
    const criteria = tableCells(readFileSync(writeReport(join(dir, 'bare'), bare), 'utf8'), 'model-criteria');
    const value = (name: string): string | undefined => criteria.find((r) => r[0] === name)?.[1];
    expect(value('DIC')).toBe('not computed');
    expect(value('WAIC')).toBe('not computed');
    expect(value('Sum of log CPO')).toBe('not computed');
    expect(value('Fit time (ms)')).toBe(String(results.timing.fit_ms));
  });
});

describe('stars and baselines', () => {
  const row = (mean: number, sd: number) => ({ mean, sd, '0.025quant': mean - 1.96 * sd, '0.5quant': mean, '0.975quant': mean + 1.96 * sd, mode: mean });
  it('gives one to three stars by how far the interval is from 0', () => {
    expect([stars(row(1, 1)), stars(row(2.2, 1)), stars(row(-3, 1)), stars(row(4, 1))]).toEqual(['', '*', '**', '***']);
  });
  it('names each effect and its baseline by the level the design gives it, not by the dummy name', () => {
    const terms = [
      { name: 'female', term: 'female' },
      { name: 'black', term: 'black' },
      { name: 'age_cat3', term: 'age_cat', level: '3' },
      { name: 'age_cat4', term: 'age_cat', level: '4' },
      { name: 'age_cat2', term: 'age_cat', level: '2' },
      { name: 'edu_cat4', term: 'edu_cat', level: '4' },
      { name: 'edu_cat1', term: 'edu_cat', level: '1' },
      { name: 'edu_cat3', term: 'edu_cat', level: '3' },
    ];
    const { labels, baselines } = effectLabels(terms);
    expect(['female', 'black', 'age_cat3', 'edu_cat4'].map((n) => baselines[n])).toEqual(['Male', 'Non-Black', 'Age 18-29', 'HS Graduate']);
    expect(['age_cat3', 'edu_cat1', 'edu_cat4'].map((n) => labels[n])).toEqual(['Age 45-64', 'No HS diploma', 'College Grad']);
  });
});
