import { LatentError } from '../errors.js';
import { logPrecision, resolveHyperParameters } from '../hyper.js';
import { constrainedGeneralisedInverseDiagonal, lowerFromTriplets } from '../linalg.js';
import { booleanOption, CONSTRAINED_DIAGONAL, HALF_LOG_2PI, numberOption, unsupportedOption } from '../options.js';
import { addEntry, lowerEntries, SharedPattern, type LowerEntries } from '../pattern.js';
import type { LatentComponent, LatentModelDefinition, LatentModelOptions } from '../types.js';
import { outOfRange } from '@hlm/sparse';

/**
 * The locations of a random walk: the levels as numbers when every level is numeric (R-INLA uses the values of
 * a numeric covariate), else 1..k (a factor); they must increase strictly.
 */
export function rwLocations(options: LatentModelOptions, model: string): Float64Array {
  const { size, label } = options;
  const levels = options.levels;
  let locations: Float64Array;
  if (levels && levels.length === size && levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)))) {
    locations = Float64Array.from(levels, Number);
  } else {
    locations = Float64Array.from({ length: size }, (_, i) => i + 1);
  }
  for (let i = 1; i < size; i++) {
    if (!((locations[i] ?? outOfRange(locations, i)) > (locations[i - 1] ?? outOfRange(locations, i - 1)))) {
      throw new LatentError(
        'invalid-option',
        `component '${label}': ${model} needs increasing locations, but level ${i + 1} (${locations[i]}) does not exceed level ${i} (${locations[i - 1]}); give sorted, distinct values`,
        { label, index: i + 1 },
      );
    }
  }
  // R-INLA's inla.check.location: locations closer than 1e-8 of the mean spacing make Q numerically singular
  if (size > 1) {
    const mean = ((locations[size - 1] ?? outOfRange(locations, size - 1)) - (locations[0] ?? outOfRange(locations, 0))) / (size - 1);
    let smallest = Infinity;
    for (let i = 1; i < size; i++) smallest = Math.min(smallest, (locations[i] ?? outOfRange(locations, i)) - (locations[i - 1] ?? outOfRange(locations, i - 1)));
    if (smallest / mean < MIN_RELATIVE_SPACING) {
      throw new LatentError(
        'invalid-option',
        `component '${label}': ${model} locations are too close (smallest spacing / mean spacing = ${(smallest / mean).toExponential(3)} < ${MIN_RELATIVE_SPACING}); bin them`,
        { label },
      );
    }
  }
  return locations;
}

/** R-INLA's `min.diff` for rw1 and rw2 (models.R). */
const MIN_RELATIVE_SPACING = 1e-8;

/**
 * The structure matrix of a random walk on (possibly irregular) locations t_1 < … < t_n, with δ_k = t_{k+1} − t_k,
 * as R-INLA's non-cyclic rw1/rw2 (GMRFLib_crw, "SIMPLE" layout) defines it:
 *   order 1: R = Σ_k δ_k⁻¹ (e_{k+1} − e_k)(e_{k+1} − e_k)ᵀ (independent increments with variance δ_k/τ);
 *   order 2: R = Σ_{k=1}^{n−2} w_k d_k d_kᵀ, with the second divided difference
 *            d_k = δ_{k−1}⁻¹ e_{k−1} − (δ_{k−1}⁻¹ + δ_k⁻¹) e_k + δ_k⁻¹ e_{k+1} and weight w_k = 2/(δ_{k−1} + δ_k)
 *            (Lindgren & Rue 2008, "On the second-order random walk model for irregular locations", Scand. J. Stat.).
 * For unit spacing these are the usual D₁ᵀD₁ and D₂ᵀD₂.
 */
export function rwStructure(locations: Float64Array, order: 1 | 2): LowerEntries {
  const n = locations.length;
  const entries = lowerEntries();
  for (let i = 0; i < n; i++) addEntry(entries, i, i, 0);
  const inverseDelta = Float64Array.from({ length: n - 1 }, (_, k) => 1 / ((locations[k + 1] ?? outOfRange(locations, k + 1)) - (locations[k] ?? outOfRange(locations, k))));
  if (order === 1) {
    for (let k = 0; k < n - 1; k++) {
      const w = inverseDelta[k] ?? outOfRange(inverseDelta, k);
      addEntry(entries, k, k, w);
      addEntry(entries, k + 1, k + 1, w);
      addEntry(entries, k + 1, k, -w);
    }
    return entries;
  }
  for (let k = 1; k < n - 1; k++) {
    const a = inverseDelta[k - 1] ?? outOfRange(inverseDelta, k - 1);
    const c = inverseDelta[k] ?? outOfRange(inverseDelta, k);
    const d = [a, -(a + c), c];
    const w = 2 / ((locations[k + 1] ?? outOfRange(locations, k + 1)) - (locations[k - 1] ?? outOfRange(locations, k - 1)));
    for (let p = 0; p < 3; p++) for (let q = 0; q <= p; q++) addEntry(entries, k - 1 + p, k - 1 + q, w * (d[p] ?? outOfRange(d, p)) * (d[q] ?? outOfRange(d, q)));
  }
  return entries;
}

/**
 * R-INLA's scale.model factor for rw1/rw2 on locations (GMRFLib_crw_scale): with the cell lengths
 * ℓ_i = (t_{i+1} − t_{i−1})/2 (one-sided at the ends), the generalised inverse of R under Σ ℓ_i x_i = 0 (and, for
 * order 2, Σ L_i x_i = 0 with L the cumulative lengths), and g = Σ ℓ_i (order 1) or (Σ ℓ_i)² (order 2), the factor is
 * g · exp(Σ ℓ_i log(Σ_ii / g) / ((t_n − t_1) · n/(n − 1))). For unit spacing it is the geometric mean of the
 * marginal variances of the generalised inverse under the constraints (Sørbye & Rue 2014).
 */
export function rwScale(locations: Float64Array, order: 1 | 2): number {
  const n = locations.length;
  const entries = rwStructure(locations, order);
  const lengths = Float64Array.from({ length: n }, (_, i) =>
    i === 0 ? (locations[1] ?? outOfRange(locations, 1)) - (locations[0] ?? outOfRange(locations, 0)) : i === n - 1 ? (locations[n - 1] ?? outOfRange(locations, n - 1)) - (locations[n - 2] ?? outOfRange(locations, n - 2)) : ((locations[i + 1] ?? outOfRange(locations, i + 1)) - (locations[i - 1] ?? outOfRange(locations, i - 1))) / 2,
  );
  let total = 0;
  for (const l of lengths) total += l;
  const guess = order === 1 ? total : total * total;
  const constraints = [lengths];
  const nullBasis = [new Float64Array(n).fill(1)];
  if (order === 2) {
    const cumulative = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += lengths[i] ?? outOfRange(lengths, i);
      cumulative[i] = acc;
    }
    constraints.push(cumulative);
    nullBasis.push(Float64Array.from(locations));
  }
  // R-INLA inverts guess·R + ε I; the ε (√DBL_EPSILON) moves the variances by a relative O(ε/guess), ignored here
  const lower = lowerFromTriplets(n, entries.rows, entries.cols, entries.values);
  const variance = constrainedGeneralisedInverseDiagonal(lower, order === 1 ? [0] : [0, 1], nullBasis, constraints);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log((variance[i] ?? outOfRange(variance, i)) / guess) * (lengths[i] ?? outOfRange(lengths, i));
  return Math.exp(sum / (((locations[n - 1] ?? outOfRange(locations, n - 1)) - (locations[0] ?? outOfRange(locations, 0))) * (n / (n - 1)))) * guess;
}

function createRw(order: 1 | 2, definition: LatentModelDefinition, options: LatentModelOptions): LatentComponent {
  const name = definition.name;
  const { size, label } = options;
  if (size <= order) {
    throw new LatentError('invalid-option', `component '${label}': ${name} needs more than ${order} levels, got ${size}`, { label, size });
  }
  unsupportedOption(options, 'cyclic', false, label, name);
  const locations = rwLocations(options, name);
  const scaleModel = booleanOption(options, 'scaleModel', false, label);
  const constr = booleanOption(options, 'constr', true, label);
  const diagonal = numberOption(options, 'diagonal', constr ? CONSTRAINED_DIAGONAL : 0, label, (v) => v >= 0, 'a number ≥ 0');
  const hyper = resolveHyperParameters(definition.hyper, label, options.hyper);
  const scale = scaleModel ? rwScale(locations, order) : 1;
  const shared = new SharedPattern(size, [rwStructure(locations, order)]);
  const rankDeficiency = order;
  return {
    model: name,
    label,
    size,
    hyper,
    pattern: shared.pattern,
    precisionValues(theta, out) {
      shared.combine([scale * Math.exp(theta[0] ?? outOfRange(theta, 0))], diagonal, out);
    },
    logNormalisingConstant(theta) {
      return ((size - rankDeficiency) / 2) * (theta[0] ?? outOfRange(theta, 0)) - (size - rankDeficiency) * HALF_LOG_2PI;
    },
    constraints: constr ? { rows: [new Float64Array(size).fill(1)], rhs: new Float64Array(1) } : null,
    rankDeficiency,
    diagonal,
  };
}

/**
 * First-order random walk on the ordered levels (R-INLA's `rw1`): increments x_{k+1} − x_k ~ N(0, δ_k/τ) with δ_k
 * the spacing of the locations (the numeric levels, or 1..k). θ = log τ, loggamma(1, 5e-5), initial 4; sum-to-zero
 * by default with `diagonal` 1e-4; rank deficiency 1; `scaleModel` as R-INLA. Options: `constr`, `scaleModel`,
 * `diagonal`, `hyper`; `values` fixes the levels (and so the locations).
 */
export const rw1: LatentModelDefinition = {
  name: 'rw1',
  options: ['scaleModel', 'cyclic', 'diagonal'],
  doc: 'random walk of order 1 on ordered (possibly irregular) locations; sum-to-zero',
  hyper: [logPrecision],
  create(options) {
    return createRw(1, rw1, options);
  },
};

/**
 * Second-order random walk on the ordered levels (R-INLA's `rw2`, its irregular-locations form for unequal
 * spacing; see `rwStructure`). θ = log τ, loggamma(1, 5e-5), initial 4; one sum-to-zero constraint by default (the
 * linear trend stays in the null space, kept proper by `diagonal` 1e-4); rank deficiency 2.
 */
export const rw2: LatentModelDefinition = {
  name: 'rw2',
  options: ['scaleModel', 'cyclic', 'diagonal'],
  doc: 'random walk of order 2 on ordered (possibly irregular) locations; sum-to-zero',
  hyper: [logPrecision],
  create(options) {
    return createRw(2, rw2, options);
  },
};
