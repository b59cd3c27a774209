import type { Config } from '../config/config.js';
import { resolveUserPath } from '../config/paths.js';
import type { TriageConfigHolder } from '../rules/holder.js';
import { categoryNames, type TriageConfig } from '../rules/schema.js';
import { loadTrainingSources, type Ticket } from '../tickets/ticket.js';
import { CATEGORIES, categoriesWithoutExamples as categoriesWithout, sensitiveCategories, type Category } from '../triage/categories.js';
import { createAnthropicProvider } from './anthropic.js';
import type * as OfflineModule from './offline/index.js';
import type { OfflineProvider } from './offline/index.js';
import { OFFLINE_MODEL_ID } from './offline/model-id.js';
import { offlineInThread } from './offline-thread.js';
import type { OfflineThreadData } from './offline/thread-protocol.js';
import type { ModelProvider } from './provider.js';

export interface Providers {
  provider: ModelProvider;
  /** Ends what the providers run beside the caller (the offline model's thread); absent when nothing. */
  close?(): Promise<void>;
  /** The offline model, used when Claude's output stays invalid; null when the primary is already offline. */
  fallback: ModelProvider | null;
  /** Configured categories the offline model has no example tickets for (it gives them a low confidence). */
  categoriesWithoutExamples?: readonly string[];
}

/** TICKETS_DIR as paths: one folder or JSONL file, or several separated by commas. */
export function ticketPaths(ticketsDir: string): string[] {
  return ticketsDir
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => resolveUserPath(p));
}

/** The offline model's code (classifier, lexicons, stemmers, templates), imported once, when it is first needed. */
let offlineModule: Promise<typeof OfflineModule> | null = null;
const loadOfflineModule = () => (offlineModule ??= import('./offline/index.js'));

/**
 * Claude's fallback: the training tickets are read now (so a bad TICKETS_DIR fails at start-up and the categories
 * without examples are known), but not kept: the offline model's code is imported, the tickets read again and the
 * model trained only at its first use — often never, so neither the start-up time nor the memory is spent.
 */
function lazyOffline(paths: readonly string[], categoriesWithoutExamples: readonly Category[], categories: OfflineCategories | undefined, thread: boolean): ClosableOffline {
  let loaded: Promise<ClosableOffline> | null = null;
  const load = async (): Promise<ClosableOffline> => {
    if (thread) return offlineInThread({ ...threadData(paths, categories, false), categoriesWithoutExamples });
    const [m, training] = await Promise.all([loadOfflineModule(), loadTrainingSources(paths)]);
    return m.createOfflineProvider({ tickets: training, categories: categories?.names, sensitive: categories?.sensitive });
  };
  const provider = (): Promise<ClosableOffline> => {
    // A failed load (the folder gone since start-up) is tried again at the next use, not remembered.
    loaded ??= load().catch((e: unknown) => {
      loaded = null;
      throw e;
    });
    return loaded;
  };
  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    categoriesWithoutExamples,
    analyze: async (input) => (await provider()).analyze(input),
    draft: async (input) => (await provider()).draft(input),
    translate: async (input) => (await provider()).translate(input),
    close: async () => {
      const current = loaded;
      loaded = null;
      await (await current?.catch(() => null))?.close?.();
    },
  };
}

/** The configured categories no training ticket is labelled with. */
const withoutExamples = (categories: OfflineCategories | undefined, tickets: readonly Ticket[]): Category[] => categoriesWithout(categories?.names ?? CATEGORIES, tickets);

/** The configured categories as the offline model needs them: their names and which of them are sensitive. */
interface OfflineCategories {
  names: readonly Category[];
  sensitive: readonly Category[];
}

function offlineCategories(config: TriageConfig): OfflineCategories {
  return { names: categoryNames(config), sensitive: sensitiveCategories(config.categories) };
}

const sameCategories = (a: OfflineCategories, b: OfflineCategories): boolean =>
  a.names.join('\n') === b.names.join('\n') && a.sensitive.join('\n') === b.sensitive.join('\n');

/** What the offline model's thread trains on (structured-clone data: plain arrays). */
const threadData = (paths: readonly string[], categories: OfflineCategories | undefined, trainNow: boolean): OfflineThreadData => ({
  paths: [...paths],
  trainNow,
  ...(categories ? { categories: [...categories.names], sensitive: [...categories.sensitive] } : {}),
});

/** An offline provider that may run something to end (its thread). */
type ClosableOffline = OfflineProvider & { close?(): Promise<void> };

/** How the offline model is run: trained now or at first use, in a thread of its own or on the caller's. */
interface OfflineMode {
  trainNow: boolean;
  thread: boolean;
}

async function loadOffline(paths: readonly string[], categories: OfflineCategories | undefined, { trainNow, thread }: OfflineMode): Promise<ClosableOffline> {
  const tickets = await loadTrainingSources(paths);
  if (!trainNow) return lazyOffline(paths, withoutExamples(categories, tickets), categories, thread);
  if (thread) return offlineInThread({ ...threadData(paths, categories, true), categoriesWithoutExamples: withoutExamples(categories, tickets) });
  return (await loadOfflineModule()).createOfflineProvider({ tickets, categories: categories?.names, sensitive: categories?.sensitive, trainNow });
}

/**
 * The offline model for the configured categories; retrained (a few seconds) when a reload changes the category list
 * or which categories are sensitive.
 * Until the retraining is done, the previous model answers.
 */
async function configuredOffline(ticketsDir: string, triage: TriageConfigHolder | undefined, mode: OfflineMode): Promise<ClosableOffline> {
  const paths = ticketPaths(ticketsDir);
  let categories = triage ? offlineCategories(triage.current) : undefined;
  let current = await loadOffline(paths, categories, mode);
  triage?.onReplace((next) => {
    const nextCategories = offlineCategories(next);
    if (categories && sameCategories(categories, nextCategories)) return;
    categories = nextCategories;
    loadOffline(paths, nextCategories, mode).then(
      (p) => {
        const previous = current;
        current = p;
        // The old model's thread ends once the requests it may still hold are answered (milliseconds each).
        setTimeout(() => void previous.close?.(), RETIRED_MODEL_GRACE_MS).unref();
      },
      () => undefined,
    );
  });
  return {
    kind: 'offline',
    get model() {
      return current.model;
    },
    get categoriesWithoutExamples() {
      return current.categoriesWithoutExamples;
    },
    analyze: (input) => current.analyze(input),
    draft: (input) => current.draft(input),
    translate: (input) => current.translate(input),
    close: async () => current.close?.(),
  };
}

/** How long a model replaced by a retraining keeps answering what it was asked before it is ended. */
const RETIRED_MODEL_GRACE_MS = 30_000;

/** Claude when a key is set (or forced), otherwise the offline model trained on TICKETS_DIR. */
export async function createProviders(config: Pick<Config, 'MODEL_PROVIDER' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'ANTHROPIC_MODEL' | 'ANTHROPIC_MAX_RETRIES' | 'ANTHROPIC_TIMEOUT_MS' | 'TICKETS_DIR'> & Partial<Pick<Config, 'OFFLINE_MODEL_THREAD'>>, triage?: TriageConfigHolder): Promise<Providers> {
  const useClaude = config.MODEL_PROVIDER === 'anthropic' || (config.MODEL_PROVIDER === 'auto' && !!config.ANTHROPIC_API_KEY);
  let offline: ClosableOffline;
  try {
    offline = await configuredOffline(config.TICKETS_DIR, triage, { trainNow: !useClaude, thread: config.OFFLINE_MODEL_THREAD ?? false });
  } catch (e) {
    throw new Error(`TICKETS_DIR: the offline model could not load its training tickets from "${config.TICKETS_DIR}": ${(e as Error).message}`, { cause: e });
  }
  const categoriesWithoutExamples = offline.categoriesWithoutExamples;
  const close = async (): Promise<void> => offline.close?.();
  if (!useClaude) return { provider: offline, fallback: null, categoriesWithoutExamples, close };
  const claude = createAnthropicProvider({
    apiKey: config.ANTHROPIC_API_KEY!,
    baseURL: config.ANTHROPIC_BASE_URL,
    model: config.ANTHROPIC_MODEL,
    maxRetries: config.ANTHROPIC_MAX_RETRIES,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
    promptContext: triage ? () => triage.current : undefined,
  });
  return { provider: claude, fallback: offline, categoriesWithoutExamples, close };
}
