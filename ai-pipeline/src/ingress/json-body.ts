import type { Response } from 'express';

/** The 400 message for a verified body that is not JSON (POST /webhook and /bot). */
export const NOT_JSON_MESSAGE = 'body is not valid JSON';

/**
 * The raw body of a verified delivery as JSON, or a 400 already answered (`undefined` back). Used by /bot, which
 * verifies the signature over the raw bytes before parsing (POST /webhook answers without express, same message).
 */
export function parseJsonOr400(raw: Buffer, res: Response): { body: unknown } | undefined {
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    res.status(400).json({ error: NOT_JSON_MESSAGE });
    return undefined;
  }
}
