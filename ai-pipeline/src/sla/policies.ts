import { ChatwootApiError } from '../chatwoot/http.js';
import type { ChatwootExtraClient, SlaPolicyInput } from '../chatwoot/client.js';
import { PRIORITIES, type Priority } from '../triage/categories.js';
import type { SlaConfig } from './config.js';

/** The name of the Chatwoot SLA policy the sidecar keeps for a priority. */
export function slaPolicyName(priority: Priority): string {
  return `AI triage ${priority}`;
}

/** The policies the config asks for, one per priority with a target (thresholds in seconds, as Chatwoot stores them). */
export function desiredSlaPolicies(config: SlaConfig): { priority: Priority; input: SlaPolicyInput }[] {
  return PRIORITIES.flatMap((priority) => {
    const t = config.targets[priority];
    if (!t) return [];
    return [
      {
        priority,
        input: {
          name: slaPolicyName(priority),
          description: `Created by the AI triage sidecar for priority ${priority}.`,
          first_response_time_threshold: t.first_response ?? null,
          resolution_time_threshold: t.resolution ?? null,
          // Stored by Chatwoot but not evaluated by 4.15.1 (NEXT.md §2.4).
          only_during_business_hours: config.businessHours !== null,
        },
      },
    ];
  });
}

/** Creates the missing policies (matched by name), once; returns priority → policy id. */
export async function ensureSlaPolicies(client: ChatwootExtraClient, config: SlaConfig): Promise<{ ids: Map<Priority, number>; created: string[] }> {
  const existing = await client.listSlaPolicies();
  const ids = new Map<Priority, number>();
  const created: string[] = [];
  for (const { priority, input } of desiredSlaPolicies(config)) {
    let policy = existing.find((p) => p.name === input.name);
    if (!policy) {
      policy = await client.createSlaPolicy(input);
      created.push(input.name);
    }
    ids.set(priority, policy.id);
  }
  return { ids, created };
}

/** Applies the policy; a 422 means the conversation already has one (it can be set only once): treated as done. */
export async function applySlaPolicyOnce(client: ChatwootExtraClient, conversationId: number, policyId: number): Promise<'applied' | 'already-set'> {
  try {
    await client.applySlaPolicy(conversationId, policyId);
    return 'applied';
  } catch (e) {
    if (e instanceof ChatwootApiError && e.status === 422) return 'already-set';
    throw e;
  }
}
