import type { ChatwootClient } from '../chatwoot/client.js';

export interface Names {
  teams: Map<number, string>;
  agents: Map<number, string>;
}

/** Team and agent names for notes, cached for a few minutes (concurrent callers share one look-up); unknown names fall back to ids. */
export class Directory {
  private cached: { at: number; names: Names } | null = null;
  private pending: Promise<Names> | null = null;
  constructor(
    private readonly chatwoot: ChatwootClient,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async names(): Promise<Names> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.names;
    this.pending ??= this.load().finally(() => (this.pending = null));
    return this.pending;
  }

  private async load(): Promise<Names> {
    try {
      const [teams, agents] = await Promise.all([this.chatwoot.listTeams(), this.chatwoot.listAgents()]);
      const names = { teams: new Map(teams.map((t) => [t.id, t.name])), agents: new Map(agents.map((a) => [a.id, a.name])) };
      this.cached = { at: Date.now(), names };
      return names;
    } catch {
      return { teams: new Map(), agents: new Map() };
    }
  }
}
