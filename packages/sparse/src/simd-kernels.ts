/**
 * The WebAssembly SIMD versions of the dense kernels (assembly/kernels.ts, compiled into kernels-wasm.ts by
 * `pnpm --filter @hlm/sparse build:wasm`), of the triangular solves (assembly/solves.ts, into solves-wasm.ts) and of
 * the factorisation's loop over supernodes (assembly/factor.ts, into factor-wasm.ts, which calls the dense kernels'
 * instance directly), three modules instantiated on one memory. A factor or selected-inverse workspace that uses them keeps its values and
 * index buffers in a WebAssembly memory of its own, allocated once at its full size (it never grows, so the
 * Float64Array and Int32Array views on it stay valid), and calls the kernels with element indices and byte offsets
 * into it. Where WebAssembly or its SIMD is missing, or a synchronous compile is refused (a browser's main thread
 * refuses modules over 4 KB; each of these is smaller), the TypeScript kernels of kernels.ts and solves.ts run instead.
 */
import { kernelsWasm } from './kernels-wasm.js';
import { factorWasm } from './factor-wasm.js';
import { solvesWasm } from './solves-wasm.js';

/** The part of the WebAssembly JavaScript API used here (the DOM library declares it, @types/node does not). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

/**
 * The dense kernels a factor uses: 'typescript' (kernels.ts), 'webassembly' (SIMD, wherever WebAssembly runs them) or
 * 'auto' (SIMD for factors of at least `SIMD_MIN_ENTRIES` stored entries; the environment variable
 * HLM_SPARSE_KERNELS=typescript|webassembly overrides it).
 */
export type KernelChoice = 'auto' | 'typescript' | 'webassembly';

/** The kernels' exports; see assembly/kernels.ts, assembly/solves.ts and assembly/factor.ts for what each computes. */
export interface SimdKernels {
  readonly memory: WasmMemory;
  subtractProduct(sourceBase: number, kd: number, offset: number, rows: number, cols: number, targetBase: number, targets: number): void;
  factorTrapezoid(columnBase: number, k: number, m: number): number;
  invertDiagonalBlock(columnBase: number, k: number, m: number, w: number): void;
  dotProducts(
    xBase: number,
    yBase: number,
    rows: number,
    cols: number,
    length: number,
    outBase: number,
    sign: number,
    accumulate: boolean,
    lower: boolean,
    xTriangular: boolean,
  ): void;
  forwardSolve(supernodes: number, superPtr: number, superRowPtr: number, superRows: number, lColPtr: number, x: number, t: number): void;
  backwardSolve(supernodes: number, superPtr: number, superRowPtr: number, superRows: number, lColPtr: number, x: number, t: number): void;
  forwardSolvePairs(supernodes: number, superPtr: number, superRowPtr: number, superRows: number, lColPtr: number, x: number): void;
  backwardSolvePairs(supernodes: number, superPtr: number, superRowPtr: number, superRows: number, lColPtr: number, x: number): void;
  factorise(
    supernodes: number,
    superPtr: number,
    superRowPtr: number,
    superRows: number,
    superOf: number,
    lColPtr: number,
    cColPtr: number,
    cRowIdx: number,
    cSource: number,
    values: number,
    relative: number,
    waitHead: number,
    waitNext: number,
    nextRow: number,
    targets: number,
    sourceBase: number,
    targetBase: number,
    columnBase: number,
  ): number;
}

/**
 * Below this many stored entries of L (256 KiB of values) a factor keeps to the TypeScript kernels under 'auto'. SIMD
 * is faster there too (1.4× on a 32 × 32 lattice, measured), but by well under a millisecond, while each WebAssembly
 * memory reserves gigabytes of address space until it is collected, which many small factors alive at once could
 * exhaust.
 */
export const SIMD_MIN_ENTRIES = 1 << 15;

/** Bytes of zeros after a block of values: subtractProduct reads up to three values past a column's end, dotProducts one. */
export const SIMD_PADDING = 32;

let compiled: object[] | null | undefined;

/** The three compiled modules (dense kernels, solves, factorisation loop), or null where they cannot be compiled here. */
function kernelModules(): object[] | null {
  if (compiled === undefined) {
    try {
      compiled = [kernelsWasm, solvesWasm, factorWasm].map((base64) => new WebAssembly.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
    } catch {
      compiled = null; // no WebAssembly or no SIMD here, or a synchronous compile refused
    }
  }
  return compiled;
}

function environmentChoice(): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env['HLM_SPARSE_KERNELS'];
}

/**
 * The SIMD kernels over a fresh zeroed memory of at least `bytes` bytes, when `choice` asks for them for a factor of
 * `entries` stored entries and WebAssembly can run them here (and can allocate the memory); otherwise undefined, and the
 * caller uses the TypeScript kernels.
 */
export function simdKernels(choice: KernelChoice, entries: number, bytes: number): SimdKernels | undefined {
  const resolved = choice === 'auto' ? (environmentChoice() ?? (entries >= SIMD_MIN_ENTRIES ? 'webassembly' : 'typescript')) : choice;
  if (resolved !== 'webassembly') return undefined;
  const modules = kernelModules();
  if (modules === null) return undefined;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const [denseModule, solvesModule, factorModule] = modules;
    if (denseModule === undefined || solvesModule === undefined || factorModule === undefined) return undefined;
    const instance = (module: object, imports: object): object => new WebAssembly.Instance(module, { env: { memory, ...imports } }).exports;
    const dense = instance(denseModule, {}) as Pick<SimdKernels, 'subtractProduct' | 'factorTrapezoid' | 'invertDiagonalBlock' | 'dotProducts'>;
    const solves = instance(solvesModule, {}) as Pick<SimdKernels, 'forwardSolve' | 'backwardSolve' | 'forwardSolvePairs' | 'backwardSolvePairs'>;
    const factor = instance(factorModule, { subtractProduct: dense.subtractProduct, factorTrapezoid: dense.factorTrapezoid }) as Pick<SimdKernels, 'factorise'>;
    return {
      memory,
      subtractProduct: dense.subtractProduct,
      factorTrapezoid: dense.factorTrapezoid,
      invertDiagonalBlock: dense.invertDiagonalBlock,
      dotProducts: dense.dotProducts,
      forwardSolve: solves.forwardSolve,
      backwardSolve: solves.backwardSolve,
      forwardSolvePairs: solves.forwardSolvePairs,
      backwardSolvePairs: solves.backwardSolvePairs,
      factorise: factor.factorise,
    };
  } catch {
    return undefined; // a memory larger than WebAssembly allows (4 GiB) or than is free
  }
}
