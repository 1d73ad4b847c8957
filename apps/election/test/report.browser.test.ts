import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeFigures } from '../src/figures.js';
import { writeReport } from '../src/report.js';
import { FIGURE_IDS, loadResults, TABLE_IDS } from './fixture.js';

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. The test fails without it. */
const CHROMIUM = '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    mkdirSync(OUT, { recursive: true });
    const results = loadResults();
    await writeFigures(join(OUT, 'figures'), results);
    const report = writeReport(OUT, results);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every figure as one inline SVG with a nonzero box, its text laid out', async () => {
    for (const id of FIGURE_IDS) {
      const svg = page.locator(`figure#${id} > svg`);
      expect(await svg.count(), id).toBe(1);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(200);
      const title = await page.locator(`figure#${id} text.title`).boundingBox();
      expect(title?.width ?? 0, `${id} title width`).toBeGreaterThan(100);
    }
    expect(await page.locator('figure svg, figure img').count()).toBe(FIGURE_IDS.length);
  });

  it('shows every table with rows', async () => {
    for (const id of TABLE_IDS) {
      const table = page.locator(`table#${id}`);
      expect(await table.count(), id).toBe(1);
      const box = await table.boundingBox();
      expect(box?.height ?? 0, id).toBeGreaterThan(40);
      expect(await table.locator('tbody tr').count(), id).toBeGreaterThan(0);
    }
  });

  it('loads nothing from the network and logs no errors', () => {
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('opens each standalone .svg file as an SVG document', async () => {
    const svgPage = await browser.newPage();
    for (const id of FIGURE_IDS) {
      await svgPage.goto(pathToFileURL(join(OUT, 'figures', `${id}.svg`)).href);
      // Chromium shows a <parsererror> instead of the drawing when the XML is malformed.
      expect(await svgPage.evaluate('document.documentElement.localName'), id).toBe('svg');
      expect(await svgPage.locator('parsererror').count(), id).toBe(0);
      const box = await svgPage.locator(':root').boundingBox();
      expect(box?.width ?? 0, id).toBeGreaterThan(300);
      expect(await svgPage.locator('text.title').count(), id).toBe(1);
    }
    await svgPage.close();
  });

  it('saves a full-page screenshot', async () => {
    const path = join(OUT, 'report.png');
    const png = await page.screenshot({ path, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(existsSync(path)).toBe(true);
  });
});
