import type { TriageConfig } from './schema.js';

/**
 * The triage configuration in force. The worker reads `current` once per job, so a reload (SIGHUP) applies to
 * the next job and never to one half-way through; a failed reload leaves the old one in place.
 */
export class TriageConfigHolder {
  private config: TriageConfig;
  private readonly listeners: ((config: TriageConfig) => void)[] = [];

  constructor(initial: TriageConfig) {
    this.config = initial;
  }

  get current(): TriageConfig {
    return this.config;
  }

  /** Replaces the configuration (already validated) and tells the listeners (e.g. the offline model). */
  replace(next: TriageConfig): void {
    this.config = next;
    for (const l of this.listeners) l(next);
  }

  onReplace(listener: (config: TriageConfig) => void): void {
    this.listeners.push(listener);
  }
}
