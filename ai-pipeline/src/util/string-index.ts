import { fnv1a } from './fnv1a.js';

/**
 * A fixed set of strings and their positions, in a few heap objects: the strings concatenated into one, their end
 * offsets and an open-addressing hash table (linear probing over FNV-1a) in typed arrays. A Map of the same strings is
 * one heap object per string that every major garbage collection marks; this is for large tables that live as long
 * as the process. Lookups are exact: a hash hit is compared character by character.
 */
export class StringIndex {
  /** String index + 1 per slot, 0 = empty; the length is a power of two at least twice the number of strings. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `chars`: the strings concatenated in order; `ends[i]`: the end offset of string i in `chars`. */
  constructor(
    private readonly chars: string,
    private readonly ends: Uint32Array,
  ) {
    let capacity = 16;
    while (capacity < ends.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < ends.length; i += 1) {
      let slot = fnv1a(this.at(i)) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    }
  }

  static of(strings: readonly string[]): StringIndex {
    const ends = new Uint32Array(strings.length);
    let end = 0;
    strings.forEach((s, i) => {
      end += s.length;
      ends[i] = end;
    });
    return new StringIndex(strings.join(''), ends);
  }

  get size(): number {
    return this.ends.length;
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1]!;
  }

  /** String i (a new string: for building and tests, not for hot paths). */
  at(i: number): string {
    return this.chars.slice(this.start(i), this.ends[i]);
  }

  /** The position of `s` in the set, or -1. */
  indexOf(s: string): number {
    for (let slot = fnv1a(s) & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const i = entry - 1;
      const start = this.start(i);
      if (this.ends[i]! - start === s.length && this.chars.startsWith(s, start)) return i;
    }
  }
}
