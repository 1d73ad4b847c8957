import { describe, expect, it } from 'vitest';
import { assertClose, seededRandom } from '@hlm/test-utils';
import { binomial, LikelihoodError, type LikelihoodErrorCode } from '../src/index.js';

/** (y, n) pairs covering y = 0, y = n and interior counts. */
const CASES: [number, number][] = [
  [0, 1],
  [1, 1],
  [0, 10],
  [3, 10],
  [10, 10],
  [7, 25],
];

/** log C(n, y) + y η − n log(1 + e^η), directly (safe for moderate η). */
function directLogDensity(y: number, n: number, eta: number): number {
  let logC = 0;
  for (let j = 1; j <= y; j++) logC += Math.log((n - y + j) / j);
  return logC + y * eta - n * Math.log(1 + Math.exp(eta));
}

/** The scalar functions of one observation with n trials. */
const logDensityAt = (y: number, n: number, eta: number): number => binomial.logDensityAt(y, { Ntrials: [n] }, 0, [], eta);
const cdfAt = (y: number, n: number, eta: number): number => binomial.cdf(y, { Ntrials: [n] }, 0, [], eta);

function derivativesAt(y: number, n: number, eta: number): [number, number, number] {
  const d1 = new Float64Array(1);
  const d2 = new Float64Array(1);
  const d3 = new Float64Array(1);
  binomial.derivatives([y], { Ntrials: [n] }, [], [eta], d1, d2, d3);
  return [d1[0]!, d2[0]!, d3[0]!];
}

function etaGrid(): number[] {
  const grid: number[] = [];
  for (let eta = -30; eta <= 30; eta += 0.5) grid.push(eta);
  const u = seededRandom(3);
  for (let t = 0; t < 40; t++) grid.push(-30 + 60 * u());
  return grid;
}

describe('binomial log density', () => {
  it('is named binomial with the logit link', () => {
    expect(binomial.name).toBe('binomial');
    expect(binomial.link).toBe('logit');
  });

  it('matches the direct formula for moderate η, element-wise and as a scalar', () => {
    const u = seededRandom(5);
    const y: number[] = [];
    const n: number[] = [];
    const eta: number[] = [];
    for (let i = 0; i < 300; i++) {
      const ni = 1 + Math.floor(40 * u());
      n.push(ni);
      y.push(Math.floor((ni + 1) * u()));
      eta.push(-10 + 20 * u());
    }
    const out = binomial.logDensity(y, { Ntrials: n }, [], eta, new Float64Array(300));
    for (let i = 0; i < 300; i++) {
      const expected = directLogDensity(y[i]!, n[i]!, eta[i]!);
      assertClose(out[i]!, expected, { abs: 1e-12, rel: 1e-13 }, `row ${i}`);
      expect(binomial.logDensityAt(y[i]!, { Ntrials: n }, i, [], eta[i]!)).toBe(out[i]);
    }
  });

  it('gives new values for a reused buffer whose counts changed (log C(n, y) is kept only for unchanged columns)', () => {
    const y = Float64Array.of(3, 0, 7);
    const n = Float64Array.of(10, 4, 25);
    const eta = [0.3, -1.2, 0.8];
    const out = new Float64Array(3);
    const check = (): void => {
      binomial.logDensity(y, { Ntrials: n }, [], eta, out);
      for (let i = 0; i < 3; i++) assertClose(out[i]!, directLogDensity(y[i]!, n[i]!, eta[i]!), { abs: 1e-12, rel: 1e-13 }, `row ${i}: y ${y[i]} n ${n[i]}`);
    };
    check();
    check();
    y[2] = 12;
    check();
    n[0] = 11;
    check();
  });

  it('sums to 1 over y = 0..n', () => {
    for (const n of [1, 2, 7, 30, 200]) {
      for (const eta of [-30, -5, -0.3, 0, 1.7, 8, 30]) {
        let total = 0;
        for (let y = 0; y <= n; y++) total += Math.exp(logDensityAt(y, n, eta));
        assertClose(total, 1, { abs: 1e-12 }, `n = ${n}, η = ${eta}`);
      }
    }
  });

  it('is finite at η = ±700 and beyond, with the right limits', () => {
    for (const [y, n] of CASES) {
      for (const eta of [-1e300, -1e4, -700, 700, 1e4, 1e300]) {
        const value = logDensityAt(y, n, eta);
        expect(Number.isFinite(value), `y=${y} n=${n} η=${eta}: ${value}`).toBe(true);
        // The mass concentrates on y = n as η → ∞ and on y = 0 as η → −∞.
        const logC = directLogDensity(y, n, 0) + n * Math.LN2;
        if (eta > 0) assertClose(value, y === n ? 0 : logC - (n - y) * eta, { abs: 1e-12, rel: 1e-15 }, `η=${eta}`);
        else assertClose(value, y === 0 ? 0 : logC + y * eta, { abs: 1e-12, rel: 1e-15 }, `η=${eta}`);
      }
    }
    expect(logDensityAt(4, 4, Infinity)).toBe(0);
    expect(logDensityAt(3, 4, Infinity)).toBe(-Infinity);
    expect(logDensityAt(0, 4, -Infinity)).toBe(0);
    expect(logDensityAt(1, 4, -Infinity)).toBe(-Infinity);
  });
});

describe('binomial derivatives', () => {
  const h = 1e-5;

  it('d1 matches central differences of the log density, d2 of d1 and d3 of d2 over η in [−30, 30]', () => {
    for (const [y, n] of CASES) {
      for (const eta of etaGrid()) {
        const [d1, d2, d3] = derivativesAt(y, n, eta);
        const fd1 = (logDensityAt(y, n, eta + h) - logDensityAt(y, n, eta - h)) / (2 * h);
        const fd2 = (derivativesAt(y, n, eta + h)[0] - derivativesAt(y, n, eta - h)[0]) / (2 * h);
        const fd3 = (derivativesAt(y, n, eta + h)[1] - derivativesAt(y, n, eta - h)[1]) / (2 * h);
        const where = `y=${y} n=${n} η=${eta}`;
        assertClose(d1, fd1, { abs: 1e-6 }, `d1 ${where}`);
        assertClose(d2, fd2, { abs: 1e-8, rel: 1e-7 }, `d2 ${where}`);
        assertClose(d3, fd3, { abs: 1e-8, rel: 1e-7 }, `d3 ${where}`);
      }
    }
  });

  it('match the closed forms y − np, −np(1−p), −np(1−p)(1−2p)', () => {
    for (const [y, n] of CASES) {
      for (const eta of [-3, -0.5, 0, 0.25, 2]) {
        const p = 1 / (1 + Math.exp(-eta));
        const [d1, d2, d3] = derivativesAt(y, n, eta);
        assertClose(d1, y - n * p, { abs: 1e-14 }, 'd1');
        assertClose(d2, -n * p * (1 - p), { abs: 1e-14 }, 'd2');
        assertClose(d3, -n * p * (1 - p) * (1 - 2 * p), { abs: 1e-14 }, 'd3');
      }
    }
  });

  it('are finite with the right limits at η = ±700 and beyond', () => {
    for (const [y, n] of CASES) {
      for (const eta of [-Infinity, -1e300, -700, 700, 1e300, Infinity]) {
        const [d1, d2, d3] = derivativesAt(y, n, eta);
        assertClose(d1, eta > 0 ? y - n : y, { abs: 1e-300 }, `d1 y=${y} n=${n} η=${eta}`);
        assertClose(d2, 0, { abs: 1e-300 }, `d2 y=${y} n=${n} η=${eta}`);
        assertClose(d3, 0, { abs: 1e-300 }, `d3 y=${y} n=${n} η=${eta}`);
      }
    }
    // At ±700 the curvature is tiny but still resolved: −n e^{−700} (1 + O(e^{−700})).
    assertClose(derivativesAt(3, 10, 700)[1], -10 * Math.exp(-700), { rel: 1e-13 }, 'd2 at 700');
    assertClose(derivativesAt(3, 10, -700)[2], -10 * Math.exp(-700), { rel: 1e-13 }, 'd3 at -700');
    assertClose(derivativesAt(10, 10, 700)[0], 10 * Math.exp(-700), { rel: 1e-13 }, 'd1 at 700 with y = n');
  });

  it('fills only the arrays it is given', () => {
    const d2 = new Float64Array(2);
    binomial.derivatives([1, 0], { Ntrials: [2, 3] }, [], [0, 0], undefined, d2);
    expect(Array.from(d2)).toEqual([-0.5, -0.75]);
  });
});

describe('binomial cdf and inverse link', () => {
  it('matches the summed pmf and its complement conventions', () => {
    for (const [, n] of CASES) {
      for (const eta of [-4, -0.7, 0, 1.3, 5]) {
        let sum = 0;
        for (let y = 0; y <= n; y++) {
          sum += Math.exp(logDensityAt(y, n, eta));
          assertClose(cdfAt(y, n, eta), Math.min(sum, 1), { abs: 1e-14 }, `P(Y ≤ ${y}) n=${n} η=${eta}`);
          // P(Y < y) is cdf(y − 1), and a non-integer y is floored.
          assertClose(cdfAt(y + 0.6, n, eta), cdfAt(y, n, eta), { abs: 0 }, 'floor');
        }
        expect(cdfAt(-1, n, eta)).toBe(0);
        expect(cdfAt(n, n, eta)).toBe(1);
        expect(cdfAt(n + 3, n, eta)).toBe(1);
      }
    }
  });

  it('matches a high-precision reference at n = 1000', () => {
    // Σ_{k≤500} C(1000, k) / 2¹⁰⁰⁰ from mpmath at 40 digits. Each log C(1000, k) is a difference of
    // log-gammas near 5900, so each pmf term carries a relative error of about 1e-12.
    assertClose(cdfAt(500, 1000, 0), 0.5126125090891804009534208, { rel: 1e-11 }, 'P(Y ≤ 500)');
  });

  it('resolves tiny lower tails', () => {
    // P(Y ≤ 0 | n = 10, η = 5) = (1 − p)^10 = sigmoid(−5)^10.
    assertClose(cdfAt(0, 10, 5), (1 / (1 + Math.exp(5))) ** 10, { rel: 1e-12 }, 'P(Y ≤ 0)');
  });

  it('has the logistic inverse link', () => {
    expect(binomial.inverseLink(0)).toBe(0.5);
    assertClose(binomial.inverseLink(2), 1 / (1 + Math.exp(-2)), { rel: 1e-15 }, 'sigmoid(2)');
    expect(binomial.inverseLink(-800)).toBe(0);
    expect(binomial.inverseLink(800)).toBe(1);
  });
});

describe('binomial validation', () => {
  function validationError(y: number[], n: number[]): LikelihoodError {
    try {
      binomial.validate(y, { Ntrials: n });
    } catch (e) {
      expect(e).toBeInstanceOf(LikelihoodError);
      return e as LikelihoodError;
    }
    throw new Error('expected validate to throw');
  }

  it('accepts valid counts, and a row with no trials (as R-INLA)', () => {
    expect(() => binomial.validate([0, 1, 3, 5, 0], { Ntrials: [1, 1, 4, 5, 0] })).not.toThrow();
  });

  const cases: [string, number[], number[], LikelihoodErrorCode, number | undefined, number | undefined, RegExp][] = [
    ['a length mismatch', [0, 1], [1, 1, 1], 'length-mismatch', undefined, undefined, /2 values but Ntrials has 3/],
    ['a NaN response', [0, Number.NaN], [1, 1], 'not-finite', 2, Number.NaN, /response at row 2 is NaN; expected a finite count/],
    ['an infinite response', [Infinity], [1], 'not-finite', 1, Infinity, /row 1 is Infinity/],
    ['a non-integer response', [0, 0, 1.5], [2, 2, 2], 'not-integer', 3, 1.5, /row 3 is 1.5; expected an integer count/],
    ['a negative response', [0, -1], [2, 2], 'negative', 2, -1, /row 2 is -1; expected a count of at least 0/],
    ['a response above nTrials', [1, 3], [2, 2], 'exceeds-trials', 2, 3, /row 2 is 3; expected at most Ntrials = 2/],
    ['negative trials', [0], [-1], 'invalid-trials', 1, -1, /Ntrials at row 1 is -1; expected a whole number of trials, at least 0/],
    ['a success in zero trials', [1], [0], 'exceeds-trials', 1, 1, /row 1 is 1; expected at most Ntrials = 0/],
    ['fractional trials', [0, 0], [1, 2.5], 'invalid-trials', 2, 2.5, /Ntrials at row 2 is 2.5/],
    ['NaN trials', [0], [Number.NaN], 'invalid-trials', 1, Number.NaN, /Ntrials at row 1 is NaN/],
  ];
  it.each(cases)('rejects %s', (_label, y, n, code, row, value, message) => {
    const error = validationError(y, n);
    expect(error.code).toBe(code);
    expect(error.row).toBe(row);
    expect(error.value).toBe(value);
    expect(error.message).toMatch(message);
    expect(error.name).toBe('LikelihoodError');
  });
});
