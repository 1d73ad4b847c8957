import { registerFamily, type LikelihoodFamily } from '@hlm/likelihood';
import { assertClose } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { computeCriteria, cpo, criteriaPoints, dic, marginalLikelihood, pointCpo, predictorPosteriorMean, type CriteriaPoint, type CriteriaPosterior } from '../src/index.js';
import { point, posterior } from './helpers.js';

const LOG_2PI = Math.log(2 * Math.PI);


describe('marginalLikelihood', () => {
  it("reproduces R-INLA's printed election mlik from its printed inputs (to 2e-3: the weights are printed to 3 decimals)", () => {
    // election_1988.rinla.verbose.txt: maxld −3958.2298 at the mode, Hessian eigenvalue 17.610, the 11 relative weights
    // (config 10, 0.001, is an early-stopped point and still counts); printed result: integration −3958.353, Gaussian −3958.745
    const relative = [0.003, 0.045, 0.285, 0.701, 0.993, 0.899, 1.0, 0.708, 0.272, 0.035, 0.001];
    const got = marginalLikelihood(
      posterior({
        points: relative.map((w, k) => point({ logPosterior: Math.log(w), earlyStopped: k === 10, predictorMean: [], predictorVariance: [] })),
        mode: { logPosterior: -3958.2298 },
        hessianEigenvalues: [17.61],
        stretchNegative: [1.019],
        stretchPositive: [0.982],
      }),
    );
    assertClose(got.integration, -3958.353, { abs: 2e-3 }, 'integration');
    assertClose(got.gaussian, -3958.745, { abs: 1e-3 }, 'gaussian');
  });

  it('grid: ℓ* + log(dz Σ exp(w_k − max w)) − ½ Σ log λ, the maximum over the weighted values (to 1e-12)', () => {
    const modeLogPosterior = -9.5;
    const points = [
      point({ logPosterior: -10, logDesignWeight: 0.8, predictorMean: [], predictorVariance: [] }),
      point({ logPosterior: modeLogPosterior, logDesignWeight: 0, predictorMean: [], predictorVariance: [] }),
      point({ logPosterior: -12, logDesignWeight: 0.3, weight: 0, earlyStopped: true, predictorMean: [], predictorVariance: [] }),
    ];
    const got = marginalLikelihood(posterior({ points, mode: { logPosterior: modeLogPosterior }, hessianEigenvalues: [4], stretchNegative: [1], stretchPositive: [1] }));
    const w = [-9.2, -9.5, -11.7];
    const sum = w.reduce((s, v) => s + Math.exp(v + 9.2), 0);
    assertClose(got.integration, Math.log(0.75 * sum) - 0.5 * Math.log(4) + modeLogPosterior, { abs: 1e-12 }, 'integration');
    assertClose(got.gaussian, modeLogPosterior + 0.5 * LOG_2PI - 0.5 * Math.log(4), { abs: 1e-12 }, 'gaussian');
  });

  it('ccd: the asymmetric Gaussian with the stretches; eb: log dz − ½ Σ log λ + ℓ*; m = 0: both ℓ* (to 1e-12)', () => {
    const base = { mode: { logPosterior: -20 }, hessianEigenvalues: [2, 3], stretchPositive: [1.1, 0.9], stretchNegative: [0.8, 1.2] };
    const gaussian = -20 + LOG_2PI - 0.5 * Math.log(6);
    const ccd = marginalLikelihood(posterior({ ...base, integration: 'ccd', points: [point({ predictorMean: [], predictorVariance: [] })] }));
    const stretch = 0.5 * (Math.log(1.1 ** 2) + Math.log(0.8 ** 2)) + 0.5 * (Math.log(0.9 ** 2) + Math.log(1.2 ** 2));
    assertClose(ccd.gaussian, gaussian, { abs: 1e-12 }, 'ccd gaussian');
    assertClose(ccd.integration, gaussian - 0.5 * stretch, { abs: 1e-12 }, 'ccd integration');
    const eb = marginalLikelihood(posterior({ ...base, integration: 'eb', points: [point({ logPosterior: -20, predictorMean: [], predictorVariance: [] })] }));
    assertClose(eb.integration, Math.log(0.75) - 0.5 * Math.log(6) - 20, { abs: 1e-12 }, 'eb integration');
    const none = marginalLikelihood(posterior({ integration: 'eb', mode: { logPosterior: -7.25 }, points: [point({ predictorMean: [], predictorVariance: [] })] }));
    expect(none).toEqual({ integration: -7.25, gaussian: -7.25 });
  });
});

/** y ~ N(η, 1) restricted to |y − η| < 2: a likelihood whose leave-one-out density can be flat, so a point can fail. */
const bounded: LikelihoodFamily = {
  name: 'criteria-test-bounded',
  link: 'identity',
  response: 'continuous',
  columns: [],
  hyper: [],
  observationsLabel: 'the bounded observations',
  combine: null,
  validate: () => undefined,
  logDensityAt: (y, _columns, _i, _theta, eta) => (Math.abs(y - eta) < 2 ? -0.5 * (y - eta) ** 2 : -Infinity),
  logDensity(y, columns, theta, eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = bounded.logDensityAt(y[i]!, columns, i, theta, eta[i]!);
    return out;
  },
  derivatives: () => undefined,
  cdf: (y, _columns, _i, _theta, eta) => Math.min(1, Math.max(0, (y - eta + 2) / 4)),
  inverseLink: (eta) => eta,
};
registerFamily(bounded);

describe('combining over the points', () => {
  // three points: the third holds 0.05% of the mass and is pruned at 99.9% (latentWeight 0); the first fails for observation 0
  const points = [
    point({ weight: 0.3, latentWeight: 0.3 / 0.9995, predictorWeight: 0.3, predictorMean: [1, 0.2], predictorVariance: [1, 0.1] }),
    point({ weight: 0.6995, latentWeight: 0.6995 / 0.9995, predictorWeight: 0.7, predictorMean: [0.7, -0.1], predictorVariance: [0.1, 0.08] }),
    point({ weight: 0.0005, latentWeight: 0, predictorWeight: 0, predictorMean: [40, 40], predictorVariance: [1, 1] }),
  ];
  const fit = posterior({ family: bounded.name, response: [1, 0], points });

  it('uses the latent weights (pruned to 99.9%) for DIC, WAIC and CPO, and the predictor weights for η̄', () => {
    const kept = criteriaPoints(fit);
    expect(kept.map((k) => k.p)).toEqual([0.3 / 0.9995, 0.6995 / 0.9995]);
    expect(Array.from(predictorPosteriorMean(fit))).toEqual([0.3 * 1 + 0.7 * 0.7, 0.3 * 0.2 + 0.7 * -0.1]);
  });

  it('combines CPO harmonically, PIT reweighted by p_k/cpo_ik, failure as the failed points’ weight (to 1e-12)', () => {
    const [p1, p2] = [0.3 / 0.9995, 0.6995 / 0.9995];
    const result = cpo(fit);
    const at = (k: number, i: number) =>
      pointCpo(
        (eta) => bounded.logDensityAt(fit.response[i]!, {}, i, [], eta),
        (eta) => bounded.cdf(fit.response[i]!, {}, i, [], eta),
        points[k]!.predictorMean[i]!,
        Math.sqrt(points[k]!.predictorVariance[i]!),
      );
    // observation 0 fails at the first point (flat leave-one-out density), so only the second counts
    expect(Number.isNaN(at(0, 0).cpo)).toBe(true);
    assertClose(result.cpo[0]!, at(1, 0).cpo, { abs: 1e-12 }, 'CPO of observation 0');
    assertClose(result.pit[0]!, at(1, 0).pit, { abs: 1e-12 }, 'PIT of observation 0');
    assertClose(result.failure[0]!, p1, { abs: 1e-12 }, 'failure of observation 0');
    const [a, b] = [at(0, 1), at(1, 1)];
    assertClose(result.cpo[1]!, (p1 + p2) / (p1 / a.cpo + p2 / b.cpo), { abs: 1e-12 }, 'CPO of observation 1');
    assertClose(result.pit[1]!, ((a.pit * p1) / a.cpo + (b.pit * p2) / b.cpo) / (p1 / a.cpo + p2 / b.cpo), { abs: 1e-12 }, 'PIT of observation 1');
    expect(result.failure[1]).toBe(0);
    expect(result.failures).toBe(1);
    assertClose(result.sum_log_cpo, Math.log(result.cpo[0]!) + Math.log(result.cpo[1]!), { abs: 1e-12 }, 'Σ log CPO');
  });

  it('has DIC from the pruned weights and the deviance at the mixture mean (to 1e-9)', () => {
    // variances small enough that no Gauss–Hermite node is dropped, so E[−2ℓ] is exact
    const gaussianPoints = points.map((p) => ({ ...p, familyTheta: [Math.log(2)], predictorVariance: Array.from(p.predictorVariance, (v) => v / 4) }));
    const gaussianFit = posterior({ response: [1, 0], columns: { scale: [1, 1] }, familyTheta: [Math.log(2)], points: gaussianPoints });
    const d = dic(gaussianFit);
    const [p1, p2] = [0.3 / 0.9995, 0.6995 / 0.9995];
    const etaBar = predictorPosteriorMean(gaussianFit);
    let mean = 0;
    let atMean = 0;
    for (let i = 0; i < 2; i++) {
      const y = gaussianFit.response[i]!;
      // E[−2ℓ] = log(2π/τ) + τ((y − m)² + v) with τ = 2
      const e = (k: number) => Math.log(Math.PI) + 2 * ((y - gaussianPoints[k]!.predictorMean[i]!) ** 2 + gaussianPoints[k]!.predictorVariance[i]!);
      mean += p1 * e(0) + p2 * e(1);
      atMean += Math.log(Math.PI) + 2 * (y - etaBar[i]!) ** 2;
    }
    assertClose(d.mean_deviance, mean, { abs: 1e-9 }, 'mean deviance');
    assertClose(d.deviance_mean, atMean, { abs: 1e-9 }, 'deviance at the mean');
    assertClose(d.dic, 2 * mean - atMean, { abs: 1e-9 }, 'DIC');
  });

  it('computes only what is asked, mlik by default (as R-INLA’s control.compute)', () => {
    const gaussianFit = posterior({
      response: [1, 0],
      columns: { scale: [1, 1] },
      familyTheta: [Math.log(2)],
      points: points.map((p) => ({ ...p, familyTheta: [Math.log(2)] })),
      mode: { logPosterior: -3 },
    });
    const defaults = computeCriteria(gaussianFit);
    expect(defaults).toEqual({ dic: null, waic: null, mlik: { integration: -3, gaussian: -3 }, cpo: null });
    const all = computeCriteria(gaussianFit, { dic: true, waic: true, mlik: false, cpo: true });
    expect(all.mlik).toBeNull();
    expect(all.dic?.dic).toBeCloseTo(dic(gaussianFit).dic, 12);
    expect(all.waic?.local).toHaveLength(2);
    expect(all.cpo?.cpo).toHaveLength(2);
  });
});
