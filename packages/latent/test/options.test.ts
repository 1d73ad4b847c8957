import { describe, expect, it } from 'vitest';
import { CscMatrix } from '@hlm/sparse';
import { getLatentModel, LatentError, normaliseModelOptions, symmetricMatrixOption } from '../src/index.js';

describe("a random term's options", () => {
  it("are read in R-INLA's spellings and the model's own", () => {
    const besag = getLatentModel('besag');
    for (const key of ['scale.model', 'scale_model', 'scaleModel']) {
      expect(normaliseModelOptions(besag, { [key]: true, graph: 'g.graph' }, 'region')).toEqual({ scaleModel: true, graph: 'g.graph' });
    }
    expect(normaliseModelOptions(besag, { 'adjust.for.con.comp': false }, 'region')).toEqual({ adjustForConComp: false });
  });
  it('are errors when the model does not take them, naming the options it has', () => {
    expect(() => normaliseModelOptions(getLatentModel('iid'), { graph: 'g' }, 'state')).toThrow(LatentError);
    expect(() => normaliseModelOptions(getLatentModel('besag'), { extraconstr: [] }, 'region')).toThrow(
      /model 'besag' has no option 'extraconstr'; its options are: hyper, constr, values, graph, scaleModel, adjustForConComp, diagonal/,
    );
    expect(() => normaliseModelOptions(getLatentModel('rw1'), { scaleModel: true, 'scale.model': false }, 't')).toThrow(/'scaleModel' and 'scale.model' are the same option \(scaleModel\); give it once/);
  });
  it("name hyperparameters by short name or by R-INLA's position (theta, theta1, theta2)", () => {
    const byName = getLatentModel('iid').create({ size: 3, label: 'g', hyper: { prec: { initial: 1 } } });
    const byPosition = getLatentModel('iid').create({ size: 3, label: 'g', hyper: { theta: { initial: 1 } } });
    expect(byPosition.hyper[0]!.initial).toBe(1);
    expect(byPosition.hyper[0]!.initial).toBe(byName.hyper[0]!.initial);
    expect(() => getLatentModel('iid').create({ size: 3, label: 'g', hyper: { prec: { initial: 1 }, theta1: { initial: 2 } } })).toThrow(/set twice/);
  });
  it('reject a hyper setting that is not an object', () => {
    expect(() => getLatentModel('iid').create({ size: 3, label: 'g', hyper: { prec: null } as never })).toThrow(/hyper.prec must be an object/);
    expect(() => getLatentModel('iid').create({ size: 3, label: 'g', hyper: { prec: { param: 1 } } as never })).toThrow(/must be an array of numbers, got 1/);
  });
});

describe('matrix-valued options (symmetricMatrixOption)', () => {
  const dense = [
    [2, -1, 0],
    [-1, 2, -1],
    [0, -1, 2],
  ];
  const lower = (e: { rows: number[]; cols: number[]; values: number[] }) =>
    e.rows.map((r, t) => `${r},${e.cols[t]}=${e.values[t]}`).sort();
  it('reads dense rows, 1-based triplets in either triangle and a CscMatrix as the same lower triangle', () => {
    const fromDense = lower(symmetricMatrixOption({ C: dense }, 'C', 3, 'u'));
    expect(fromDense).toEqual(['0,0=2', '1,0=-1', '1,1=2', '2,1=-1', '2,2=2']);
    const triplets = { i: [1, 1, 2, 2, 3], j: [1, 2, 2, 3, 3], x: [2, -1, 2, -1, 2] };
    expect(lower(symmetricMatrixOption({ C: triplets }, 'C', 3, 'u'))).toEqual(fromDense);
    const csc = CscMatrix.fromTriplets(3, 3, [0, 1, 1, 2, 2], [0, 0, 1, 1, 2], Float64Array.of(2, -1, 2, -1, 2));
    expect(lower(symmetricMatrixOption({ C: csc }, 'C', 3, 'u'))).toEqual(fromDense);
  });
  it('refuses a missing, misshapen, asymmetric or non-finite matrix, naming the entry', () => {
    expect(() => symmetricMatrixOption({}, 'C', 3, 'u')).toThrow(/'C' is required: a 3 × 3 symmetric matrix/);
    expect(() => symmetricMatrixOption({ C: [[1, 0], [0, 1]] }, 'C', 3, 'u')).toThrow(/has 2 rows; expected 3/);
    expect(() => symmetricMatrixOption({ C: [[2, -1, 0], [-0.5, 2, -1], [0, -1, 2]] }, 'C', 3, 'u')).toThrow(/not symmetric: \(1, 2\) is -1 but \(2, 1\) is -0.5/);
    expect(() => symmetricMatrixOption({ C: { i: [1, 4], j: [1, 1], x: [1, 1] } }, 'C', 3, 'u')).toThrow(/entry at \(4, 1\), outside 1..3/);
    expect(() => symmetricMatrixOption({ C: { i: [1], j: [1], x: [Number.NaN] } }, 'C', 3, 'u')).toThrow(LatentError);
  });
});
