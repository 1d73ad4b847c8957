/**
 * Tolerance helpers shared by hlm's tests. Every numeric assertion states its tolerance;
 * these helpers put the actual and expected values and the tolerance into the failure message.
 */

export interface Tolerance {
  /** Absolute tolerance: |actual - expected| <= abs passes. */
  abs?: number;
  /** Relative tolerance: |actual - expected| <= rel * |expected| passes. */
  rel?: number;
}

/** The absolute and relative distance of `actual` from `expected`. */
export function distance(actual: number, expected: number): { abs: number; rel: number } {
  const abs = Math.abs(actual - expected);
  return { abs, rel: expected === 0 ? (abs === 0 ? 0 : Infinity) : abs / Math.abs(expected) };
}

/** Throws unless `actual` is within the tolerance of `expected` (either bound suffices when both are given). */
export function assertClose(actual: number, expected: number, tol: Tolerance, label = 'value'): void {
  if (!Number.isFinite(actual)) {
    throw new Error(`${label}: expected a finite number near ${expected}, got ${actual}`);
  }
  const d = distance(actual, expected);
  const okAbs = tol.abs !== undefined && d.abs <= tol.abs;
  const okRel = tol.rel !== undefined && d.rel <= tol.rel;
  if (!okAbs && !okRel) {
    throw new Error(
      `${label}: ${actual} is not within ${JSON.stringify(tol)} of ${expected} (abs ${d.abs.toExponential(3)}, rel ${d.rel.toExponential(3)})`,
    );
  }
}

/** Element-wise assertClose over two equally long arrays. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  label = 'array',
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} differs from expected length ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === undefined || e === undefined) throw new Error(`${label}[${i}] is missing`);
    assertClose(a, e, tol, `${label}[${i}]`);
  }
}

/** The largest absolute element-wise difference of two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} differs from ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const bi = b[i];
    if (ai === undefined || bi === undefined) throw new Error(`element ${i} is missing`);
    m = Math.max(m, Math.abs(ai - bi));
  }
  return m;
}

/** A small deterministic pseudo-random generator (mulberry32) so tests never depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box-Muller). */
export function normalDraw(uniform: () => number): number {
  const u = Math.max(uniform(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

export { dataPath, electionModel, electionTable, readNumericCsv } from './data.js';
