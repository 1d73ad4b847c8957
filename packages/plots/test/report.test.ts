import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { coefficientPlot, escapeHtml, formatCell, htmlReport } from '../src/index.js';
import { fixture, LABELS } from './helpers.js';

describe('htmlReport', () => {
  const html = htmlReport({
    title: 'Election <1988>',
    sections: [
      { heading: 'Intro', paragraphs: ['Odds = p/(1-p) & more', 'second'] },
      {
        heading: 'Fixed effects',
        table: { id: 'fixed', caption: 'Posterior', columns: ['name', 'mean'], rows: [['female', -0.16925], ['n', 6003]] },
        figure: { id: 'coefficients', caption: 'Forest plot', svg: coefficientPlot(fixture.summary_fixed, { labels: LABELS }) },
      },
    ],
  });
  const doc = new JSDOM(html).window.document;

  it('is one HTML page with the sections, paragraphs, tables and inline SVG figures', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(doc.title).toBe('Election <1988>');
    expect(Array.from(doc.querySelectorAll('h2')).map((h) => h.textContent)).toEqual(['Intro', 'Fixed effects']);
    expect(Array.from(doc.querySelectorAll('p')).map((p) => p.textContent)).toEqual(['Odds = p/(1-p) & more', 'second']);
    const table = doc.querySelector('table#fixed')!;
    expect(table.querySelector('caption')?.textContent).toBe('Posterior');
    expect(Array.from(table.querySelectorAll('th')).map((t) => t.textContent)).toEqual(['name', 'mean']);
    expect(Array.from(table.querySelectorAll('td')).map((t) => t.textContent)).toEqual(['female', '-0.169', 'n', '6003']);
    expect(table.querySelectorAll('td.num')).toHaveLength(2);
    const figure = doc.querySelector('figure#coefficients')!;
    expect(figure.querySelectorAll('svg')).toHaveLength(1);
    expect(figure.querySelectorAll('svg g.estimate circle')).toHaveLength(8);
    expect(figure.querySelector('figcaption')?.textContent).toBe('Forest plot');
    expect(doc.querySelectorAll('nav a')).toHaveLength(2);
  });

  it('loads nothing from elsewhere', () => {
    expect(doc.querySelectorAll('script, link, img, iframe')).toHaveLength(0);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('@import');
  });

  it('escapes text and rejects a figure that is not SVG', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;');
    expect(() => htmlReport({ title: 't', sections: [{ heading: 'h', figure: { id: 'f', caption: 'c', svg: '<p>no</p>' } }] })).toThrow();
  });

  it('formats numbers for tables', () => {
    expect([formatCell(3), formatCell(-0.16925), formatCell(7763.58878), formatCell(0.000123456), formatCell(0), formatCell(NaN)]).toEqual([
      '3',
      '-0.169',
      '7763.589',
      '0.000123',
      '0',
      'NaN',
    ]);
  });
});
