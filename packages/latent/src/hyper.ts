import { LatentError } from './errors.js';
import { getPrior } from './priors/registry.js';
import type { PriorDefinition } from './priors/types.js';
import type { HyperParameterDefinition, HyperSetting, ResolvedHyperParameter } from './types.js';
import { itemAt } from '@hlm/sparse';

const SETTING_KEYS = new Set(['prior', 'param', 'initial', 'fixed']);

/**
 * Applies a user's `hyper` settings (by short name, as in R-INLA) to a model's hyperparameter definitions.
 * Unknown names or keys are errors, as in pyINLA. Prior names are looked up in `localPriors` (priors a model
 * defines for itself) before the registry.
 */
export function resolveHyperParameters(
  definitions: readonly HyperParameterDefinition[],
  label: string,
  settings: Record<string, HyperSetting> = {},
  localPriors: Readonly<Record<string, PriorDefinition>> = {},
): ResolvedHyperParameter[] {
  const known = new Set(definitions.map((d) => d.id));
  if (typeof settings !== 'object' || settings === null) {
    throw new LatentError('invalid-hyper', `component '${label}': hyper must be an object such as { prec: { prior, param, initial, fixed } }`, { label });
  }
  settings = withShortNames(definitions, label, settings);
  for (const [key, setting] of Object.entries(settings)) {
    if (typeof setting !== 'object' || setting === null) {
      throw new LatentError('invalid-hyper', `component '${label}': hyper.${key} must be an object of prior, param, initial, fixed; got ${String(setting)}`, {
        label,
        key,
      });
    }
    if (!known.has(key)) {
      throw new LatentError('invalid-hyper', `component '${label}' has no hyperparameter '${key}'; it has: ${[...known].join(', ')}`, {
        label,
        key,
      });
    }
    for (const field of Object.keys(setting)) {
      if (!SETTING_KEYS.has(field)) {
        throw new LatentError('invalid-hyper', `hyper.${key}.${field} is not a setting; use prior, param, initial or fixed`, {
          label,
          key,
          field,
        });
      }
    }
  }
  return definitions.map((definition) => {
    const setting = settings[definition.id] ?? {};
    const priorName = setting.prior ?? definition.prior.prior;
    const param = setting.param ?? (setting.prior === undefined ? definition.prior.param : []);
    if (!Array.isArray(param) || param.some((v) => typeof v !== 'number')) {
      throw new LatentError('invalid-hyper', `hyper.${definition.id}.param of '${label}' must be an array of numbers, got ${JSON.stringify(param)}`, {
        label,
        key: definition.id,
      });
    }
    // a model may bring priors that only make sense for it (bym2's PC prior for φ, which needs its graph)
    const prior = (Object.hasOwn(localPriors, priorName) ? localPriors[priorName] : undefined) ?? getPrior(priorName);
    if (param.length !== prior.parameterCount) {
      throw new LatentError(
        'invalid-hyper',
        `hyper.${definition.id} of '${label}': prior '${priorName}' takes ${prior.parameterCount} parameters, got ${param.length}`,
        { label, key: definition.id, param },
      );
    }
    prior.validate(param);
    const initial = setting.initial ?? definition.initial;
    if (!Number.isFinite(initial)) {
      throw new LatentError('invalid-hyper', `hyper.${definition.id}.initial of '${label}' must be a finite number, got ${initial}`, {
        label,
        key: definition.id,
        initial,
      });
    }
    return {
      definition,
      prior: { prior: prior.name, param: [...param] },
      initial,
      fixed: setting.fixed ?? false,
      label: `${definition.userLabel} for ${label}`,
      internalLabel: `${definition.internalLabel} for ${label}`,
      logPrior: (theta: number) => prior.logDensity(theta, param),
      ...(prior.support ? { priorSupport: prior.support } : {}),
    };
  });
}

/** R-INLA also names hyperparameters by position: `theta` or `theta1` is the first, `theta2` the second, …. */
function withShortNames(
  definitions: readonly HyperParameterDefinition[],
  label: string,
  settings: Record<string, HyperSetting>,
): Record<string, HyperSetting> {
  const out: Record<string, HyperSetting> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const position = /^theta(\d*)$/.exec(key);
    const index = position ? (position[1] === '' ? 0 : Number(position[1]) - 1) : -1;
    const name = position && definitions[index] ? itemAt(definitions, index).id : key;
    if (Object.hasOwn(out, name)) {
      throw new LatentError('invalid-hyper', `component '${label}': hyperparameter '${name}' is set twice (also as '${key}')`, { label, key });
    }
    out[name] = setting;
  }
  return out;
}

/** The log-precision hyperparameter shared by iid, besag, rw1 and rw2: θ = log τ, loggamma(1, 5e-5), initial 4. */
export const logPrecision: HyperParameterDefinition = {
  id: 'prec',
  userLabel: 'Precision',
  internalLabel: 'Log precision',
  initial: 4,
  prior: { prior: 'loggamma', param: [1, 5e-5] },
  toTheta: (precision) => Math.log(precision),
  fromTheta: (theta) => Math.exp(theta),
};
