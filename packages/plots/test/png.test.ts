import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { coefficientPlot, svgToPng } from '../src/index.js';
import { darkPixels, decodePng, fixture, LABELS } from './helpers.js';

const TEXT_ONLY = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="white"/><text x="10" y="42" font-size="32" font-family="sans-serif">Hlm 1988</text></svg>';
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('svgToPng', () => {
  it('writes a PNG twice as wide as the SVG by default, or at the width asked for', () => {
    const png = svgToPng(TEXT_ONLY);
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_MAGIC);
    expect(decodePng(png).width).toBe(480);
    const small = decodePng(svgToPng(TEXT_ONLY, { width: 120 }));
    expect([small.width, small.height]).toEqual([120, 30]);
  });

  it('renders text with the bundled font, with no system fonts loaded', () => {
    const img = decodePng(svgToPng(TEXT_ONLY));
    // Eight glyphs at 64 px: thousands of dark pixels.
    expect(darkPixels(img)).toBeGreaterThan(2000);
  });

  it('would render no text at all without a font (so the check above is meaningful)', () => {
    const bare = new Resvg(TEXT_ONLY, { font: { loadSystemFonts: false } }).render().asPng();
    expect(darkPixels(decodePng(bare))).toBe(0);
  });

  it('rasterises a figure with its title and axis text', () => {
    const svg = coefficientPlot(fixture.summary_fixed, { labels: LABELS, title: '1988 Election: Demographic Effects on Bush Vote' });
    const img = decodePng(svgToPng(svg));
    expect(img.width).toBe(1440);
    // Title band (top 40 SVG px): dark text pixels from the bold title.
    expect(darkPixels(img, 96, { x0: 0, y0: 0, x1: img.width, y1: 80 })).toBeGreaterThan(3000);
    // Left margin: the y tick labels.
    expect(darkPixels(img, 96, { x0: 0, y0: 160, x1: 200, y1: img.height - 120 })).toBeGreaterThan(2000);
  });

  it('honours a background colour', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    const img = decodePng(svgToPng(svg, { background: 'black' }));
    expect(darkPixels(img)).toBe(400);
  });
});
