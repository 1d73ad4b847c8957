/**
 * The model and its options in the URL's fragment (`#formula=...&family=...`), so a link reproduces the analysis.
 * The fragment never reaches a server, and the data never enters it.
 * @module
 */
import { ELECTION_OPTIONS, STRATEGIES, type ModelOptions, type Strategy } from './model.js';

/** The parameters that are not a family column. */
const OPTIONS = new Set(['formula', 'family', 'categorical', 'strategy']);

/** The fragment (without '#') that encodes `options`. */
export function encodeOptions(options: ModelOptions): string {
  const params = new URLSearchParams();
  params.set('formula', options.formula);
  params.set('family', options.family);
  for (const [name, column] of Object.entries(options.columns)) if (column !== '' && !OPTIONS.has(name)) params.set(name, column);
  if (options.categorical.length > 0) params.set('categorical', options.categorical.join(','));
  if (options.strategy !== 'auto') params.set('strategy', options.strategy);
  return params.toString();
}

/** The options a fragment encodes (every other parameter is a family column); the tutorial's model when it has none. */
export function decodeOptions(fragment: string): ModelOptions {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  if (!params.has('formula')) return { ...ELECTION_OPTIONS, columns: { ...ELECTION_OPTIONS.columns }, categorical: [...ELECTION_OPTIONS.categorical] };
  const strategy = params.get('strategy');
  const columns: Record<string, string> = {};
  for (const [name, column] of params) if (!OPTIONS.has(name)) columns[name] = column;
  return {
    formula: params.get('formula') ?? '',
    // an unknown family stays as written: the fit says so beside the family field
    family: params.get('family') ?? 'binomial',
    columns,
    categorical: (params.get('categorical') ?? '').split(',').filter((c) => c !== ''),
    strategy: (STRATEGIES as readonly string[]).includes(strategy ?? '') ? (strategy as Strategy) : 'auto',
  };
}
