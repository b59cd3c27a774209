import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { notConfigured, type Sources } from '../section.js';
import { createAccountSource } from './account.js';
import { createPosthogSource } from './posthog.js';
import { createSentrySource } from './sentry.js';

/** The real sources for a configuration; unconfigured ones answer not_configured without any I/O. */
export function createSources(config: Config, logger: Logger): { sources: Sources; close(): Promise<void> } {
  const account = config.account
    ? createAccountSource(config.account, config.sourceTimeoutMs, (err) => logger.warn({ code: (err as { code?: string }).code }, 'idle account-db client failed'))
    : null;
  return {
    sources: {
      sentry: config.sentry ? createSentrySource(config.sentry) : notConfigured,
      posthog: config.posthog ? createPosthogSource(config.posthog) : notConfigured,
      account: account ? account.source : notConfigured,
    },
    close: async () => {
      await account?.close();
    },
  };
}
