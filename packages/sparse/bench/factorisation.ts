/**
 * Benchmark of @hlm/sparse: ordering, symbolic analysis, supernodal factorisation and selected
 * inverse on the cases of issue 12, each against the simplicial left-looking factorisation under
 * approximate minimum degree (the implementation this package had before), measured in the same run.
 *
 * Cases (every matrix is a besag-type precision τ R plus a diagonal, R the graph Laplacian):
 *   lattice-100, lattice-316, lattice-1000: 5-point lattices, R + 0.01 I;
 *   triangulation-50k: a random planar triangulation of 50 000 nodes, R + 0.01 I, made from a
 *     250 × 200 grid whose every cell is cut by a randomly chosen diagonal (a triangulation of the
 *     jittered grid; no Delaunay step is needed for the graph);
 *   besag-316: 2 R + diag(w) on the 316 × 316 lattice with w = binomial curvatures n p (1 − p),
 *     n = 10, p uniform in (0.05, 0.95): the matrix INLA factorises for a besag model.
 *
 * The supernodal factor runs with the WebAssembly SIMD kernels and, in the same process with the
 * repeats alternating, with the TypeScript kernels (the fallback): the table gives both times and
 * their ratio, for the factorisation, the selected inverse and the solves H x = b of one right-hand
 * side and solveMany of 2 and 8. Each case runs in its own child process so that its peak resident
 * memory (resourceUsage().maxRSS) is its own; two more child processes per case, one per kernel
 * path, make one factorisation and selected inverse each, to give each path's own peak memory.
 * Times are medians over the repeats, but the solves' are minima (the solves are short, and the
 * minimum resists the load of other processes better); GFLOP/s counts the true flops Σ c_j² of the chosen
 * ordering. Run: `pnpm --filter @hlm/sparse bench` (or `pnpm bench` at the root). Set
 * SPARSE_BENCH_CASES=lattice-100,lattice-316 to run a subset.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CholeskyFactor, CscMatrix, analyse, cholesky } from '../src/index.js';
import { generator } from '../src/nested-dissection.js';
import { SimplicialCholesky } from '../src/simplicial.js';

interface CaseSpec {
  name: string;
  build: () => CscMatrix;
  repeats: number;
  /** Alternating rounds of the solve timings (default 3 × repeats). */
  solveRepeats?: number;
  baselineRepeats: number;
  /** Whether to time the baseline's selected inverse too (skipped at 10^6 nodes to keep the bench within minutes). */
  baselineInverse: boolean;
}

/** Lower triangle of τ R + diag(d) for the graph with the given edges (i > j not required). */
function besagPlusDiagonal(n: number, edges: Int32Array, tau: number, diagonal: (i: number) => number): CscMatrix {
  const m = edges.length / 2;
  const rows = new Int32Array(n + m);
  const cols = new Int32Array(n + m);
  const vals = new Float64Array(n + m);
  const degree = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const a = edges[2 * e]!;
    const b = edges[2 * e + 1]!;
    rows[n + e] = Math.max(a, b);
    cols[n + e] = Math.min(a, b);
    vals[n + e] = -tau;
    degree[a]!++;
    degree[b]!++;
  }
  for (let i = 0; i < n; i++) {
    rows[i] = i;
    cols[i] = i;
    vals[i] = tau * degree[i]! + diagonal(i);
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals);
}

function latticeEdges(rowsCount: number, colsCount: number, diagonals?: () => number): Int32Array {
  const edges: number[] = [];
  const id = (a: number, b: number): number => a * colsCount + b;
  for (let a = 0; a < rowsCount; a++) {
    for (let b = 0; b < colsCount; b++) {
      if (a + 1 < rowsCount) edges.push(id(a, b), id(a + 1, b));
      if (b + 1 < colsCount) edges.push(id(a, b), id(a, b + 1));
      if (diagonals && a + 1 < rowsCount && b + 1 < colsCount) {
        if (diagonals() < 0.5) edges.push(id(a, b), id(a + 1, b + 1));
        else edges.push(id(a + 1, b), id(a, b + 1));
      }
    }
  }
  return Int32Array.from(edges);
}

const cases: CaseSpec[] = [
  { name: 'lattice-100', build: () => besagPlusDiagonal(10_000, latticeEdges(100, 100), 1, () => 0.01), repeats: 7, baselineRepeats: 5, baselineInverse: true },
  { name: 'lattice-316', build: () => besagPlusDiagonal(99_856, latticeEdges(316, 316), 1, () => 0.01), repeats: 5, baselineRepeats: 3, baselineInverse: true },
  {
    name: 'triangulation-50k',
    build: () => besagPlusDiagonal(50_000, latticeEdges(250, 200, generator(7)), 1, () => 0.01),
    repeats: 5,
    baselineRepeats: 3,
    baselineInverse: true,
  },
  {
    name: 'besag-316',
    build: () => {
      const random = generator(11);
      return besagPlusDiagonal(99_856, latticeEdges(316, 316), 2, () => {
        const p = 0.05 + 0.9 * random();
        return 10 * p * (1 - p);
      });
    },
    repeats: 5,
    baselineRepeats: 3,
    baselineInverse: true,
  },
  { name: 'lattice-1000', build: () => besagPlusDiagonal(1_000_000, latticeEdges(1000, 1000), 1, () => 0.01), repeats: 1, solveRepeats: 2, baselineRepeats: 1, baselineInverse: false },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function seconds<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, (performance.now() - start) / 1000];
}

interface CaseResult {
  name: string;
  n: number;
  ordering: string;
  orderings: Record<string, { nnzL: number; flops: number; seconds: number }>;
  analyse: number;
  stored: number;
  supernodes: number;
  factor: number;
  gflops: number;
  selectedInverse: number;
  /** The same with the TypeScript kernels, alternating with the SIMD runs. */
  typescriptFactor: number;
  typescriptSelectedInverse: number;
  /** Seconds of solve (1 column) and solveMany (2 and 8 columns) by each path, alternating: minimum over the repeats. */
  solves: { columns: number; webassembly: number; typescript: number }[];
  kernels: string;
  baselineFactor: number;
  baselineSelectedInverse: number | null; // null (NaN in JSON) when not run
  maxRssMiB: number;
}

function runCase(spec: CaseSpec): CaseResult {
  const H = spec.build();
  const [symbolic, analyseSeconds] = seconds(() => analyse(H));
  let factor = cholesky(symbolic, H.values, undefined, { kernels: 'webassembly' });
  let typescript = cholesky(symbolic, H.values, undefined, { kernels: 'typescript' });
  const factorTimes: number[] = [];
  const inverseTimes: number[] = [];
  const typescriptFactorTimes: number[] = [];
  const typescriptInverseTimes: number[] = [];
  const diagonal = new Float64Array(symbolic.n);
  const typescriptDiagonal = new Float64Array(symbolic.n);
  const simdRun = (): void => {
    factorTimes.push(seconds(() => (factor = cholesky(symbolic, H.values, factor)))[1]);
    inverseTimes.push(seconds(() => factor.inverseDiagonal(diagonal))[1]);
  };
  const typescriptRun = (): void => {
    typescriptFactorTimes.push(seconds(() => (typescript = cholesky(symbolic, H.values, typescript)))[1]);
    typescriptInverseTimes.push(seconds(() => typescript.inverseDiagonal(typescriptDiagonal))[1]);
  };
  for (let r = 0; r < spec.repeats; r++) {
    if (r % 2 === 0) {
      simdRun();
      typescriptRun();
    } else {
      typescriptRun();
      simdRun();
    }
  }
  let worstPath = 0;
  for (let i = 0; i < symbolic.n; i++) worstPath = Math.max(worstPath, Math.abs(diagonal[i]! - typescriptDiagonal[i]!) / typescriptDiagonal[i]!);
  if (!(worstPath < 1e-12)) throw new Error(`${spec.name}: SIMD and TypeScript kernels' diag(H⁻¹) differ by ${worstPath}`);
  const solves = [1, 2, 8].map((columns) => timeSolves(spec, factor, typescript, columns));
  // Baseline: the simplicial factorisation under AMD (the ordering is not timed again).
  const amdPerm = symbolic.ordering === 'amd' ? symbolic.perm : analyse(H, { ordering: 'amd' }).perm;
  const baseline = new SimplicialCholesky(H, amdPerm);
  const baselineFactor: number[] = [];
  const baselineInverse: number[] = [];
  for (let r = 0; r < spec.baselineRepeats; r++) {
    baselineFactor.push(seconds(() => baseline.factor(H.values))[1]);
    if (spec.baselineInverse) {
      const [reference, time] = seconds(() => baseline.inverseDiagonal());
      baselineInverse.push(time);
      // The two must agree, or the timing compares different computations.
      let worst = 0;
      for (let i = 0; i < symbolic.n; i++) worst = Math.max(worst, Math.abs(diagonal[i]! - reference[i]!) / reference[i]!);
      if (!(worst < 1e-8)) throw new Error(`${spec.name}: supernodal and simplicial diag(H⁻¹) differ by ${worst}`);
    }
  }
  if (!(Math.abs(baseline.logDeterminant() - factor.logDeterminant()) < 1e-8 * Math.abs(baseline.logDeterminant()))) {
    throw new Error(`${spec.name}: supernodal and simplicial log|H| differ`);
  }
  const factorSeconds = median(factorTimes);
  return {
    name: spec.name,
    n: symbolic.n,
    ordering: symbolic.ordering,
    orderings: symbolic.orderings as CaseResult['orderings'],
    analyse: analyseSeconds,
    stored: symbolic.lColPtr[symbolic.n]!,
    supernodes: symbolic.nSupernodes,
    factor: factorSeconds,
    gflops: symbolic.flops / factorSeconds / 1e9,
    selectedInverse: median(inverseTimes),
    typescriptFactor: median(typescriptFactorTimes),
    typescriptSelectedInverse: median(typescriptInverseTimes),
    solves,
    kernels: factor.kernels,
    baselineFactor: median(baselineFactor),
    baselineSelectedInverse: spec.baselineInverse ? median(baselineInverse) : Number.NaN,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/**
 * Seconds of solving for `columns` right-hand sides (solve for one, solveMany for more) by the SIMD and the TypeScript
 * factor, alternating, the minimum of spec.solveRepeats (default 3 × spec.repeats) runs each; throws if the two paths'
 * solutions differ.
 */
function timeSolves(spec: CaseSpec, simd: CholeskyFactor, typescript: CholeskyFactor, columns: number): CaseResult['solves'][number] {
  const n = simd.symbolic.n;
  const rhs = Array.from({ length: columns }, (_, a) => Float64Array.from({ length: n }, (_, i) => Math.sin(i + 0.5 * a)));
  const run = (factor: CholeskyFactor): Float64Array[] => (columns === 1 ? [factor.solve(rhs[0]!)] : factor.solveMany(rhs));
  const times = { webassembly: [] as number[], typescript: [] as number[] };
  let solutions: Float64Array[][] = [];
  for (let r = 0; r < (spec.solveRepeats ?? 3 * spec.repeats); r++) {
    const order = r % 2 === 0 ? ([simd, typescript] as const) : ([typescript, simd] as const);
    solutions = order.map((factor) => {
      const [x, time] = seconds(() => run(factor));
      times[factor.kernels].push(time);
      return x;
    });
  }
  const [a, b] = solutions;
  a!.forEach((x, c) => {
    const y = b![c]!;
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
      scale = Math.max(scale, Math.abs(y[i]!));
    }
    if (!(worst <= 1e-12 * scale)) throw new Error(`${spec.name}: SIMD and TypeScript solutions differ by ${worst} (largest entry ${scale})`);
  });
  return { columns, webassembly: Math.min(...times.webassembly), typescript: Math.min(...times.typescript) };
}

/** A child's run for one kernel path's peak memory: the case's analysis, one factorisation and one selected inverse. */
function footprint(spec: CaseSpec, kernels: 'typescript' | 'webassembly'): number {
  const H = spec.build();
  const symbolic = analyse(H);
  cholesky(symbolic, H.values, undefined, { kernels }).inverseDiagonal();
  return process.resourceUsage().maxRSS / 1024;
}

function format(result: CaseResult, memory: { typescript: number; webassembly: number }): string {
  const lines = [`${result.name}  n = ${result.n}`];
  for (const [name, o] of Object.entries(result.orderings)) {
    const chosen = name === result.ordering ? '  ← chosen' : '';
    lines.push(
      `  ordering ${name.padEnd(18)} ${o.seconds.toFixed(3).padStart(7)} s   nnz(L) ${String(o.nnzL).padStart(10)}   flops ${o.flops.toExponential(2)}${chosen}`,
    );
  }
  const ratio = (base: number, now: number): string => `${(base / now).toFixed(2)}×`;
  lines.push(
    `  analyse (orderings + symbolic) ${result.analyse.toFixed(3)} s; ${result.supernodes} supernodes, ${result.stored} stored entries of L`,
    `  kernels          ${result.kernels} (SIMD) against typescript, alternating in the same run:`,
    `    factorisation    ${result.factor.toFixed(4)} s against ${result.typescriptFactor.toFixed(4)} s   speed-up ${ratio(result.typescriptFactor, result.factor)}`,
    `    selected inverse ${result.selectedInverse.toFixed(4)} s against ${result.typescriptSelectedInverse.toFixed(4)} s   speed-up ${ratio(result.typescriptSelectedInverse, result.selectedInverse)}`,
    ...result.solves.map(
      ({ columns, webassembly, typescript }) =>
        `    ${(columns === 1 ? 'solve' : `solveMany of ${columns}`).padEnd(16)} ${webassembly.toFixed(4)} s against ${typescript.toFixed(4)} s   speed-up ${ratio(typescript, webassembly)} (minima)`,
    ),
    `    peak memory      ${memory.webassembly.toFixed(0)} MiB against ${memory.typescript.toFixed(0)} MiB (a process with one factor and its selected inverse)`,
    `  factorisation    ${result.factor.toFixed(4)} s  (${result.gflops.toFixed(2)} GFLOP/s, SIMD)   baseline ${result.baselineFactor.toFixed(4)} s   speed-up ${ratio(result.baselineFactor, result.factor)}`,
    typeof result.baselineSelectedInverse !== 'number' || Number.isNaN(result.baselineSelectedInverse)
      ? `  selected inverse ${result.selectedInverse.toFixed(4)} s                     baseline not run at this size`
      : `  selected inverse ${result.selectedInverse.toFixed(4)} s                     baseline ${result.baselineSelectedInverse.toFixed(4)} s   speed-up ${ratio(result.baselineSelectedInverse, result.selectedInverse)}`,
    `  peak memory      ${result.maxRssMiB.toFixed(0)} MiB (whole process, baseline included)`,
  );
  return lines.join('\n');
}

const self = fileURLToPath(import.meta.url);
const only = process.argv[2];
const path = process.argv[3];
if (only !== undefined) {
  const spec = cases.find((c) => c.name === only);
  if (!spec) throw new Error(`unknown case ${only}`);
  if (path === 'typescript' || path === 'webassembly') process.stdout.write(JSON.stringify(footprint(spec, path)));
  else process.stdout.write(JSON.stringify(runCase(spec)));
} else {
  const wanted = process.env.SPARSE_BENCH_CASES?.split(',') ?? cases.map((c) => c.name);
  console.log('@hlm/sparse bench: medians; baseline = simplicial left-looking Cholesky under AMD, same run\n');
  for (const spec of cases.filter((c) => wanted.includes(c.name))) {
    const child = (...args: string[]): string =>
      execFileSync(process.execPath, ['--max-old-space-size=8192', self, spec.name, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const result = JSON.parse(child()) as CaseResult;
    const memory = { typescript: JSON.parse(child('typescript')) as number, webassembly: JSON.parse(child('webassembly')) as number };
    console.log(format(result, memory));
    console.log();
  }
}
