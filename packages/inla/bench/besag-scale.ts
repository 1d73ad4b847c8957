/**
 * Whole besag fits at scale (issue 12): binomial counts, one observation per node of a k × k square
 * lattice, y ~ 1 + f(node, model = "besag", graph = the lattice), with DIC, WAIC and mlik, for k = 100 (10^4 nodes)
 * and k = 316 (≈ 10^5 nodes), by `inla()`. Prints the wall time of the fit, of the criteria,
 * the peak resident memory of the process (each size runs in its own process) and the sparse
 * factor's statistics.
 *
 * The data: Ntrials = 10 everywhere, logit p = −0.5 + u with u a smooth field on the lattice
 * (0.8 sin(2πa/k) cos(2πb/k) at node (a, b)), counts drawn with a fixed-seed generator.
 *
 * Run from packages/inla: `pnpm bench` (builds the workspace packages it needs, compiles this file
 * and runs it). BESAG_SCALE_SIZES=100 runs one size. The criteria come from @hlm/criteria's build
 * output, loaded by path: @hlm/inla must not depend on a package downstream of it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyse } from '@hlm/sparse';
import { inla } from '../src/index.js';

interface CriteriaModule {
  computeCriteria(
    posterior: unknown,
    options: { dic?: boolean; waic?: boolean; mlik?: boolean; cpo?: boolean },
  ): {
    dic: { dic: number; p_eff: number } | null;
    waic: { waic: number; p_eff: number } | null;
    mlik: { integration: number; gaussian: number } | null;
  };
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function latticeData(k: number): { data: Record<string, number[]>; neighbours: number[][] } {
  const random = seeded(2026);
  const n = k * k;
  const y: number[] = [];
  const node: number[] = [];
  const neighbours: number[][] = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const i = a * k + b;
      const eta = -0.5 + 0.8 * Math.sin((2 * Math.PI * a) / k) * Math.cos((2 * Math.PI * b) / k);
      const p = 1 / (1 + Math.exp(-eta));
      let count = 0;
      for (let t = 0; t < 10; t++) if (random() < p) count++;
      y.push(count);
      node.push(i + 1); // the graph's nodes are labelled 1..n
      const list: number[] = [];
      if (a > 0) list.push(i - k);
      if (b > 0) list.push(i - 1);
      if (b + 1 < k) list.push(i + 1);
      if (a + 1 < k) list.push(i + k);
      neighbours.push(list);
    }
  }
  return { data: { y, node, Ntrials: new Array<number>(n).fill(10) }, neighbours };
}

async function runSize(k: number): Promise<Record<string, unknown>> {
  const { data, neighbours } = latticeData(k);
  const n = k * k;
  const start = performance.now();
  const fit = inla({
    model: { response: 'y', fixed: ['1'], random: [{ id: 'node', model: 'besag', graph: { n, neighbours } }] },
    family: 'binomial',
    data,
    Ntrials: 'Ntrials',
    control: { compute: { dic: true, waic: true, mlik: true } },
  });
  const fitSeconds = (performance.now() - start) / 1000;
  const criteriaUrl = new URL('../../../../criteria/dist/index.js', import.meta.url);
  const { computeCriteria } = (await import(criteriaUrl.href)) as CriteriaModule;
  const startCriteria = performance.now();
  const criteria = computeCriteria(fit.posterior, { dic: true, waic: true, mlik: true });
  const criteriaSeconds = (performance.now() - startCriteria) / 1000;
  // The sparse factor's size for this model's posterior precision pattern (lattice + intercept column).
  const { CscMatrix } = await import('@hlm/sparse');
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(i, n);
    cols.push(i, i);
    for (const j of neighbours[i]!) if (j > i) {
      rows.push(j);
      cols.push(i);
    }
  }
  rows.push(n);
  cols.push(n);
  const symbolic = analyse(CscMatrix.fromTriplets(n + 1, n + 1, rows, cols, new Array<number>(rows.length).fill(1)));
  return {
    nodes: n,
    fitSeconds,
    criteriaSeconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    ordering: symbolic.ordering,
    nnzL: symbolic.nnzL,
    flops: symbolic.flops,
    dic: criteria.dic?.dic,
    waic: criteria.waic?.waic,
    mlik: criteria.mlik?.integration,
    precision: fit.summaryHyperpar[0],
    intercept: fit.summaryFixed[0],
  };
}

const only = process.argv[2];
if (only !== undefined) {
  process.stdout.write(JSON.stringify(await runSize(Number(only))));
} else {
  const sizes = (process.env.BESAG_SCALE_SIZES ?? '100,316').split(',').map(Number);
  console.log('@hlm/inla bench: besag fits on k × k lattices, binomial (Ntrials 10), DIC + WAIC + mlik\n');
  for (const k of sizes) {
    const output = execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), String(k)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(output) as Record<string, number | string | Record<string, number>>;
    const precision = r.precision as { mean: number };
    console.log(
      [
        `besag ${k}×${k} (${r.nodes} nodes)`,
        `  fit ${(r.fitSeconds as number).toFixed(1)} s, criteria ${(r.criteriaSeconds as number).toFixed(1)} s, peak memory ${(r.maxRssMiB as number).toFixed(0)} MiB`,
        `  ordering ${r.ordering}: nnz(L) ${r.nnzL}, ${(r.flops as number).toExponential(2)} flops per factorisation`,
        `  DIC ${(r.dic as number).toFixed(2)}, WAIC ${(r.waic as number).toFixed(2)}, mlik ${(r.mlik as number).toFixed(2)}, precision mean ${precision.mean.toFixed(3)}`,
      ].join('\n'),
    );
    console.log();
  }
}
