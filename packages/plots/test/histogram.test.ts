import { describe, expect, it } from 'vitest';
import { assertClose } from '@hlm/test-utils';
import { COLORS, densityHistogram, randomEffectHistogram } from '../src/index.js';
import { fixture, linearPos, num, parseSvg, pixelsPerUnit, ticks } from './helpers.js';

describe('densityHistogram', () => {
  it('bins over [min, max] with the maximum in the last bin and unit area', () => {
    const values = [0, 0.1, 0.2, 0.2, 0.5, 0.9, 1];
    const bins = densityHistogram(values, 5);
    expect(bins.map((b) => b.count)).toEqual([2, 2, 1, 0, 2]);
    assertClose(bins[0]!.x0, 0, { abs: 1e-15 }, 'x0');
    assertClose(bins[4]!.x1, 1, { abs: 1e-15 }, 'x1');
    const area = bins.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0);
    assertClose(area, 1, { abs: 1e-12 }, 'area');
  });

  it('rejects empty input and bad bin counts', () => {
    expect(() => densityHistogram([], 3)).toThrow();
    expect(() => densityHistogram([1, 2], 0)).toThrow();
  });
});

describe('randomEffectHistogram', () => {
  const precision = fixture.summary_hyperpar[0]!.mean;
  const root = parseSvg(
    randomEffectHistogram(fixture.summary_random, {
      precision,
      xLabel: 'State Random Effect',
      zeroLabel: 'Zero (no state effect)',
    }),
  );

  it('draws 15 blue bars with white edges whose areas sum to 1', () => {
    const bars = root.querySelector('g.bar')!;
    expect(bars.getAttribute('fill')).toBe(COLORS.effect);
    expect(bars.getAttribute('stroke')).toBe('white');
    const rects = Array.from(bars.querySelectorAll('rect'));
    expect(rects).toHaveLength(15);
    const px = pixelsPerUnit(ticks(root, 'x'));
    const py = pixelsPerUnit(ticks(root, 'y'));
    const area = rects.reduce((s, r) => s + (num(r, 'width') / px) * (num(r, 'height') / py), 0);
    assertClose(area, 1, { abs: 0.01 }, 'histogram area');
  });

  it('draws the fitted normal density N(0, 1/sqrt(precision)) as a black line', () => {
    const sd = 1 / Math.sqrt(precision);
    const path = root.querySelector('g.normal path')!;
    expect(root.querySelector('g.normal')?.getAttribute('stroke')).toBe('black');
    const points = (path.getAttribute('d') ?? '').slice(1).split('L').map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(201);
    const x = ticks(root, 'x');
    const y = ticks(root, 'y');
    const zero = linearPos(x, 0);
    const peak = points.reduce((best, p) => (p[1]! < best[1]! ? p : best));
    assertClose(peak[0]!, zero, { abs: 4 }, 'peak position');
    assertClose(linearPos(y, 0) - peak[1]!, (1 / (sd * Math.sqrt(2 * Math.PI))) * pixelsPerUnit(y), { abs: 1 }, 'peak height');
    expect(Array.from(root.querySelectorAll('.legend text')).map((t) => t.textContent)).toContain('Fitted N(0, 0.44)');
  });

  it('draws a dashed red rule at 0 labelled in the legend, and the axis labels', () => {
    const rule = root.querySelector('g.reference');
    expect(rule?.getAttribute('stroke')).toBe(COLORS.reference);
    expect(rule?.getAttribute('stroke-dasharray')).toBeTruthy();
    assertClose(num(rule!.querySelector('line')!, 'x1'), linearPos(ticks(root, 'x'), 0), { abs: 0.6 }, 'rule x');
    expect(Array.from(root.querySelectorAll('.legend text')).map((t) => t.textContent)).toContain('Zero (no state effect)');
    expect(root.querySelector('g[aria-label="x-axis label"] text')?.textContent).toBe('State Random Effect');
    expect(root.querySelector('g[aria-label="y-axis label"] text')?.textContent).toBe('Density');
  });

  it('honours bins and rejects a non-positive precision', () => {
    const r = parseSvg(randomEffectHistogram(fixture.summary_random, { precision, bins: 8 }));
    expect(r.querySelectorAll('g.bar rect')).toHaveLength(8);
    expect(() => randomEffectHistogram(fixture.summary_random, { precision: 0 })).toThrow();
  });
});

describe('figure frame', () => {
  it('wraps a long title into lines and a wide legend into rows', () => {
    const narrow = parseSvg(
      randomEffectHistogram(fixture.summary_random, {
        precision: 5,
        width: 380,
        title: 'A rather long title that cannot fit into a narrow figure at sixteen pixels',
        zeroLabel: 'Zero (no state effect)',
      }),
    );
    const rows = new Set(
      Array.from(narrow.querySelectorAll('.legend-item')).map((g) => /translate\([-\d.]+,([-\d.]+)\)/.exec(g.getAttribute('transform')!)![1]),
    );
    expect(rows.size).toBeGreaterThan(1);
    const title = narrow.querySelector('text.title')!;
    const lines = title.querySelectorAll('tspan').length;
    expect(lines).toBeGreaterThan(1);
    expect(title.textContent).toBe('A rather long title that cannot fit into a narrow figure at sixteen pixels');
    const chartTop = Number(/translate\(0,([\d.]+)\)/.exec(narrow.querySelector('g.chart')!.getAttribute('transform')!)![1]);
    expect(chartTop).toBeGreaterThanOrEqual(8 + 30 + 20 * (lines - 1) + 22 * rows.size);
    expect(num(narrow, 'height')).toBe(chartTop + 400);
  });
});
