/**
 * samples.csv: joint posterior samples, one line per sample. Browser-safe.
 * @module
 */
import type { PosteriorSamples } from '@hlm/inla';
import { itemAt } from '@hlm/likelihood';
import { csvCell } from './predictions.js';

/** One line per sample: its number, the hyperparameters (user scale), then every latent node under R-INLA's name. */
export function samplesCsv(samples: PosteriorSamples): string {
  const header = ['sample', ...samples.hyperparameterNames, ...samples.latentNames].map(csvCell).join(',');
  const lines = samples.latent.map((latent, s) => [String(s + 1), ...Array.from(itemAt(samples.hyperpar, s), String), ...Array.from(latent, String)].join(','));
  return `${[header, ...lines].join('\n')}\n`;
}
