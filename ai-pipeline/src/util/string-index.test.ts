import { describe, expect, it } from 'vitest';
import { StringIndex } from './string-index.js';

describe('StringIndex', () => {
  it('finds each string at its position and nothing else', () => {
    const words = ['', 'a', 'ab', 'abc', 'b', 'constructor', '__proto__', 'é', 'ünïcødé'];
    const index = StringIndex.of(words);
    expect(index.size).toBe(words.length);
    words.forEach((w, i) => {
      expect(index.indexOf(w)).toBe(i);
      expect(index.at(i)).toBe(w);
    });
    for (const missing of ['c', 'abcd', 'ba', 'toString', 'e']) expect(index.indexOf(missing)).toBe(-1);
  });

  it('stays exact with thousands of strings and an empty set', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const index = StringIndex.of(many);
    many.forEach((w, i) => expect(index.indexOf(w)).toBe(i));
    expect(index.indexOf('w')).toBe(-1);
    expect(StringIndex.of([]).indexOf('x')).toBe(-1);
  });
});
