import type { Design, ModelSpec } from '@hlm/design';
import { getLatentModel, normaliseModelOptions, type LatentComponent, type LinearConstraints, type ResolvedHyperParameter } from '@hlm/latent';
import { InlaError } from './errors.js';
import type { FixedPriorOptions } from './options.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/**
 * The model with each random term's options in its model's spelling (R-INLA's `scale.model` becomes `scaleModel`; unknown
 * options are errors) and its levels fixed by its latent model where the model defines them (a graph's
 * nodes 1..n for besag, even those without data), passed to the design as `values`; a spec's own `values` win.
 */
export function withModelLevels(spec: ModelSpec): ModelSpec {
  if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.random)) return spec;
  return {
    ...spec,
    random: spec.random.map((r) => {
      if (typeof r !== 'object' || r === null || typeof r.model !== 'string') return r;
      const { id, model, ...raw } = r;
      const definition = getLatentModel(model);
      const options = normaliseModelOptions(definition, raw, String(id));
      const levels = options.values === undefined ? definition.levels?.(options, id) : undefined;
      return { id, model, ...options, ...(levels ? { values: levels } : {}) };
    }),
  };
}

/** One latent component placed in the field. */
export interface PlacedComponent {
  readonly component: LatentComponent;
  /** Index of its first node in the field. */
  readonly offset: number;
  /** For each of its hyperparameters, the index into the free θ vector, or −1 when fixed. */
  readonly thetaIndex: number[];
}

/** One free (not fixed) hyperparameter of the model: of the likelihood family (component null) or of a latent component. */
export interface FreeHyperParameter {
  readonly hyper: ResolvedHyperParameter;
  readonly component: LatentComponent | null;
}

/**
 * The latent field x = (random-effect blocks ..., fixed effects β) with its prior: Q(θ) block diagonal,
 * β ~ N(mean, 1/prec) independently (a flat prior where prec = 0), and the constraints of all blocks.
 */
export interface LatentField {
  readonly size: number;
  readonly components: PlacedComponent[];
  readonly fixedOffset: number;
  readonly fixedNames: string[];
  readonly fixedPriorMean: Float64Array;
  readonly fixedPriorPrecision: Float64Array;
  readonly free: FreeHyperParameter[];
  /** Constraints on the whole field (rows of length `size`), or null. */
  readonly constraints: LinearConstraints | null;
  /** θ of component `k` (all its hyperparameters, fixed ones at their initial value) from the free vector. */
  componentTheta(k: number, theta: ArrayLike<number>): Float64Array;
  /** The likelihood family's hyperparameters (fixed ones at their initial value) from the free vector. */
  familyTheta(theta: ArrayLike<number>): Float64Array;
}

/**
 * Places the design's random blocks and fixed effects in one field. The family's free hyperparameters come first
 * in θ, as in R-INLA's hyperparameter tables.
 */
export function buildLatentField(design: Design, fixedPrior: FixedPriorOptions, familyHyper: readonly ResolvedHyperParameter[] = []): LatentField {
  // only these of the design: a closure below that read `design` itself would keep all of it, A with it, for the fit
  const { random, blockOffsets, fixed, fixedOffset } = design;
  const components: PlacedComponent[] = [];
  const free: FreeHyperParameter[] = [];
  const familyThetaIndex = familyHyper.map((h) => {
    if (h.fixed) return -1;
    free.push({ hyper: h, component: null });
    return free.length - 1;
  });
  random.forEach((block, k) => {
    const { id, model, ...options } = block.spec;
    const component = getLatentModel(model).create({ ...options, size: block.levels.length, label: id, levels: block.levels });
    const thetaIndex = component.hyper.map((h) => {
      if (h.fixed) return -1;
      free.push({ hyper: h, component });
      return free.length - 1;
    });
    components.push({ component, offset: (blockOffsets[k] ?? outOfRange(blockOffsets, k)), thetaIndex });
  });
  const fixedNames = fixed.map((f) => f.name);
  for (const name of [...Object.keys(fixedPrior.mean), ...Object.keys(fixedPrior.prec)]) {
    if (name !== 'default' && !fixedNames.includes(name)) {
      throw new InlaError('invalid-option', `control.fixed names '${name}', which is not a fixed effect of the model; they are: ${fixedNames.join(', ')}`, {
        name,
      });
    }
  }
  const fixedPriorMean = new Float64Array(fixedNames.length);
  const fixedPriorPrecision = new Float64Array(fixedNames.length);
  fixed.forEach((f, j) => {
    fixedPriorMean[j] = f.isIntercept ? fixedPrior.meanIntercept : (fixedPrior.mean[f.name] ?? fixedPrior.mean.default);
    fixedPriorPrecision[j] = f.isIntercept ? fixedPrior.precIntercept : (fixedPrior.prec[f.name] ?? fixedPrior.prec.default);
  });
  const size = fixedOffset + fixedNames.length;

  const rows: Float64Array[] = [];
  const rhs: number[] = [];
  for (const placed of components) {
    const c = placed.component.constraints;
    if (!c) continue;
    c.rows.forEach((row, r) => {
      const full = new Float64Array(size);
      full.set(row, placed.offset);
      rows.push(full);
      rhs.push(c.rhs[r] ?? outOfRange(c.rhs, r));
    });
  }

  return {
    size,
    components,
    fixedOffset,
    fixedNames,
    fixedPriorMean,
    fixedPriorPrecision,
    free,
    constraints: rows.length > 0 ? { rows, rhs: Float64Array.from(rhs) } : null,
    componentTheta(k, theta) {
      const placed = itemAt(components, k);
      return Float64Array.from(placed.component.hyper, (h, i) => ((placed.thetaIndex[i] ?? outOfRange(placed.thetaIndex, i)) >= 0 ? (theta[(placed.thetaIndex[i] ?? outOfRange(placed.thetaIndex, i))] ?? outOfRange(theta, (placed.thetaIndex[i] ?? outOfRange(placed.thetaIndex, i)))) : h.initial));
    },
    familyTheta(theta) {
      return Float64Array.from(familyHyper, (h, i) => ((familyThetaIndex[i] ?? outOfRange(familyThetaIndex, i)) >= 0 ? (theta[(familyThetaIndex[i] ?? outOfRange(familyThetaIndex, i))] ?? outOfRange(theta, (familyThetaIndex[i] ?? outOfRange(familyThetaIndex, i)))) : h.initial));
    },
  };
}

/** log p(x | θ)'s normalising constants as R-INLA counts them, plus the hyperpriors (inla.c `Z_f`, §1.2 of the spec). */
export function logPriorConstants(field: LatentField, theta: ArrayLike<number>): number {
  let total = 0;
  field.components.forEach((placed, k) => {
    total += placed.component.logNormalisingConstant(field.componentTheta(k, theta));
  });
  for (let j = 0; j < field.fixedPriorPrecision.length; j++) {
    const prec = field.fixedPriorPrecision[j] ?? outOfRange(field.fixedPriorPrecision, j);
    // a flat prior (prec = 0) contributes nothing (R-INLA inla.c)
    if (prec > 0) total += -0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(prec);
  }
  field.free.forEach((f, i) => {
    total += f.hyper.logPrior(theta[i] ?? outOfRange(theta, i));
  });
  return total;
}
