import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  caterpillarPlot,
  coefficientPlot,
  hyperparameterPlot,
  oddsRatioPlot,
  randomEffectHistogram,
  svgToPng,
  type SummaryRow,
} from '@hlm/plots';
import type { ElectionResults } from './results.js';


/** One figure of the election demo. */
export interface ElectionFigure {
  /** File stem and HTML id, e.g. 'election_coefficients'. */
  name: string;
  caption: string;
  svg: string;
}

/** The state precision's summary row and marginal; throws when the fit lacks them. */
export function statePrecision(results: ElectionResults): { summary: SummaryRow & { name: string }; marginal: { x: number[]; y: number[] } } {
  const summary = results.hyperpar.find((h) => h.name === 'Precision for state');
  if (!summary) throw new Error("results.hyperpar has no 'Precision for state'");
  const marginal = results.marginals.hyperpar[summary.name];
  if (!marginal) throw new Error("results.marginals.hyperpar has no 'Precision for state'");
  return { summary, marginal };
}

/** Draws the demo's six figures as SVG. */
export function electionFigures(results: ElectionResults): ElectionFigure[] {
  const { summary, marginal } = statePrecision(results);
  const states = results.random.state;
  return [
    {
      name: 'election_coefficients',
      caption:
        'Fixed effects on the log-odds scale: posterior mean (dot) and 95% credible interval (line); green where the interval excludes 0.',
      svg: coefficientPlot(results.fixed, {
        labels: results.labels,
        title: '1988 Election: Demographic Effects on Bush Vote',
        xLabel: 'Coefficient (log-odds scale)',
      }),
    },
    {
      name: 'election_odds_ratios',
      caption: 'The same effects as odds ratios exp(coefficient) on a log axis; the dashed line at 1 means no difference from the baseline.',
      svg: oddsRatioPlot(results.fixed, {
        labels: results.labels,
        title: '1988 Election: Odds Ratios for Bush Vote',
        xLabel: 'Odds Ratio (vs reference category)',
      }),
    },
    {
      name: 'election_state_effects',
      caption: `All ${states.length} state effects ordered by posterior mean with 95% intervals; blue where the interval excludes 0.`,
      svg: caterpillarPlot(states, {
        title: 'State-Level Variation in Bush Support (Caterpillar Plot)',
        xLabel: 'State Random Effect (log-odds)',
        yLabel: 'State (ordered by effect)',
      }),
    },
    {
      name: 'election_state_variance',
      caption: 'Histogram (density) of the posterior means of the state effects, with the fitted normal N(0, 1/√precision).',
      svg: randomEffectHistogram(states, {
        precision: summary.mean,
        bins: 15,
        title: 'Distribution of State Random Effects',
        xLabel: 'State Random Effect',
        zeroLabel: 'Zero (no state effect)',
      }),
    },
    {
      name: 'election_precision',
      caption: 'Posterior density of the precision of the state effect, with its mean (solid) and 95% interval (dashed).',
      svg: hyperparameterPlot(marginal, summary, { title: 'Posterior of the State Precision', xLabel: 'Precision for state' }),
    },
    {
      name: 'election_state_sd',
      caption: 'The same posterior on the standard-deviation scale σ = 1/√precision, with its mean and 95% interval.',
      svg: hyperparameterPlot(marginal, summary, {
        scale: 'sd',
        title: 'Posterior of the State Standard Deviation',
        xLabel: 'SD of the state effect (log-odds)',
      }),
    },
  ];
}

/** Writes every figure as `<name>.svg` and `<name>.png` under `outDir` (created if missing); returns the paths. */
export async function writeFigures(outDir: string, results: ElectionResults): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const paths: string[] = [];
  for (const figure of electionFigures(results)) {
    const svgPath = join(outDir, `${figure.name}.svg`);
    const pngPath = join(outDir, `${figure.name}.png`);
    await writeFile(svgPath, figure.svg);
    await writeFile(pngPath, svgToPng(figure.svg));
    paths.push(svgPath, pngPath);
  }
  return paths;
}
