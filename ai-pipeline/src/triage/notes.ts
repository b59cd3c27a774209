import type { EnrichmentResult } from '../enrichment/client.js';
import { draftLanguage } from '../language/detect.js';
import { NO_REPLY_DRAFT } from '../model/provider.js';
import type { Analysis } from '../model/provider.js';
import type { Decision, Target } from './decide.js';

/**
 * The markdown of every private note the pipeline posts, in one file. Each note ends with a stable
 * marker line; the pipeline looks for it before posting, so a resumed job never posts a note twice.
 */

export type NotePart = 'enrichment' | 'triage' | 'draft' | 'failed';

export function noteMarker(jobKey: string, part: NotePart): string {
  return `ai-triage ref ${jobKey}/${part}`;
}

function withMarker(body: string, jobKey: string, part: NotePart): string {
  return `${body.trim()}\n\n_${noteMarker(jobKey, part)}_`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
export function languageName(code: string): string {
  if (code === 'unknown' || !code) return 'unknown';
  try {
    return `${languageNames.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

/** Markdown-safe inline text from an outside source (Sentry titles, DB values). */
function md(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1').slice(0, 200);
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

export function enrichmentNote(result: EnrichmentResult, jobKey: string): string {
  const lines = ['**🔎 Customer context** (enrichment)'];
  if (result.status !== 'ok') {
    lines.push(
      result.status === 'skipped'
        ? `No enrichment: ${md(result.reason)}.`
        : `⚠️ Enrichment service unavailable: ${md(result.reason)}. Sentry, PostHog and account data are unknown, not empty.`,
    );
    return withMarker(lines.join('\n'), jobKey, 'enrichment');
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
  return withMarker(lines.join('\n'), jobKey, 'enrichment');
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
}

function describeTarget(t: Target, names: TriageNoteInput['names']): string {
  const parts: string[] = [];
  if (t.teamId !== null) parts.push(`team ${names.teams.get(t.teamId) ?? `#${t.teamId}`}`);
  if (t.agentId !== null) parts.push(`agent ${names.agents.get(t.agentId) ?? `#${t.agentId}`}`);
  return parts.join(' and ');
}

export function triageNote(input: TriageNoteInput): string {
  const { analysis: a, decision: d } = input;
  const lines = [
    `**🤖 AI triage** · ${a.category} · priority ${a.priority} · confidence ${a.confidence.toFixed(2)} · ${languageName(input.language)}`,
  ];
  if (input.offline) {
    lines.push(`_Made offline (${input.model}, no Anthropic API key): local classifier, no translation. Weigh it accordingly._`);
  }
  if (input.fallbackReason) lines.push(`_⚠️ ${md(input.fallbackReason)}_`);
  lines.push('', `**Summary:** ${md(a.summary)}`, '');
  if (a.translation === null) {
    lines.push(`**Translation:** unavailable offline. Detected language: ${languageName(input.language)}.`);
  } else if (input.language === 'en') {
    lines.push('**Translation:** not needed (English).');
  } else {
    lines.push('**Translation (English):**', ...a.translation.split('\n').map((l) => `> ${l}`));
  }
  lines.push('');
  if (d.assign) lines.push(`**Assigned** to ${describeTarget(d.assign, input.names)} (${d.assignmentReason}).`);
  else if (d.suggest) lines.push(`**Suggested assignee:** ${describeTarget(d.suggest, input.names)} — not assigned: ${d.assignmentReason}.`);
  else lines.push(`**Assignment:** none (${d.assignmentReason}).`);
  lines.push(`**Labels:** ${d.addLabels.join(', ')}`);
  return withMarker(lines.join('\n'), input.jobKey, 'triage');
}

export interface DraftNoteInput {
  jobKey: string;
  draft: string;
  language: string;
  offline: boolean;
  followUp: boolean;
  unsupported: string[];
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
  if (written.mismatch) {
    lines.push(`⚠️ **Language:** the customer wrote in ${languageName(input.language)}, but this draft is in ${languageName(written.language)}; translate it before sending.`);
  }
  if (input.unsupported.length > 0) {
    lines.push(
      `⚠️ **Check before sending:** the draft contains ${input.unsupported.map((u) => `\`${u.replace(/`/g, '')}\``).join(', ')}, which appear in none of the ticket or customer data.`,
    );
  }
  lines.push('', '---', '', input.draft.trim());
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
