/**
 * The printed tables, in the tutorial's (pandas') layout. Browser-safe: no Node imports.
 * @module
 */
import { itemAt } from '@hlm/likelihood';
import type { ModelResults, SummaryStats } from './results.js';

const COLUMNS = ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const;

/** A table in pandas' `to_string()` layout: right-aligned columns, row labels on the left. */
export function formatTable(rows: { label: string; values: string[] }[], header: readonly string[]): string {
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => itemAt(r.values, j).length)));
  const line = (label: string, values: readonly string[]): string =>
    [label.padEnd(labelWidth), ...values.map((v, j) => v.padStart(itemAt(widths, j)))].join('  ').trimEnd();
  const body = rows.map((r) => line(r.label, r.values));
  return header.some((h) => h !== '') ? [line('', header), ...body].join('\n') : body.join('\n');
}

/** An R-INLA summary table with `digits` decimals. */
export function summaryTable(rows: (SummaryStats & { name?: string; ID?: string })[], digits: number): string {
  return formatTable(
    rows.map((r) => ({ label: r.name ?? r.ID ?? '', values: COLUMNS.map((c) => r[c].toFixed(digits)) })),
    COLUMNS,
  );
}

/** Whether a 95% interval excludes `value`. */
export function excludes(low: number, high: number, value: number): boolean {
  return !(low < value && high > value);
}

/** The DIC, WAIC, marginal-likelihood and CPO lines of the printed report (the CPO lines only when computed). */
export function formatCriteria(results: Pick<ModelResults, 'dic' | 'waic' | 'mlik' | 'cpo'>): string[] {
  const out: string[] = [];
  out.push('', '=== DIC ===');
  out.push(
    results.dic
      ? `${results.dic.dic.toFixed(4)}  (p_eff ${results.dic.p_eff.toFixed(3)}, mean deviance ${results.dic.mean_deviance.toFixed(3)}, deviance at mean ${results.dic.deviance_mean.toFixed(3)})`
      : 'not computed',
  );
  out.push('', '=== WAIC ===');
  out.push(results.waic ? `${results.waic.waic.toFixed(4)}  (p_eff ${results.waic.p_eff.toFixed(3)}, lppd ${results.waic.lppd.toFixed(3)})` : 'not computed');
  out.push('', '=== Marginal Likelihood ===');
  out.push(
    results.mlik
      ? formatTable(
          [
            { label: 'log marginal-likelihood (integration)', values: [results.mlik.integration.toFixed(6)] },
            { label: 'log marginal-likelihood (Gaussian)', values: [results.mlik.gaussian.toFixed(6)] },
          ],
          [''],
        )
      : 'not computed',
  );
  if (results.cpo) out.push('', `=== CPO ===`, `sum of log CPO: ${results.cpo.sum_log_cpo.toFixed(3)}  (failures: ${results.cpo.failures})`);
  return out;
}

/** What exp(coefficient) means under a link: odds ratios for logit, rate (or mean) ratios for log; null otherwise. */
export function ratioName(link: string, family: string): { long: string; short: string } | null {
  if (link === 'logit') return { long: 'Odds ratio', short: 'OR' };
  if (link === 'log') return family === 'poisson' ? { long: 'Rate ratio', short: 'RR' } : { long: 'Ratio of means', short: 'ratio' };
  return null;
}

/** How the printed report names things; the defaults use column names and levels as they are. */
export interface FormatOptions {
  /** Readable name of a fixed effect (by coefficient name), e.g. { black: 'Black' }. */
  label?: (name: string) => string;
  /** The response line, e.g. (share) => `Bush vote share: ${share}`; default `<response> share of successes: …` or `<response> mean: …`. */
  responseLine?: (results: ModelResults) => string;
  /** What one row is, for "Observations per state" (default 'Observations'). */
  rowNoun?: string;
  /** Heading of the hyperparameter table (default 'Hyperparameters'). */
  hyperparameterHeading?: string;
}

function defaultResponseLine(results: ModelResults): string {
  const r = results.data.response;
  if (r.trials !== undefined) return `${r.name} share of successes: ${(100 * r.mean).toFixed(1)}% (${r.successes} of ${r.trials} trials)`;
  return `${r.name} mean: ${r.mean.toPrecision(6)}`;
}

/** Everything `hlm fit` prints, in the tutorial's order and layout. */
export function formatReport(results: ModelResults, options: FormatOptions = {}): string {
  const label = options.label ?? ((name: string) => name);
  const out: string[] = [];
  const d = results.data;
  out.push(`Dataset shape: (${d.rows}, ${d.columns})`);
  out.push((options.responseLine ?? defaultResponseLine)(results));
  if (d.predictionRows > 0) out.push(`Rows to predict (response missing): ${d.predictionRows}`);
  for (const [group, ps] of Object.entries(d.perLevel)) {
    out.push(`${options.rowNoun ?? 'Observations'} per ${group}:`);
    out.push(
      formatTable(
        (
          [
            ['count', ps.count],
            ['mean', ps.mean],
            ['std', ps.std],
            ['min', ps.min],
            ['25%', ps.q25],
            ['50%', ps.median],
            ['75%', ps.q75],
            ['max', ps.max],
          ] as const
        ).map(([name, value]) => ({ label: name, values: [value.toFixed(5)] })),
        [''],
      ),
    );
  }
  out.push('', '=== Fixed Effects ===', summaryTable(results.fixed, 6));
  if (results.hyperpar.length > 0) out.push('', `=== ${options.hyperparameterHeading ?? 'Hyperparameters'} ===`, summaryTable(results.hyperpar, 6));
  out.push(...formatCriteria(results));
  const ratio = ratioName(results.model.link, results.model.family);
  const effects = results.fixed.filter((row) => row.name !== '(Intercept)');
  if (ratio && effects.length > 0) {
    out.push('', `${ratio.long.toUpperCase()}S (exp of each coefficient, with 95% intervals):`);
    const width = Math.max(15, ...effects.map((row) => label(row.name).length));
    for (const row of effects) {
      const low = row['0.025quant'];
      const high = row['0.975quant'];
      const star = excludes(low, high, 0) ? ' *' : '';
      out.push(`  ${label(row.name).padEnd(width)}: ${ratio.short} = ${Math.exp(row.mean).toFixed(2)} (${Math.exp(low).toFixed(2)} - ${Math.exp(high).toFixed(2)})${star}`);
    }
    out.push('* = statistically significant (95% CI excludes 1)');
  }
  for (const h of results.hyperpar) {
    const name = /^Precision for (.+)$/.exec(h.name)?.[1];
    if (name === undefined || !(name in results.random)) continue;
    const variance = 1 / h.mean;
    const title = name.charAt(0).toUpperCase() + name.slice(1);
    out.push('', `${title} effect precision: ${h.mean.toFixed(3)}`);
    out.push(`${title} effect variance: ${variance.toFixed(3)}`);
    out.push(`${title} effect SD: ${Math.sqrt(variance).toFixed(3)}`);
  }
  return out.join('\n');
}
