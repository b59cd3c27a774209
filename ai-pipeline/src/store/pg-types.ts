import pg from 'pg';

/**
 * Chatwoot's ids are Rails bigints, stored as `bigint` here; node-postgres returns int8 as a string by default.
 * The webhook refuses ids above Number.MAX_SAFE_INTEGER, so every stored id (and every count) fits a number:
 * read them as numbers, and keep the string only for a value that would lose precision.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});
