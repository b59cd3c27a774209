import type { EnrichmentResult } from '../enrichment/client.js';
import { draftLanguage } from '../language/detect.js';
import { NO_REPLY_DRAFT } from '../model/provider.js';
import type { Analysis } from '../model/provider.js';
import type { Decision, Target } from './decide.js';
import { isUnsupportedLink } from './draft-check.js';
import { defuse, draftText, inlineText, normaliseLines, quoteBlock } from './neutralise.js';
import { englishLanguageName } from '../util/language-names.js';
import { cutAtCodePoint } from '../util/safe-text.js';

/**
 * The markdown of every private note the pipeline posts, in one file. Each note ends with a stable
 * marker line; the pipeline looks for it before posting, so a resumed job never posts a note twice.
 * A triage posts two: the triage (with the customer context as its last section), then the draft.
 * ('enrichment' is the part of the separate customer-context note older versions posted.)
 */

export type NotePart = 'enrichment' | 'triage' | 'draft' | 'failed' | 'auto-reply' | 'refused';

export function noteMarker(jobKey: string, part: NotePart): string {
  return `ai-triage ref ${jobKey}/${part}`;
}

function withMarker(body: string, jobKey: string, part: NotePart): string {
  // Last line of defence: whatever a builder let through, no mention and no copy of a marker.
  return `${defuse(body.trim())}\n\n_${noteMarker(jobKey, part)}_`;
}

export function languageName(code: string): string {
  if (code === 'unknown' || !code) return 'unknown';
  try {
    return `${englishLanguageName(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

/** Markdown-safe inline text from an outside source (Sentry titles, DB values, model output). */
function md(text: string): string {
  return inlineText(text);
}

function link(label: string, href: string): string {
  return /^https?:\/\//i.test(href) ? `[${md(label)}](${href.replace(/[()\s]/g, encodeURIComponent)})` : md(label);
}

function unavailable(name: string, section: { status: string; reason?: string }): string {
  switch (section.status) {
    case 'not_configured':
      return `- ${name}: not configured`;
    case 'not_found':
      return `- ${name}: no match for this email`;
    case 'timeout':
      return `- ${name}: ⚠️ unavailable (timed out${section.reason ? `: ${md(section.reason)}` : ''}) — this is not "no data"`;
    default:
      return `- ${name}: ⚠️ unavailable (error${section.reason ? `: ${md(section.reason)}` : ''}) — this is not "no data"`;
  }
}

/** The customer-context section of the triage note (enrichment): account, Sentry, PostHog, or why they are unknown. */
export function customerContextSection(result: EnrichmentResult): string {
  const lines = ['**🔎 Customer context** (enrichment)'];
  if (result.status !== 'ok') {
    lines.push(
      result.status === 'skipped'
        ? `No enrichment: ${md(result.reason)}.`
        : `⚠️ Enrichment service unavailable: ${md(result.reason)}. Sentry, PostHog and account data are unknown, not empty.`,
    );
    return lines.join('\n');
  }
  const { account, sentry, posthog } = result.enrichment;
  if (account.status === 'ok') {
    const extra = Object.entries(account.data.attributes)
      .filter(([k]) => !['email', 'plan', 'created_at'].includes(k))
      .slice(0, 6)
      .map(([k, v]) => `${md(k)}: ${md(String(v))}`);
    lines.push(
      `- Account: plan **${md(account.data.plan ?? 'unknown')}**, signed up ${md(account.data.signedUpAt?.slice(0, 10) ?? 'unknown')}${extra.length ? `; ${extra.join('; ')}` : ''}`,
    );
  } else lines.push(unavailable('Account', account));
  if (sentry.status === 'ok') {
    const issues = sentry.data.issues;
    lines.push(issues.length === 0 ? '- Sentry: no unresolved issues in the last 14 days' : `- Sentry: ${issues.length} unresolved issue(s), last 14 days:`);
    for (const i of issues.slice(0, 5)) {
      lines.push(`  - ${link(i.title, i.link)} · ${md(i.level)} · ${i.count}× · last seen ${md(i.lastSeen.slice(0, 16).replace('T', ' '))}`);
    }
  } else lines.push(unavailable('Sentry', sentry));
  if (posthog.status === 'ok') {
    const recs = posthog.data.recordings;
    lines.push(`- PostHog: ${link('person', posthog.data.personUrl)}, ${recs.length === 0 ? 'no recent session recordings' : `${recs.length} recent recording(s):`}`);
    for (const r of recs.slice(0, 5)) {
      lines.push(`  - ${link(r.startTime.slice(0, 16).replace('T', ' '), r.link)} · ${Math.round(r.durationSeconds / 60)} min`);
    }
  } else lines.push(unavailable('PostHog', posthog));
  return lines.join('\n');
}

export interface TriageNoteInput {
  jobKey: string;
  analysis: Analysis;
  language: string;
  offline: boolean;
  model: string;
  decision: Decision;
  names: { teams: Map<number, string>; agents: Map<number, string> };
  fallbackReason?: string;
  /** The name of the configured rule that decided, shown in the note. */
  rule?: string | null;
  /** Enrichment's result: the note's last section (customer context); absent = no such section. */
  enrichment?: EnrichmentResult;
}

function describeTarget(t: Target, names: TriageNoteInput['names']): string {
  const parts: string[] = [];
  if (t.teamId !== null) parts.push(`team ${md(names.teams.get(t.teamId) ?? `#${t.teamId}`)}`);
  if (t.agentId !== null) parts.push(`agent ${md(names.agents.get(t.agentId) ?? `#${t.agentId}`)}`);
  return parts.join(' and ');
}

/**
 * The priority as Chatwoot has it after the triage: the one written (a rule's may differ from the model's), or, when an
 * agent had already set one, that it was left, with the model's for reference.
 */
function priorityShown(a: Analysis, d: Decision): string {
  if (d.priority === null) return `priority left as it was (model: ${a.priority})`;
  if (d.priority !== a.priority) return `priority ${d.priority} (rule; model said ${a.priority})`;
  return `priority ${d.priority}`;
}

export function triageNote(input: TriageNoteInput): string {
  const { analysis: a, decision: d } = input;
  const lines = [
    `**🤖 AI triage** · ${a.category} · ${priorityShown(a, d)} · confidence ${a.confidence.toFixed(2)} · ${languageName(input.language)}`,
  ];
  if (input.offline) {
    lines.push(`_Made offline (${input.model}${input.fallbackReason ? '' : ', no Anthropic API key'}): local classifier, no translation. Weigh it accordingly._`);
  }
  if (input.fallbackReason) lines.push(`_⚠️ ${md(input.fallbackReason)}_`);
  lines.push('', `**Summary:** ${md(a.summary)}`, '');
  if (a.translation === null) {
    lines.push(`**Translation:** unavailable offline. Detected language: ${languageName(input.language)}.`);
  } else if (input.language === 'en') {
    lines.push('**Translation:** not needed (English).');
  } else {
    lines.push('**Translation (English):**', quoteBlock(a.translation));
  }
  lines.push('');
  // The rule that decided, on the assignment's own line, unless its reason names it already ("rule “X” only suggests").
  const byRule = input.rule && !d.assignmentReason.includes(`rule “${input.rule}”`) ? ` by rule “${md(input.rule)}”` : '';
  if (d.assign) lines.push(`**Assigned** to ${describeTarget(d.assign, input.names)} (${d.assignmentReason})${byRule}.`);
  else if (d.suggest) lines.push(`**Suggested assignee:** ${describeTarget(d.suggest, input.names)} — not assigned: ${d.assignmentReason}${byRule ? `; suggested${byRule}` : ''}.`);
  else lines.push(`**Assignment:** none (${d.assignmentReason})${byRule ? `; decided${byRule}` : ''}.`);
  lines.push(`**Labels:** ${d.addLabels.join(', ')}`);
  if (input.enrichment) lines.push('', '---', '', customerContextSection(input.enrichment));
  return withMarker(lines.join('\n'), input.jobKey, 'triage');
}

export interface DraftNoteInput {
  jobKey: string;
  draft: string;
  language: string;
  offline: boolean;
  followUp: boolean;
  unsupported: string[];
  /** Why this draft is not Claude's, or that the input was cut (shown as a warning line). */
  fallbackReason?: string;
  /** Markdown the pipeline built itself (the help-center section), shown after the draft; never customer text. */
  appendix?: string;
}

export function draftNote(input: DraftNoteInput): string {
  if (input.draft.startsWith(NO_REPLY_DRAFT)) {
    const reason = input.draft.slice(NO_REPLY_DRAFT.length).trim();
    return withMarker(`**✉️ No reply drafted** — ${md(reason)}`, input.jobKey, 'draft');
  }
  // The heading names the language the draft is written in, never the customer's if the draft is in another one.
  const written = draftLanguage(input.draft, input.language);
  const head = input.offline
    ? `**✉️ Template draft (offline mode)** in ${languageName(written.language)} — a template, not written for this ticket: fill the [brackets], review, then send it yourself.`
    : `**✉️ Draft reply${input.followUp ? ' to the latest message' : ''}** in ${languageName(written.language)} — review before sending; it has NOT been sent to the customer.`;
  const lines = [head];
  if (input.fallbackReason) lines.push(`_⚠️ ${md(input.fallbackReason)}_`);
  if (written.mismatch) {
    lines.push(`⚠️ **Language:** the customer wrote in ${languageName(input.language)}, but this draft is in ${languageName(written.language)}; translate it before sending.`);
  }
  if (input.unsupported.length > 0) {
    lines.push(
      `⚠️ **Check before sending:** the draft contains ${input.unsupported.map((u) => `\`${u.replace(/[`\r\n\u2028\u2029]/g, '')}\``).join(', ')}, which appear in none of the ticket or customer data.`,
    );
  }
  const body = draftText(input.draft, { isUnsupported: (url) => isUnsupportedLink(url, input.unsupported) });
  lines.push('', '---', '', body.text);
  if (input.appendix) lines.push('', '---', '', input.appendix);
  return withMarker(lines.join('\n'), input.jobKey, 'draft');
}

export function failureNote(jobKey: string, error: string, attempts: number): string {
  return withMarker(
    [
      '**⚠️ AI triage failed** — a human must triage this conversation.',
      `After ${attempts} attempt(s) the pipeline gave up: ${md(error)}`,
      'Nothing else was changed by the pipeline after the failure.',
    ].join('\n'),
    jobKey,
    'failed',
  );
}

/** Longest part of Chatwoot's error message a note shows. */
const REFUSAL_DETAIL_MAX = 160;

/**
 * Chatwoot's message on a refused write as one inert line: it is outside text (a proxy, a plugin or an echoed value
 * may have written it), so cut, every link (markdown, image, autolink, bare) replaced, escaped, no mention.
 */
function refusalDetail(detail: string): string {
  const line = normaliseLines(detail).replace(/\s+/g, ' ').trim();
  // Never splits an emoji or other astral character in half (cutAtCodePoint).
  const cut = line.length > REFUSAL_DETAIL_MAX ? `${cutAtCodePoint(line, REFUSAL_DETAIL_MAX)}…` : line;
  return draftText(cut, { isUnsupported: () => true }).text;
}

/** Chatwoot refused some or all of a triage's writes (labels, attributes, …): each named once, for the agent who reads the notes (a header true in both cases). */
export function refusedWritesNote(jobKey: string, refused: { what: string; status: number; detail: string }[]): string {
  const lines = ['**⚠️ Chatwoot refused these triage changes** — set them by hand if they matter:'];
  for (const r of refused) {
    const detail = refusalDetail(r.detail);
    lines.push(`- Chatwoot refused ${md(r.what)} (${r.status}${detail ? `: ${detail}` : ''})`);
  }
  return withMarker(lines.join('\n'), jobKey, 'refused');
}

// ── Help-center grounding (issue 11) ─────────────────────────────────────────
/** What the draft note needs from retrieval (a subset of knowledge/types.ts Retrieval). */
export interface KnowledgeForNote {
  passages: { id: string; articleKey: string; title: string; url: string }[];
  articles: { articleKey: string; title: string; url: string }[];
  matched: boolean;
  unavailable?: string;
}

export const NO_ARTICLE_MATCHED = 'No help-center article matched';

/**
 * The end of a draft note: **Sources** (every article whose passages the draft used, title + link) and, separately,
 * up to 3 **Related articles** above the threshold; or "No help-center article matched" so the agent knows the answer
 * is not documented. Titles are escaped; only http(s) URLs become links.
 */
export function knowledgeSection(k: KnowledgeForNote, usedIds: string[]): string {
  if (k.unavailable) return `**📚 Help center:** ⚠️ unavailable (${md(k.unavailable)}) — this is not "no article matched".`;
  if (!k.matched) return `**📚 ${NO_ARTICLE_MATCHED}** — the answer is not documented in the help center.`;
  const used = new Set(usedIds);
  const sources = [...new Map(k.passages.filter((p) => used.has(p.id)).map((p) => [p.articleKey, p])).values()];
  const sourceKeys = new Set(sources.map((s) => s.articleKey));
  const related = k.articles.filter((a) => !sourceKeys.has(a.articleKey)).slice(0, 3);
  const item = (a: { title: string; url: string }) => `- ${link(a.title, a.url)}`;
  const lines = [sources.length ? '**📚 Sources**' : '**📚 Sources:** none (the draft did not use a help-center article)', ...sources.map(item)];
  if (related.length) lines.push('', '**Related articles**', ...related.map(item));
  return lines.join('\n');
}

/** The draft note with the help-center section after the draft (the marker stays last); `knowledge` null = no help center configured. */
export function groundedDraftNote(input: DraftNoteInput & { knowledge: KnowledgeForNote | null; usedArticleIds: string[] }): string {
  if (!input.knowledge) return draftNote(input);
  return draftNote({ ...input, appendix: knowledgeSection(input.knowledge, input.usedArticleIds) });
}

/** Why the draft was sent to the customer (mode on), or would have been (shadow mode); for the agent who follows up. */
export function autoReplyNote(input: { jobKey: string; shadow: boolean; why: string[]; rule: string | null; articles: string[] }): string {
  const head = input.shadow
    ? '**🤖 Would have auto-replied** (AUTO_REPLY_MODE=shadow): the draft above would have been sent to the customer. Nothing was sent.'
    : '**🤖 Auto-replied:** the draft above was sent to the customer with an assistant sign-off; the conversation is pending until the customer answers.';
  const lines = [head, ...input.why.map((w) => `- ${md(w)}`)];
  if (input.articles.length > 0) lines.push(`- articles: ${input.articles.map((a) => md(a)).join(', ')}`);
  lines.push(`- rule: ${input.rule ? md(input.rule) : 'none'}`);
  return withMarker(lines.join('\n'), input.jobKey, 'auto-reply');
}
