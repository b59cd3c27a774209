/** Defaults shared by the pipeline's config and the tools that mirror it (eval, demo, bench). */
export const DEFAULT_AUTO_ASSIGN_THRESHOLD = 0.8;
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
export const DEFAULT_PORT = 3100;
