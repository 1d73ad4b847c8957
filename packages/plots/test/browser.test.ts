// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import * as browser from '../src/browser.js';
import { coefficientPlot } from '../src/browser.js';

const row = (name: string, mean: number) => ({ name, mean, sd: 0.1, '0.025quant': mean - 0.2, '0.5quant': mean, '0.975quant': mean + 0.2, mode: mean });
const ROWS = [row('(Intercept)', 1), row('female', -0.2), row('black', -1.4), row('age_cat2', 0.1)];

// Under vitest's jsdom environment there is a global `document`, as on a page: figures must be drawn in it.
describe('@hlm/plots in a browser', () => {
  it("draws in the page's own document", () => {
    const createElementNS = vi.spyOn(document, 'createElementNS');
    const svg = coefficientPlot(ROWS, { title: 'Effects' });
    expect(createElementNS).toHaveBeenCalled();
    createElementNS.mockRestore();
    const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    expect(root.localName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.querySelectorAll('g.estimate circle')).toHaveLength(3);
  });

  it('leaves the PNG rasteriser (a native Node addon) out of the browser entry', () => {
    expect(Object.keys(browser)).not.toContain('svgToPng');
    expect(Object.keys(browser)).toContain('hyperparameterPlot');
  });
});
