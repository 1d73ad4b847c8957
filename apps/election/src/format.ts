import { excludes, formatCriteria, formatTable, summaryTable } from '@hlm/cli';
import type { ElectionResults } from './results.js';

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
  out.push(...formatCriteria(results));
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
