import type { LikelihoodFamily } from '@hlm/likelihood';
import { resolveHyperParameters, type HyperSetting, type ResolvedHyperParameter } from '@hlm/latent';
import { InlaError } from './errors.js';

/**
 * The options of `inla()`, under R-INLA's names. Keys may be written as in R (`int.strategy`,
 * `prec.intercept`), in snake_case (`int_strategy`) or camelCase (`intStrategy`); they are matched
 * ignoring dots, underscores and case. Unknown keys are errors.
 */
export interface ControlOptions {
  compute?: { dic?: boolean; waic?: boolean; mlik?: boolean; cpo?: boolean; [key: string]: unknown };
  fixed?: Record<string, unknown>;
  inla?: Record<string, unknown>;
  family?: Record<string, unknown>;
  predictor?: Record<string, unknown>;
  /** R-INLA's `num.threads`: how many threads `inlaAsync` evaluates the design points on (default: the machine's cores); `inla()` uses one. */
  numThreads?: number;
}

/** Prior of the fixed effects (R-INLA's `control.fixed`). */
export interface FixedPriorOptions {
  meanIntercept: number;
  precIntercept: number;
  /** Per-name values; `default` applies to the rest. */
  mean: PerName;
  prec: PerName;
}

/** Values by fixed-effect name, with the `default` that applies to the names not listed. */
export interface PerName {
  default: number;
  [name: string]: number;
}

export type LatentStrategy = 'auto' | 'gaussian' | 'adaptive' | 'simplified.laplace' | 'laplace';
export type IntegrationStrategy = 'auto' | 'grid' | 'ccd' | 'eb';

/** Settings of the approximation (R-INLA's `control.inla`). */
export interface InlaSettings {
  /**
   * The latent strategy: `auto` (R-INLA's compact default: Gaussian marginals with the VB mean correction),
   * strategy `gaussian` (no correction), `simplified.laplace` (skew-normal marginals from the simplified Laplace approximation,
   * Rue, Martino & Chopin 2009 §3.2.3, as R-INLA's classic mode; no VB correction) or `laplace` (the full Laplace
   * approximation of every latent marginal, eq. 4 there: slow, closest to MCMC).
   */
  strategy: LatentStrategy;
  intStrategy: IntegrationStrategy;
  /** Step of the numerical gradient of log π(θ | y); the Hessian uses √h. */
  h: number;
  /** `dz`: the integration step used in the marginal likelihood (R-INLA default 0.75). */
  dz: number;
  vb: { enable: boolean; iterMax: number; emergency: number; fEnableLimit: number; fEnableLimitMax: number };
  /** Fixed log-scale starting values of the hyperparameters (R-INLA's `control.mode$theta`). */
  thetaStart: number[] | null;
}

export interface ComputeSettings {
  dic: boolean;
  waic: boolean;
  mlik: boolean;
  cpo: boolean;
  /** R-INLA options accepted for compatibility that change nothing here (`config`, `return.marginals`). */
  ignored: string[];
}

function normaliseKey(key: string): string {
  return key.replace(/[._]/g, '').toLowerCase();
}

/** Reads `options` through a table of known keys (by normalised name); throws on unknown keys. */
function readKeys(section: string, options: Record<string, unknown> | undefined, known: string[]): Map<string, unknown> {
  const byNormal = new Map(known.map((k) => [normaliseKey(k), k]));
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(options ?? {})) {
    const canonical = byNormal.get(normaliseKey(key));
    if (!canonical) {
      throw new InlaError('invalid-option', `control.${section}: unknown option '${key}'; known options: ${known.join(', ')}`, {
        section,
        key,
      });
    }
    out.set(canonical, value);
  }
  return out;
}

function numberOption(section: string, key: string, value: unknown, check: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
    throw new InlaError('invalid-option', `control.${section}.${key} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`, { section, key, value });
  }
  return value;
}

function perNameOption(key: string, value: unknown, fallback: number, check: (v: number) => boolean, expected: string): PerName {
  if (value === undefined) return { default: fallback };
  if (typeof value === 'number') return { default: numberOption('fixed', key, value, check, expected) };
  if (typeof value === 'object' && value !== null) {
    const out: PerName = { default: fallback };
    for (const [name, v] of Object.entries(value)) out[name] = numberOption('fixed', `${key}.${name}`, v, check, expected);
    return out;
  }
  throw new InlaError('invalid-option', `control.fixed.${key} must be a number or an object of numbers by fixed-effect name`, { key, value });
}

export function resolveFixedPrior(options: Record<string, unknown> | undefined): FixedPriorOptions {
  const keys = readKeys('fixed', options, ['mean.intercept', 'prec.intercept', 'mean', 'prec']);
  const nonNegative = (v: number): boolean => v >= 0;
  return {
    meanIntercept: keys.has('mean.intercept') ? numberOption('fixed', 'mean.intercept', keys.get('mean.intercept'), () => true, 'a finite number') : 0,
    precIntercept: keys.has('prec.intercept')
      ? numberOption('fixed', 'prec.intercept', keys.get('prec.intercept'), nonNegative, 'a precision >= 0')
      : 0,
    mean: perNameOption('mean', keys.get('mean'), 0, () => true, 'a finite number'),
    prec: perNameOption('prec', keys.get('prec'), 0.001, nonNegative, 'a precision >= 0'),
  };
}

export function resolveInlaSettings(options: Record<string, unknown> | undefined): InlaSettings {
  const keys = readKeys('inla', options, ['strategy', 'int.strategy', 'h', 'dz', 'control.vb', 'theta.start']);
  const strategy = (keys.get('strategy') ?? 'auto') as string;
  if (!['auto', 'gaussian', 'adaptive', 'simplified.laplace', 'laplace'].includes(strategy)) {
    throw new InlaError(
      'invalid-option',
      `control.inla.strategy must be 'auto' (Gaussian with the VB mean correction, R-INLA's compact default), 'adaptive' (the same), 'gaussian' (no correction), 'simplified.laplace' (skew-normal marginals) or 'laplace' (full Laplace marginals); got '${strategy}'`,
      { strategy },
    );
  }
  const intStrategy = (keys.get('int.strategy') ?? 'auto') as string;
  if (!['auto', 'grid', 'ccd', 'eb'].includes(intStrategy)) {
    throw new InlaError('invalid-option', `control.inla.int.strategy must be one of auto, grid, ccd, eb; got '${intStrategy}'`, { intStrategy });
  }
  const vbKeys = readKeys('inla.control.vb', keys.get('control.vb') as Record<string, unknown> | undefined, [
    'enable',
    'iter.max',
    'emergency',
    'f.enable.limit',
  ]);
  const vbEnable = vbKeys.get('enable') ?? 'auto';
  if (vbEnable !== 'auto' && typeof vbEnable !== 'boolean') {
    throw new InlaError('invalid-option', `control.inla.control.vb.enable must be true, false or 'auto', got ${JSON.stringify(vbEnable)}`, { vbEnable });
  }
  const thetaStart = keys.get('theta.start');
  if (thetaStart !== undefined && (!Array.isArray(thetaStart) || thetaStart.some((t) => typeof t !== 'number' || !Number.isFinite(t)))) {
    throw new InlaError('invalid-option', 'control.inla.theta.start must be an array of finite numbers (internal scale)', { thetaStart });
  }
  const fLimit = vbKeys.get('f.enable.limit');
  if (fLimit !== undefined && (!Array.isArray(fLimit) || fLimit.length === 0 || fLimit.some((v) => !Number.isInteger(v) || v < 0))) {
    throw new InlaError(
      'invalid-option',
      `control.inla.control.vb.f.enable.limit must be an array of non-negative integers (R-INLA's c(30, 25, 1024, 768)), got ${JSON.stringify(fLimit)}`,
      { fLimit },
    );
  }
  return {
    strategy: strategy as LatentStrategy,
    intStrategy: intStrategy as IntegrationStrategy,
    h: keys.has('h') ? numberOption('inla', 'h', keys.get('h'), (v) => v > 0, 'a step > 0') : 0.005,
    dz: keys.has('dz') ? numberOption('inla', 'dz', keys.get('dz'), (v) => v > 0, 'a step > 0') : 0.75,
    vb: {
      enable: (strategy === 'auto' || strategy === 'adaptive') && vbEnable !== false,
      iterMax: vbKeys.has('iter.max')
        ? numberOption('inla.control.vb', 'iter.max', vbKeys.get('iter.max'), (v) => Number.isInteger(v) && v >= 1 && v <= 1000, 'an integer from 1 to 1000')
        : 25,
      emergency: vbKeys.has('emergency') ? numberOption('inla.control.vb', 'emergency', vbKeys.get('emergency'), (v) => v > 0, 'a number > 0') : 25,
      fEnableLimit: Array.isArray(fLimit) ? Number(fLimit[0]) : 30,
      fEnableLimitMax: Array.isArray(fLimit) && fLimit.length > 2 ? Number(fLimit[2]) : 1024,
    },
    thetaStart: (thetaStart as number[] | undefined) ?? null,
  };
}

export function resolveCompute(options: ControlOptions['compute']): ComputeSettings {
  const keys = readKeys('compute', options, ['dic', 'waic', 'mlik', 'cpo', 'config', 'return.marginals']);
  const flag = (k: string, fallback: boolean): boolean => {
    const v = keys.get(k);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new InlaError('invalid-option', `control.compute.${k} must be true or false, got ${String(v)}`, { key: k });
    return v;
  };
  // the posterior always carries its integration points and marginals, so these two have nothing to switch
  const ignored = ['config', 'return.marginals'].filter((k) => keys.has(k));
  return { dic: flag('dic', false), waic: flag('waic', false), mlik: flag('mlik', true), cpo: flag('cpo', false), ignored };
}

/**
 * The likelihood family's hyperparameters, from R-INLA's `control.family = list(hyper = list(prec = list(...)))`:
 * the family's own declarations (default priors by name, resolved in `@hlm/latent`'s prior registry) with the
 * user's settings applied; empty for a family without hyperparameters.
 */
export function resolveFamilyHyper(family: LikelihoodFamily, options: Record<string, unknown> | undefined): ResolvedHyperParameter[] {
  const keys = readKeys('family', options, ['hyper']);
  const hyper = (keys.get('hyper') ?? {}) as Record<string, HyperSetting>;
  if (family.hyper.length === 0) {
    if (Object.keys(hyper).length > 0) {
      throw new InlaError('invalid-option', `control.family.hyper: the ${family.name} family has no hyperparameters`, { family: family.name });
    }
    return [];
  }
  try {
    return resolveHyperParameters(family.hyper, family.observationsLabel, hyper);
  } catch (error) {
    throw new InlaError('invalid-option', `control.family: ${(error as Error).message}`, { family: family.name }, { cause: error });
  }
}

/** The sections `control` may have. */
const CONTROL_SECTIONS = ['compute', 'fixed', 'inla', 'family', 'predictor', 'numThreads'];

/** Rejects sections of `control` that hlm does not read (e.g. R-INLA's `control.predictor`), naming the ones it does. */
export function checkControlSections(control: Record<string, unknown> | undefined): void {
  for (const key of Object.keys(control ?? {})) {
    if (!CONTROL_SECTIONS.includes(key)) {
      throw new InlaError('invalid-option', `control.${key} is not supported; control takes: ${CONTROL_SECTIONS.join(', ')}`, { key });
    }
  }
}

/**
 * R-INLA's `control.predictor = list(compute = TRUE)`: whether to summarise the linear predictor and the fitted
 * values (the inverse link of the linear predictor) of every observation.
 */
export function resolvePredictor(options: Record<string, unknown> | undefined): { compute: boolean } {
  const keys = readKeys('predictor', options, ['compute', 'link']);
  const compute = keys.get('compute') ?? false;
  if (typeof compute !== 'boolean') throw new InlaError('invalid-option', `control.predictor.compute must be true or false, got ${JSON.stringify(compute)}`, {});
  const link = keys.get('link');
  const ownLink = (v: unknown): boolean => v === 1 || v === null;
  if (link !== undefined && !(ownLink(link) || (Array.isArray(link) && link.every(ownLink)))) {
    throw new InlaError('invalid-option', `control.predictor.link: only link = 1 (the family's own link) is supported, got ${JSON.stringify(link)}`, {});
  }
  return { compute };
}

/** control.numThreads: a positive integer, or undefined when not given. */
export function resolveNumThreads(control: ControlOptions | undefined): number | undefined {
  const value: unknown = control?.numThreads;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InlaError('invalid-option', `control.numThreads must be a positive integer, got ${JSON.stringify(value)}`, { numThreads: String(value) });
  }
  return value;
}
