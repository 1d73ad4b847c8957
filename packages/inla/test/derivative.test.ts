import { describe, expect, it } from 'vitest';
import { derivative } from '../src/derivative.js';

const logistic = (t: number): number => 1 / (1 + Math.exp(-t));

/**
 * The user-scale maps of the hyperparameters (a precision's exp, bym2's phi, ar1's rho) with their exact
 * derivatives, over internal values where they are used. (Far out on the logistic, g(t) ≈ 1 carries too few digits
 * of its own change for any difference quotient: at t = 9 the error is 1e-9.)
 */
const CASES: [string, (t: number) => number, (t: number) => number, number[], number][] = [
  ['exp', Math.exp, Math.exp, [-6, -2.5, -0.3, 0, 0.7, 1.79, 4, 9, 15], 2e-12],
  ['logistic', logistic, (t) => logistic(t) * (1 - logistic(t)), [-4, -2.5, -0.3, 0, 0.7, 1.79, 4], 1e-11],
  ['2 logistic − 1', (t) => 2 * logistic(t) - 1, (t) => 2 * logistic(t) * (1 - logistic(t)), [-4, -2.5, -0.3, 0, 0.7, 1.79, 4], 1e-11],
];

describe('derivative', () => {
  it.each(CASES)('of %s agrees with the exact derivative', (name, g, exact, at, tolerance) => {
    const worst = Math.max(...at.map((t) => Math.abs(derivative(g, t) - exact(t)) / Math.abs(exact(t))));
    console.log(`derivative of ${name}: worst relative error ${worst.toExponential(1)}`);
    expect(worst).toBeLessThan(tolerance);
  });
});
