/**
 * The conformance kit for likelihood families (`@hlm/likelihood/conformance`): checks a family — built in or
 * registered from another package — against its own contract, with no test framework needed. It returns a list of
 * findings (empty when the family conforms), so any test runner can assert on it:
 *
 * ```js
 * import { checkFamily } from '@hlm/likelihood/conformance';
 * const findings = checkFamily(myFamily, [{ y: [0, 3], columns: { E: [1, 2] }, theta: [1.2], eta: [0.1, -0.4] }]);
 * if (findings.length > 0) throw new Error(findings.join('\n'));
 * ```
 *
 * For each case (some observations at some η and θ) it checks:
 * 1. `validate` accepts the case, and `logDensity` equals `logDensityAt` element by element;
 * 2. d1, d2, d3 from `derivatives` against central finite differences of the log density (d1) and of d1, d2;
 * 3. normalisation: the mass function sums to 1 over the counts (0 … `maxCount`, or until the tail is negligible), or
 *    the density integrates to 1 over the line (double-exponential quadrature), to 1e-6;
 * 4. `cdf` against the summed mass function (discrete) or the density as its derivative (continuous);
 * 5. `combine`, when the family declares it: the pooled observation's log density plus its constant equals the sum
 *    of the members' at two values of η;
 * 6. each hyperparameter: a finite initial value, `fromTheta(toTheta(v)) = v`, and a prior given by name and parameters.
 * @module
 */
import type { LikelihoodFamily, ObservationColumns } from './family.js';
import { outOfRange } from './checked.js';

/** Observations at which to check a family: one entry per observation in `y`, `eta` and each column. */
export interface FamilyCase {
  y: number[];
  /** Every column the family declares, one value per observation. */
  columns: Record<string, number[]>;
  /** The family's hyperparameters (internal scale), in the order of `family.hyper`. */
  theta: number[];
  eta: number[];
  /** For counts bounded per observation (trials): the largest possible count of each observation. */
  maxCount?: number[];
}

const FD_STEP = 1e-4;

function relativeGap(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** ∫ f over the real line by double-exponential (sinh–sinh) quadrature centred at `centre` with scale `scale`. */
function integrateLine(f: (y: number) => number, centre: number, scale: number): number {
  const step = 1 / 64;
  let sum = 0;
  for (let t = -4.5; t <= 4.5 + 1e-12; t += step) {
    const u = (Math.PI / 2) * Math.sinh(t);
    const y = centre + scale * Math.sinh(u);
    const jacobian = scale * (Math.PI / 2) * Math.cosh(t) * Math.cosh(u);
    const v = f(y);
    if (Number.isFinite(v)) sum += v * jacobian;
  }
  return sum * step;
}

/** The findings of the conformance checks of `family` on `cases`; an empty list means it conforms. */
export function checkFamily(family: LikelihoodFamily, cases: readonly FamilyCase[]): string[] {
  const findings: string[] = [];
  const name = family.name;
  if (cases.length === 0) findings.push(`${name}: no cases given`);
  family.hyper.forEach((h, k) => {
    if (!Number.isFinite(h.initial)) findings.push(`${name}: hyper[${k}] '${h.id}' has initial ${h.initial}`);
    if (typeof h.prior?.prior !== 'string' || !Array.isArray(h.prior.param)) findings.push(`${name}: hyper[${k}] '${h.id}' needs a prior { prior, param }`);
    const user = h.fromTheta(h.initial);
    if (relativeGap(h.toTheta(user), h.initial) > 1e-10) findings.push(`${name}: hyper '${h.id}': toTheta(fromTheta(θ)) ≠ θ at θ = ${h.initial}`);
  });
  cases.forEach((c, caseIndex) => {
    const where = `${name} case ${caseIndex}`;
    const n = c.y.length;
    if (c.theta.length !== family.hyper.length) {
      findings.push(`${where}: theta has ${c.theta.length} values; the family has ${family.hyper.length} hyperparameters`);
      return;
    }
    for (const column of family.columns) {
      if (c.columns[column.name]?.length !== n) findings.push(`${where}: column '${column.name}' needs ${n} values`);
    }
    if (findings.length > 0) return;
    const columns: ObservationColumns = c.columns;
    try {
      family.validate(c.y, columns);
    } catch (error) {
      findings.push(`${where}: validate rejects the case: ${(error as Error).message}`);
      return;
    }
    const densityAt = (yi: number, i: number, eta: number): number => family.logDensityAt(yi, columns, i, c.theta, eta);
    const logDensity = family.logDensity(c.y, columns, c.theta, c.eta, new Float64Array(n));
    const d1 = new Float64Array(n);
    const d2 = new Float64Array(n);
    const d3 = new Float64Array(n);
    family.derivatives(c.y, columns, c.theta, c.eta, d1, d2, d3);
    const shifted = (h: number): [Float64Array, Float64Array] => {
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      family.derivatives(c.y, columns, c.theta, Float64Array.from(c.eta, (e) => e + h), a, b);
      return [a, b];
    };
    const [d1Up, d2Up] = shifted(FD_STEP);
    const [d1Down, d2Down] = shifted(-FD_STEP);
    for (let i = 0; i < n; i++) {
      const yi = c.y[i] ?? outOfRange(c.y, i);
      const eta = c.eta[i] ?? outOfRange(c.eta, i);
      const row = `${where} row ${i}`;
      const single = densityAt(yi, i, eta);
      if (!(relativeGap(single, logDensity[i] ?? outOfRange(logDensity, i)) <= 1e-12)) findings.push(`${row}: logDensityAt ${single} ≠ logDensity ${logDensity[i]}`);
      const fd1 = (densityAt(yi, i, eta + FD_STEP) - densityAt(yi, i, eta - FD_STEP)) / (2 * FD_STEP);
      if (!(relativeGap(fd1, d1[i] ?? outOfRange(d1, i)) <= 1e-6)) findings.push(`${row}: d1 ${d1[i]} but finite differences give ${fd1}`);
      const fd2 = ((d1Up[i] ?? outOfRange(d1Up, i)) - (d1Down[i] ?? outOfRange(d1Down, i))) / (2 * FD_STEP);
      if (!(relativeGap(fd2, d2[i] ?? outOfRange(d2, i)) <= 1e-6)) findings.push(`${row}: d2 ${d2[i]} but finite differences of d1 give ${fd2}`);
      const fd3 = ((d2Up[i] ?? outOfRange(d2Up, i)) - (d2Down[i] ?? outOfRange(d2Down, i))) / (2 * FD_STEP);
      if (!(relativeGap(fd3, d3[i] ?? outOfRange(d3, i)) <= 1e-6)) findings.push(`${row}: d3 ${d3[i]} but finite differences of d2 give ${fd3}`);

      if (family.response === 'continuous') {
        const density = (y: number): number => Math.exp(densityAt(y, i, eta));
        const scale = Math.max(1e-3, 1 / Math.sqrt(Math.max(-(d2[i] ?? outOfRange(d2, i)), 1e-12)));
        const total = integrateLine(density, eta, scale);
        if (!(Math.abs(total - 1) <= 1e-6)) findings.push(`${row}: the density integrates to ${total}, not 1`);
        const h = 1e-5 * scale;
        const slope = (family.cdf(yi + h, columns, i, c.theta, eta) - family.cdf(yi - h, columns, i, c.theta, eta)) / (2 * h);
        if (!(relativeGap(slope, density(yi)) <= 1e-5)) findings.push(`${row}: the CDF's slope ${slope} is not the density ${density(yi)}`);
      } else {
        const limit = c.maxCount?.[i] ?? 100000;
        let total = 0;
        for (let k = 0; k <= limit; k++) {
          const p = Math.exp(densityAt(k, i, eta));
          if (!(p >= 0)) {
            findings.push(`${row}: the mass at y = ${k} is ${p}`);
            break;
          }
          total += p;
          if (k <= yi + 3) {
            const cdf = family.cdf(k, columns, i, c.theta, eta);
            if (!(Math.abs(cdf - Math.min(total, 1)) <= 1e-12 + 1e-10 * total)) findings.push(`${row}: cdf(${k}) = ${cdf} but the summed mass is ${total}`);
          }
          if (c.maxCount === undefined && k > yi && total > 1 - 1e-14 && p < 1e-17) break;
        }
        if (!(Math.abs(total - 1) <= 1e-6)) findings.push(`${row}: the mass function sums to ${total}, not 1`);
        if (family.cdf(-1, columns, i, c.theta, eta) !== 0) findings.push(`${row}: cdf(−1) is not 0`);
      }
    }
    if (family.combine && n > 1) {
      const memberColumns: Record<string, number[]> = {};
      for (const column of family.columns) {
        const values = c.columns[column.name];
        if (values !== undefined) memberColumns[column.name] = values;
      }
      const pooled = family.combine(c.y, memberColumns);
      const pooledColumns = Object.fromEntries(Object.entries(pooled.columns).map(([k, v]) => [k, [v]]));
      for (const eta of [c.eta[0] ?? outOfRange(c.eta, 0), (c.eta[0] ?? outOfRange(c.eta, 0)) + 0.7]) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += densityAt(c.y[i] ?? outOfRange(c.y, i), i, eta);
        const combined = family.logDensityAt(pooled.y, pooledColumns, 0, c.theta, eta) + pooled.constant(c.theta);
        if (!(relativeGap(sum, combined) <= 1e-10)) findings.push(`${where}: pooled log density + constant ${combined} ≠ the members' sum ${sum} at η = ${eta}`);
      }
    }
  });
  return findings;
}
