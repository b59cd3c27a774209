import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../triage/categories.js';

const id = z.number().int().positive();

const routeSchema = z
  .strictObject({
    team_id: id.optional(),
    /** The team by name (Chatwoot stores team names in lower case); scripts/bootstrap-chatwoot creates it when missing. */
    team: z.string().trim().min(1).optional(),
    agent_id: id.optional(),
  })
  .refine((r) => r.team === undefined || r.team_id === undefined, { message: 'give either team (a name) or team_id, not both' });
export type Route = z.infer<typeof routeSchema>;

/**
 * The routing file (ROUTING_CONFIG, YAML): which Chatwoot team and/or agent gets each category when the
 * triage is confident. Example: chatwoot-config/routing.example.yaml.
 */
export const routingSchema = z.strictObject({
  routes: z.partialRecord(z.enum(CATEGORIES), routeSchema).default({}),
  /** Refunds go to a team, never straight to one agent, unless this is true. */
  allow_refund_agent_assignment: z.boolean().default(false),
});
export type RoutingConfig = z.infer<typeof routingSchema>;

export const EMPTY_ROUTING: RoutingConfig = { routes: {}, allow_refund_agent_assignment: false };

export function routeFor(routing: RoutingConfig, category: Category): Route {
  return routing.routes[category as keyof RoutingConfig['routes']] ?? {};
}

/** Every team and agent id, and every team name, the routing file names (for the bootstrap and readiness checks). */
export function routingTargets(routing: RoutingConfig): { teamIds: number[]; agentIds: number[]; teamNames: string[] } {
  const routes = Object.values(routing.routes);
  const uniq = (xs: (number | undefined)[]) => [...new Set(xs.filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
  const names = [...new Set(routes.map((r) => r.team?.toLowerCase()).filter((x): x is string => x !== undefined))].sort();
  return { teamIds: uniq(routes.map((r) => r.team_id)), agentIds: uniq(routes.map((r) => r.agent_id)), teamNames: names };
}

/**
 * Fills `team_id` of every route that names its team, from Chatwoot's teams (names compare case-insensitively),
 * in place, so the worker holding `routing` assigns by id from then on. Returns the names Chatwoot lacks (their
 * routes keep no team id: the triage suggests instead of assigning).
 */
export function resolveTeamNames(routing: RoutingConfig, teams: { id: number; name: string }[]): { missing: string[] } {
  const missing = new Set<string>();
  for (const route of Object.values(routing.routes)) {
    if (route.team === undefined) continue;
    const team = teams.find((t) => t.name.toLowerCase() === route.team!.toLowerCase());
    if (team) route.team_id = team.id;
    else {
      delete route.team_id;
      missing.add(route.team.toLowerCase());
    }
  }
  return { missing: [...missing].sort() };
}

/** Parses a routing file; throws an Error whose message names the file and each bad field. */
export async function loadRoutingConfig(path: string): Promise<RoutingConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`ROUTING_CONFIG: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    throw new Error(`ROUTING_CONFIG: ${path} is not valid YAML (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  const parsed = routingSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`ROUTING_CONFIG: ${path} is invalid: ${problems.join('; ')} (example: routes: { bug-report: { team_id: 1 } })`);
  }
  return parsed.data;
}
