/**
 * The model and its options in the URL's fragment (`#formula=...&family=...`), so a link reproduces the analysis.
 * The fragment never reaches a server, and the data never enters it.
 * @module
 */
import { ELECTION_OPTIONS, FAMILIES, STRATEGIES, type FamilyName, type ModelOptions, type Strategy } from './model.js';

/** The fragment (without '#') that encodes `options`. */
export function encodeOptions(options: ModelOptions): string {
  const params = new URLSearchParams();
  params.set('formula', options.formula);
  params.set('family', options.family);
  if (options.Ntrials !== '') params.set('Ntrials', options.Ntrials);
  if (options.E !== '') params.set('E', options.E);
  if (options.categorical.length > 0) params.set('categorical', options.categorical.join(','));
  if (options.strategy !== 'auto') params.set('strategy', options.strategy);
  return params.toString();
}

/** The options a fragment encodes; the tutorial's model when it has none, and its defaults for anything unreadable. */
export function decodeOptions(fragment: string): ModelOptions {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  if (!params.has('formula')) return { ...ELECTION_OPTIONS, categorical: [...ELECTION_OPTIONS.categorical] };
  const family = params.get('family');
  const strategy = params.get('strategy');
  return {
    formula: params.get('formula') ?? '',
    family: (FAMILIES as readonly string[]).includes(family ?? '') ? (family as FamilyName) : 'binomial',
    Ntrials: params.get('Ntrials') ?? '',
    E: params.get('E') ?? '',
    categorical: (params.get('categorical') ?? '').split(',').filter((c) => c !== ''),
    strategy: (STRATEGIES as readonly string[]).includes(strategy ?? '') ? (strategy as Strategy) : 'auto',
  };
}
