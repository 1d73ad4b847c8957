/**
 * Categorical coding: level ordering, level indices and indicator (dummy) columns.
 * @module
 */
import { DesignError, show } from './errors.js';
import type { ColumnData } from './table.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/** A categorical variable: its level labels in order, and each observation's 0-based level index. */
export interface Factor {
  levels: string[];
  index: Int32Array;
}

function isNumericLabel(label: string): boolean {
  return label.trim() !== '' && Number.isFinite(Number(label));
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The distinct labels, sorted numerically when every label parses as a finite number ('2' before '10'),
 * otherwise in code-unit (lexicographic, locale-independent) order.
 */
export function sortLevels(labels: Iterable<string>): string[] {
  const levels = [...new Set(labels)];
  if (levels.every(isNumericLabel)) return levels.sort((a, b) => Number(a) - Number(b) || byCodeUnits(a, b));
  return levels.sort(byCodeUnits);
}

/** The labels of a column as strings: numbers print as `String` prints them (1 → '1'). */
export function columnLabels(data: ColumnData): string[] {
  return data.kind === 'categorical' ? data.values : Array.from(data.values, String);
}

/** Up to this many distinct labels a row's label is found by comparing it with each in turn, faster than a Map look-up. */
const SCANNED_LABELS = 16;

/**
 * Each label's index among the distinct labels in order of first appearance, by one look-up per row, and those labels.
 */
function firstAppearanceCodes<T>(labels: ArrayLike<T>): { distinct: T[]; codes: Int32Array } {
  const code = new Map<T, number>();
  const distinct: T[] = [];
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as T;
    let k = -1;
    // a Map takes NaN as one key (SameValueZero); === never matches it
    if (distinct.length <= SCANNED_LABELS && label === label) {
      for (let j = 0; j < distinct.length; j++) {
        if (distinct[j] === label) {
          k = j;
          break;
        }
      }
    } else {
      k = code.get(label) ?? -1;
    }
    if (k < 0) {
      k = distinct.length;
      code.set(label, k);
      distinct.push(label);
    }
    codes[i] = k;
  }
  return { distinct, codes };
}

/** `codes` renumbered in place from first-appearance order to the order of `sorted` (the same distinct labels). */
function renumber<T>(codes: Int32Array, distinct: readonly T[], sorted: readonly T[]): Int32Array {
  const position = new Map(sorted.map((label, k) => [label, k]));
  const to = new Int32Array(distinct.length);
  distinct.forEach((label, k) => {
    const at = position.get(label);
    if (at === undefined) throw new RangeError(`renumber: the label ${String(label)} is not among the sorted labels; expected the same labels in both`);
    to[k] = at;
  });
  for (let i = 0; i < codes.length; i++) codes[i] = to[codes[i] ?? outOfRange(codes, i)] ?? outOfRange(to, codes[i] ?? outOfRange(codes, i));
  return codes;
}

/**
 * Codes `labels` (the values of `column`) as a factor with the given `levels`, or `sortLevels(labels)` when none are
 * given; throws `DesignError` ('value-not-in-levels') naming the first row whose label is not a level.
 */
export function toFactor(labels: readonly string[], column: string, levels?: readonly string[]): Factor {
  if (levels === undefined) {
    const { distinct, codes } = firstAppearanceCodes(labels);
    const order = sortLevels(distinct);
    return { levels: order, index: renumber(codes, distinct, order) };
  }
  const order = [...levels];
  const position = new Map(order.map((level, k) => [level, k]));
  const index = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = position.get(itemAt(labels, i));
    if (k === undefined) {
      throw new DesignError(
        'value-not-in-levels',
        `column '${column}' has ${show(labels[i])} at row ${i + 1}, which is not among the given values (${order.join(', ')}); expected one of them`,
        { column, row: i + 1, value: labels[i] },
      );
    }
    index[i] = k;
  }
  return { levels: order, index };
}

/**
 * The factor of a column: `toFactor` of its labels, but a numeric column without given levels is coded from its
 * numbers (the same levels and indices: String is one-to-one on finite numbers, 0 and −0 aside, which a Map also
 * takes as one key), without a string per row.
 */
export function columnFactor(data: ColumnData, column: string, levels?: readonly string[]): Factor {
  if (data.kind === 'categorical' || levels !== undefined) return toFactor(columnLabels(data), column, levels);
  const { distinct, codes } = firstAppearanceCodes(data.values);
  const sorted = [...distinct].sort((a, b) => a - b);
  return { levels: sorted.map(String), index: renumber(codes, distinct, sorted) };
}

/** The 0-based rows of each level of `factor`, in increasing order: the nonzero rows of its dummy columns. */
export function levelRows(factor: Factor): Int32Array[] {
  const counts = new Int32Array(factor.levels.length);
  for (const k of factor.index) counts[k] = (counts[k] ?? outOfRange(counts, k)) + 1;
  const rows = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let i = 0; i < factor.index.length; i++) {
    const k = factor.index[i] ?? outOfRange(factor.index, i);
    const filled = counts[k] ?? outOfRange(counts, k);
    itemAt(rows, k)[filled] = i;
    counts[k] = filled + 1;
  }
  return rows;
}
