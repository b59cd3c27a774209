import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { SentryConfig } from '../config.js';
import { SourceError, type SentryData, type SentryIssue, type Source } from '../section.js';
import { httpFailure, httpStatusFailure } from './http-failure.js';
import { truncateText } from '../text.js';

const MAX_ISSUES = 10;
const PERIOD = '14d';
/** Long exception messages make long titles; keep the answer small for the note and the sidebar. */
const MAX_TITLE = 300;

const issueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  level: z.string().nullish(),
  count: z.union([z.string(), z.number()]).nullish(),
  lastSeen: z.string(),
  permalink: z.string().nullish(),
});
const issuesSchema = z.array(issueSchema);
const projectSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String) });

/** Sentry's search syntax: a quoted value, with `"` and `\` escaped. */
export function sentryIssueQuery(email: string): string {
  return `is:unresolved user.email:"${email.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The customer's unresolved Sentry issues of the last 14 days (newest first, at most 10), via
 * `GET /api/0/organizations/{org}/issues/`. An empty list is a real answer ("no unresolved issues");
 * any failure is an error, never an empty ok. With SENTRY_PROJECT_SLUG the slug is resolved once to the
 * numeric id the issues endpoint filters on (`project=<id>`).
 */
export function createSentrySource(config: SentryConfig, http: AxiosInstance = axios.create()): Source<SentryData> {
  const org = encodeURIComponent(config.orgSlug);
  const headers = { Authorization: `Bearer ${config.authToken}`, Accept: 'application/json' };
  let projectId: Promise<string> | undefined;

  async function resolveProjectId(slug: string, signal: AbortSignal): Promise<string> {
    const url = `${config.baseUrl}/api/0/projects/${org}/${encodeURIComponent(slug)}/`;
    const res = await http.get(url, { headers, signal, validateStatus: () => true }).catch((err: unknown) => {
      throw httpFailure('Sentry', err);
    });
    if (res.status !== 200) {
      throw httpStatusFailure('Sentry', res.status, {
        404: `project "${slug}" not found in organization "${config.orgSlug}" (check SENTRY_PROJECT_SLUG)`,
      });
    }
    const project = projectSchema.safeParse(res.data);
    if (!project.success) throw new SourceError('Sentry answered the project lookup with an unexpected shape');
    return project.data.id;
  }

  function projectIdOnce(slug: string, signal: AbortSignal): Promise<string> {
    projectId ??= resolveProjectId(slug, signal).catch((err: unknown) => {
      projectId = undefined; // not cached: the next lookup tries again
      throw err;
    });
    return projectId;
  }

  return async (email, signal) => {
    const params = new URLSearchParams({ query: sentryIssueQuery(email), statsPeriod: PERIOD, sort: 'date', limit: String(MAX_ISSUES) });
    if (config.projectSlug) params.set('project', await projectIdOnce(config.projectSlug, signal));

    const url = `${config.baseUrl}/api/0/organizations/${org}/issues/?${params.toString()}`;
    const res = await http.get(url, { headers, signal, validateStatus: () => true }).catch((err: unknown) => {
      throw httpFailure('Sentry', err);
    });
    if (res.status !== 200) {
      throw httpStatusFailure('Sentry', res.status, { 404: `organization "${config.orgSlug}" not found (check SENTRY_ORG_SLUG)` });
    }
    const parsed = issuesSchema.safeParse(res.data);
    if (!parsed.success) throw new SourceError('Sentry answered with an unexpected shape');

    const issues: SentryIssue[] = parsed.data
      .map((issue) => ({
        id: issue.id,
        title: truncateText(issue.title, MAX_TITLE),
        level: issue.level ?? 'error',
        count: toCount(issue.count),
        lastSeen: toIso(issue.lastSeen),
        link: issue.permalink ?? `${config.baseUrl}/organizations/${org}/issues/${encodeURIComponent(issue.id)}/`,
      }))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))
      .slice(0, MAX_ISSUES);
    return { status: 'ok', data: { issues } };
  };
}

function toCount(value: string | number | null | undefined): number {
  const n = typeof value === 'number' ? value : Number.parseInt(value ?? '0', 10);
  return Number.isFinite(n) ? n : 0;
}

function toIso(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}
