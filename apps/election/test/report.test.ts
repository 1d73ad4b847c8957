import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { writeFigures } from '../src/figures.js';
import { baselineOf, stars, writeReport } from '../src/report.js';
import { FIGURE_IDS, loadResults, TABLE_IDS } from './fixture.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('election figures and report', () => {
  const results = loadResults();
  let dir = '';
  let paths: string[] = [];
  let doc: Document;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hlm-election-report-'));
    paths = await writeFigures(join(dir, 'figures'), results);
    const html = readFileSync(writeReport(dir, results), 'utf8');
    doc = new JSDOM(html).window.document;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every figure as SVG and PNG', () => {
    const expected = FIGURE_IDS.flatMap((id) => [`${id}.svg`, `${id}.png`]);
    expect(paths.map((p) => basename(p))).toEqual(expected);
    for (const p of paths) {
      expect(existsSync(p), p).toBe(true);
      const bytes = readFileSync(p);
      if (p.endsWith('.png')) expect(Array.from(bytes.subarray(0, 8)), p).toEqual(PNG_MAGIC);
      else {
        const svg = new JSDOM(bytes.toString('utf8'), { contentType: 'image/svg+xml' }).window.document.documentElement;
        expect(svg.localName, p).toBe('svg');
        expect(svg.querySelector('text.title')?.textContent, p).toBeTruthy();
      }
    }
  });

  it('draws the tutorial figures with the expected marks', () => {
    const svgOf = (id: string): Element =>
      new JSDOM(readFileSync(join(dir, 'figures', `${id}.svg`), 'utf8'), { contentType: 'image/svg+xml' }).window.document.documentElement;
    expect(svgOf('election_coefficients').querySelectorAll('g.estimate circle')).toHaveLength(8);
    expect(svgOf('election_odds_ratios').querySelector('text.title')?.textContent).toBe('1988 Election: Odds Ratios for Bush Vote');
    expect(svgOf('election_state_effects').querySelectorAll('g.estimate circle')).toHaveLength(50);
    expect(svgOf('election_state_variance').querySelectorAll('g.bar rect')).toHaveLength(15);
    expect(Array.from(svgOf('election_state_variance').querySelectorAll('.legend text')).map((t) => t.textContent)).toEqual([
      'Posterior means',
      'Zero (no state effect)',
      'Fitted N(0, 0.44)',
    ]);
    expect(svgOf('election_precision').querySelectorAll('g.mean line, g.interval line')).toHaveLength(3);
    expect(svgOf('election_state_sd').querySelectorAll('g.mean line, g.interval line')).toHaveLength(3);
  });

  it('inlines every figure and every table in the report', () => {
    for (const id of FIGURE_IDS) {
      const figure = doc.querySelector(`figure#${id}`);
      expect(figure, id).not.toBeNull();
      expect(figure!.querySelectorAll('svg'), id).toHaveLength(1);
      expect(figure!.querySelector('figcaption')?.textContent, id).toBeTruthy();
    }
    for (const id of TABLE_IDS) expect(doc.querySelector(`table#${id}`), id).not.toBeNull();
    expect(doc.querySelectorAll('script, link, img')).toHaveLength(0);
  });

  it('tabulates the data, fixed effects, odds ratios, states and hyperparameters', () => {
    const cells = (id: string): string[][] =>
      Array.from(doc.querySelectorAll(`table#${id} tbody tr`)).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''));
    expect(cells('data-summary')).toContainEqual(['Respondents (rows)', '6003']);
    expect(cells('data-summary')).toContainEqual(['Share voting Bush', '53.7%']);
    const fixed = cells('fixed-effects');
    expect(fixed).toHaveLength(9);
    expect(fixed[2].slice(0, 3)).toEqual(['Black', 'black', '-1.402']);
    const odds = cells('odds-ratios');
    expect(odds).toHaveLength(8);
    expect(odds.find((r) => r[0] === 'Black')).toEqual(['Black', 'Non-Black', '0.246', '0.204', '0.296', '***']);
    expect(odds.find((r) => r[0] === 'Age 45-64')?.[5]).toBe('');
    expect(odds.find((r) => r[0] === 'Some College')?.slice(1, 3)).toEqual(['No HS diploma', '1.714']);
    expect(cells('state-effects')).toHaveLength(50);
    const hyper = cells('hyperparameters');
    expect(hyper.map((r) => r[0])).toEqual(['Precision τ (state)', 'Variance σ² = 1/τ', 'SD σ = 1/√τ']);
    expect(hyper[0][1]).toBe('5.110');
    // SD quantiles are exact transforms of the precision quantiles: 1/sqrt(7.889) = 0.356.
    expect(hyper[2][3]).toBe('0.356');
    const criteria = cells('model-criteria');
    expect(criteria.find((r) => r[0] === 'DIC')?.[1]).toBe('7763.589');
    expect(criteria.find((r) => r[0] === 'WAIC')?.[1]).toBe('7763.669');
  });

  it('explains how to read odds ratios, baselines and shrinkage', () => {
    const text = doc.body.textContent ?? '';
    for (const phrase of ['p/(1-p)', 'OR = exp(coefficient)', 'Male', 'Non-Black', 'Age 18-29', 'No HS diploma', 'excludes 1', 'shrunk', 'partially pooled']) {
      expect(text, phrase).toContain(phrase);
    }
  });

  it('marks criteria the fit did not compute', () => {
    const bare = { ...results, dic: null, waic: null, mlik: null, cpo: null };
    const html = readFileSync(writeReport(join(dir, 'bare'), bare), 'utf8');
    const rows = Array.from(new JSDOM(html).window.document.querySelectorAll('table#model-criteria tbody tr'));
    const value = (name: string): string | undefined =>
      rows.find((r) => r.querySelector('td')?.textContent === name)?.querySelectorAll('td')[1].textContent ?? undefined;
    expect(value('DIC')).toBe('not computed');
    expect(value('Sum of log CPO')).toBe('not computed');
    expect(value('Fit time (ms)')).toBe(String(results.timing.fit_ms));
  });
});

describe('stars and baselines', () => {
  const row = (mean: number, sd: number) => ({ mean, sd, '0.025quant': mean - 1.96 * sd, '0.5quant': mean, '0.975quant': mean + 1.96 * sd, mode: mean });
  it('gives one to three stars by how far the interval is from 0', () => {
    expect([stars(row(1, 1)), stars(row(2.2, 1)), stars(row(-3, 1)), stars(row(4, 1))]).toEqual(['', '*', '**', '***']);
  });
  it('names the baseline category of each effect', () => {
    expect(['female', 'black', 'age_cat3', 'edu_cat4'].map(baselineOf)).toEqual(['Male', 'Non-Black', 'Age 18-29', 'No HS diploma']);
  });
});
