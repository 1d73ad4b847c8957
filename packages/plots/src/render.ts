import * as Plot from '@observablehq/plot';
import { PlotError } from './errors.js';
import type { SummaryRow } from './types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The colours the figures share. */
export const COLORS = {
  /** Fixed effect whose 95% interval excludes the null value. */
  significant: '#059669',
  /** Interval that includes the null value. */
  neutral: '#94a3b8',
  /** Dashed reference line at the null value. */
  reference: '#e11d48',
  /** Random-effect level whose interval excludes zero, histogram bars, densities. */
  effect: '#3b82f6',
  /** Text and curves. */
  ink: '#111827',
} as const;

/** Dash pattern of reference lines. */
export const DASH = '6,4';

/** Font size of axis text, in SVG pixels. */
export const FONT_SIZE = 12;

/** One entry of a figure legend. */
export interface LegendItem {
  label: string;
  color: string;
  /** `dot`: filled circle; `line`/`dashed`: a stroke; `bar`: a filled square. */
  swatch: 'dot' | 'line' | 'dashed' | 'bar';
}

/** What {@link renderFigure} draws around the Plot chart. */
export interface Frame {
  title?: string;
  legend?: LegendItem[];
}

/** Plot options without the ones {@link renderFigure} manages (document, title, caption, legends). */
export type ChartOptions = Omit<Plot.PlotOptions, 'document' | 'title' | 'subtitle' | 'caption' | 'figure'> & {
  width: number;
  height: number;
};

/** What a figure is drawn into: a document, and the serialiser that turns the drawing into SVG text. */
interface FigureWindow {
  document: Document;
  XMLSerializer: { new (): { serializeToString(node: Node): string } };
}

let jsdomWindow: FigureWindow | undefined;

/**
 * The window figures are drawn in: the page's own in a browser; in Node, a shared jsdom window created on
 * first use. jsdom is loaded through `process.getBuiltinModule` rather than imported, so it never reaches a
 * browser bundle, and importing @hlm/plots stays fast for programs that draw nothing (jsdom takes a second).
 */
function figureWindow(): FigureWindow {
  const page = globalThis as { document?: Document; XMLSerializer?: FigureWindow['XMLSerializer'] };
  if (page.document && page.XMLSerializer) return { document: page.document, XMLSerializer: page.XMLSerializer };
  if (!jsdomWindow) {
    const nodeModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as
      | typeof import('node:module')
      | undefined;
    if (!nodeModule) throw new PlotError("drawing a figure needs a DOM: a page's document in a browser, or jsdom in Node.js ≥ 20.16", {}, 'no-document');
    const { JSDOM } = nodeModule.createRequire(import.meta.url)('jsdom') as typeof import('jsdom');
    jsdomWindow = new JSDOM('').window as unknown as FigureWindow;
  }
  return jsdomWindow;
}

/** Rough width of `text` in DejaVu Sans at `size` px; errs on the wide side so layouts leave room. */
export function textWidth(text: string, size: number = FONT_SIZE): number {
  return text.length * size * 0.62;
}

/** Left margin that fits the longest of `labels` as y tick labels. */
export function marginFor(labels: readonly string[]): number {
  return Math.ceil(Math.max(40, ...labels.map((l) => textWidth(l))) + 20);
}

/** True when the 95% interval of `row` lies wholly above or below `value`. */
export function excludes(row: SummaryRow, value: number): boolean {
  return row['0.025quant'] > value || row['0.975quant'] < value;
}

/** An SVG element with the given attributes. */
function element(doc: Document, name: string, attrs: Record<string, string | number>): Element {
  const el = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const LEGEND_ROW = 22;
const TITLE_SIZE = 16;
const TITLE_LINE = 20;

/** Splits `text` at spaces into lines whose estimated width at `size` px stays within `width`. */
function wrapText(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(`${lines[last]} ${word}`, size) <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The legend as a group of swatch + label entries, wrapped into rows no wider than `width`. */
function legendGroup(doc: Document, items: LegendItem[], width: number): { group: Element; rows: number } {
  const g = element(doc, 'g', { class: 'legend', 'font-size': FONT_SIZE });
  let cx = 0;
  let row = 0;
  for (const item of items) {
    const itemWidth = 24 + textWidth(item.label);
    if (cx > 0 && cx + itemWidth > width) {
      cx = 0;
      row++;
    }
    const entry = element(doc, 'g', { class: 'legend-item', transform: `translate(${cx},${row * LEGEND_ROW})` });
    if (item.swatch === 'dot') {
      entry.append(element(doc, 'circle', { cx: 8, cy: 0, r: 5, fill: item.color }));
    } else if (item.swatch === 'bar') {
      entry.append(element(doc, 'rect', { x: 2, y: -6, width: 12, height: 12, fill: item.color }));
    } else {
      const line = element(doc, 'line', { x1: 0, x2: 18, y1: 0, y2: 0, stroke: item.color, 'stroke-width': 2 });
      if (item.swatch === 'dashed') line.setAttribute('stroke-dasharray', DASH);
      entry.append(line);
    }
    const label = element(doc, 'text', { x: 24, y: 0, dy: '0.35em', fill: COLORS.ink });
    label.textContent = item.label;
    entry.append(label);
    g.append(entry);
    cx += itemWidth + 18;
  }
  return { group: g, rows: row + 1 };
}

/**
 * Renders a Plot chart (in the page's DOM in a browser, in jsdom in Node) and frames it as one standalone SVG document: a white background,
 * the title (wrapped into lines) and legend (wrapped into rows) drawn as SVG above the chart, and the chart's marks. Plot's own <figure>
 * wrapper is never used, so the result opens in a browser and rasterises with resvg. The output has
 * no generated ids, so the same input gives the same bytes.
 */
export function renderFigure(chart: ChartOptions, frame: Frame = {}): string {
  const window = figureWindow();
  const doc = window.document;
  const svg = Plot.plot({ ...chart, document: doc });
  if (svg.tagName.toLowerCase() !== 'svg') throw new Error('Plot returned a <figure>; figure options must not ask for one');

  const { width } = chart;
  const legendX = chart.marginLeft ?? 40;
  const legend = frame.legend?.length ? legendGroup(doc, frame.legend, width - legendX - 10) : undefined;
  const titleLines = frame.title ? wrapText(frame.title, width - 24, TITLE_SIZE * 1.1) : [];
  const titleHeight = frame.title ? 30 + TITLE_LINE * (titleLines.length - 1) : 0;
  const legendHeight = legend ? LEGEND_ROW * legend.rows + 2 : 0;
  const top = 8 + titleHeight + legendHeight;
  const height = top + chart.height;

  // XMLSerializer writes the xmlns attribute from the element's namespace.
  const out = element(doc, 'svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': 'system-ui, sans-serif',
    role: 'img',
  });
  if (frame.title) out.setAttribute('aria-label', frame.title);
  out.append(element(doc, 'rect', { width, height, fill: 'white' }));
  if (frame.title) {
    const title = element(doc, 'text', {
      class: 'title',
      x: width / 2,
      y: 8 + 20,
      'text-anchor': 'middle',
      'font-size': TITLE_SIZE,
      'font-weight': 'bold',
      fill: COLORS.ink,
    });
    if (titleLines.length === 1) title.textContent = frame.title;
    else {
      titleLines.forEach((line, i) => {
        const span = element(doc, 'tspan', { x: width / 2, dy: i === 0 ? 0 : TITLE_LINE });
        span.textContent = i < titleLines.length - 1 ? `${line} ` : line;
        title.append(span);
      });
    }
    out.append(title);
  }
  if (legend) {
    legend.group.setAttribute('transform', `translate(${legendX},${8 + titleHeight + 12})`);
    out.append(legend.group);
  }

  // Move the chart's marks into a group so no nested <svg> (and no Plot stylesheet) is left.
  const body = element(doc, 'g', { class: 'chart', transform: `translate(0,${top})`, 'font-size': FONT_SIZE });
  for (const name of ['fill', 'text-anchor']) {
    const value = svg.getAttribute(name);
    if (value !== null) body.setAttribute(name, value);
  }
  for (const child of Array.from(svg.childNodes)) {
    if (child.nodeName.toLowerCase() !== 'style') body.append(child);
  }
  out.append(body);
  return new window.XMLSerializer().serializeToString(out);
}

/** One estimate with its 95% interval, as drawn by {@link intervalMarks}. */
export interface IntervalPoint {
  label: string;
  mean: number;
  lo: number;
  hi: number;
  color: string;
}

/** The dashed reference rule, the interval lines and the mean dots of a forest or caterpillar plot. */
export function intervalMarks(points: IntervalPoint[], reference: number, dotRadius: number, lineWidth: number): Plot.Markish[] {
  const digits = (x: number): string => x.toPrecision(3);
  return [
    Plot.ruleX([reference], { stroke: COLORS.reference, strokeDasharray: DASH, strokeWidth: 1.5, className: 'reference' }),
    Plot.ruleY(points, { y: 'label', x1: 'lo', x2: 'hi', stroke: 'color', strokeWidth: lineWidth, className: 'interval' }),
    Plot.dot(points, {
      x: 'mean',
      y: 'label',
      fill: 'color',
      r: dotRadius,
      className: 'estimate',
      title: (p: IntervalPoint) => `${p.label}: ${digits(p.mean)} (95% interval ${digits(p.lo)} to ${digits(p.hi)})`,
    }),
  ];
}
