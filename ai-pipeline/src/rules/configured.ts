import type { Logger } from 'pino';
import { resolveUserPath } from '../config/paths.js';
import { EMPTY_ROUTING, loadRoutingConfig } from '../config/routing.js';
import type { TriageConfigHolder } from './holder.js';
import { triageConfigFromRouting } from './legacy.js';
import { readTriageConfig, TriageConfigError, unknownTargets, type ParsedTriageConfig } from './load.js';
import type { TriageConfig } from './schema.js';

/** The variables that say where the triage configuration comes from. */
export interface TriageSources {
  TRIAGE_CONFIG?: string;
  ROUTING_CONFIG?: string;
  AUTO_ASSIGN_THRESHOLD: number;
}

/** Who can tell which team and agent ids exist (the Chatwoot client). */
export interface TargetDirectory {
  listTeams(): Promise<{ id: number }[]>;
  listAgents(): Promise<{ id: number }[]>;
}

/** Team/agent ids the Chatwoot account knows, or null when Chatwoot cannot be asked within `timeoutMs`. */
export async function knownTargets(
  directory: TargetDirectory,
  timeoutMs = 5000,
): Promise<{ teamIds: Set<number>; agentIds: Set<number> } | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const lists = await Promise.race([Promise.all([directory.listTeams(), directory.listAgents()]), timeout]);
    if (!lists) return null;
    return { teamIds: new Set(lists[0].map((t) => t.id)), agentIds: new Set(lists[1].map((a) => a.id)) };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Validates a TRIAGE_CONFIG file completely: the file itself and, when `directory` is given and answers, its team
 * and agent ids. Returns the parsed result with every problem (line numbers included) and whether Chatwoot was asked.
 */
export async function checkTriageFile(
  path: string,
  defaultThreshold: number,
  directory?: TargetDirectory,
): Promise<ParsedTriageConfig & { chatwootChecked: boolean }> {
  const parsed = await readTriageConfig(path, defaultThreshold);
  if (!parsed.config || !directory) return { ...parsed, chatwootChecked: false };
  const known = await knownTargets(directory);
  if (!known) return { ...parsed, chatwootChecked: false };
  const problems = unknownTargets(parsed.config, known).map((p) => ({ ...p, line: parsed.lineOf(p.path) }));
  return problems.length > 0 ? { ...parsed, config: null, problems, chatwootChecked: true } : { ...parsed, chatwootChecked: true };
}

/**
 * The triage configuration from the environment: TRIAGE_CONFIG when set; else the old ROUTING_CONFIG read as the
 * four built-in categories plus one rule per route; else the built-in categories with no rules (never assign).
 * Throws TriageConfigError (every problem, one line each) or an Error naming the routing file.
 */
export async function loadConfiguredTriage(env: TriageSources, directory?: TargetDirectory): Promise<TriageConfig> {
  if (env.TRIAGE_CONFIG) {
    const path = resolveUserPath(env.TRIAGE_CONFIG);
    const checked = await checkTriageFile(path, env.AUTO_ASSIGN_THRESHOLD, directory);
    if (!checked.config) throw new TriageConfigError(`TRIAGE_CONFIG ${path}`, checked.problems);
    return checked.config;
  }
  if (env.ROUTING_CONFIG) {
    const path = resolveUserPath(env.ROUTING_CONFIG);
    return triageConfigFromRouting(await loadRoutingConfig(path), env.AUTO_ASSIGN_THRESHOLD, path);
  }
  return triageConfigFromRouting(EMPTY_ROUTING, env.AUTO_ASSIGN_THRESHOLD);
}

/**
 * Reloads the configuration into the holder (SIGHUP). Running jobs keep the configuration they started with; a
 * reload that fails validation keeps the old one and logs every problem. Returns whether it was replaced.
 */
export async function reloadTriage(holder: TriageConfigHolder, env: TriageSources, logger: Logger, directory?: TargetDirectory): Promise<boolean> {
  try {
    const next = await loadConfiguredTriage(env, directory);
    holder.replace(next);
    logger.info({ source: next.source, categories: next.categories.length, rules: next.rules.length }, 'triage configuration reloaded');
    return true;
  } catch (e) {
    const problems = e instanceof TriageConfigError ? e.problems.length : 1;
    logger.error({ err: (e as Error).message, problems }, 'triage configuration reload failed; keeping the previous configuration');
    return false;
  }
}
