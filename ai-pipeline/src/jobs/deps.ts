import type { Logger } from 'pino';
import type { AutoReplyMode } from '../autoreply/schema.js';
import type { ChatwootClient } from '../chatwoot/client.js';
import type { RoutingConfig } from '../config/routing.js';
import type { EnrichmentClient } from '../enrichment/client.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { ModelProvider } from '../model/provider.js';
import type { TriageConfigHolder } from '../rules/holder.js';
import type { RecordStore } from '../store/records.js';
import type { Telemetry } from '../telemetry/index.js';
import type { Directory } from './directory.js';
import type { JobQueue } from './queue.js';
import type { ConversationSnapshots } from './snapshots.js';
import type { SlaRuntime } from '../sla/watcher.js';
import type { SlaStarter } from '../sla/start.js';
import type { TranslateRuntime } from '../translate/job.js';
import type { BotRuntime } from './bot-reply.js';

/** Everything a job needs from the outside world; tests hand in fakes or real clients pointed at fakes. */
export interface JobDeps {
  chatwoot: ChatwootClient;
  enrichment: EnrichmentClient;
  provider: ModelProvider;
  /** Used when the provider's output stays invalid after its repair attempt (the offline model), or null. */
  fallback: ModelProvider | null;
  routing: RoutingConfig;
  threshold: number;
  /** The triage configuration (categories, rules); read once per job. When absent, `routing` and `threshold` apply. */
  triage?: TriageConfigHolder;
  records: RecordStore;
  queue: JobQueue;
  directory: Directory;
  logger: Logger;
  /** MODEL_INPUT_MAX_CHARS: customer text beyond this is cut before it reaches the model (default 20 000). */
  modelInputMaxChars?: number;
  /** Metrics, events, draft outcomes and corrections (ai-pipeline/src/telemetry); optional so tests can leave it out. */
  telemetry?: Telemetry;
  /** Help-center retrieval (HELP_CENTER_PORTAL / KNOWLEDGE_DIR); absent or null = no help center. */
  knowledge?: KnowledgeBase | null;
  /** The pipeline's own Chatwoot user id (GET /api/v1/profile, cached); only its notes count as already posted. */
  ownUserId?: () => Promise<number | null>;
  /** SLA watcher settings (TRIAGE_CONFIG `sla:`); absent = no SLA. */
  sla?: SlaRuntime | null;
  /** Starts a triaged conversation's SLA (native policy or watcher); absent = no SLA. */
  slaStarter?: SlaStarter | null;
  /** `/translate` and `/send` on agents' private notes. */
  translate?: TranslateRuntime | null;
  /** AUTO_REPLY_MODE and AUTO_REPLY_COOLDOWN_HOURS (ai-pipeline/src/autoreply); absent = off. */
  autoReply?: { mode: AutoReplyMode; cooldownHours: number };
  /** The chat bot (BOT_WEBHOOK_SECRET + BOT_ACCESS_TOKEN, jobs/bot-reply.ts); absent = off. */
  bot?: BotRuntime | null;
  /** Recent webhook copies of new conversations, filled by /webhook (jobs/snapshots.ts); absent = every triage reads. */
  snapshots?: ConversationSnapshots;
  /**
   * After a 401/403: does Chatwoot accept the token at all (GET /api/v1/profile, jobs/token-check.ts)? One short
   * attempt, so a burst of refused jobs does not hold its slots through the client's retries; absent = `chatwoot.checkToken`.
   */
  checkToken?: () => Promise<unknown>;
}

/** Not a failure: the job should run again later without using up an attempt. */
export class DeferJob extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'DeferJob';
  }
}

export function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
