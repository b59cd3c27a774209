import { pino, type Logger } from 'pino';

/** Paths never written to logs: message bodies, contact data, tokens and secrets. */
export const REDACT_PATHS = [
  'content',
  '*.content',
  'body',
  '*.body',
  'text',
  '*.text',
  'email',
  '*.email',
  'draft',
  '*.draft',
  'translation',
  '*.translation',
  'req.headers.authorization',
  'req.headers.api_access_token',
  'req.headers["x-chatwoot-signature"]',
  'headers.authorization',
  'headers.api_access_token',
  'apiToken',
  'apiKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'pubsub_token',
  '*.pubsub_token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'ai-pipeline' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
