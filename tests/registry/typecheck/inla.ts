// What a TypeScript user of @hlm/inla writes: the input and result types resolve from the published package.
import { inla, InlaError, type InlaInput, type InlaResult } from '@hlm/inla';

const input: InlaInput = {
  model: 'y ~ x + f(group, model = "iid")',
  family: 'binomial',
  data: { y: [1, 0, 1, 1, 0, 0], x: [0.1, -0.4, 1.2, 0.3, -1.1, 0.5], group: ['a', 'a', 'b', 'b', 'c', 'c'] },
  control: { compute: { dic: true } },
};
export function fit(): number {
  try {
    const result: InlaResult = inla(input);
    const intercept: number = result.summaryFixed[0]!.mean;
    const precision: number = result.summaryHyperpar[0]!['0.975quant'];
    return intercept + precision + result.posterior.points.length;
  } catch (error) {
    if (error instanceof InlaError) return Number.NaN;
    throw error;
  }
}
