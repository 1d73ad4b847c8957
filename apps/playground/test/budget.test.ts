import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUDGET, budgetTotals, distSizes, sizeReport } from '../build/sizes.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

describe('the built playground keeps its size budget', () => {
  it('engine ≤ 150 kB gzip, whole page without the data ≤ 400 kB gzip', () => {
    expect(existsSync(`${DIST}index.html`), 'apps/playground/dist is missing: build it first (pnpm --filter @hlm/playground build)').toBe(true);
    const sizes = distSizes(DIST);
    console.log(sizeReport(sizes));
    // the classification found what it budgets: one worker bundle, the data file, the page's own script
    expect(sizes.filter((s) => s.kind === 'engine')).toHaveLength(1);
    expect(sizes.filter((s) => s.kind === 'data').map((s) => s.file)).toEqual([expect.stringMatching(/^assets\/election_1988-[\w-]+\.csv$/)]);
    expect(sizes.some((s) => s.kind === 'page' && /^assets\/index-[\w-]+\.js$/.test(s.file))).toBe(true);
    const totals = budgetTotals(sizes);
    expect(totals.engineGzip).toBeLessThanOrEqual(BUDGET.engineGzip);
    expect(totals.pageGzip).toBeLessThanOrEqual(BUDGET.pageGzip);
  });
});
