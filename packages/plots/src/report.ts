/** A table of a report section. */
export interface ReportTable {
  columns: string[];
  /** Cells; numbers are printed by {@link formatCell} and right-aligned. */
  rows: (string | number)[][];
  caption?: string;
  /** id attribute of the <table>. */
  id?: string;
}

/** A figure of a report section: a standalone SVG document, inlined. */
export interface ReportFigure {
  svg: string;
  caption: string;
  /** id attribute of the <figure>. */
  id: string;
}

/** One section of an {@link htmlReport}: a heading, then paragraphs, a table and a figure, each optional. */
export interface ReportSection {
  heading: string;
  /** Plain text paragraphs (escaped, not HTML). */
  paragraphs?: string[];
  table?: ReportTable;
  figure?: ReportFigure;
}

/** A report's content. */
export interface Report {
  title: string;
  sections: ReportSection[];
}

const STYLE = `
  body { margin: 0; background: #f8fafc; color: #111827; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
  main { max-width: 960px; margin: 0 auto; padding: 24px 28px 64px; background: white; }
  h1 { font-size: 28px; margin: 8px 0 16px; }
  h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e2e8f0; }
  nav ol { columns: 2; margin: 0 0 8px; }
  table { border-collapse: collapse; margin: 12px 0; font-size: 14px; font-variant-numeric: tabular-nums; }
  caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 6px; }
  th, td { padding: 4px 10px; border-bottom: 1px solid #e2e8f0; text-align: left; }
  th { background: #f1f5f9; }
  td.num { text-align: right; }
  figure { margin: 16px 0; }
  figure svg { display: block; width: 100%; height: auto; border: 1px solid #e2e8f0; }
  figcaption { font-size: 14px; color: #475569; margin-top: 6px; }
`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Prints a number cell: integers as they are, others with 3 decimals (or 3 significant digits when tiny). */
export function formatCell(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 0.001 ? x.toFixed(3) : x.toPrecision(3);
}

function slug(text: string, index: number): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `section-${index + 1}${s ? `-${s}` : ''}`;
}

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((row) => {
      const cells = row.map((v) => (typeof v === 'number' ? `<td class="num">${formatCell(v)}</td>` : `<td>${escapeHtml(v)}</td>`));
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const id = t.id ? ` id="${escapeHtml(t.id)}"` : '';
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
  return `<table${id}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figureHtml(f: ReportFigure): string {
  const svg = f.svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  if (!svg.startsWith('<svg')) throw new Error(`figure ${f.id}: expected an SVG document`);
  return `<figure id="${escapeHtml(f.id)}">${svg}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`;
}

/**
 * One self-contained HTML page: inline CSS, a contents list, and per section its paragraphs, table and
 * inline SVG figure. It loads nothing from elsewhere, so it can be mailed or opened offline.
 */
export function htmlReport(report: Report): string {
  const ids = report.sections.map((s, i) => slug(s.heading, i));
  const nav = report.sections.map((s, i) => `<li><a href="#${ids[i]}">${escapeHtml(s.heading)}</a></li>`).join('');
  const sections = report.sections.map((s, i) => {
    const parts = [`<h2>${escapeHtml(s.heading)}</h2>`];
    for (const p of s.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) parts.push(tableHtml(s.table));
    if (s.figure) parts.push(figureHtml(s.figure));
    return `<section id="${ids[i]}">\n${parts.join('\n')}\n</section>`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(report.title)}</h1>`,
    `<nav aria-label="Contents"><ol>${nav}</ol></nav>`,
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
