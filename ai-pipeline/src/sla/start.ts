import type { ChatwootExtraClient } from '../chatwoot/client.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Priority } from '../triage/categories.js';
import type { SlaConfig } from './config.js';
import { applySlaPolicyOnce, ensureSlaPolicies } from './policies.js';

const FEATURES_TTL_MS = 10 * 60_000;

/**
 * Starts the SLA of a triaged conversation. Where the account has Chatwoot's SLA feature (`features.sla`),
 * applies the matching native policy (created once); everywhere else, enqueues the sidecar's own durable
 * watcher (job kind `sla`, one per conversation).
 */
export class SlaStarter {
  private features: { at: number; sla: boolean } | null = null;
  private policyIds: Map<Priority, number> | null = null;

  constructor(
    private readonly client: ChatwootExtraClient,
    private readonly config: SlaConfig,
    private readonly queue: Pick<JobQueue, 'enqueue'>,
    private readonly now: () => number = Date.now,
  ) {}

  private async nativeSla(): Promise<boolean> {
    if (!this.features || this.now() - this.features.at > FEATURES_TTL_MS) {
      this.features = { at: this.now(), sla: (await this.client.accountFeatures()).has('sla') };
    }
    return this.features.sla;
  }

  /** Returns the action taken, for the triage record. */
  async start(accountId: number, conversationId: number, priority: Priority): Promise<string | null> {
    if (!this.config.targets[priority]) return null;
    if (await this.nativeSla()) {
      this.policyIds ??= (await ensureSlaPolicies(this.client, this.config)).ids;
      const id = this.policyIds.get(priority);
      if (id === undefined) return null;
      const outcome = await applySlaPolicyOnce(this.client, conversationId, id);
      return `sla_policy:${id}${outcome === 'already-set' ? ':already-set' : ''}`;
    }
    const created = await this.queue.enqueue([{ kind: 'sla', accountId, conversationId }]);
    return created > 0 ? 'sla:watch' : null;
  }
}
