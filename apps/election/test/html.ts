/**
 * Small readers of the HTML and SVG that @hlm/plots writes (the app has no DOM parser; the browser test
 * checks the same page in Chromium). They rely on that output's shape: attributes in double quotes,
 * entities as &#NN;, mark groups without nested <g>.
 */

/** Decodes the numeric entities escapeHtml and XMLSerializer write, and the named XML ones. */
export function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The markup of the first `<tag ... id="id" ...>...</tag>` (no nesting of the same tag inside). */
export function byId(html: string, tag: string, id: string): string | undefined {
  const m = new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>[\\s\\S]*?</${tag}>`).exec(html);
  return m?.[0];
}

/** The text cells of each body row of the table with this id. */
export function tableCells(html: string, id: string): string[][] {
  const table = byId(html, 'table', id);
  if (!table) throw new Error(`no table#${id}`);
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(table)?.[1] ?? '';
  return Array.from(body.matchAll(/<tr>([\s\S]*?)<\/tr>/g), (row) =>
    Array.from(row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g), (cell) => decode(cell[1]!)),
  );
}

/** The content of the mark group `<g ... class="cls" ...>` of an SVG. */
export function markGroup(svg: string, cls: string): string {
  const m = new RegExp(`<g\\b[^>]*\\bclass="${cls}"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  if (!m) throw new Error(`no <g class="${cls}">`);
  return m[1]!;
}

/** Number of `<name` elements in a fragment. */
export function count(fragment: string, name: string): number {
  return fragment.match(new RegExp(`<${name}[\\s/>]`, 'g'))?.length ?? 0;
}

/** Text contents of the <text> elements in a fragment. */
export function texts(fragment: string): string[] {
  return Array.from(fragment.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g), (m) => decode(m[1]!));
}

/** Texts of a figure's legend (drawn between the title and the chart group). */
export function legendTexts(svg: string): string[] {
  const start = svg.indexOf('class="legend"');
  const end = svg.indexOf('class="chart"');
  if (start < 0 || end < start) throw new Error('no legend');
  return texts(svg.slice(start, end));
}

/** Text of the page with tags removed and entities decoded. */
export function pageText(html: string): string {
  return decode(html.replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' '));
}
