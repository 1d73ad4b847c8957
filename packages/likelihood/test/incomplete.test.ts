import { describe, expect, it } from 'vitest';
import { binomial, incompleteBeta, incompleteGamma, poisson } from '../src/index.js';
import { betaTemme, erfcx, erfcxDirect } from '../src/incomplete.js';

/**
 * References: binomial and Poisson tail sums in exact rational arithmetic (BigInt), rounded once to double.
 * The regularised incomplete beta and gamma functions equal these sums (A&S 26.5.24 and 6.5.13):
 * I_{1−p}(n − k, k + 1) = P(Y ≤ k), Y ~ Bin(n, p), and Q(k + 1, μ) = P(Y ≤ k), Y ~ Poisson(μ).
 */

/** log(num / den) for positive BigInts, correct to double rounding (the quotient is taken to 80 bits). */
function logRatio(num: bigint, den: bigint): number {
  if (num === 0n) return -Infinity;
  const shift = den.toString(2).length - num.toString(2).length + 80;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return (Math.log2(Number(q)) - shift) * Math.LN2;
}

/**
 * log P(Y ≤ k) and log P(Y > k) for each k in `ks` and Y ~ Bin(n, p), p = pn / pd: the terms C(n, j) pnʲ (pd − pn)ⁿ⁻ʲ
 * summed exactly up to the largest k and divided by their total pdⁿ.
 */
function binomialTails(ks: number[], n: number, pn: bigint, pd: bigint): { lower: number; upper: number }[] {
  const qn = pd - pn;
  const cumulative = new Map<number, bigint>(ks.map((k) => [k, 0n])); // kept only at the ks asked for
  let term = qn ** BigInt(n);
  let sum = 0n;
  const last = Math.max(...ks);
  for (let j = 0; j <= last; j++) {
    sum += term;
    if (cumulative.has(j)) cumulative.set(j, sum);
    if (j < n) term = (term * BigInt(n - j) * pn) / (BigInt(j + 1) * qn); // exact: the next term is an integer
  }
  const total = pd ** BigInt(n); // Σ_j C(n, j) pnʲ qnⁿ⁻ʲ = (pn + qn)ⁿ
  return ks.map((k) => ({ lower: logRatio(cumulative.get(k)!, total), upper: logRatio(total - cumulative.get(k)!, total) }));
}

/**
 * log P(Y ≤ k) and log P(Y > k) for Y ~ Poisson(μ), μ = mn / md: e^(−μ) Σ_j μʲ/j!, the sums over a common
 * denominator J! md^J with J far enough beyond k and μ that the omitted terms are below 1e-40 of the upper tail.
 */
function poissonTails(k: number, mn: bigint, md: bigint): { lower: number; upper: number } {
  const mu = Number(mn) / Number(md);
  const J = Math.ceil(Math.max(k, mu) + 40 * Math.sqrt(mu + 1) + 200);
  let term = md ** BigInt(J);
  for (let j = 2; j <= J; j++) term *= BigInt(j); // j = 0: J! md^J
  let lower = 0n;
  let upper = 0n;
  for (let j = 0; j <= J; j++) {
    if (j <= k) lower += term;
    else upper += term;
    if (j < J) term = (term * mn) / (md * BigInt(j + 1)); // J!/(j+1)! md^(J−j−1) mn^(j+1): exact
  }
  const total = lower + upper;
  // Σ_j μʲ/j! = total / (J! md^J); P = e^(−μ) · that, and log of the denominator is log(total) − log(e^μ·…), so
  // take the ratio to the truncated total, whose log is μ up to the omitted terms
  return { lower: logRatio(lower, total), upper: logRatio(upper, total) };
}

function relativeError(got: number, logWant: number): number {
  return Math.abs(got / Math.exp(logWant) - 1);
}

describe('incompleteBeta against exact binomial sums', () => {
  // each case says which method the parameters a = n − k, b = k + 1 select
  const cases: { label: string; ns: number[]; tol: number }[] = [
    { label: 'continued fraction (small n)', ns: [1, 2, 5, 30], tol: 1e-13 },
    { label: 'continued fraction (n up to 2000)', ns: [200, 2000], tol: 1e-12 },
    { label: "Temme's expansion where a, b ≥ 3000 (n = 7000)", ns: [7000], tol: 1e-12 },
  ];
  for (const { label, ns, tol } of cases) {
    it(`${label}: both tails to ${tol} relative wherever the tail exceeds 1e-300`, () => {
      let worst = 0;
      let temmeUsed = false;
      for (const n of ns) {
        for (const [pn, pd] of [[1n, 1000n], [3n, 10n], [1n, 2n], [7n, 8n], [999n, 1000n]] as const) {
          const ks = n <= 30 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: 25 }, (_, i) => Math.floor((i * (n - 1)) / 24));
          const tails = binomialTails(ks, n, pn, pd);
          for (const [index, k] of ks.entries()) {
            const want = tails[index]!;
            const p = Number(pn) / Number(pd);
            const got = incompleteBeta(1 - p, n - k, k + 1, p);
            if (n - k >= 3000 && k + 1 >= 3000) temmeUsed = true;
            if (want.lower > -690) worst = Math.max(worst, relativeError(got.lower, want.lower));
            if (want.upper > -690) worst = Math.max(worst, relativeError(got.upper, want.upper));
          }
        }
      }
      console.log(`incompleteBeta, ${label}: worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(tol);
      if (ns.includes(7000)) expect(temmeUsed).toBe(true);
    });
  }

  it("Temme's expansion (a, b ≥ 3000): both tails across the whole band where they exceed 1e-300, and at the switch from the continued fraction", () => {
    // (n, p), p dyadic so that the arguments are exact: symmetric, moderately and strongly skewed x₀ = a/(a + b); ks from −38 to +38 standard deviations about
    // the mean, and the ks where a = n − k or b = k + 1 crosses 3000
    const settings: [number, bigint, bigint][] = [[6000, 1n, 2n], [7001, 1n, 2n], [12000, 5n, 16n], [30000, 1n, 2n], [30000, 7n, 8n], [100000, 1n, 32n]];
    let worstTemme = 0;
    let worstFraction = 0;
    let temmePoints = 0;
    for (const [n, pn, pd] of settings) {
      const p = Number(pn) / Number(pd);
      const sd = Math.sqrt(n * p * (1 - p));
      const band = [-38, -30, -24, -16, -10, -6, -3, -1.5, -0.5, 0, 0.5, 1.5, 3, 6, 10, 16, 24, 30, 38].map((z) => Math.round(n * p + z * sd));
      const ks = [...new Set([...band, 2997, 2998, 2999, 3000, n - 3002, n - 3001, n - 3000, n - 2999])].filter((k) => k >= 0 && k < n).sort((u, v) => u - v);
      const tails = binomialTails(ks, n, pn, pd);
      for (const [index, k] of ks.entries()) {
        const want = tails[index]!;
        const got = incompleteBeta(1 - p, n - k, k + 1, p);
        const temme = n - k >= 3000 && k + 1 >= 3000;
        let error = 0;
        if (want.lower > -690) error = Math.max(error, relativeError(got.lower, want.lower));
        if (want.upper > -690) error = Math.max(error, relativeError(got.upper, want.upper));
        if (temme && (want.lower > -690 || want.upper > -690)) temmePoints++;
        if (temme) worstTemme = Math.max(worstTemme, error);
        else worstFraction = Math.max(worstFraction, error);
      }
    }
    console.log(`incompleteBeta, Temme band: worst relative error ${worstTemme.toExponential(2)} over ${temmePoints} points; continued fraction next to it ${worstFraction.toExponential(2)}`);
    // measured: 6.6e-14 (Temme), 1.7e-13 (continued fraction next to it)
    expect(temmePoints).toBeGreaterThan(80);
    expect(worstTemme).toBeLessThanOrEqual(1e-13);
    expect(worstFraction).toBeLessThanOrEqual(1e-12);
  });

  it('is exact at the ends and NaN outside its domain', () => {
    expect(incompleteBeta(0, 2, 3)).toEqual({ lower: 0, upper: 1 });
    expect(incompleteBeta(1, 2, 3)).toEqual({ lower: 1, upper: 0 });
    expect(incompleteBeta(0.5, 0, 3).lower).toBeNaN();
    expect(incompleteBeta(-0.1, 2, 3).lower).toBeNaN();
  });
});

describe('incompleteGamma against exact Poisson sums', () => {
  const cases: { label: string; ks: number[]; tol: number }[] = [
    { label: 'series and continued fraction (a = k + 1 < 100)', ks: [0, 1, 3, 10, 40, 98], tol: 1e-13 },
    { label: "Temme's expansion (a ≥ 100, |η| ≤ 1) and series or fraction beyond", ks: [99, 150, 400, 1000], tol: 2e-13 },
  ];
  for (const { label, ks, tol } of cases) {
    it(`${label}: both tails to ${tol} relative wherever the tail exceeds 1e-300`, () => {
      let worst = 0;
      for (const k of ks) {
        // means from far below k to far above, rational so that the reference is exact
        for (const ratio of [0.05, 0.3, 0.8, 0.97, 1, 1.03, 1.25, 2, 5]) {
          const md = 1000n;
          const mn = BigInt(Math.max(1, Math.round((k + 1) * ratio * 1000)));
          const want = poissonTails(k, mn, md);
          const got = incompleteGamma(k + 1, Number(mn) / Number(md));
          if (want.lower > -690) worst = Math.max(worst, relativeError(got.upper, want.lower));
          if (want.upper > -690) worst = Math.max(worst, relativeError(got.lower, want.upper));
        }
      }
      console.log(`incompleteGamma, ${label}: worst relative error ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(tol);
    });
  }

  it("Temme's expansion (a ≥ 100, |η| ≤ 1): both tails from x = 0.3a to 2.2a, across the switch at |η| = 1 and a = 100", () => {
    // |η| = 1 where λ − 1 − log λ = ½, λ = x/a: at λ ≈ 0.3161 and λ ≈ 2.1559
    const ratios = [0.3, 0.31, 0.3161, 0.3162, 0.33, 0.5, 0.7, 0.9, 0.97, 0.995, 1, 1.005, 1.03, 1.1, 1.4, 1.8, 2.15, 2.1559, 2.156, 2.2];
    let worstTemme = 0;
    let worstOther = 0;
    for (const k of [98, 99, 100, 250, 1000, 2500]) {
      for (const ratio of ratios) {
        const md = 1000n;
        const mn = BigInt(Math.round((k + 1) * ratio * 1000));
        const mu = Number(mn) / Number(md);
        const a = k + 1;
        const lambda = mu / a;
        const temme = a >= 100 && lambda - 1 - Math.log(lambda) <= 0.5;
        const want = poissonTails(k, mn, md);
        const got = incompleteGamma(a, mu);
        let error = 0;
        if (want.lower > -690) error = Math.max(error, relativeError(got.upper, want.lower));
        if (want.upper > -690) error = Math.max(error, relativeError(got.lower, want.upper));
        if (temme) worstTemme = Math.max(worstTemme, error);
        else worstOther = Math.max(worstOther, error);
      }
    }
    console.log(`incompleteGamma, Temme band: worst relative error ${worstTemme.toExponential(2)}; series and fraction next to it ${worstOther.toExponential(2)}`);
    // measured: 1.2e-13 (Temme), 1.6e-13 (series and fraction); μ = mn/1000 is rounded to double, which alone can
    // move a tail by about μ·ε·|1 − a/μ|, up to 3e-13 here
    expect(worstTemme).toBeLessThanOrEqual(2e-13);
    expect(worstOther).toBeLessThanOrEqual(2e-13);
  });

  it('is exact at the ends and NaN outside its domain', () => {
    expect(incompleteGamma(2, 0)).toEqual({ lower: 0, upper: 1 });
    expect(incompleteGamma(2, Infinity)).toEqual({ lower: 1, upper: 0 });
    expect(incompleteGamma(0, 1).lower).toBeNaN();
    expect(incompleteGamma(2, -1).lower).toBeNaN();
  });
});

describe('the binomial and Poisson CDFs (summed below k = 16, incomplete beta and gamma from there)', () => {
  it('binomial: P(Y ≤ k) to 1e-12 relative against exact sums for k on both sides of the switch', () => {
    let worst = 0;
    for (const n of [20, 300]) {
      for (const [pn, pd] of [[1n, 50n], [1n, 2n], [9n, 10n]] as const) {
        const ks = Array.from({ length: 20 }, (_, i) => i).filter((k) => k < n);
        const tails = binomialTails(ks, n, pn, pd);
        // η = logit(p); sigmoid(η) returns p to within an ulp or two, which moves the CDF by far less than 1e-12
        const eta = Math.log(Number(pn) / Number(pd - pn));
        for (const [index, k] of ks.entries()) {
          if (tails[index]!.lower > -690) worst = Math.max(worst, relativeError(binomial.cdf(k, { Ntrials: [n] }, 0, [], eta), tails[index]!.lower));
        }
      }
    }
    console.log(`binomial cdf: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('binomial: the summed and incomplete-beta values agree to 1e-13 relative at the switch, also for n = 10⁶', () => {
    for (const [n, eta] of [[40, -1.2], [1e6, -11.5], [1e6, -12.3]] as const) {
      const e = Math.exp(-Math.abs(eta));
      const p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
      const q = eta >= 0 ? e / (1 + e) : 1 / (1 + e);
      const summed = binomial.cdf(15, { Ntrials: [n] }, 0, [], eta); // k = 15 < 16: summed
      const beta = incompleteBeta(q, n - 15, 16, p).lower;
      expect(Math.abs(summed / beta - 1), `n=${n} η=${eta}: ${summed} vs ${beta}`).toBeLessThanOrEqual(1e-13);
    }
  });

  it('poisson: P(Y ≤ k) to 1e-12 relative against exact sums, summed and by the incomplete gamma', () => {
    let worst = 0;
    for (const k of [0, 3, 15, 16, 40, 150]) {
      for (const ratio of [0.2, 1, 3]) {
        const mn = BigInt(Math.max(1, Math.round((k + 1) * ratio * 1000)));
        const mu = Number(mn) / 1000;
        const want = poissonTails(k, mn, 1000n);
        // E = μ and η = 0, so the mean is μ exactly
        if (want.lower > -690) worst = Math.max(worst, relativeError(poisson.cdf(k, { E: [mu] }, 0, [], 0), want.lower));
      }
    }
    console.log(`poisson cdf: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });
});

/** Fixed-point BigInt arithmetic at 2^-400 for the exact references of erfcx. */
const BITS = 400n;
const ONE = 1n << BITS;

/** π·2^400 by Machin's formula π = 16 atan(1/5) − 4 atan(1/239), each by its alternating series. */
function scaledPi(): bigint {
  const atanInverse = (m: bigint): bigint => {
    let power = ONE / m; // 1/m^(2k+1)
    let sum = 0n;
    for (let k = 0n; power > 0n; k++) {
      sum += (k % 2n === 0n ? 1n : -1n) * (power / (2n * k + 1n));
      power /= m * m;
    }
    return sum;
  };
  return 16n * atanInverse(5n) - 4n * atanInverse(239n);
}

/** ⌊√v⌋ by Newton's method. */
function integerSqrt(v: bigint): bigint {
  let r = 1n << BigInt(Math.ceil(v.toString(2).length / 2));
  for (;;) {
    const next = (r + v / r) / 2n;
    if (next >= r) return r;
    r = next;
  }
}

/**
 * erfcx(z) = e^(z²) (1 − erf(z)) with e^(z²) ∫₀^z e^(−t²) dt = Σ_n 2ⁿ z^(2n+1)/(2n+1)!! (positive terms, A&S 7.1.6), so
 * erfcx(z) = e^(z²) − (2/√π) Σ_n 2ⁿ z^(2n+1)/(2n+1)!!, both series summed in fixed point at 2^-400 for z a multiple
 * of 2^-30 (the cancellation, at most e³⁶ against 0.09, costs 56 of the 400 bits), √π from Machin's π.
 */
function exactErfcx(z: number, sqrtPi: bigint): number {
  const zs = BigInt(Math.round(z * 2 ** 30)) << (BITS - 30n); // exact: z is a multiple of 2^-30
  const x = (zs * zs) >> BITS;
  let exp = 0n;
  let term = ONE;
  for (let n = 1n; term > 0n; n++) {
    exp += term;
    term = (term * x) / (ONE * n);
  }
  let integral = 0n;
  term = zs;
  for (let n = 0n; term > 0n; n++) {
    integral += term;
    term = (term * 2n * x) / (ONE * (2n * n + 3n));
  }
  const value = exp - (2n * integral * ONE) / sqrtPi;
  return Number(value >> (BITS - 80n)) / 2 ** 80;
}

describe('erfcx', () => {
  it('the Taylor polynomials about z₀ = j/8 agree with exact values to 2.5e-15 relative, z from 0 to 6.5, and with the direct method (which they start from) to 1e-14', () => {
    const sqrtPi = integerSqrt(scaledPi() * ONE);
    let worstExact = 0;
    let worstExactDirect = 0;
    let worstDirect = 0;
    // every grid point, the midpoints between them (|h| = 1/16, the farthest) and points in between, all multiples of 2^-30
    for (let i = 0; i <= 6.5 * 128; i++) {
      for (const offset of [0, 1 / 1024, 17 / 65536, 1 / 256 - 2 ** -30]) {
        const z = i / 128 + offset;
        const want = exactErfcx(z, sqrtPi);
        worstExact = Math.max(worstExact, Math.abs(erfcx(z) / want - 1));
        worstExactDirect = Math.max(worstExactDirect, Math.abs(erfcxDirect(z) / want - 1));
        worstDirect = Math.max(worstDirect, Math.abs(erfcx(z) / erfcxDirect(z) - 1));
      }
    }
    console.log(`erfcx: worst relative error ${worstExact.toExponential(2)} (the direct method ${worstExactDirect.toExponential(2)}); against the direct method ${worstDirect.toExponential(2)}`);
    // measured: 2.2e-15 (10 ulps, from the grid values t₀: the direct method itself is off by up to 30 ulps near z = 1.2;
    // the former Taylor steps from the same t₀ measured 2.3e-15), 7.7e-15 against the direct method
    expect(worstExact).toBeLessThanOrEqual(2.5e-15);
    expect(worstDirect).toBeLessThanOrEqual(1e-14);
  });
});

describe("Temme's beta expansion, its Taylor polynomial in η cut by |η|", () => {
  it('agrees with all 24 terms to 1e-15 relative, both tails, across the band where they exceed 1e-300', () => {
    // n from 6000 to 10⁶, x₀ from ½ to the most skewed allowed (a or b = 3000); ks from −38 to +38 standard deviations
    // and densely about the mean, where the cut is shortest; p inexact (η a decimal), as the binomial CDF passes it
    let worst = 0;
    let points = 0;
    for (const n of [6000, 7001, 30000, 1e5, 1e6]) {
      for (const p of [0.5, 0.3, 0.07, 3100 / n, 1 - 3100 / n]) {
        const sd = Math.sqrt(n * p * (1 - p));
        const zs = [-38, -30, -20, -12, -8, -5, -3, -2, -1, -0.5, -0.2, -0.05, 0, 0.05, 0.2, 0.5, 1, 2, 3, 5, 8, 12, 20, 30, 38];
        for (const k of [...new Set(zs.map((z) => Math.round(n * p + z * sd)))]) {
          if (n - k < 3000 || k + 1 < 3000) continue;
          for (const shift of [-0.013, 0, 0.0071]) {
            const eta = Math.log(p / (1 - p)) + shift / Math.sqrt(n);
            const q = 1 / (1 + Math.exp(eta));
            const cut = betaTemme(q, n - k, k + 1, 1 - q);
            const full = betaTemme(q, n - k, k + 1, 1 - q, true);
            for (const [got, want] of [[cut.lower, full.lower], [cut.upper, full.upper]] as const) {
              if (want > 1e-300) worst = Math.max(worst, Math.abs(got / want - 1));
            }
            points++;
          }
        }
      }
    }
    console.log(`betaTemme cut by |η|: worst relative change ${worst.toExponential(2)} over ${points} points`);
    // measured: 2.2e-16 (an ulp: the cut's bound allows ε/16)
    expect(points).toBeGreaterThan(300);
    expect(worst).toBeLessThanOrEqual(1e-15);
  });
});
