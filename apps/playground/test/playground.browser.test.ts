import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitModel, readData } from '../src/fit.js';
import { ELECTION_OPTIONS, type ModelOptions } from '../src/model.js';
import type { FitResults } from '../src/results.js';

type SummaryRow = FitResults['hyperpar'][number];

/** Debian's Chromium; CI installs it with `apt-get install -y chromium`. The test fails without it. */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const DATA = fileURLToPath(new URL('../../../data/election_1988.csv', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));

/** The seed tutorial's model in R-INLA's notation. */
const SEED_FORMULA = 'bush ~ female + black + age_cat + edu_cat + f(state, model = "iid")';
/**
 * Agreement of the page's numbers with the Node fit's: |page − Node| ≤ 1e-9 · max(1, |Node|), i.e. 1e-9 for numbers
 * up to 1 and 1e-9 of the value beyond (DIC is about 7764). They are not equal to the bit because Chromium's Math.exp
 * and Math.log differ from Node 20's in the last bit for about one argument in ten; measured: fixed effects within
 * about 1e-12, the precision's summary within about 1e-11 of its value.
 */
const TOLERANCE = 1e-9;

type TableRow = { name: string; values: Record<string, number> };

/** Every row of table `id`: its name and its numeric cells (full precision from data-value) by column. */
async function tableRows(page: Page, id: string): Promise<TableRow[]> {
  return page.$$eval(`table#${id} tbody tr`, (rows) =>
    rows.map((row) => ({
      name: (row as HTMLElement).dataset.name ?? '',
      values: Object.fromEntries([...row.querySelectorAll<HTMLElement>('[data-value]')].map((cell) => [cell.dataset.column ?? '', Number(cell.dataset.value)])),
    })),
  );
}

/** The largest |page − Node| / max(1, |Node|) over the summary columns of `rows` against `expected`. */
function worstDifference(rows: TableRow[], expected: readonly (SummaryRow & { name: string })[]): number {
  expect(rows.map((r) => r.name)).toEqual(expected.map((e) => e.name));
  let worst = 0;
  rows.forEach((row, i) => {
    for (const column of ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode']) {
      const want = expected[i]![column as keyof SummaryRow] as number;
      const got = row.values[column];
      expect(got, `${row.name} ${column}`).toBeTypeOf('number');
      worst = Math.max(worst, Math.abs(got! - want) / Math.max(1, Math.abs(want)));
    }
  });
  return worst;
}

describe('the playground in headless Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin = '';
  let nodeFit: FitResults;
  const errors: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    expect(existsSync(DIST), 'apps/playground/dist is missing: build it first (pnpm --filter @hlm/playground build)').toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await preview({ root: ROOT, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    origin = new URL(server.resolvedUrls!.local[0]!).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // as the workspace's tests, no outcome depends on the wall clock: a fit on a loaded machine may take minutes
    context.setDefaultTimeout(0);
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // the Node fit of the same model, to check the page's numbers against
    const options: ModelOptions = { ...ELECTION_OPTIONS, formula: SEED_FORMULA };
    nodeFit = fitModel(readData({ name: 'election_1988.csv', text: readFileSync(DATA, 'utf8') }, options.categorical), options, { dataName: 'election_1988.csv', graph: null });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  });

  it('loads with the election data preloaded', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForSelector('#data-status[data-source="preloaded"]:has-text("6003 rows")');
    expect(await page.locator('#fit').isEnabled()).toBe(true);
  });

  it('fits the seed model to an uploaded CSV in a Web Worker and shows the tables, equal to the Node fit', async () => {
    await page.setInputFiles('#data-file', DATA);
    await page.waitForSelector('#data-status[data-source="file"]:has-text("election_1988.csv: 6003 rows")');
    await page.fill('#formula', SEED_FORMULA);
    await page.selectOption('#family', 'binomial');
    await page.selectOption('#column-Ntrials', 'Ntrials');
    for (const column of ['age_cat', 'edu_cat']) expect(await page.locator(`#categorical input[value="${column}"]`).isChecked(), column).toBe(true);

    const pressed = Date.now();
    await page.click('#fit');
    await page.waitForSelector('table#fixed-effects');
    const seen = Date.now() - pressed;
    const measured = Number(await page.getAttribute('#results', 'data-fit-ms'));
    console.log(`Fit → tables in Chromium: ${measured.toFixed(0)} ms by the page's clock (${seen} ms as the test saw it)`);

    const fixed = await tableRows(page, 'fixed-effects');
    const hyper = await tableRows(page, 'hyperparameters');
    const worstFixed = worstDifference(fixed, nodeFit.fixed);
    const worstHyper = worstDifference(hyper, nodeFit.hyperpar);
    console.log(`page vs Node fit, |difference| / max(1, |value|): fixed effects ${worstFixed.toExponential(1)}, hyperparameters ${worstHyper.toExponential(1)}`);
    expect(worstFixed).toBeLessThanOrEqual(TOLERANCE);
    expect(worstHyper).toBeLessThanOrEqual(TOLERANCE);
    expect(fixed.map((r) => r.name)).toEqual(['(Intercept)', 'female', 'black', 'age_cat2', 'age_cat3', 'age_cat4', 'edu_cat2', 'edu_cat3', 'edu_cat4']);
    expect(hyper.map((r) => r.name)).toEqual(['Precision for state']);
    // the criteria follow the summaries; results.json is offered once they are in
    await page.waitForSelector('#downloads a[download="results.json"]');
    console.log(`Fit → criteria in Chromium: ${Number(await page.getAttribute('#results', 'data-done-ms')).toFixed(0)} ms by the page's clock`);
    const criteria = await tableRows(page, 'criteria');
    const relative = (name: string, want: number): number => Math.abs(criteria.find((r) => r.name === name)!.values.value! - want) / Math.max(1, Math.abs(want));
    expect(relative('DIC', nodeFit.criteria!.dic!.dic)).toBeLessThanOrEqual(TOLERANCE);
    expect(relative('log marginal-likelihood (integration)', nodeFit.criteria!.mlik!.integration)).toBeLessThanOrEqual(TOLERANCE);
    expect(await page.locator('table#odds-ratios tbody tr').count()).toBe(8);
    expect(await page.locator('table#random-state tbody tr').count()).toBe(50);
  });

  it('draws the four figures and the hyperparameter marginal as SVG in the page', async () => {
    await page.waitForSelector('#figures[data-ready="true"]');
    const marks: Record<string, [string, number]> = {
      'figure-coefficients': ['g.estimate circle', 8],
      'figure-odds-ratios': ['g.estimate circle', 8],
      'figure-caterpillar-state': ['g.estimate circle', 50],
      'figure-histogram-state': ['g.bar rect', 15],
      'figure-hyperparameter-Precision-for-state': ['g.mean line', 1],
    };
    for (const [id, [selector, count]] of Object.entries(marks)) {
      const svg = page.locator(`figure#${id} > svg`);
      expect(await svg.count(), id).toBe(1);
      const box = await svg.boundingBox();
      expect(box?.width ?? 0, id).toBeGreaterThan(300);
      expect(await svg.locator(selector).count(), `${id} ${selector}`).toBe(count);
    }
    await page.screenshot({ path: `${SCREENSHOTS}desktop-results.png`, fullPage: true });
  });

  it('offers results.json, the tables as CSV and the figures as SVG for download', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a[download="results.json"]')]);
    const results = JSON.parse(readFileSync((await json.path())!, 'utf8')) as FitResults;
    const shown = await tableRows(page, 'fixed-effects');
    expect(results.fixed.map((r) => r.mean)).toEqual(shown.map((r) => r.values.mean));
    expect(results.criteria?.dic?.dic).toBeTypeOf('number');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('a[download="fixed-effects.csv"]')]);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('name,mean,sd,0.025quant,0.5quant,0.975quant,mode');
    expect(lines).toHaveLength(10);
    expect(lines[2]!.split(',').slice(0, 2)).toEqual(['female', String(shown[1]!.values.mean)]);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('a[download="coefficients.svg"]')]);
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('keeps the model in the URL, so a link reproduces it', async () => {
    const url = page.url();
    expect(decodeURIComponent(new URL(url).hash.replace(/\+/g, ' '))).toContain(`formula=${SEED_FORMULA}`);
    const other = await context.newPage();
    await other.goto(url.replace(/formula=[^&]*/, `formula=${encodeURIComponent('bush ~ female + f(state, model = "iid")')}`));
    expect(await other.inputValue('#formula')).toBe('bush ~ female + f(state, model = "iid")');
    expect(await other.inputValue('#family')).toBe('binomial');
    await other.close();
  });

  it('marks a parse error at the character', async () => {
    await page.fill('#formula', 'bush ~ female + black $ age_cat');
    const box = page.locator('#formula-error');
    await box.waitFor({ state: 'visible' });
    expect(await box.getAttribute('data-position')).toBe('22');
    expect(await page.textContent('#formula-error mark')).toBe('$');
    expect(await page.textContent('#formula-message')).toContain("at position 23, expected a name, a number, a quoted string or one of");
    await page.screenshot({ path: `${SCREENSHOTS}parse-error.png` });
  });

  it('names a missing column beside the formula, marked where the formula names it', async () => {
    const formula = 'bush ~ female + income + f(state, model = "iid")';
    await page.fill('#formula', formula);
    expect(await page.locator('#formula-error').isVisible()).toBe(false);
    await page.click('#fit');
    await page.locator('#formula-error').waitFor({ state: 'visible' });
    expect(await page.textContent('#formula-message')).toContain("unknown column 'income'");
    expect(await page.getAttribute('#formula-error', 'data-code')).toBe('unknown-column');
    expect(await page.getAttribute('#formula-error', 'data-position')).toBe(String(formula.indexOf('income')));
    expect(await page.textContent('#formula-error mark')).toBe('income');
    await page.screenshot({ path: `${SCREENSHOTS}missing-column.png` });
  });

  it("shows the family's own columns, and a missing one beside its field", async () => {
    const other = await context.newPage();
    await other.goto(`${origin}/#formula=${encodeURIComponent(SEED_FORMULA)}&family=binomial&Ntrials=trials&categorical=age_cat,edu_cat`);
    await other.waitForSelector('#data-status:has-text("6003 rows")');
    await other.click('#fit');
    await other.locator('#Ntrials-error').waitFor({ state: 'visible' });
    expect(await other.textContent('#Ntrials-error')).toContain("unknown column 'trials'");
    expect(await other.locator('#formula-error').isVisible()).toBe(false);
    await other.selectOption('#family', 'poisson');
    expect(await other.locator('#column-E').count()).toBe(1);
    expect(await other.locator('#column-Ntrials').count()).toBe(0);
    await other.close();
  });

  it('cancels a running fit by terminating its worker, and fits again afterwards', async () => {
    await page.fill('#formula', SEED_FORMULA);
    await page.selectOption('#strategy', 'laplace'); // the slowest approximation, so the fit is still running
    await page.click('#fit');
    await page.locator('#progress').waitFor({ state: 'visible' });
    expect(await page.locator('#cancel').isEnabled()).toBe(true);
    // INLA's own progress reaches the page: the mode search's evaluations, then the integration points
    await page.waitForFunction(() => /evaluations of π̃|integration points|latent marginals/.test(document.querySelector('#stage')?.textContent ?? ''));
    await page.screenshot({ path: `${SCREENSHOTS}progress.png` });
    // the page stays responsive while the worker fits
    expect(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(1))))).toBe(1);
    await page.click('#cancel');
    await page.waitForSelector('#fit-status:has-text("Fit cancelled")');
    expect(await page.locator('#progress').isHidden()).toBe(true);
    expect(await page.locator('#fit').isEnabled()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}cancelled.png` });
    await page.selectOption('#strategy', 'auto');
    await page.evaluate(() => document.querySelector('#tables')!.replaceChildren());
    await page.click('#fit');
    await page.waitForSelector('table#fixed-effects');
    expect(worstDifference(await tableRows(page, 'fixed-effects'), nodeFit.fixed)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('reads well on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(0);
    const small = await phone.newPage();
    await small.goto(`${origin}/`, { waitUntil: 'load' });
    await small.waitForSelector('#data-status[data-source="preloaded"]:has-text("6003 rows")');
    await small.click('#fit');
    await small.waitForSelector('#figures[data-ready="true"]');
    await small.waitForSelector('#downloads a[download="results.json"]');
    // nothing wider than the screen but the tables' own scrolling boxes
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await small.screenshot({ path: `${SCREENSHOTS}phone.png`, fullPage: true });
    await small.locator('#figure-coefficients').scrollIntoViewIfNeeded();
    await small.screenshot({ path: `${SCREENSHOTS}phone-figure.png` });
    await phone.close();
  });

  it('works offline once loaded, and made no request beyond its own origin', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#data-status[data-source="preloaded"]:has-text("6003 rows")');
    await context.setOffline(false);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
