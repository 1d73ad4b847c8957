/**
 * Raised for input a figure cannot be drawn from ('invalid-input'; `detail` names the row or value and says
 * what was expected), or when there is no DOM to draw in ('no-document', e.g. in a Web Worker).
 */
export class PlotError extends Error {
  readonly code: 'invalid-input' | 'no-document';
  readonly detail: Record<string, unknown>;

  /** `options.cause`: the underlying error, when this one reports it (the standard `Error` cause). */
  constructor(message: string, detail: Record<string, unknown> = {}, code: PlotError['code'] = 'invalid-input', options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlotError';
    this.code = code;
    this.detail = detail;
  }
}

const SUMMARY_COLUMNS = ['mean', 'sd', '0.025quant', '0.5quant', '0.975quant'] as const;

/** Throws unless every row has finite summary columns, naming the row and the column (no NaN reaches a figure). */
export function checkRows(rows: readonly { name?: string; ID?: string }[], figure: string): void {
  if (rows.length === 0) throw new PlotError(`${figure}: expected at least one row`, { figure });
  rows.forEach((row, i) => {
    for (const column of SUMMARY_COLUMNS) {
      const value = (row as Record<string, unknown>)[column];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const label = row.name ?? row.ID ?? `#${i + 1}`;
        throw new PlotError(`${figure}: row '${label}' has ${column} = ${String(value)}; expected a finite number`, { figure, row: label, column, value });
      }
    }
  });
}

/** Throws unless every value is finite, naming the first that is not. */
export function checkFinite(values: readonly number[], what: string): void {
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new PlotError(`${what}: value ${i + 1} is ${value}; expected a finite number`, { what, index: i, value });
  });
}
