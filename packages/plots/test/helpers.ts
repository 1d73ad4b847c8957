import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import type { SummaryRow } from '../src/index.js';

/** The R-INLA election fit extract (see fixtures/election_summary.json `source`). */
export interface ElectionFixture {
  summary_fixed: (SummaryRow & { name: string })[];
  summary_random: (SummaryRow & { ID: string })[];
  summary_hyperpar: (SummaryRow & { name: string })[];
  marginals_hyperpar: Record<string, { x: number[]; y: number[] }>;
}

export const fixture: ElectionFixture = JSON.parse(
  readFileSync(new URL('./fixtures/election_summary.json', import.meta.url), 'utf8'),
) as ElectionFixture;

export const LABELS: Record<string, string> = {
  female: 'Female',
  black: 'Black',
  age_cat2: 'Age 30-44',
  age_cat3: 'Age 45-64',
  age_cat4: 'Age 65+',
  edu_cat2: 'HS Graduate',
  edu_cat3: 'Some College',
  edu_cat4: 'College Grad',
};

/** Parses an SVG string as XML (throws on malformed markup) and returns its root element. */
export function parseSvg(svg: string): SVGSVGElement {
  const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
  const root = doc.documentElement;
  if (root.localName !== 'svg' || root.namespaceURI !== 'http://www.w3.org/2000/svg') throw new Error('not an SVG document');
  return root as unknown as SVGSVGElement;
}

/** Numeric attribute of an element. */
export function num(el: Element, name: string): number {
  const v = el.getAttribute(name);
  if (v === null) throw new Error(`<${el.localName}> has no ${name}`);
  return Number(v);
}

/** A tick's value (parsed from its label) and its pixel position along the axis. */
export interface Tick {
  value: number;
  pos: number;
}

/** The labelled ticks of the x or y axis, read from Plot's tick label transforms. */
export function ticks(root: Element, axis: 'x' | 'y'): Tick[] {
  return Array.from(root.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)).map((t) => {
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '');
    if (!m) throw new Error('tick label without translate()');
    return { value: Number(t.textContent!.replace('\u2212', '-')), pos: Number(axis === 'x' ? m[1] : m[2]) };
  });
}

/** Pixel position of `value` on a linear axis, interpolated from its first and last ticks. */
export function linearPos(tk: Tick[], value: number): number {
  const a = tk[0]!;
  const b = tk[tk.length - 1]!;
  return a.pos + ((value - a.value) * (b.pos - a.pos)) / (b.value - a.value);
}

/** Pixels per data unit of a linear axis. */
export function pixelsPerUnit(tk: Tick[]): number {
  const a = tk[0]!;
  const b = tk[tk.length - 1]!;
  return Math.abs((b.pos - a.pos) / (b.value - a.value));
}

/** Text of each <title> of the elements matching `selector`, in document order. */
export function titles(root: Element, selector: string): string[] {
  return Array.from(root.querySelectorAll(selector)).map((el) => el.querySelector('title')?.textContent ?? '');
}

/** A decoded 8-bit RGBA PNG. */
export interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes a non-interlaced 8-bit RGBA PNG (what resvg writes). */
export function decodePng(bytes: Uint8Array): Image {
  const buf = Buffer.from(bytes);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('expected 8-bit RGBA, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= 4 ? rgba[(y - 1) * stride + i - 4]! : 0;
      let v = line[i]!;
      if (filter === 1) v += left;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rgba[y * stride + i] = v & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Number of opaque pixels darker than `threshold` (0-255 luminance) inside the rectangle (default: all). */
export function darkPixels(img: Image, threshold = 96, box = { x0: 0, y0: 0, x1: img.width, y1: img.height }): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * img.width + x) * 4;
      const lum = 0.299 * img.rgba[i]! + 0.587 * img.rgba[i + 1]! + 0.114 * img.rgba[i + 2]!;
      if (img.rgba[i + 3]! > 128 && lum < threshold) n++;
    }
  }
  return n;
}
