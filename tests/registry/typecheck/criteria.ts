// What a TypeScript user of @hlm/criteria writes, from an @hlm/inla fit.
import { computeCriteria, cpo, type Criteria, type CpoResult } from '@hlm/criteria';
import type { InlaResult } from '@hlm/inla';

export function criteriaOf(fit: InlaResult): string {
  const all: Criteria = computeCriteria(fit.posterior, { dic: true, waic: true, mlik: true, cpo: false });
  const loo: CpoResult = cpo(fit.posterior);
  const pit: Float64Array = loo.pit;
  return `${all.dic?.dic.toFixed(2)} ${all.waic?.waic.toFixed(2)} ${all.mlik?.integration} ${pit.length}`;
}
