import type { ElectionResults } from './results.js';

type Row = { mean: number; sd: number; '0.025quant': number; '0.5quant': number; '0.975quant': number; mode: number };
const COLUMNS = ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant', 'mode'] as const;

/** A table in pandas' `to_string()` layout: right-aligned columns, row labels on the left. */
export function formatTable(rows: { label: string; values: string[] }[], header: readonly string[]): string {
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r.values[j]!.length)));
  const line = (label: string, values: readonly string[]): string =>
    [label.padEnd(labelWidth), ...values.map((v, j) => v.padStart(widths[j]!))].join('  ').trimEnd();
  const body = rows.map((r) => line(r.label, r.values));
  return header.some((h) => h !== '') ? [line('', header), ...body].join('\n') : body.join('\n');
}

function summaryTable(rows: (Row & { name?: string })[], digits: number): string {
  return formatTable(
    rows.map((r) => ({ label: r.name ?? '', values: COLUMNS.map((c) => r[c].toFixed(digits)) })),
    COLUMNS,
  );
}

/** Whether a 95% interval excludes `value`. */
export function excludes(low: number, high: number, value: number): boolean {
  return !(low < value && high > value);
}

/** Everything the demo prints, in the tutorial's order and layout. */
export function formatReport(results: ElectionResults): string {
  const out: string[] = [];
  const d = results.data;
  const ps = d.perState;
  out.push(`Dataset shape: (${d.rows}, ${d.columns})`);
  out.push(`Bush vote share: ${(100 * d.bushShare).toFixed(1)}%`);
  out.push('Respondents per state:');
  out.push(
    formatTable(
      [
        ['count', ps.count],
        ['mean', ps.mean],
        ['std', ps.std],
        ['min', ps.min],
        ['25%', ps.q25],
        ['50%', ps.median],
        ['75%', ps.q75],
        ['max', ps.max],
      ].map(([label, value]) => ({ label: label as string, values: [(value as number).toFixed(5)] })),
      [''],
    ),
  );
  out.push('', '=== Fixed Effects ===', summaryTable(results.fixed, 6));
  out.push('', '=== Hyperparameters (State Precision) ===', summaryTable(results.hyperpar, 6));
  out.push('', '=== DIC ===');
  out.push(results.dic ? `${results.dic.dic.toFixed(4)}  (p_eff ${results.dic.p_eff.toFixed(3)}, mean deviance ${results.dic.mean_deviance.toFixed(3)}, deviance at mean ${results.dic.deviance_mean.toFixed(3)})` : 'not computed');
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
  out.push('', 'DEMOGRAPHIC EFFECTS (Odds Ratios for Bush vote):');
  for (const row of results.fixed) {
    if (row.name === '(Intercept)') continue;
    const low = row['0.025quant'];
    const high = row['0.975quant'];
    const label = results.labels[row.name ?? ''] ?? row.name ?? '';
    const star = excludes(low, high, 0) ? ' *' : '';
    out.push(`  ${label.padEnd(15)}: OR = ${Math.exp(row.mean).toFixed(2)} (${Math.exp(low).toFixed(2)} - ${Math.exp(high).toFixed(2)})${star}`);
  }
  out.push('* = statistically significant (95% CI excludes 1)');
  const precision = results.hyperpar.find((h) => h.name === 'Precision for state');
  if (precision) {
    const variance = 1 / precision.mean;
    out.push('', `State effect precision: ${precision.mean.toFixed(3)}`);
    out.push(`State effect variance: ${variance.toFixed(3)}`);
    out.push(`State effect SD: ${Math.sqrt(variance).toFixed(3)}`);
  }
  return out.join('\n');
}
