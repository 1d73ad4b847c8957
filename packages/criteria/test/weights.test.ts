/**
 * R-INLA's `weights` d_i in the criteria (approx-inference.c: `GMRFLib_ai_dic_integrate`, `GMRFLib_ai_po_integrate`,
 * `GMRFLib_compute_cpodens`, `GMRFLib_ai_cpopit_integrate`, and the rows with d_i ≠ 0 in `d_idx`), checked against
 * closed forms for a Gaussian likelihood computed here, against unit weights, and against prediction rows.
 */
import { inla } from '@hlm/inla';
import { normalCdf } from '@hlm/likelihood';
import { electionModel, electionTable } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { computeCriteria, cpo, dic, marginalLikelihood, predictorPosteriorMean, waic, type CriteriaPoint, type CriteriaPosterior } from '../src/index.js';
import { point, posterior as sharedPosterior } from './helpers.js';

/** The builders' posterior with the mode's log density at −4. */
function posterior(fields: Partial<CriteriaPosterior>): CriteriaPosterior {
  return sharedPosterior({ mode: { logPosterior: -4 }, ...fields });
}

/** Every number of every criterion, as one flat list (NaN kept), for bit-for-bit comparisons. */
function everything(fit: CriteriaPosterior): number[] {
  const all = computeCriteria(fit, { dic: true, waic: true, mlik: true, cpo: true });
  const d = all.dic!;
  const w = all.waic!;
  const c = all.cpo!;
  return [
    d.dic, d.p_eff, d.mean_deviance, d.deviance_mean, ...d.local.dic, ...d.local.p_eff,
    w.waic, w.p_eff, w.lppd, ...w.local,
    all.mlik!.integration, all.mlik!.gaussian,
    ...c.cpo, ...c.pit, ...c.failure, c.sum_log_cpo, c.failures,
  ];
}

function expectSameBits(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, j) => expect(Object.is(x, b[j]), `entry ${j}: ${x} and ${b[j]}`).toBe(true));
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A Gaussian likelihood with precision τ = 2 (θ = log 2, scale 1) at two points. Rows 0 and 1 are the same observation
 * with the same moments, weights 2 and 1; row 2 has weight 0.5, row 3 weight 0, row 4 is a prediction row. The
 * variances are small enough that Gauss–Hermite drops no node, so E[ℓ] and E[ℓ²] (polynomials in η) are exact.
 */
const TAU = 2;
const [P1, P2] = [0.3 / 0.9995, 0.6995 / 0.9995];
const weightsCase = [2, 1, 0.5, 0, 0];
const responseCase = [1, 1, -0.4, 0.3, Number.NaN];
const points = [
  point({ weight: 0.3, latentWeight: P1, predictorWeight: 0.3, familyTheta: [Math.log(TAU)], predictorMean: [0.8, 0.8, -0.1, 0.2, 0], predictorVariance: [0.04, 0.04, 0.02, 0.03, 0.1] }),
  point({ weight: 0.6995, latentWeight: P2, predictorWeight: 0.7, familyTheta: [Math.log(TAU)], predictorMean: [0.65, 0.65, -0.3, 0.1, 0.1], predictorVariance: [0.03, 0.03, 0.05, 0.02, 0.1] }),
  point({ weight: 0.0005, latentWeight: 0, predictorWeight: 0, familyTheta: [Math.log(TAU)], predictorMean: [9, 9, 9, 9, 9], predictorVariance: [1, 1, 1, 1, 1] }),
];
const base = { response: responseCase, columns: { scale: [1, 1, 1, 1, 1] }, familyTheta: [Math.log(TAU)], points };
const weighted = posterior({ ...base, weights: weightsCase });

/** The closed forms under η ~ N(m, v) for y ~ N(η, 1/τ), ℓ = log p(y | η), c = ½ log(τ / 2π), μ = y − m. */
function gaussianTerms(y: number, m: number, v: number) {
  const c = 0.5 * (Math.log(TAU) - LOG_2PI);
  const mu = y - m;
  const meanSquare = mu * mu + v;
  return {
    meanLog: c - (TAU / 2) * meanSquare,
    meanLogSquared: c * c - c * TAU * meanSquare + (TAU * TAU / 4) * (mu ** 4 + 6 * mu * mu * v + 3 * v * v),
    // E[p(y | η)] = N(y; m, v + 1/τ)
    meanDensity: Math.exp(-0.5 * LOG_2PI - 0.5 * Math.log(v + 1 / TAU) - (mu * mu) / (2 * (v + 1 / TAU))),
  };
}

/** R-INLA's weighted DIC and WAIC terms of row i from the closed forms (the formulas of approx-inference.c). */
function expectedTerms(i: number) {
  const d = weightsCase[i]!;
  const y = responseCase[i]!;
  const etaBar = predictorPosteriorMean(weighted)[i]!;
  let meanDeviance = 0;
  let po = 0;
  let first = 0;
  let second = 0;
  [P1, P2].forEach((p, k) => {
    const t = gaussianTerms(y, points[k]!.predictorMean[i]!, points[k]!.predictorVariance[i]!);
    meanDeviance += p * -2 * d * t.meanLog;
    po += p * t.meanDensity ** d;
    first += p * d * t.meanLog;
    second += p * d * d * t.meanLogSquared;
  });
  const atMean = -2 * d * (0.5 * (Math.log(TAU) - LOG_2PI) - (TAU / 2) * (y - etaBar) ** 2);
  const variance = second - first * first;
  return { meanDeviance, atMean, dic: 2 * meanDeviance - atMean, pEff: meanDeviance - atMean, logPo: Math.log(po), variance, waic: -2 * (Math.log(po) - variance) };
}

/**
 * Exact CPO and PIT of a Gaussian row of weight d at one point: p^d ∝ exp(−dτ(y − η)²/2), so the leave-one-out density
 * N(m, v)/p^d is Gaussian with precision 1/v − dτ, CPO = 1/E[p^−d] = (τ/2π)^(d/2) √(1 − dτv) exp(−dτμ²/(2(1 − dτv))),
 * and PIT = Φ((y − m′)/√(v′ + 1/τ)) with the unweighted CDF (R-INLA's).
 */
function exactPointCpo(y: number, m: number, v: number, d: number): { cpo: number; pit: number } {
  const shrink = 1 - d * TAU * v;
  const mu = y - m;
  const cpoValue = Math.exp((d / 2) * (Math.log(TAU) - LOG_2PI) + 0.5 * Math.log(shrink) - (d * TAU * mu * mu) / (2 * shrink));
  const vLoo = 1 / (1 / v - d * TAU);
  const mLoo = vLoo * (m / v - d * TAU * y);
  return { cpo: cpoValue, pit: normalCdf((y - mLoo) / Math.sqrt(vLoo + 1 / TAU)) };
}

describe("R-INLA's weights in DIC, WAIC and CPO", () => {
  it('weight 1 on every row gives the same bits as no weights (synthetic posterior and the election fit)', () => {
    const unweighted = posterior(base);
    const ones = posterior({ ...base, weights: [1, 1, 1, 1, 1] });
    expectSameBits(everything(ones), everything(unweighted));
    const election = inla({ model: electionModel, family: 'binomial', data: electionTable(), Ntrials: 'Ntrials' }).posterior;
    expect(election.weights).toBeNull();
    const electionOnes: CriteriaPosterior = { ...election, weights: new Float64Array(election.response.length).fill(1) };
    expectSameBits(everything(electionOnes), everything(election));
  });

  it('DIC: the weighted terms −2 d E[ℓ] and −2 d ℓ(η̄) equal the closed forms, and a weight-2 row is exactly two weight-1 copies', () => {
    const d = dic(weighted);
    let worst = 0;
    let meanDeviance = 0;
    let atMean = 0;
    for (const i of [0, 1, 2]) {
      const want = expectedTerms(i);
      worst = Math.max(worst, Math.abs(d.local.dic[i]! - want.dic) / Math.abs(want.dic), Math.abs(d.local.p_eff[i]! - want.pEff) / Math.abs(want.pEff));
      meanDeviance += want.meanDeviance;
      atMean += want.atMean;
    }
    const sums = Math.max(Math.abs(d.mean_deviance - meanDeviance) / Math.abs(meanDeviance), Math.abs(d.deviance_mean - atMean) / Math.abs(atMean), Math.abs(d.dic - (2 * meanDeviance - atMean)) / Math.abs(2 * meanDeviance - atMean));
    console.log(`DIC with weights vs closed forms: per row worst ${worst.toExponential(2)}, sums worst ${sums.toExponential(2)} relative`);
    expect(worst).toBeLessThan(1e-13);
    expect(sums).toBeLessThan(1e-13);
    // scaling by 2 is exact in floating point, so the weight-2 row's terms are exactly those of two weight-1 copies
    expect(d.local.dic[0]).toBe(2 * d.local.dic[1]!);
    expect(d.local.p_eff[0]).toBe(2 * d.local.p_eff[1]!);
    // and rows 0 and 1 are not merged into one group although they differ only in their weight
    expect(d.local.dic[0]).not.toBe(d.local.dic[1]);
  });

  it('WAIC: log Σ p_k E_k[p]^d and the variance of d ℓ equal the closed forms (weight 2, 1, ½)', () => {
    const w = waic(weighted);
    let worst = 0;
    let lppd = 0;
    let pEff = 0;
    for (const i of [0, 1, 2]) {
      const want = expectedTerms(i);
      worst = Math.max(worst, Math.abs(w.local[i]! - want.waic) / Math.abs(want.waic));
      lppd += want.logPo;
      pEff += want.variance;
    }
    const sums = Math.max(Math.abs(w.lppd - lppd) / Math.abs(lppd), Math.abs(w.p_eff - pEff) / Math.abs(pEff), Math.abs(w.waic + 2 * (lppd - pEff)) / Math.abs(2 * (lppd - pEff)));
    console.log(`WAIC with weights vs closed forms: per row worst ${worst.toExponential(2)}, sums worst ${sums.toExponential(2)} relative`);
    expect(worst).toBeLessThan(1e-12);
    expect(sums).toBeLessThan(1e-12);
    // the variance of 2ℓ is four times that of ℓ, exactly (the weight-2 and weight-1 rows share their moments)
    // (local = −2 (log po − V), so V = log po + local / 2)
    const v0 = w.local[0]! / 2 + expectedTerms(0).logPo;
    const v1 = w.local[1]! / 2 + expectedTerms(1).logPo;
    expect(Math.abs(v0 - 4 * v1) / v0).toBeLessThan(1e-12);
  });

  it('CPO and PIT: p^d in the leave-one-out density and the CPO, the CDF unweighted, against the exact Gaussian (log CPO to 1e-6, PIT to 2e-7: measured 3.9e-7 and 6.4e-8)', () => {
    const c = cpo(weighted);
    let worstLogCpo = 0;
    let worstPit = 0;
    for (const i of [0, 1, 2]) {
      const d = weightsCase[i]!;
      const at = [0, 1].map((k) => exactPointCpo(responseCase[i]!, points[k]!.predictorMean[i]!, points[k]!.predictorVariance[i]!, d));
      // R-INLA's combination over the points (GMRFLib_ai_INLA_experimental): harmonic for CPO, PIT reweighted by p_k/cpo_k
      const inverse = P1 / at[0]!.cpo + P2 / at[1]!.cpo;
      const wantCpo = (P1 + P2) / inverse;
      const wantPit = ((P1 * at[0]!.pit) / at[0]!.cpo + (P2 * at[1]!.pit) / at[1]!.cpo) / inverse;
      worstLogCpo = Math.max(worstLogCpo, Math.abs(Math.log(c.cpo[i]!) - Math.log(wantCpo)));
      worstPit = Math.max(worstPit, Math.abs(c.pit[i]! - wantPit));
      expect(c.failure[i]).toBe(0);
    }
    console.log(`CPO with weights vs exact: log CPO worst ${worstLogCpo.toExponential(2)}, PIT worst ${worstPit.toExponential(2)}`);
    expect(worstLogCpo).toBeLessThan(1e-6);
    expect(worstPit).toBeLessThan(2e-7);
    // the weight matters: the weight-2 row's CPO is not the weight-1 row's (nor its square)
    expect(Math.abs(Math.log(c.cpo[0]!) - Math.log(c.cpo[1]!))).toBeGreaterThan(0.1);
  });

  it('a row of weight 0 gets NaN everywhere (R-INLA NA) and leaves every sum as a prediction row would, bit for bit', () => {
    const all = computeCriteria(weighted, { dic: true, waic: true, cpo: true });
    for (const value of [all.dic!.local.dic[3], all.dic!.local.p_eff[3], all.waic!.local[3], all.cpo!.cpo[3], all.cpo!.pit[3], all.cpo!.failure[3]]) {
      expect(Number.isNaN(value)).toBe(true);
    }
    // the same posterior with row 3 a prediction row instead
    const predicted = posterior({ ...base, response: responseCase.map((y, i) => (i === 3 ? Number.NaN : y)), weights: weightsCase.map((d, i) => (i === 3 ? 1 : d)) });
    expectSameBits(everything(weighted), everything(predicted));
    // every row of weight 0: no criteria at all, and the marginal likelihood untouched by the weights
    const none = posterior({ ...base, weights: [0, 0, 0, 0, 0] });
    const result = computeCriteria(none, { dic: true, waic: true, cpo: true, mlik: true });
    // WAIC = −2 (0 − 0) = −0, as R's −2 * (sum(NA, na.rm = TRUE) − …)
    expect([result.dic!.dic, result.waic!.waic, result.cpo!.sum_log_cpo, result.cpo!.failures]).toEqual([0, -0, 0, 0]);
    expect(result.mlik).toEqual(marginalLikelihood(posterior(base)));
  });
});

describe('weights from a fit (the election model)', () => {
  const table = electionTable();
  const n = table.bush!.length;
  const [zero, two] = [5, 7];
  const weights = Array.from({ length: n }, (_, i) => (i === zero ? 0 : i === two ? 2 : 1));
  // the same data with row `zero` a prediction row and row `two` appended once more
  const other: Record<string, (number | string | null)[]> = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v, v[two]!]]));
  other.bush![zero] = null;
  let weightedFit: ReturnType<typeof inla> | undefined;
  const fitted = () => (weightedFit ??= inla({ model: electionModel, family: 'binomial', data: table, Ntrials: 'Ntrials', weights }));

  it('the posterior carries the weights per row (0 on prediction rows) and none when every weight is 1', () => {
    expect(Array.from(fitted().posterior.weights!)).toEqual(weights);
    const ones = inla({ model: electionModel, family: 'binomial', data: table, Ntrials: 'Ntrials', weights: new Array(n).fill(1) });
    expect(ones.posterior.weights).toBeNull();
    const hidden = { ...table, bush: table.bush!.map((y, i) => (i === zero ? null : y)) } as Record<string, (number | string)[]>;
    const predicted = inla({ model: electionModel, family: 'binomial', data: hidden, Ntrials: 'Ntrials', weights: weights.map((d, i) => (i === zero ? 3 : d)) });
    expect(predicted.posterior.weights![zero]).toBe(0);
    expect(predicted.posterior.weights![two]).toBe(2);
  });

  it('weight 0 is a prediction row and weight 2 two copies: the same DIC, and NaN on the weight-0 row (to 1e-10 relative: measured 7.5e-14 for the totals, 3.2e-12 for the row)', () => {
    const copies = inla({ model: electionModel, family: 'binomial', data: other as Record<string, (number | string)[]>, Ntrials: 'Ntrials' });
    const a = computeCriteria(fitted().posterior, { dic: true, waic: true, cpo: true });
    const b = computeCriteria(copies.posterior, { dic: true, waic: true, cpo: true });
    for (const value of [a.dic!.local.dic[zero], a.waic!.local[zero], a.cpo!.cpo[zero], a.cpo!.pit[zero], a.cpo!.failure[zero]]) expect(Number.isNaN(value)).toBe(true);
    const relative = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
    const totals = Math.max(
      relative(a.dic!.mean_deviance, b.dic!.mean_deviance),
      relative(a.dic!.deviance_mean, b.dic!.deviance_mean),
      relative(a.dic!.dic, b.dic!.dic),
    );
    const row = Math.max(
      relative(a.dic!.local.dic[two]!, b.dic!.local.dic[two]! + b.dic!.local.dic[n]!),
      relative(a.dic!.local.p_eff[two]!, b.dic!.local.p_eff[two]! + b.dic!.local.p_eff[n]!),
    );
    console.log(`weighted fit vs prediction row and copies: DIC totals ${totals.toExponential(2)}, weight-2 row ${row.toExponential(2)} relative`);
    expect(totals).toBeLessThan(1e-10);
    expect(row).toBeLessThan(1e-10);
  });
});
