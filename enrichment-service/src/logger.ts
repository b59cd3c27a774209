import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout. Redaction is a second line of defence: code never logs emails, tokens or bodies. */
export function createLogger(level: string): Logger {
  return pino({
    name: 'enrichment-service',
    level,
    redact: { paths: ['authorization', '*.authorization', 'token', '*.token', 'email', '*.email'], censor: '[redacted]' },
  });
}
