import { createHash } from 'node:crypto';
import type { ChatwootClient } from '../chatwoot/client.js';
import { customerOwnText, customerText } from '../chatwoot/customer-text.js';
import { MESSAGE_TYPE, type RestConversation, type RestMessage } from '../chatwoot/payloads.js';
import type { ThreadMessage } from '../model/provider.js';
import type { ConversationState } from '../triage/decide.js';
import { storageSafe } from '../util/safe-text.js';

/** A conversation as Chatwoot has it now: re-fetched, or on a first attempt the authenticated webhook's copy of a few seconds ago. */
export interface ConversationContext {
  conversation: RestConversation;
  messages: RestMessage[];
  customerMessages: RestMessage[];
  subject: string | null;
  email: string | null;
  contactName: string | null;
  /** The pipeline's own Chatwoot user id, when known: only its notes count as already posted. */
  authorId?: number | null;
}

/**
 * The conversation and its messages. With `trustOnlyMessage` (a job's first attempt, before it wrote anything: no
 * note of its own can exist yet), a conversation whose only customer message is already in the conversation read
 * is not listed again: one request instead of two; and when the webhook's recent copy of the conversation
 * (`snapshot`, jobs/snapshots.ts) already proves that, none. Otherwise (a retry, a longer thread) every message is
 * read, so the note-marker checks see everything.
 */
export async function loadConversation(
  chatwoot: ChatwootClient,
  conversationId: number,
  o: { trustOnlyMessage?: boolean; snapshot?: RestConversation | null } = {},
): Promise<ConversationContext> {
  if (!o.trustOnlyMessage) {
    const [conversation, messages] = await Promise.all([chatwoot.getConversation(conversationId), chatwoot.listMessages(conversationId)]);
    return contextOf(conversation, messages);
  }
  const fromWebhook = o.snapshot ? onlyCustomerMessage(o.snapshot) : null;
  if (o.snapshot && fromWebhook) return contextOf(o.snapshot, [fromWebhook]);
  const conversation = await chatwoot.getConversation(conversationId);
  const only = onlyCustomerMessage(conversation);
  return contextOf(conversation, only ? [only] : await chatwoot.listMessages(conversationId));
}

/**
 * The conversation's one and only message, when the conversation read proves there is no other: the last
 * message is the customer's, no agent has opened the conversation, and Chatwoot counts exactly one incoming message.
 */
export function onlyCustomerMessage(c: RestConversation): RestMessage | null {
  const last = c.last_non_activity_message ?? c.messages?.at(-1) ?? null;
  const neverSeen = c.agent_last_seen_at === null || c.agent_last_seen_at === undefined || c.agent_last_seen_at === 0 || c.agent_last_seen_at === '';
  if (!last || last.message_type !== MESSAGE_TYPE.incoming || last.private === true) return null;
  return neverSeen && c.unread_count === 1 ? last : null;
}

function contextOf(conversation: RestConversation, messages: RestMessage[]): ConversationContext {
  const customerMessages = messages.filter((m) => m.message_type === MESSAGE_TYPE.incoming && !m.private);
  const attrs = conversation.additional_attributes ?? {};
  const firstEmail = customerMessages[0]?.content_attributes as { email?: { subject?: unknown } } | undefined;
  const subject = typeof attrs.mail_subject === 'string' ? attrs.mail_subject : typeof firstEmail?.email?.subject === 'string' ? firstEmail.email.subject : null;
  return {
    conversation,
    messages,
    customerMessages,
    subject: subject === null ? null : storageSafe(subject),
    email: conversation.meta?.sender?.email ?? null,
    contactName: humanName(storageSafe(conversation.meta?.sender?.name ?? ''), conversation.meta?.sender?.email),
  };
}

/** Words of a mailbox or department name, in the languages of the templates: such a "name" is no person's. */
const ROLE_WORDS = new Set(
  [
    'info', 'information', 'support', 'services', 'team', 'office', 'admin', 'administrator',
    'accounts', 'accounting', 'finance', 'invoices', 'invoicing', 'contact', 'helpdesk', 'reception', 'noreply', 'donotreply',
    'mailer', 'daemon', 'postmaster', 'newsletter', 'marketing', 'customer',
    'buchhaltung', 'verwaltung', 'sekretariat', 'rechnungswesen', 'kontakt', 'kundenservice', 'kundendienst', 'vertrieb', 'einkauf', 'empfang',
    'boekhouding', 'administratie', 'secretariaat', 'klantenservice', 'inkoop', 'facturatie',
    'comptabilité', 'comptabilite', 'secrétariat', 'secretariat', 'facturation', 'accueil', 'achats',
    'contabilidad', 'administración', 'administracion', 'secretaría', 'facturación', 'compras', 'atención',
    'contabilità', 'amministrazione', 'segreteria', 'fatturazione', 'acquisti',
    'contabilidade', 'administração', 'secretaria', 'faturação', 'faturamento', 'atendimento',
  ].map((w) => w.normalize('NFC')),
);
/**
 * Department words that are also surnames ("Ana Sales", "Markus Billing", "Pedro Service"): a department only as the
 * whole name, its first word ("Sales", "Billing Department") or beside a ROLE_WORDS word ("Customer Service").
 */
const SURNAME_ROLE_WORDS = new Set(['sales', 'billing', 'service']);
/** "HR" the department, in capitals and without a dot; "Hr." and "Hr" are Herr, a title (as the templates read it). */
const HR_DEPARTMENT = /(?<![\p{L}.])HR(?![\p{L}.])/u;
/** A company's legal form, as written after its name (case as written: "AG", "B.V.", "Ltd", "S.p.A."). */
const LEGAL_FORM = /(?<![\p{L}.])(GmbH|mbH|AG|KG|OHG|UG|e\.\s?K\.|e\.\s?V\.|Ltd\.?|LLC|Inc\.?|PLC|plc|Corp\.?|B\.\s?V\.|BV|N\.\s?V\.|NV|VOF|S\.\s?A\.|SA|SAS|SARL|S\.\s?r\.\s?l\.|SRL|Srl|S\.\s?p\.\s?A\.|SpA|S\.\s?L\.|SL|Lda\.?|Ltda\.?)(?![\p{L}])/u;
/**
 * "SA" without dots is also a name typed in capitals ("JOÃO SA" is João Sá): in a name typed all in capitals it is a
 * legal form only beside a word companies name themselves with ("GRUPO NORTE SA", "TRANSPORTES X SA").
 */
const BARE_SA = /(?<![\p{L}.])SA(?![\p{L}.])/u;
const COMPANY_WORDS = new Set(
  [
    'group', 'grupo', 'gruppo', 'groupe', 'holding', 'company', 'companhia', 'compañía', 'compania', 'empresa', 'empresas', 'société', 'societe',
    'società', 'comercial', 'commerciale', 'comércio', 'comercio', 'indústria', 'industria', 'industrias', 'indústrias', 'industrie', 'industries',
    'servicios', 'serviços', 'servicos', 'servizi', 'soluciones', 'soluções', 'solucoes', 'sistemas', 'construcciones', 'construções', 'construcoes',
    'construtora', 'constructora', 'transportes', 'trasporti', 'transports', 'distribuciones', 'distribuidora', 'distribuição', 'logística',
    'logistica', 'logistique', 'consultores', 'consultoria', 'consulting', 'inmobiliaria', 'imobiliária', 'imobiliaria', 'immobiliare', 'hotel',
    'hoteles', 'hotéis', 'restaurante', 'farmacia', 'farmácia', 'clínica', 'clinica', 'laboratorio', 'laboratório', 'laboratorios', 'seguros',
    'editora', 'editorial', 'metalúrgica', 'metalurgica', 'têxtil', 'textil', 'alimentos', 'alimentación', 'tecnologia', 'tecnología', 'banco',
    // Trades and shops businesses name themselves with (de, nl, fr, en): a person's name carries none of them.
    'druckerei', 'bäckerei', 'baeckerei', 'metzgerei', 'schreinerei', 'tischlerei', 'gärtnerei', 'apotheke', 'kanzlei', 'verlag', 'agentur',
    'werkstatt', 'bau', 'technik', 'immobilien', 'reisen', 'versicherung', 'versicherungen', 'akademie', 'institut', 'bakkerij', 'drukkerij',
    'boulangerie', 'imprimerie', 'atelier', 'garage', 'design', 'studio', 'agency', 'shop', 'store', 'academy', 'institute', 'partners',
    'solutions', 'systems', 'media', 'software',
  ].map((w) => w.normalize('NFC')),
);

/** The lower-case words of a text (letters only); `joinHyphens`: "no-reply" is one word ("noreply"), as in a name. */
const wordsOf = (text: string, joinHyphens: boolean): string[] =>
  (joinHyphens ? text.replace(/[-_']/g, '') : text)
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0);

/** True when the name's words say a mailbox or department ("Info", "Sales Team", "HR"), not a person's surname ("Ana Sales"). */
function isRoleName(name: string, words: string[]): boolean {
  if (words.some((w) => ROLE_WORDS.has(w)) || HR_DEPARTMENT.test(name)) return true;
  return words.some((w, i) => SURNAME_ROLE_WORDS.has(w) && (i === 0 || words.length === 1));
}

/** True when the name carries a company's legal form ("GmbH", "B.V.", "S.A."), not a name typed in capitals ("JOÃO SA"). */
function hasLegalForm(name: string, words: string[]): boolean {
  if (!LEGAL_FORM.test(name)) return false;
  const capitals = name === name.toUpperCase();
  const onlyBareSa = !LEGAL_FORM.test(name.replace(BARE_SA, ' '));
  return !(capitals && onlyBareSa && !words.some((w) => COMPANY_WORDS.has(w)));
}

/**
 * True when the address's local part points to the person named: one of the name's words ("anna@", "jonas.brandt@")
 * or their initials ("h@", "lv@"), not a mailbox of a business ("mail@", "contact@").
 */
function personalLocalPart(local: string, words: string[]): boolean {
  const initials = new Set(words.map((w) => w[0]));
  return wordsOf(local, false).some((l) => words.includes(l) || (l.length <= 3 && [...l].every((c) => initials.has(c))));
}

/**
 * The contact's name when it looks like a person's name: not an address or its local part (Chatwoot's default), not a
 * mailbox or department ("Info", "noreply", "Buchhaltung"; "Ana Sales" is a surname), not a company (a legal form such
 * as "GmbH", or two or more of its words in the address's domain: "Druckerei Muster" writing from
 * mail@druckerei-muster.example). A surname in the domain alone ("Katrin Almeroth" at praxis-almeroth.example) is still a
 * person's name, and so is a person's own domain, written to from their own name ("anna@anna-keller.de").
 */
export function humanName(name: string | null | undefined, email: string | null | undefined): string | null {
  const n = name?.trim();
  if (!n) return null;
  const [localPart, domainPart] = [email?.split('@')[0] ?? '', email?.split('@')[1] ?? ''];
  const local = localPart.toLowerCase();
  if (n.includes('@') || n.toLowerCase() === local || /\d/.test(n) || !/\p{L}{2}/u.test(n)) return null;
  const words = wordsOf(n, true);
  if (isRoleName(n, words) || hasLegalForm(n, words)) return null;
  const domain = new Set(wordsOf(domainPart, false));
  // Two or more name words in the domain: a business, unless the local part names the person and no word of the name
  // is one businesses name themselves with ("anna@anna-keller.de", not "druckerei@druckerei-muster.example").
  const inDomain = words.filter((w) => w.length > 2 && domain.has(w)).length >= 2;
  if (inDomain && (!personalLocalPart(local, words) || words.some((w) => COMPANY_WORDS.has(w)))) return null;
  return n;
}

/** A message's customer text, made safe for storage where it enters the pipeline (no NUL, no lone surrogate). */
export function textOf(message: RestMessage, subject?: string | null): string {
  return storageSafe(customerText({ content: message.content, contentAttributes: message.content_attributes, subject }));
}

/** The words the customer wrote themselves in a message (a forward's cover note, not the forwarded mail): for the reply's address form. */
export function ownTextOf(message: RestMessage, subject?: string | null): string {
  return storageSafe(customerOwnText({ content: message.content, contentAttributes: message.content_attributes, subject }));
}

/**
 * True when a note carrying `marker` is already on the conversation — a marker counts only on a private note
 * the pipeline could have written (sent by a user or agent bot, never by the contact), and when the pipeline
 * knows its own user id (`authorId`), only on that user's notes. So a customer who types a marker suppresses nothing.
 */
export function hasNote(ctx: ConversationContext, marker: string, authorId: number | null = ctx.authorId ?? null): boolean {
  return ctx.messages.some(
    (m) => m.private === true && m.message_type === MESSAGE_TYPE.outgoing && isOurs(m, authorId) && typeof m.content === 'string' && m.content.includes(marker),
  );
}

function isOurs(m: RestMessage, authorId: number | null): boolean {
  const type = (m.sender?.type ?? m.sender_type ?? '').toLowerCase().replace('_', '');
  if (type === 'agentbot') return true;
  if (type !== 'user') return false;
  return authorId === null || m.sender?.id === authorId;
}

/** The public thread (customer and agent messages, no notes or activity), oldest first. */
export function publicThread(ctx: ConversationContext): ThreadMessage[] {
  return ctx.messages
    .filter((m) => !m.private && (m.message_type === MESSAGE_TYPE.incoming || m.message_type === MESSAGE_TYPE.outgoing))
    .map((m) => ({ from: m.message_type === MESSAGE_TYPE.incoming ? ('customer' as const) : ('agent' as const), text: textOf(m) }))
    .filter((m) => m.text !== '');
}

export function currentState(conversation: RestConversation): ConversationState {
  return {
    labels: conversation.labels ?? [],
    customAttributes: conversation.custom_attributes ?? {},
    priority: conversation.priority ?? null,
    assigneeId: conversation.meta?.assignee?.id ?? null,
    teamId: conversation.meta?.team?.id ?? null,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
