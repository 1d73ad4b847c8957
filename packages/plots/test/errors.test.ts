import { describe, expect, it } from 'vitest';
import { caterpillarPlot, coefficientPlot, densityHistogram, PlotError, precisionSummaryTo, randomEffectHistogram } from '../src/index.js';

const row = (name: string, mean: number) => ({ name, mean, sd: 0.1, '0.025quant': mean - 0.2, '0.5quant': mean, '0.975quant': mean + 0.2, mode: mean });

describe('bad input to the figures', () => {
  it('is a PlotError naming the row and column, never a figure with NaN in it', () => {
    expect(() => coefficientPlot([row('female', -0.2), row('black', Number.NaN)])).toThrow(/coefficientPlot: row 'black' has mean = NaN; expected a finite number/);
    expect(() => caterpillarPlot([])).toThrow(PlotError);
    expect(() => densityHistogram([1, Number.NaN, 2], 5)).toThrow(/densityHistogram: value 2 is NaN/);
    expect(() => randomEffectHistogram([row('1', 0.1)], { precision: Number.NaN })).toThrow(/precision must be a finite number > 0/);
    expect(() => precisionSummaryTo(row('Precision', 5), { x: [0, 1, 2], y: [0.1, 0.2, 0.1] }, 'sd')).toThrow(/expected a precision x > 0/);
  });
});
