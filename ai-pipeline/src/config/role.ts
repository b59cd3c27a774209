/** PIPELINE_ROLE: which halves of the pipeline one process runs (Chatwoot's own split: web + sidekiq). */
export const PIPELINE_ROLES = ['all', 'web', 'worker'] as const;
export type PipelineRole = (typeof PIPELINE_ROLES)[number];

export interface RoleParts {
  /** POST /webhook, /bot, /ingest and the sidebar. */
  takesWebhooks: boolean;
  /** The job worker, the model, the sweeper, the purger and the help-center sync. */
  runsJobs: boolean;
  /** Tells worker processes of the jobs it enqueued (NOTIFY): it takes webhooks and runs none itself. */
  notifiesWorkers: boolean;
  /** Hears of jobs other processes enqueued (LISTEN): it runs jobs and takes no webhooks itself. */
  listensForJobs: boolean;
}

export function roleParts(role: PipelineRole): RoleParts {
  return { takesWebhooks: role !== 'worker', runsJobs: role !== 'web', notifiesWorkers: role === 'web', listensForJobs: role === 'worker' };
}
