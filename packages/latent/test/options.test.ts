import { describe, expect, it } from 'vitest';
import { getLatentModel, LatentError, normaliseModelOptions } from '../src/index.js';

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
