import { z } from 'zod';

/**
 * Zod schemas of what Chatwoot sends and answers. Webhooks are flat (`event` beside the object's fields)
 * with string message_type; REST answers use integer message_type (see REFERENCE.md §1, §3).
 * Only the fields the pipeline reads are declared; everything else passes through untouched, except in the webhook
 * schemas: they run on every delivery and only route it, so they drop undeclared fields (5× cheaper than
 * passing ~40 of them through, measured), and whoever needs more reads the raw body.
 */
const id = z.number().int().nonnegative();

const webhookConversation = z.object({
  id,
  inbox_id: id.optional(),
  additional_attributes: z.object({ auto_reply: z.boolean().nullish() }).nullish(),
});

export const messageCreatedWebhook = z.object({
  event: z.literal('message_created'),
  id,
  message_type: z.enum(['incoming', 'outgoing', 'activity', 'template']),
  private: z.boolean(),
  content_attributes: z
    .object({ email: z.object({ auto_reply: z.boolean().nullish() }).nullish() })
    .nullish(),
  inbox: z.object({ id }).nullish(),
  account: z.object({ id }),
  conversation: webhookConversation,
});

export const conversationCreatedWebhook = z.object({
  event: z.literal('conversation_created'),
  id,
  inbox_id: id,
  account: z.object({ id }),
  additional_attributes: z.object({ auto_reply: z.boolean().nullish() }).nullish(),
});

export const webhookEnvelope = z.object({ event: z.string().min(1).max(100) });

export type MessageCreatedWebhook = z.infer<typeof messageCreatedWebhook>;
export type ConversationCreatedWebhook = z.infer<typeof conversationCreatedWebhook>;

// ── REST ──────────────────────────────────────────────────────────────────────

export const MESSAGE_TYPE = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

export const restMessage = z.looseObject({
  id,
  content: z.string().nullish(),
  message_type: z.number().int(),
  private: z.boolean().nullish(),
  content_type: z.string().nullish(),
  content_attributes: z.unknown().optional(),
  created_at: z.number().nullish(),
  sender_type: z.string().nullish(),
  sender: z.looseObject({ id: id.nullish(), name: z.string().nullish(), type: z.string().nullish() }).nullish(),
});

/** The answer to creating a message: the created message itself (a 200 with anything else is not "posted"). */
export const createdMessage = restMessage.extend({ private: z.boolean() });
export type RestMessage = z.infer<typeof restMessage>;

export const restMessageList = z.looseObject({ payload: z.array(restMessage) });

export const restConversation = z.looseObject({
  id,
  inbox_id: id.nullish(),
  status: z.string().nullish(),
  priority: z.string().nullish(),
  labels: z.array(z.string()).nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  additional_attributes: z.record(z.string(), z.unknown()).nullish(),
  /** The last message (Chatwoot's conversation partial), and the last one that is not an activity. */
  messages: z.array(restMessage).nullish(),
  last_non_activity_message: restMessage.nullish(),
  /** Incoming messages since an agent last looked (all of them while agent_last_seen_at is unset: 0 or null). */
  unread_count: z.number().int().nullish(),
  agent_last_seen_at: z.union([z.number(), z.string()]).nullish(),
  meta: z
    .looseObject({
      sender: z
        .looseObject({ id: id.nullish(), name: z.string().nullish(), email: z.string().nullish() })
        .nullish(),
      assignee: z.looseObject({ id }).nullish(),
      team: z.looseObject({ id }).nullish(),
    })
    .nullish(),
});
export type RestConversation = z.infer<typeof restConversation>;

export const labelsResponse = z.looseObject({ payload: z.array(z.string()) });
export const namedList = z.array(z.looseObject({ id, name: z.string().nullish() }));
