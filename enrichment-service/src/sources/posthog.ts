import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { PosthogConfig } from '../config.js';
import { SourceError, type PosthogData, type PosthogRecording, type Source } from '../section.js';
import { httpFailure, httpStatusFailure } from './http-failure.js';

const MAX_RECORDINGS = 5;
/** How far back recordings are searched (PostHog's own default is only 3 days). */
const RECORDINGS_SINCE = '-30d';

const personsSchema = z.object({
  results: z.array(
    z.object({
      uuid: z.string(),
      distinct_ids: z.array(z.string()),
      properties: z.record(z.string(), z.unknown()).nullish(),
    }),
  ),
});
const recordingsSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      distinct_id: z.string().nullish(),
      start_time: z.string(),
      recording_duration: z.number().nullish(),
    }),
  ),
});

/**
 * The PostHog person with this email and their most recent session recordings.
 * 1. `GET /api/projects/{id}/persons/?email=…` (exact match); the person's own `email` property must match too.
 * 2. `GET /api/projects/{id}/session_recordings/?person_uuid=…&limit=5&date_from=-30d` (RecordingsQuery's
 *    `person_uuid` filter), then only recordings whose distinct_id is one of the person's are kept.
 */
export function createPosthogSource(config: PosthogConfig, http: AxiosInstance = axios.create()): Source<PosthogData> {
  const project = encodeURIComponent(config.projectId);
  const headers = { Authorization: `Bearer ${config.apiKey}`, Accept: 'application/json' };

  async function get(url: string, signal: AbortSignal): Promise<unknown> {
    const res = await http.get(url, { headers, signal, validateStatus: () => true }).catch((err: unknown) => {
      throw httpFailure('PostHog', err);
    });
    if (res.status !== 200) {
      throw httpStatusFailure('PostHog', res.status, { 404: `project ${config.projectId} not found (check POSTHOG_PROJECT_ID and POSTHOG_HOST)` });
    }
    return res.data;
  }

  return async (email, signal) => {
    const personsQuery = new URLSearchParams({ email });
    const persons = personsSchema.safeParse(await get(`${config.host}/api/projects/${project}/persons/?${personsQuery}`, signal));
    if (!persons.success) throw new SourceError('PostHog answered the person lookup with an unexpected shape');
    const person = persons.data.results.find((p) => String(p.properties?.email ?? '').toLowerCase() === email);
    if (!person) return { status: 'not_found' };

    const recordingsQuery = new URLSearchParams({ person_uuid: person.uuid, limit: String(MAX_RECORDINGS), date_from: RECORDINGS_SINCE });
    const recordings = recordingsSchema.safeParse(
      await get(`${config.host}/api/projects/${project}/session_recordings/?${recordingsQuery}`, signal),
    );
    if (!recordings.success) throw new SourceError('PostHog answered the recordings lookup with an unexpected shape');

    const ownIds = new Set(person.distinct_ids);
    const own: PosthogRecording[] = recordings.data.results
      .filter((r) => typeof r.distinct_id === 'string' && ownIds.has(r.distinct_id))
      .map((r) => ({
        id: r.id,
        startTime: toIso(r.start_time),
        durationSeconds: Math.max(0, Math.round(r.recording_duration ?? 0)),
        link: `${config.host}/project/${project}/replay/${encodeURIComponent(r.id)}`,
      }))
      .sort((a, b) => b.startTime.localeCompare(a.startTime))
      .slice(0, MAX_RECORDINGS);

    const personKey = person.distinct_ids[0] ?? person.uuid;
    return {
      status: 'ok',
      data: { personUrl: `${config.host}/project/${project}/person/${encodeURIComponent(personKey)}`, recordings: own },
    };
  };
}

function toIso(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}
