import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../triage/categories.js';

const id = z.number().int().positive();

const routeSchema = z.strictObject({
  team_id: id.optional(),
  agent_id: id.optional(),
});
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

/** Every team and agent id the routing file names (for the bootstrap check). */
export function routingTargets(routing: RoutingConfig): { teamIds: number[]; agentIds: number[] } {
  const routes = Object.values(routing.routes);
  const uniq = (xs: (number | undefined)[]) => [...new Set(xs.filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
  return { teamIds: uniq(routes.map((r) => r.team_id)), agentIds: uniq(routes.map((r) => r.agent_id)) };
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
