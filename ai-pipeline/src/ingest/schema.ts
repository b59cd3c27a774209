import { z } from 'zod';

/** Names usable in a URL path segment: `POST /ingest/{source}/{external_id}/messages`. */
const source = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-"');
const externalId = z.string().min(1).max(200).regex(/^[^\s/?#]+$/, 'must not contain spaces, "/", "?" or "#"');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

/** `POST /ingest`: a ticket from another system. */
export const ingestTicketSchema = z.strictObject({
  external_id: externalId,
  source,
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
  subject: z.string().trim().min(1).max(500).optional(),
  body: z.string().trim().min(1, 'must not be empty').max(50_000),
  language: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'must be a language code such as de or pt-BR').optional(),
  attachments_urls: z.array(httpUrl).max(10).optional(),
});
export type IngestTicket = z.infer<typeof ingestTicketSchema>;

/** `POST /ingest/{source}/{external_id}/messages`: a later message from the same customer. */
export const ingestMessageSchema = z.strictObject({
  body: z.string().trim().min(1, 'must not be empty').max(50_000),
  attachments_urls: z.array(httpUrl).max(10).optional(),
});
export type IngestMessage = z.infer<typeof ingestMessageSchema>;

export const ingestPathSchema = z.strictObject({ source, external_id: externalId });

const MAX_UNKNOWN_KEYS_SHOWN = 5;
const MAX_KEY_CHARS = 40;

/** The first problem, naming the field: `email: Invalid email address`, `body: is required (string)`, `(body): unknown field "priority" …`. */
export function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return '(body): invalid';
  const at = first.path.join('.');
  if (first.code === 'unrecognized_keys') {
    // The keys are the caller's: at most a few, each cut short, so a body of many or long keys does not come back whole.
    const shown = first.keys.slice(0, MAX_UNKNOWN_KEYS_SHOWN).map((k) => JSON.stringify(k.length > MAX_KEY_CHARS ? `${k.slice(0, MAX_KEY_CHARS)}…` : k));
    const more = first.keys.length - shown.length;
    const keys = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return `${at || '(body)'}: unknown field${first.keys.length > 1 ? 's' : ''} ${keys} (see docs/ingest.openapi.yaml)`;
  }
  // zod's "Invalid input: expected string, received undefined" for a missing field: say it is required.
  const missing = first.code === 'invalid_type' && / received undefined$/.test(first.message);
  return `${at || '(body)'}: ${missing ? `is required (${first.expected})` : first.message}`;
}

/** The customer's message as posted to Chatwoot: the body, then attachment links (never fetched by the sidecar). */
export function messageContent(body: string, attachments: string[] | undefined): string {
  if (!attachments?.length) return body;
  return `${body}\n\nAttachments:\n${attachments.map((u) => `- ${u}`).join('\n')}`;
}
