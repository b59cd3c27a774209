import { describe, expect, it } from 'vitest';
import { compactNgrams, COMPACT_NGRAMS_FORMAT, NgramTable, parseCompactNgrams, serializeCompactNgrams } from './ngram-table.js';

// Grams that share prefixes and suffixes, a one-character gram and a gram with a byte-dictionary character (eld maps
// raw UTF-8 bytes to single characters up to \u00ff).
const ROWS: Record<string, Record<string, number>> = {
  ' de': { '9': 120, '37': 64 },
  ' der': { '9': 150 },
  de: { '9': 11, '17': 12, '37': 13 },
  e: { '11': 7 },
  ' \u00c3\u00a9t': { '17': 99, '6': 40 },
};
const HEADER = { type: 'small', languages: { '6': 'ca', '9': 'de', '11': 'en', '17': 'fr', '37': 'nl' } };

describe('NgramTable', () => {
  const table = new NgramTable(compactNgrams(ROWS));

  it('gives every gram exactly the scores it had, and nothing for a gram it lacks', () => {
    expect(table.size).toBe(5);
    for (const [gram, row] of Object.entries(ROWS)) expect(table.row(gram)).toEqual(Object.fromEntries(Object.entries(row).map(([id, s]) => [Number(id), s])));
    for (const missing of ['', ' d', 'der', ' de ', 'ee', ' \u00c3']) expect(table.row(missing)).toBeUndefined();
  });

  it('answers eld-style property reads through asEldNgrams (a fresh row object per read)', () => {
    const ngrams = table.asEldNgrams();
    expect(ngrams[' der']).toEqual({ 9: 150 });
    expect(ngrams.nope).toBeUndefined();
    expect(ngrams[' der']).not.toBe(ngrams[' der']);
    expect(' de' in ngrams).toBe(true);
    expect(() => Object.keys(ngrams)).toThrow('can be looked up, not listed');
    expect('xx' in ngrams).toBe(false);
    const summed: number[] = [];
    for (const id in ngrams.de) summed[Number(id)] = (summed[Number(id)] ?? 0) + ngrams.de![Number(id)]!;
    expect(summed[9]! + summed[17]! + summed[37]!).toBe(36);
  });

  it('stays exact when many grams land in few slots', () => {
    const many: Record<string, Record<string, number>> = {};
    for (let i = 0; i < 3000; i += 1) many[`g${i}`] = { [String(i % 11)]: i };
    const big = new NgramTable(compactNgrams(many));
    for (let i = 0; i < 3000; i += 1) expect(big.row(`g${i}`)).toEqual({ [i % 11]: i });
    expect(big.row('g3000')).toBeUndefined();
  });

  it('refuses a row eld could not have written', () => {
    expect(() => compactNgrams({ ab: { '9': 'high' } })).toThrow('n-gram "ab": the score of language 9 is not a number');
    expect(() => compactNgrams({ ab: { x: 1 } })).toThrow('n-gram "ab": language id "x" is not an integer 0–255');
  });
});

describe('serializeCompactNgrams / parseCompactNgrams', () => {
  it('round-trips the table', () => {
    const { header, data } = parseCompactNgrams(JSON.parse(serializeCompactNgrams(HEADER, compactNgrams(ROWS))));
    expect(header).toEqual(HEADER);
    const table = new NgramTable(data);
    expect(table.row(' \u00c3\u00a9t')).toEqual({ 6: 40, 17: 99 });
    expect(table.row('e')).toEqual({ 11: 7 });
  });

  const file = (): Record<string, unknown> => JSON.parse(serializeCompactNgrams(HEADER, compactNgrams(ROWS))) as Record<string, unknown>;
  const b64 = (a: Uint32Array | Uint8Array): string => Buffer.from(a.buffer).toString('base64');

  it('names the field at fault in a damaged file', () => {
    expect(() => parseCompactNgrams({ ...file(), format: 'other' })).toThrow(COMPACT_NGRAMS_FORMAT);
    expect(() => parseCompactNgrams({ ...file(), gramEnds: Buffer.from([1, 2, 3]).toString('base64') })).toThrow('field "gramEnds": 3 bytes is not a whole number of 4-byte values');
    expect(() => parseCompactNgrams({ ...file(), gramEnds: b64(Uint32Array.from([3, 2, 6, 7, 11])) })).toThrow('field "gramEnds": offsets go backwards');
    expect(() => parseCompactNgrams({ ...file(), grams: 'short' })).toThrow('field "gramEnds": the last offset is 14, expected 5');
    expect(() => parseCompactNgrams({ ...file(), rowEnds: b64(Uint32Array.from([2, 3])) })).toThrow('field "rowEnds": 2 rows for 5 grams');
    expect(() => parseCompactNgrams({ ...file(), languageIds: b64(Uint8Array.from([9, 37, 9, 9, 17, 37, 11, 17, 5])) })).toThrow('field "languageIds": language id 5 is not in "languages"');
  });
});
