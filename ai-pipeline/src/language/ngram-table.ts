import { endianness } from 'node:os';
import { z } from 'zod';
import { StringIndex } from '../util/string-index.js';

/**
 * eld's n-gram scores (gram → {language id: score}) held in five typed arrays and one string instead of ~25,000
 * objects. As parsed JSON, the 11-language table is ~11 MB of JS heap that every major garbage collection of the
 * pipeline marks; here it is ~1 MB (with its hash index), almost all of it off the heap.
 */
export interface CompactNgrams {
  /** Every gram, concatenated in table order. */
  grams: string;
  /** End offset in `grams` of gram i (its start is the previous end, or 0). */
  gramEnds: Uint32Array;
  /** End offset in `languageIds`/`scores` of gram i's entries. */
  rowEnds: Uint32Array;
  /** eld's numeric language id of each entry. */
  languageIds: Uint8Array;
  scores: Float64Array;
}

/** The largest language id a table can hold (`languageIds` is a Uint8Array; eld 2.x has 60 languages). */
const MAX_LANGUAGE_ID = 255;

/** Packs eld's n-gram rows. Throws on a row eld could not have produced (a language id or score that is not a number). */
export function compactNgrams(ngrams: Readonly<Record<string, Readonly<Record<string, unknown>>>>): CompactNgrams {
  const grams: string[] = [];
  const gramEnds: number[] = [];
  const rowEnds: number[] = [];
  const languageIds: number[] = [];
  const scores: number[] = [];
  let gramEnd = 0;
  for (const [gram, row] of Object.entries(ngrams)) {
    if (typeof row !== 'object' || row === null) throw new Error(`n-gram "${gram}": expected an object of scores by language id`);
    for (const [id, score] of Object.entries(row)) {
      const languageId = Number(id);
      if (!Number.isInteger(languageId) || languageId < 0 || languageId > MAX_LANGUAGE_ID) throw new Error(`n-gram "${gram}": language id "${id}" is not an integer 0–${MAX_LANGUAGE_ID}`);
      if (typeof score !== 'number' || !Number.isFinite(score)) throw new Error(`n-gram "${gram}": the score of language ${id} is not a number`);
      languageIds.push(languageId);
      scores.push(score);
    }
    grams.push(gram);
    gramEnd += gram.length;
    gramEnds.push(gramEnd);
    rowEnds.push(languageIds.length);
  }
  return {
    grams: grams.join(''),
    gramEnds: Uint32Array.from(gramEnds),
    rowEnds: Uint32Array.from(rowEnds),
    languageIds: Uint8Array.from(languageIds),
    scores: Float64Array.from(scores),
  };
}

/** Looks grams up in a `CompactNgrams` (exact: see StringIndex). */
export class NgramTable {
  private readonly grams: StringIndex;

  constructor(private readonly data: CompactNgrams) {
    this.grams = new StringIndex(data.grams, data.gramEnds);
  }

  get size(): number {
    return this.grams.size;
  }

  /** The gram's index in the table, or -1. */
  indexOf(gram: string): number {
    return this.grams.indexOf(gram);
  }

  /** The gram's scores by language id, as eld's own table holds them; undefined for a gram the table lacks. */
  row(gram: string): Record<number, number> | undefined {
    const i = this.indexOf(gram);
    if (i < 0) return undefined;
    const { rowEnds, languageIds, scores } = this.data;
    const row: Record<number, number> = {};
    for (let j = i === 0 ? 0 : rowEnds[i - 1]!; j < rowEnds[i]!; j += 1) row[languageIds[j]!] = scores[j]!;
    return row;
  }

  /**
   * The table in the shape eld reads (`ngrams[gram]` → `{ [languageId]: score }`): each lookup builds a small row
   * object that dies young, instead of every row living on the heap for the life of the process.
   */
  asEldNgrams(): Record<string, Record<number, number>> {
    return new Proxy(Object.create(null) as Record<string, Record<number, number>>, {
      get: (_target, key) => (typeof key === 'string' ? this.row(key) : undefined),
      has: (_target, key) => typeof key === 'string' && this.indexOf(key) >= 0,
      // eld's detection only looks grams up; listing them (eld's saveSubset) would silently give nothing.
      ownKeys: () => {
        throw new Error('the packed n-gram table can be looked up, not listed');
      },
    });
  }
}

/** A typed array as base64 of its bytes (platform byte order: the cache file is read back on the machine that wrote it). */
const toBase64 = (a: Uint32Array | Uint8Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

type ArrayKind = typeof Uint32Array | typeof Uint8Array | typeof Float64Array;

/** A base64 field as the typed array `Kind` (its bytes copied into a buffer of their own, aligned for the array). */
function fromBase64<K extends ArrayKind>(text: string, Kind: K, field: string): InstanceType<K> {
  const bytes = Buffer.from(text, 'base64');
  const size = Kind.BYTES_PER_ELEMENT;
  if (bytes.length % size !== 0) throw new Error(`field "${field}": ${bytes.length} bytes is not a whole number of ${size}-byte values`);
  // A copy: Buffer.from may return a slice of a shared pool at any offset, and typed arrays need their own alignment.
  return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer) as InstanceType<K>;
}

/** The cache file's format tag (with the byte order its arrays were written in); a file of another format is rebuilt. */
export const COMPACT_NGRAMS_FORMAT = `triage-eld-compact-1-${endianness()}`;

const fileSchema = z.object({
  format: z.literal(COMPACT_NGRAMS_FORMAT),
  type: z.string().min(1),
  languages: z.record(z.string().regex(/^\d+$/), z.string().min(1)),
  grams: z.string(),
  gramEnds: z.base64(),
  rowEnds: z.base64(),
  languageIds: z.base64(),
  scores: z.base64(),
});

/** What eld's `loadData` needs besides the n-grams. */
export interface EldTableHeader {
  type: string;
  languages: Record<string, string>;
}

export function serializeCompactNgrams(header: EldTableHeader, data: CompactNgrams): string {
  return JSON.stringify({
    format: COMPACT_NGRAMS_FORMAT,
    type: header.type,
    languages: header.languages,
    grams: data.grams,
    gramEnds: toBase64(data.gramEnds),
    rowEnds: toBase64(data.rowEnds),
    languageIds: toBase64(data.languageIds),
    scores: toBase64(data.scores),
  });
}

function nonDecreasing(values: Uint32Array, last: number, field: string): void {
  let previous = 0;
  for (const v of values) {
    if (v < previous) throw new Error(`field "${field}": offsets go backwards`);
    previous = v;
  }
  if (previous !== last) throw new Error(`field "${field}": the last offset is ${previous}, expected ${last}`);
}

/** Parses and checks a cache file written by `serializeCompactNgrams`; throws with the field at fault. */
export function parseCompactNgrams(json: unknown): { header: EldTableHeader; data: CompactNgrams } {
  const file = fileSchema.parse(json);
  const data: CompactNgrams = {
    grams: file.grams,
    gramEnds: fromBase64(file.gramEnds, Uint32Array, 'gramEnds'),
    rowEnds: fromBase64(file.rowEnds, Uint32Array, 'rowEnds'),
    languageIds: fromBase64(file.languageIds, Uint8Array, 'languageIds'),
    scores: fromBase64(file.scores, Float64Array, 'scores'),
  };
  if (data.rowEnds.length !== data.gramEnds.length) throw new Error(`field "rowEnds": ${data.rowEnds.length} rows for ${data.gramEnds.length} grams`);
  if (data.scores.length !== data.languageIds.length) throw new Error(`field "scores": ${data.scores.length} scores for ${data.languageIds.length} language ids`);
  nonDecreasing(data.gramEnds, data.grams.length, 'gramEnds');
  nonDecreasing(data.rowEnds, data.languageIds.length, 'rowEnds');
  for (const id of data.languageIds) if (!(String(id) in file.languages)) throw new Error(`field "languageIds": language id ${id} is not in "languages"`);
  return { header: { type: file.type, languages: file.languages }, data };
}
