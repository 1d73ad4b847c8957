import { inla } from '@hlm/inla';
import { electionModel, electionTable } from '@hlm/test-utils';
import { describe, expect, it } from 'vitest';
import { cpo, dic, waic } from '../src/index.js';
import { csvColumns } from './helpers.js';

/**
 * The per-observation criteria of the election fit must not move when the way they are computed changes (grouping
 * by integer hashes instead of string keys, the CDF by the incomplete beta function, the inner loops of CPO).
 * fixtures/election_1988.hlm_per_obs.csv holds hlm's own values for R-INLA's default fit, produced by the code of
 * commit 1f7ce24 (before those changes) with `cpo`, `dic` and `waic` of @hlm/criteria on
 * `inla({ model: electionModel, family: 'binomial', data, Ntrials: 'Ntrials' })`, written with 13 significant digits,
 * and regenerated the same way when the engine's integration points became R-INLA's (the stretches s± divided by
 * their geometric mean, `hessian.correct.skewness.only`), which moved the values by at most 7e-7 relative; the
 * criteria code was unchanged by that, so the values still pin the criteria's computation. The CPO and PIT columns
 * were regenerated when CPO took the leave-one-out density as R-INLA's spline-corrected Gaussian through its abscissas
 * rather than the exact ratio (at most 3.5e-9 and 3.1e-9 relative on these near-Gaussian densities).
 */
describe('election 1988: per-observation criteria unchanged from the reference implementation', () => {
  it('CPO, PIT, failure flags, local DIC, p_eff and WAIC agree to 1e-9 relative in every row', () => {
    const posterior = inla({ model: electionModel, family: 'binomial', data: electionTable(), Ntrials: 'Ntrials' }).posterior;
    const want = csvColumns('election_1988.hlm_per_obs.csv');
    const c = cpo(posterior);
    const d = dic(posterior);
    const w = waic(posterior);
    const got: Record<string, Float64Array> = {
      cpo: c.cpo,
      pit: c.pit,
      failure: c.failure,
      dic_local: d.local.dic,
      p_eff_local: d.local.p_eff,
      waic_local: w.local,
    };
    for (const [name, values] of Object.entries(got)) {
      const reference = want[name]!;
      expect(values.length, name).toBe(reference.length);
      let worst = 0;
      for (let i = 0; i < values.length; i++) {
        const scale = Math.max(Math.abs(reference[i]!), 1e-300);
        worst = Math.max(worst, Math.abs(values[i]! - reference[i]!) / (reference[i] === 0 ? 1 : scale));
      }
      console.log(`${name}: worst relative difference ${worst.toExponential(2)}`);
      expect(worst, name).toBeLessThanOrEqual(1e-9);
    }
  });
});
