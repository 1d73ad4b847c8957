import { describe, expect, it } from 'vitest';
import { assertClose } from '@hlm/test-utils';
import { caterpillarPlot, COLORS } from '../src/index.js';
import { fixture, linearPos, num, parseSvg, ticks } from './helpers.js';

describe('caterpillarPlot', () => {
  const rows = fixture.summary_random;
  const root = parseSvg(
    caterpillarPlot(rows, {
      title: 'State-Level Variation in Bush Support (Caterpillar Plot)',
      xLabel: 'State Random Effect (log-odds)',
      yLabel: 'State (ordered by effect)',
    }),
  );
  const dots = Array.from(root.querySelectorAll('g.estimate circle'));
  const idOf = (el: Element): string => el.querySelector('title')!.textContent!.split(':')[0]!;

  it('draws one dot and one interval per level', () => {
    expect(dots).toHaveLength(50);
    expect(root.querySelectorAll('g.interval line')).toHaveLength(50);
  });

  it('orders the levels by mean, largest at the top', () => {
    const fromTop = [...dots].sort((a, b) => num(a, 'cy') - num(b, 'cy')).map(idOf);
    const byMean = [...rows].sort((a, b) => b.mean - a.mean).map((r) => r.ID);
    expect(fromTop).toEqual(byMean);
    const x = ticks(root, 'x');
    for (const d of dots) {
      const r = rows.find((q) => q.ID === idOf(d))!;
      assertClose(num(d, 'cx'), linearPos(x, r.mean), { abs: 0.6 }, `cx of state ${r.ID}`);
    }
  });

  it('colours blue the levels whose interval excludes 0 and grey the others', () => {
    const excluding = rows.filter((r) => r['0.025quant'] > 0 || r['0.975quant'] < 0).map((r) => r.ID);
    expect(excluding.length).toBeGreaterThan(5);
    const blue = dots.filter((d) => d.getAttribute('fill') === COLORS.effect).map(idOf);
    const grey = dots.filter((d) => d.getAttribute('fill') === COLORS.neutral);
    expect(blue.sort()).toEqual(excluding.sort());
    expect(grey).toHaveLength(50 - excluding.length);
    const lines = Array.from(root.querySelectorAll('g.interval line'));
    expect(lines.filter((l) => l.getAttribute('stroke') === COLORS.effect)).toHaveLength(excluding.length);
  });

  it('has the axis labels, no y tick labels, and a dashed rule at 0', () => {
    expect(root.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe('State (ordered by effect)');
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('State Random Effect (log-odds)');
    expect(root.querySelectorAll('g[aria-label="y-axis tick label"] text')).toHaveLength(0);
    const rule = root.querySelector('g.reference');
    expect(rule?.getAttribute('stroke-dasharray')).toBeTruthy();
    assertClose(num(rule!.querySelector('line')!, 'x1'), linearPos(ticks(root, 'x'), 0), { abs: 0.6 }, 'rule x');
  });
});
