import { describe, expect, it } from 'vitest';
import { assertClose } from '@hlm/test-utils';
import { coefficientPlot, COLORS, logTicks, oddsRatioPlot, type SummaryRow } from '../src/index.js';
import { fixture, LABELS, linearPos, num, parseSvg, ticks, titles } from './helpers.js';

/** A summary row with a symmetric interval mean ± half. */
function row(name: string, mean: number, half: number): SummaryRow & { name: string } {
  return { name, mean, sd: half / 1.96, '0.025quant': mean - half, '0.5quant': mean, '0.975quant': mean + half, mode: mean };
}

// Significant: a (above 0), b (below 0), g; not significant: c, d, e, f, h (intervals straddle 0).
const ROWS = [
  row('(Intercept)', 2, 0.1),
  row('a', 0.8, 0.3),
  row('b', -1.2, 0.4),
  row('c', 0.1, 0.5),
  row('d', -0.2, 0.3),
  row('e', 0.3, 0.35),
  row('f', -0.05, 0.2),
  row('g', 0.5, 0.1),
  row('h', 0, 0.6),
];
const SIGNIFICANT = new Set(['a', 'b', 'g']);

describe('coefficientPlot', () => {
  const svg = coefficientPlot(ROWS, { title: 'Effects' });
  const root = parseSvg(svg);

  it('is a standalone SVG document with a size and no ids or <figure>', () => {
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(num(root, 'width')).toBe(720);
    expect(num(root, 'height')).toBeGreaterThan(300);
    expect(svg).not.toContain('<figure');
    expect(svg).not.toContain(' id=');
    expect(root.querySelectorAll('svg')).toHaveLength(0);
  });

  it('draws one dot and one interval line per non-intercept row', () => {
    expect(root.querySelectorAll('g.estimate circle')).toHaveLength(8);
    expect(root.querySelectorAll('g.interval line')).toHaveLength(8);
    expect(titles(root, 'g.estimate circle').some((t) => t.startsWith('(Intercept)'))).toBe(false);
  });

  it('colours a row green exactly when its interval excludes 0', () => {
    for (const dot of root.querySelectorAll('g.estimate circle')) {
      const name = dot.querySelector('title')!.textContent!.split(':')[0]!;
      expect(dot.getAttribute('fill'), name).toBe(SIGNIFICANT.has(name) ? COLORS.significant : COLORS.neutral);
    }
    const strokes = Array.from(root.querySelectorAll('g.interval line')).map((l) => l.getAttribute('stroke'));
    expect(strokes.filter((s) => s === COLORS.significant)).toHaveLength(3);
    expect(strokes.filter((s) => s === COLORS.neutral)).toHaveLength(5);
  });

  it('places each dot at its mean and each line over its interval, largest mean at the top', () => {
    const x = ticks(root, 'x');
    const dots = Array.from(root.querySelectorAll('g.estimate circle'));
    const lines = Array.from(root.querySelectorAll('g.interval line'));
    const byY = [...dots].sort((p, q) => num(p, 'cy') - num(q, 'cy'));
    const order = byY.map((d) => d.querySelector('title')!.textContent!.split(':')[0]);
    expect(order).toEqual(['a', 'g', 'e', 'c', 'h', 'f', 'd', 'b']);
    for (const [i, dot] of dots.entries()) {
      const r = ROWS.find((q) => q.name === dot.querySelector('title')!.textContent!.split(':')[0])!;
      assertClose(num(dot, 'cx'), linearPos(x, r.mean), { abs: 0.6 }, `cx of ${r.name}`);
      assertClose(num(lines[i]!, 'x1'), linearPos(x, r['0.025quant']), { abs: 0.6 }, `x1 of ${r.name}`);
      assertClose(num(lines[i]!, 'x2'), linearPos(x, r['0.975quant']), { abs: 0.6 }, `x2 of ${r.name}`);
      expect(num(lines[i]!, 'y1')).toBe(num(dot, 'cy'));
    }
  });

  it('draws a dashed red rule at 0, the axis label, the title and the legend', () => {
    const rule = root.querySelector('g.reference');
    expect(rule?.getAttribute('stroke')).toBe(COLORS.reference);
    expect(rule?.getAttribute('stroke-dasharray')).toMatch(/^\d+,\d+$/);
    assertClose(num(rule!.querySelector('line')!, 'x1'), linearPos(ticks(root, 'x'), 0), { abs: 0.6 }, 'rule x');
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('Coefficient (log-odds scale)');
    expect(root.querySelector('text.title')?.textContent).toBe('Effects');
    expect(Array.from(root.querySelectorAll('.legend text')).map((t) => t.textContent)).toEqual(['Significant', 'Not significant']);
  });

  it('uses the readable labels as y tick labels and honours exclude', () => {
    const svg2 = coefficientPlot(fixture.summary_fixed, { labels: LABELS, exclude: ['(Intercept)', 'black'] });
    const labels = Array.from(parseSvg(svg2).querySelectorAll('g[aria-label="y-axis tick label"] text')).map((t) => t.textContent);
    expect(labels.sort()).toEqual(Object.values(LABELS).filter((l) => l !== 'Black').sort());
  });

  it('marks female, black, age 30-44 and some college significant in the election fit', () => {
    const r = parseSvg(coefficientPlot(fixture.summary_fixed, { labels: LABELS }));
    const green = Array.from(r.querySelectorAll('g.estimate circle'))
      .filter((d) => d.getAttribute('fill') === COLORS.significant)
      .map((d) => d.querySelector('title')!.textContent!.split(':')[0])
      .sort();
    expect(green).toEqual(['Age 30-44', 'Black', 'Female', 'Some College']);
    expect(r.querySelectorAll('g.estimate circle')).toHaveLength(8);
  });

  it('gives the same bytes for the same input', () => {
    expect(coefficientPlot(ROWS, { title: 'Effects' })).toBe(svg);
  });
});

describe('oddsRatioPlot', () => {
  const root = parseSvg(oddsRatioPlot(fixture.summary_fixed, { labels: LABELS }));

  it('uses a log x axis: ticks 0.5, 1, 2 are equally spaced', () => {
    const tk = ticks(root, 'x');
    const pos = (v: number): number => tk.find((t) => t.value === v)!.pos;
    expect(tk.map((t) => t.value)).toEqual(expect.arrayContaining([0.5, 1, 2]));
    assertClose(pos(2) - pos(1), pos(1) - pos(0.5), { abs: 0.6 }, 'octave width');
  });

  it('places the dots at exp(mean), linearly in log(odds ratio)', () => {
    const tk = ticks(root, 'x');
    const a = tk[0]!;
    const b = tk[tk.length - 1]!;
    const pos = (v: number): number => a.pos + ((Math.log(v) - Math.log(a.value)) * (b.pos - a.pos)) / (Math.log(b.value) - Math.log(a.value));
    for (const dot of root.querySelectorAll('g.estimate circle')) {
      const label = dot.querySelector('title')!.textContent!.split(':')[0];
      const name = Object.keys(LABELS).find((k) => LABELS[k] === label)!;
      const r = fixture.summary_fixed.find((q) => q.name === name)!;
      assertClose(num(dot, 'cx'), pos(Math.exp(r.mean)), { abs: 0.6 }, `cx of ${name}`);
    }
  });

  it('draws the dashed red rule at 1 and the odds-ratio axis label', () => {
    const one = ticks(root, 'x').find((t) => t.value === 1)!;
    const rule = root.querySelector('g.reference');
    expect(rule?.getAttribute('stroke-dasharray')).toBeTruthy();
    assertClose(num(rule!.querySelector('line')!, 'x1'), one.pos, { abs: 0.6 }, 'rule at 1');
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('Odds Ratio (vs reference category)');
    expect(root.querySelectorAll('g.estimate circle')).toHaveLength(8);
  });
});

describe('logTicks', () => {
  it('gives 1-2-5 ticks, or finer ones over a narrow range', () => {
    expect(logTicks(0.01, 100)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(0.18, 2.3)).toEqual([0.2, 0.3, 0.5, 0.7, 1, 1.5, 2]);
    expect(logTicks(0.8, 1.9)).toEqual([1, 1.5]);
    expect(logTicks(0.6, 2.5)).toEqual([0.7, 1, 1.5, 2]);
  });
});
