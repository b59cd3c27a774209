/** Defaults shared by the pipeline's config and the tools that mirror it (eval, demo, bench). */
export const DEFAULT_AUTO_ASSIGN_THRESHOLD = 0.8;
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
export const DEFAULT_PORT = 3100;
/** How long the job client waits for one Chatwoot answer (CHATWOOT_TIMEOUT_MS); the readiness check and token probe keep 5 s. */
export const DEFAULT_CHATWOOT_TIMEOUT_MS = 10_000;
