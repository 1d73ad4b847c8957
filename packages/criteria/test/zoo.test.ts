/**
 * Every zoo data set against R-INLA's default run on it (test/fixtures/zoo, data/zoo): the figures of the election
 * data — every latent mean within 0.005 posterior sd (fitted values too where R-INLA reports them), every sd within
 * 0.5 %, every hyperparameter summary (mean, sd, quantiles, mode) within 0.5 %, DIC and WAIC within 0.1, both marginal
 * likelihoods within 0.05, Σ log CPO within 0.5. Where hlm does not reach a figure, the set's entry below states the
 * measured difference as its bound and why it differs.
 */
import { getLatentModel, readGraphFile } from '@hlm/latent';
import { dataPath } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { fitZoo, formatAgreement, zooReference, type ZooAgreement } from './zoo-data.js';

type Bounds = Omit<ZooAgreement, 'where'>;

const TARGET: Bounds = { meanInSd: 0.005, sdRatio: 0.005, hyper: 0.005, dic: 0.1, waic: 0.1, mlikIntegration: 0.05, mlikGaussian: 0.05, sumLogCpo: 0.5 };

/** Per data set: bounds that differ from the target, each with its reason. */
const EXCEPTIONS: Record<string, { bounds: Partial<Bounds>; why: string }> = {
  rw2_pois: { bounds: {}, why: '' },
  nbinom_iid: { bounds: {}, why: '' },
  rw1_gauss: { bounds: {}, why: '' },
  offset_pois: { bounds: {}, why: '' },
  ar1_binom: { bounds: {}, why: '' },
  predict_binom: { bounds: {}, why: '' },
  iid_gauss2: { bounds: {}, why: '' },
  ccd_pois: {
    bounds: { hyper: 0.01 },
    why:
      "measured 0.99 % on the iid precision's sd (R-INLA: 17.5 ± 11.5). With three hyperparameters the marginals come from the mode, the Hessian H and the stretches alone (R-INLA's CCD interpolator), and R-INLA's H is not reproducible: its optimiser stops at |∇| ≈ 0.015 (its log), 0.001 from hlm's converged mode in the rw1 precision, and differentiates with step 0.0707 along its search directions, so ~1e-4 noise in its log π̃(θ | y) counts 200-fold (at R-INLA's mode and directions hlm's H₃₃ is 6.070, R-INLA's 6.102; the 15 CCD points' log π̃ agree to 1e-4). Given R-INLA's mode and printed H, hlm reproduces every hyperparameter summary to 0.02 %",
  },
  bym2_pois: {
    bounds: {},
    why: "Σ log CPO is R-INLA's, which is itself far from leave-one-out refits on this set (zoo README: region 13 has cpo 8.0e-6 where refitting without it gives 0.0145)",
  },
};

describe('the zoo: every latent model, family and integration design against R-INLA', () => {
  it.each(Object.keys(EXCEPTIONS))('%s', (name) => {
    const { agreement } = fitZoo(name);
    const bounds = { ...TARGET, ...EXCEPTIONS[name]!.bounds };
    console.log(formatAgreement(name, agreement));
    for (const key of Object.keys(TARGET) as (keyof Bounds)[]) {
      expect(agreement[key], `${name}: ${key}${EXCEPTIONS[name]!.why ? ` (${EXCEPTIONS[name]!.why})` : ''}`).toBeLessThanOrEqual(bounds[key]);
    }
  });
});

describe("bym2's PC prior for φ", () => {
  it("is R-INLA's table of it (inla.pc.bym.phi: a spline of log d through 46 values of logit φ)", () => {
    const prior = (zooReference('bym2_pois').meta as unknown as { priors_used: { random: { short_name: string; table_theta?: number[]; table_log_density?: number[] }[] } })
      .priors_used.random.find((h) => h.short_name === 'phi')!;
    const bym2 = getLatentModel('bym2').create({ label: 'region', size: 600, graph: readGraphFile(dataPath('besag_lattice.graph')) });
    const logPrior = bym2.hyper.find((h) => h.definition.id === 'phi')!.logPrior;
    let worst = 0;
    prior.table_theta!.forEach((theta, k) => {
      worst = Math.max(worst, Math.abs(logPrior(theta) - prior.table_log_density![k]!));
    });
    console.log(`bym2 φ prior vs R-INLA's table (1001 of its points on [${prior.table_theta![0]!.toFixed(2)}, 12]): worst |Δ log density| ${worst.toExponential(2)}`);
    // measured 1.1e-4 (6.8e-3 with the exact distance d(φ) instead of R-INLA's spline of it)
    expect(worst).toBeLessThan(1.5e-4);
  });
});
