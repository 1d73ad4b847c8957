import type { Table } from '@hlm/design';
import type { ElectionResults } from './results.js';

/** Linear-interpolation quantile of sorted values (pandas' and R's type 7 default). */
function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

/** The tutorial's data summary: shape, Bush vote share and pandas' describe() of respondents per state. */
export function summariseData(table: Table, columns: number): ElectionResults['data'] {
  const bush = Array.from(table.bush as ArrayLike<number>);
  const states = Array.from(table.state as ArrayLike<number | string>, String);
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  const sizes = [...counts.values()].sort((a, b) => a - b);
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const variance = sizes.length > 1 ? sizes.reduce((s, v) => s + (v - mean) ** 2, 0) / (sizes.length - 1) : 0;
  return {
    rows: bush.length,
    columns,
    bushShare: bush.reduce((a, b) => a + b, 0) / bush.length,
    perState: {
      count: sizes.length,
      mean,
      std: Math.sqrt(variance),
      min: sizes[0]!,
      q25: quantile(sizes, 0.25),
      median: quantile(sizes, 0.5),
      q75: quantile(sizes, 0.75),
      max: sizes[sizes.length - 1]!,
    },
  };
}
