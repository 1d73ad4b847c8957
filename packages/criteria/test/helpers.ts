import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CriteriaPoint, CriteriaPosterior } from '../src/index.js';

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

export function fixture<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A numeric CSV fixture as columns by header name. */
export function csvColumns(name: string): Record<string, Float64Array> {
  const lines = fixtureText(name).trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return Object.fromEntries(header.map((h, j) => [h, Float64Array.from(rows, (r) => r[j]!)]));
}

/** A criteria point with neutral weights and no family hyperparameters, and the given predictor moments. */
export function point(fields: Partial<CriteriaPoint> & { predictorMean: number[]; predictorVariance: number[] }): CriteriaPoint {
  return { logPosterior: 0, logDesignWeight: 0, weight: 1, latentWeight: 1, predictorWeight: 1, earlyStopped: false, familyTheta: [], ...fields };
}

/** A Gaussian-family posterior with no points, mode log density 0 and no hyperparameters, overridden by `fields`. */
export function posterior(fields: Partial<CriteriaPosterior>): CriteriaPosterior {
  return {
    family: 'gaussian',
    response: [],
    columns: {},
    familyTheta: [],
    integration: 'grid',
    dz: 0.75,
    points: [],
    mode: { logPosterior: 0 },
    hessianEigenvalues: [],
    stretchNegative: [],
    stretchPositive: [],
    ...fields,
  };
}
