/** distinctKeys against a Map of string keys, on keys that differ only in the high bits of their doubles. */
import { describe, expect, it } from 'vitest';
import { DistinctKeyTable, distinctKeys, HASH_SEED, mixNumber } from '../src/index.js';

describe('distinctKeys', () => {
  it('numbers keys as a Map of their strings does, in order of first appearance, with 0 and −0 alike', () => {
    // pairs of whole numbers (ids, counts), many repeats, and the signed zeros
    const a = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 613);
    const b = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? -0 : (i * 104729) % 5));
    const { idOf, first } = distinctKeys(
      a.length,
      (i) => mixNumber(mixNumber(HASH_SEED, a[i]!), b[i]!),
      (i, j) => a[i] === a[j] && b[i] === b[j],
    );
    const reference = new Map<string, number>();
    const expectedId = a.map((v, i) => {
      const key = `${v}|${b[i] === 0 ? 0 : b[i]}`;
      if (!reference.has(key)) reference.set(key, reference.size);
      return reference.get(key)!;
    });
    expect(Array.from(idOf)).toEqual(expectedId);
    expect(first.length).toBe(reference.size);
    first.forEach((i, id) => expect(idOf[i]).toBe(id));
  });
});

describe('DistinctKeyTable', () => {
  it('grows with the distinct keys (past many doublings), keeps their ids, and finds each key again under a hash that collides everywhere', () => {
    for (const hashOf of [(k: number) => mixNumber(HASH_SEED, k), () => 42]) {
      const table = new DistinctKeyTable();
      const keys = Array.from({ length: hashOf(0) === 42 ? 300 : 20000 }, (_, i) => (i * 7919) % 100003);
      const keyOfId: number[] = [];
      for (const key of keys) {
        const known = table.count;
        const id = table.idOf(hashOf(key), keyOfId.length, (other) => keyOfId[other] === key);
        if (id === known) keyOfId.push(key);
        expect(keyOfId[id]).toBe(key);
      }
      expect(table.count).toBe(new Set(keys).size);
      // every key again: no new ids
      keys.forEach((key, i) => {
        if (i % 7 === 0) expect(keyOfId[table.idOf(hashOf(key), -1, (other) => keyOfId[other] === key)]).toBe(key);
      });
      expect(table.count).toBe(new Set(keys).size);
      // each id's first item is the one it was created with
      expect(Array.from(table.firsts())).toEqual(keyOfId.map((_, id) => id));
      expect(() => table.firstItem(table.count)).toThrow(RangeError);
    }
  });
});
