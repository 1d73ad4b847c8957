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
 * Distinct keys among items 0 … count − 1 by open addressing (a table of at least twice as many slots): `hash(i)`
 * and `same(i, j)` describe item i's key. Returns the id of each item, numbered in order of first appearance, and
 * the first item of each id.
 */
export function distinctKeys(count: number, hash: (i: number) => number, same: (i: number, j: number) => boolean): { idOf: Int32Array; first: Int32Array } {
  let size = 16;
  while (size < 2 * count) size *= 2;
  const slots = new Int32Array(size);
  const idOf = new Int32Array(count);
  const first = new Int32Array(count);
  let ids = 0;
  for (let i = 0; i < count; i++) {
    let slot = slotOf(hash(i), size - 1);
    for (;;) {
      const held = slots[slot] ?? outOfRange(slots, slot);
      if (held === 0) {
        slots[slot] = ids + 1;
        first[ids] = i;
        idOf[i] = ids++;
        break;
      }
      if (same(first[held - 1] ?? outOfRange(first, held - 1), i)) {
        idOf[i] = held - 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  return { idOf, first: first.slice(0, ids) };
}
