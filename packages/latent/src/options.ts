import { LatentError } from './errors.js';
import type { LatentModelDefinition } from './types.js';

/** Reads a boolean option, `fallback` when absent; throws `LatentError` ('invalid-option') otherwise. */
export function booleanOption(options: Record<string, unknown>, key: string, fallback: boolean, label: string): boolean {
  const value = options[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    throw new LatentError('invalid-option', `component '${label}': '${key}' must be true or false, got ${String(value)}`, { label, key, value });
  }
  return value;
}

/** Reads a finite number option (with a check), `fallback` when absent. */
export function numberOption(
  options: Record<string, unknown>,
  key: string,
  fallback: number,
  label: string,
  check: (v: number) => boolean = () => true,
  expected = 'a finite number',
): number {
  const value = options[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
    throw new LatentError('invalid-option', `component '${label}': '${key}' must be ${expected}, got ${String(value)}`, { label, key, value });
  }
  return value;
}

/** Throws when an option the model does not implement is set to something other than its default. */
export function unsupportedOption(options: Record<string, unknown>, key: string, allowed: unknown, label: string, model: string): void {
  const value = options[key];
  if (value !== undefined && value !== null && value !== allowed) {
    throw new LatentError('invalid-option', `component '${label}': ${model} does not support ${key} = ${JSON.stringify(value)}`, {
      label,
      key,
      value,
    });
  }
}

/** 1..n as strings: the levels of a model indexed by node number. */
export function nodeLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i + 1));
}

/** The component's size must equal the model's own size (e.g. the graph's node count). */
export function checkSize(size: number, expected: number, label: string, model: string, what: string): void {
  if (size !== expected) {
    throw new LatentError(
      'invalid-option',
      `component '${label}': ${model} has ${expected} nodes (${what}) but the term has ${size} levels; pass values of length ${expected} or none`,
      { label, size, expected },
    );
  }
}

/** ½ log 2π. */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** R-INLA's default `diagonal` for constrained models (inla.set.f.default()$diagonal). */
export const CONSTRAINED_DIAGONAL = 1e-4;

/** Options every model takes: its hyperparameters, the sum-to-zero constraint and the design's `values`. */
const COMMON_OPTIONS = ['hyper', 'constr', 'values'];

function normaliseKey(key: string): string {
  return key.replace(/[._]/g, '').toLowerCase();
}

/**
 * A random term's options with R-INLA's spellings mapped to the model's names (`scale.model`, `scale_model` and
 * `scaleModel` are one option) and anything the model does not take rejected, naming the options it has.
 */
export function normaliseModelOptions(model: LatentModelDefinition, options: Record<string, unknown>, label: string): Record<string, unknown> {
  const known = [...COMMON_OPTIONS, ...(model.options ?? [])];
  const byNormal = new Map(known.map((k) => [normaliseKey(k), k]));
  const out: Record<string, unknown> = {};
  const spelledAs: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    const canonical = byNormal.get(normaliseKey(key));
    if (!canonical) {
      throw new LatentError(
        'invalid-option',
        `component '${label}': model '${model.name}' has no option '${key}'; its options are: ${known.join(', ')}`,
        { label, key },
      );
    }
    if (canonical in out) {
      throw new LatentError('invalid-option', `component '${label}': '${spelledAs[canonical]}' and '${key}' are the same option (${canonical}); give it once`, {
        label,
        key,
      });
    }
    out[canonical] = value;
    spelledAs[canonical] = key;
  }
  return out;
}
