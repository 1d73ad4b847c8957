import { describe, expect, it } from 'vitest';
import { assertClose, seededRandom } from '@hlm/test-utils';
import { log1pExp, logChoose, logGamma, sigmoid } from '../src/index.js';

/** log C(n, k) from the exact integer coefficient (exact in double for n ≤ 50). */
function logChooseExact(n: number, k: number): number {
  let c = 1n;
  for (let j = 1n; j <= BigInt(k); j++) c = (c * (BigInt(n) - BigInt(k) + j)) / j;
  return Math.log(Number(c));
}

describe('logGamma', () => {
  it('matches closed forms', () => {
    assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), { rel: 1e-14 }, 'lgamma(0.5) = log √π');
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    assertClose(logGamma(3), Math.log(2), { rel: 1e-14 }, 'lgamma(3) = log 2');
    assertClose(logGamma(10), Math.log(362880), { rel: 1e-14 }, 'lgamma(10) = log 9!');
    // Γ(n + 1/2) = (2n)! √π / (4ⁿ n!), so log Γ(100.5) = Σ_{k=101}^{200} log k − 100 log 4 + ½ log π.
    let logRatio = 0;
    for (let k = 101; k <= 200; k++) logRatio += Math.log(k);
    assertClose(logGamma(100.5), logRatio - 100 * Math.log(4) + 0.5 * Math.log(Math.PI), { rel: 1e-13 }, 'lgamma(100.5)');
  });

  it('matches 40-digit reference values (mpmath.loggamma)', () => {
    const reference: [number, number][] = [
      [1e-10, 23.02585092988273527369799],
      [0.001, 6.907178885383853682512345],
      [2.5, 0.2846828704729191596324947],
      [7.25, 7.052185450738539444925749],
      [100.5, 361.4355404677776215552519],
      [1000.25, 5906.947268271117176996487],
      [1e6, 12815504.56914761165997697],
      [1e15, 33538776394910668.90982021],
    ];
    for (const [x, expected] of reference) assertClose(logGamma(x), expected, { rel: 1e-14 }, `lgamma(${x})`);
  });

  it('satisfies the recursion, duplication and reflection identities', () => {
    const u = seededRandom(11);
    for (let t = 0; t < 200; t++) {
      const x = 0.01 + 60 * u();
      assertClose(logGamma(x + 1) - logGamma(x), Math.log(x), { abs: 1e-13 }, `recursion at ${x}`);
      // Legendre: Γ(x) Γ(x + ½) = 2^{1−2x} √π Γ(2x)
      const dup = logGamma(x) + logGamma(x + 0.5) - (1 - 2 * x) * Math.LN2 - 0.5 * Math.log(Math.PI);
      assertClose(dup, logGamma(2 * x), { abs: 1e-12, rel: 1e-14 }, `duplication at ${x}`);
      // Euler: Γ(z) Γ(1 − z) = π / sin(πz) for 0 < z < 1
      const z = 0.001 + 0.998 * u();
      assertClose(logGamma(z) + logGamma(1 - z), Math.log(Math.PI / Math.sin(Math.PI * z)), { abs: 1e-13 }, `reflection at ${z}`);
    }
  });

  it('returns NaN outside its domain and Infinity at Infinity', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
    expect(logGamma(Infinity)).toBe(Infinity);
  });
});

describe('log1pExp', () => {
  it('matches the direct formula where it is safe, and the log1p series below', () => {
    for (let x = -5; x <= 30; x += 0.25) assertClose(log1pExp(x), Math.log(1 + Math.exp(x)), { rel: 1e-13 }, `x = ${x}`);
    // log(1 + t) = t − t²/2 + t³/3 − … with t = eˣ ≤ e⁻⁵; twelve terms leave a relative error below 1e-24.
    for (let x = -40; x < -5; x += 0.25) {
      const t = Math.exp(x);
      let series = 0;
      for (let k = 12; k >= 1; k--) series = t * (1 / k - series);
      assertClose(log1pExp(x), series, { rel: 1e-15 }, `x = ${x}`);
    }
  });

  it('is accurate in the tails and exact at the limits', () => {
    assertClose(log1pExp(-700), Math.exp(-700), { rel: 1e-14 }, 'x = -700');
    expect(log1pExp(700)).toBe(700);
    expect(log1pExp(1e300)).toBe(1e300);
    expect(log1pExp(-1e300)).toBe(0);
    expect(log1pExp(Infinity)).toBe(Infinity);
    expect(log1pExp(-Infinity)).toBe(0);
    assertClose(log1pExp(1e-12), Math.LN2 + 5e-13, { rel: 1e-15 }, 'x = 1e-12');
  });
});

describe('sigmoid', () => {
  it('is symmetric and exact in the tails', () => {
    for (let x = -40; x <= 40; x += 0.5) assertClose(sigmoid(x) + sigmoid(-x), 1, { abs: 1e-15 }, `x = ${x}`);
    assertClose(sigmoid(-700), Math.exp(-700), { rel: 1e-14 }, 'sigmoid(-700)');
    expect(sigmoid(700)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
  });
});

describe('logChoose', () => {
  it('matches exact binomial coefficients', () => {
    for (let n = 0; n <= 50; n++) {
      for (let k = 0; k <= n; k++) assertClose(logChoose(n, k), logChooseExact(n, k), { abs: 1e-13, rel: 1e-14 }, `C(${n}, ${k})`);
    }
  });

  it('is exactly 0 at k = 0 and k = n, and matches references for large n', () => {
    expect(logChoose(6003, 0)).toBe(0);
    expect(logChoose(6003, 6003)).toBe(0);
    assertClose(logChoose(1000, 500), 689.4672615678511800755089, { rel: 1e-14 }, 'C(1000, 500)');
    // The difference of log-gammas near 1.3e7 leaves an absolute error of about eps · 1.3e7 ≈ 3e-9.
    assertClose(logChoose(1e6, 3), 39.65476920466226730851136, { abs: 1e-8 }, 'C(1e6, 3)');
  });
});
