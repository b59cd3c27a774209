import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PIPELINE_ENV_KEYS } from '../../ai-pipeline/src/config/config.js';
import { ENRICHMENT_ENV_KEYS } from '../../enrichment-service/src/config.js';

/** `.env.example` and the two config schemas name the same variables (plus what docker-compose.yml reads). */
const root = resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const exampleKeys = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
const composeKeys = new Set([...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
const schemaKeys = new Set<string>([...PIPELINE_ENV_KEYS, ...ENRICHMENT_ENV_KEYS]);

/** The variables README's configuration tables name in their first column (a row may name two: `A` / `B`). */
const readmeKeys = new Set(
  read('README.md')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)),
);

describe('README', () => {
  it('documents every variable the pipeline reads in its variables table', () => {
    expect(PIPELINE_ENV_KEYS.filter((k) => !readmeKeys.has(k))).toEqual([]);
  });
});

describe('.env.example', () => {
  it('lists every variable the pipeline and the enrichment service read', () => {
    expect(PIPELINE_ENV_KEYS.filter((k) => !exampleKeys.includes(k))).toEqual([]);
    expect(ENRICHMENT_ENV_KEYS.filter((k) => !exampleKeys.includes(k))).toEqual([]);
  });

  it('lists nothing that neither service nor docker-compose.yml reads', () => {
    expect(exampleKeys.filter((k) => !schemaKeys.has(k) && !composeKeys.has(k))).toEqual([]);
  });

  it('lists each variable once', () => {
    expect(exampleKeys.filter((k, i) => exampleKeys.indexOf(k) !== i)).toEqual([]);
  });

  it('gives the two services different port variables (both read the same .env on one host)', () => {
    expect(PIPELINE_ENV_KEYS).toContain('PORT');
    expect(ENRICHMENT_ENV_KEYS).toContain('ENRICHMENT_PORT');
    expect(ENRICHMENT_ENV_KEYS as string[]).not.toContain('PORT');
  });
});
