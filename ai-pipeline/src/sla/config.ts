import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { luxon } from './luxon.js';
import { parseDuration } from './duration.js';
import { PRIORITIES, type Priority } from '../triage/categories.js';

/**
 * The `sla:` section of the triage configuration (TRIAGE_CONFIG):
 *   sla:
 *     urgent: { first_response: 30m, resolution: 8h }
 *     high:   { first_response: 2h,  resolution: 1d }
 *     business_hours: { tz: Europe/Zurich, days: mon-fri, from: "08:00", to: "18:00" }
 *     escalation_team_id: 4
 */

export function isPriority(p: unknown): p is Priority {
  return typeof p === 'string' && (PRIORITIES as readonly string[]).includes(p);
}

const duration = z.string({ error: 'must be a duration such as 30m, 8h, 1h30m or 2d' }).transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: `must be a duration such as 30m, 8h, 1h30m or 2d, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return seconds;
});

const target = z
  .strictObject({ first_response: duration.optional(), resolution: duration.optional() })
  .refine((t) => t.first_response !== undefined || t.resolution !== undefined, { message: 'needs first_response or resolution' });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** `mon-fri`, `mon,wed,fri`, `sat-sun` or a list → ISO weekday numbers (1 = Monday … 7 = Sunday). */
export function parseDays(spec: string | string[]): number[] | null {
  const items = (Array.isArray(spec) ? spec : spec.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (items.length === 0) return null;
  const out = new Set<number>();
  for (const item of items) {
    const [a, b, extra] = item.split('-').map((s) => s.trim());
    if (extra !== undefined) return null;
    const from = WEEKDAYS.indexOf(a as Weekday);
    const to = b === undefined ? from : WEEKDAYS.indexOf(b as Weekday);
    if (from < 0 || to < 0 || to < from) return null;
    for (let d = from; d <= to; d++) out.add(d + 1);
  }
  return [...out].sort((x, y) => x - y);
}

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM (00:00 to 24:00)');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const businessHours = z
  .strictObject({
    tz: z.string().refine((tz) => luxon().IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as Europe/Zurich' }),
    days: z.union([z.string(), z.array(z.string())]).transform((spec, ctx) => {
      const days = parseDays(spec);
      if (!days) {
        ctx.addIssue({ code: 'custom', message: 'must be weekdays such as mon-fri or mon,wed,fri' });
        return z.NEVER;
      }
      return days;
    }),
    from: clock,
    to: clock,
  })
  .refine((b) => minutesOf(b.to) > minutesOf(b.from), { message: '"to" must be later than "from" (overnight windows are not supported)', path: ['to'] })
  .transform((b) => ({ tz: b.tz, days: b.days, fromMinute: minutesOf(b.from), toMinute: minutesOf(b.to) }));

export type BusinessHours = z.output<typeof businessHours>;
export type SlaTarget = z.output<typeof target>;

export const slaConfigSchema = z
  .strictObject({
    urgent: target.optional(),
    high: target.optional(),
    medium: target.optional(),
    low: target.optional(),
    business_hours: businessHours.optional(),
    escalation_team_id: z.number().int().positive().optional(),
  })
  .transform((s) => ({
    targets: Object.fromEntries(PRIORITIES.flatMap((p) => (s[p] ? [[p, s[p]]] : []))) as Partial<Record<Priority, SlaTarget>>,
    businessHours: s.business_hours ?? null,
    escalationTeamId: s.escalation_team_id ?? null,
  }));

export type SlaConfig = z.output<typeof slaConfigSchema>;

export class SlaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlaConfigError';
  }
}

/** Validates the `sla` section; the error names the field (e.g. `sla.urgent.first_response: must be a duration…`). */
export function parseSlaConfig(raw: unknown): SlaConfig {
  const r = slaConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `sla.${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new SlaConfigError(`invalid SLA configuration: ${problems.join('; ')}`);
}

/**
 * Reads the YAML file at TRIAGE_CONFIG and returns its `sla` section, or null when the file has none.
 * TODO(lead): switch to the shared triage-config loader (issue 12) once it is merged.
 */
export async function loadSlaConfig(path: string): Promise<SlaConfig | null> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(path, 'utf8'));
  } catch (e) {
    throw new SlaConfigError(`TRIAGE_CONFIG ${path}: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || !('sla' in doc) || (doc as { sla: unknown }).sla == null) return null;
  return parseSlaConfig((doc as { sla: unknown }).sla);
}
