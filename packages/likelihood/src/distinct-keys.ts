/**
 * Distinct keys made of numbers, found by hashing the numbers themselves (never strings): the engine finds the
 * distinct rows of its predictor matrix with it, the criteria the groups of alike observations.
 * @module
 */

import { outOfRange } from './checked.js';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** Mixes the 64 bits of x into the 32-bit hash h (FNV-style multiply-xor on each half; 0 and −0 hash alike). */
export function mixNumber(h: number, x: number): number {
  bits[0] = x === 0 ? 0 : x;
  h = Math.imul(h ^ (words[0] ?? outOfRange(words, 0)), 0x01000193);
  return Math.imul(h ^ (words[1] ?? outOfRange(words, 1)), 0x01000193);
}

/** The hash `mixNumber` starts from (FNV's offset basis). */
export const HASH_SEED = 0x811c9dc5;

/**
 * The table slot of the 32-bit hash h: MurmurHash3's finaliser first, because the multiply-xor steps of `mixNumber`
 * carry a word's bits only upwards, and whole numbers (counts, ids) differ only in their high bits.
 */
function slotOf(h: number, mask: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & mask;
}

/**
 * Distinct keys met one at a time, by open addressing on their 32-bit hashes. The table holds at least twice as many
 * slots as distinct keys and doubles as they come, so its size follows the number of distinct keys, not of items
 * (a 6,000,000-row survey has 3,200 distinct rows of its predictor matrix).
 */
export class DistinctKeyTable {
  private slots = new Int32Array(16);
  /** The hash of each id, to place it again when the table grows. */
  private hashes = new Int32Array(8);
  /** The first item of each id. */
  private firstItems = new Int32Array(8);
  private ids = 0;

  /** The number of distinct keys met so far; they have ids 0 … count − 1 in order of first appearance. */
  get count(): number {
    return this.ids;
  }

  /**
   * The id of `item`, whose key has hash h: the id of an earlier key with that hash for which `same(id)` holds, else a
   * new id (`count` before the call) whose first item is `item`.
   */
  idOf(h: number, item: number, same: (id: number) => boolean): number {
    const mask = this.slots.length - 1;
    let slot = slotOf(h, mask);
    for (;;) {
      const held = this.slots[slot] ?? outOfRange(this.slots, slot);
      if (held === 0) break;
      if (same(held - 1)) return held - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.ids++;
    if (id >= this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.firstItems = grown(this.firstItems);
    }
    this.hashes[id] = h;
    this.firstItems[id] = item;
    if (2 * this.ids > this.slots.length) this.grow();
    else this.slots[slot] = id + 1;
    return id;
  }

  /** The first item of id `id`. */
  firstItem(id: number): number {
    if (!(id >= 0 && id < this.ids)) throw new RangeError(`DistinctKeyTable: no id ${id} among ${this.ids}`);
    return this.firstItems[id] ?? outOfRange(this.firstItems, id);
  }

  /** The first item of every id, in id order (a copy). */
  firsts(): Int32Array {
    return this.firstItems.slice(0, this.ids);
  }

  /** Doubles the slots and places every id again (ids stay; only slots move). */
  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.ids; id++) {
      let slot = slotOf(this.hashes[id] ?? outOfRange(this.hashes, id), mask);
      while ((this.slots[slot] ?? outOfRange(this.slots, slot)) !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}

/** `values` copied into a new array of `capacity` entries (twice as many by default), for ids and lists that grow as they are found. */
export function grown(values: Int32Array, capacity = 2 * values.length): Int32Array<ArrayBuffer> {
  const out = new Int32Array(capacity);
  out.set(values);
  return out;
}

/**
 * Distinct keys among items 0 … count − 1: `hash(i)` and `same(i, j)` describe item i's key. Returns the id of each
 * item, numbered in order of first appearance, and the first item of each id.
 */
export function distinctKeys(count: number, hash: (i: number) => number, same: (i: number, j: number) => boolean): { idOf: Int32Array; first: Int32Array } {
  const table = new DistinctKeyTable();
  const idOf = new Int32Array(count);
  let current = 0;
  const sameAsCurrent = (id: number): boolean => same(table.firstItem(id), current);
  for (let i = 0; i < count; i++) {
    current = i;
    idOf[i] = table.idOf(hash(i), i, sameAsCurrent);
  }
  return { idOf, first: table.firsts() };
}
