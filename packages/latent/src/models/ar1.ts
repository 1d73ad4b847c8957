import { log1pExp } from '@hlm/likelihood';
import { LatentError } from '../errors.js';
import { logPrecision, resolveHyperParameters } from '../hyper.js';
import { booleanOption, CONSTRAINED_DIAGONAL, HALF_LOG_2PI, numberOption, unsupportedOption } from '../options.js';
import { addEntry, lowerEntries, SharedPattern } from '../pattern.js';
import type { HyperParameterDefinition, LatentModelDefinition } from '../types.js';
import { outOfRange } from '@hlm/sparse';


/** ρ = 2 eᶿ/(1 + eᶿ) − 1 = tanh(θ/2). */
export function ar1Correlation(theta: number): number {
  return Math.tanh(theta / 2);
}

/** log(1 − ρ²) for ρ = tanh(θ/2): log 4 + θ − 2 log(1 + eᶿ), accurate as |ρ| → 1. */
export function logOneMinusRhoSquared(theta: number): number {
  return Math.log(4) + theta - 2 * log1pExp(theta);
}

/** The lag-one correlation of ar1: θ = log((1 + ρ)/(1 − ρ)), normal(0, precision 0.15), initial 2 (R-INLA models.R). */
export const lagOneCorrelation: HyperParameterDefinition = {
  id: 'rho',
  userLabel: 'Rho',
  internalLabel: 'Rho_intern',
  initial: 2,
  prior: { prior: 'normal', param: [0, 0.15] },
  toTheta: (rho) => Math.log((1 + rho) / (1 - rho)),
  fromTheta: ar1Correlation,
};

/**
 * The stationary first-order autoregression on the ordered levels (R-INLA's `ar1`):
 * x_1 ~ N(0, 1/τ), x_k = ρ x_{k−1} + ε_k with ε_k ~ N(0, (1 − ρ²)/τ), so τ is the *marginal* precision and
 * Q = τ/(1 − ρ²) · tridiag(−ρ; 1, 1 + ρ², …, 1 + ρ², 1; −ρ). θ₁ = log τ, loggamma(1, 5e-5), initial 4;
 * θ₂ = log((1 + ρ)/(1 − ρ)), normal(0, precision 0.15), initial 2. No constraint by default. The log normalising
 * constant is R-INLA's (inla.c): (n − rankdef)/2 (log τ − log(1 − ρ²) − log 2π) + ½ log(1 − ρ²), which is the exact
 * ½ log|Q| − n/2 log 2π (rankdef 0; R-INLA counts 1 when constr = true). The spacing of the levels is ignored.
 */
export const ar1: LatentModelDefinition = {
  name: 'ar1',
  options: ['cyclic', 'diagonal'],
  doc: 'stationary AR(1) with marginal precision and lag-one correlation',
  hyper: [logPrecision, lagOneCorrelation],
  create(options) {
    const { size, label } = options;
    if (size < 2) throw new LatentError('invalid-option', `component '${label}': ar1 needs at least 2 levels, got ${size}`, { label, size });
    unsupportedOption(options, 'cyclic', false, label, 'ar1');
    const constr = booleanOption(options, 'constr', false, label);
    const diagonal = numberOption(options, 'diagonal', constr ? CONSTRAINED_DIAGONAL : 0, label, (v) => v >= 0, 'a number ≥ 0');
    const hyper = resolveHyperParameters(ar1.hyper, label, options.hyper);
    // Q / (τ/(1 − ρ²)) = E + ρ² I_interior − ρ (off-diagonal)
    const ones = lowerEntries();
    const interior = lowerEntries();
    const offDiagonal = lowerEntries();
    for (let i = 0; i < size; i++) {
      addEntry(ones, i, i, 1);
      if (i > 0 && i < size - 1) addEntry(interior, i, i, 1);
      if (i > 0) addEntry(offDiagonal, i, i - 1, -1);
    }
    const shared = new SharedPattern(size, [ones, interior, offDiagonal]);
    const rankDeficiency = constr ? 1 : 0;
    return {
      model: 'ar1',
      label,
      size,
      hyper,
      pattern: shared.pattern,
      precisionValues(theta, out) {
        const rho = ar1Correlation(theta[1] ?? outOfRange(theta, 1));
        const innovation = Math.exp((theta[0] ?? outOfRange(theta, 0)) - logOneMinusRhoSquared(theta[1] ?? outOfRange(theta, 1)));
        shared.combine([innovation, innovation * rho * rho, innovation * rho], diagonal, out);
      },
      logNormalisingConstant(theta) {
        const logOneMinus = logOneMinusRhoSquared(theta[1] ?? outOfRange(theta, 1));
        const m = size - rankDeficiency;
        return (m / 2) * ((theta[0] ?? outOfRange(theta, 0)) - logOneMinus) - m * HALF_LOG_2PI + 0.5 * logOneMinus;
      },
      constraints: constr ? { rows: [new Float64Array(size).fill(1)], rhs: new Float64Array(1) } : null,
      rankDeficiency,
      diagonal,
    };
  },
};
