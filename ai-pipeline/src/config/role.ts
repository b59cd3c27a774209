/** PIPELINE_ROLE: which halves of the pipeline one process runs (Chatwoot's own split: web + sidekiq). */
export const PIPELINE_ROLES = ['all', 'web', 'worker'] as const;
export type PipelineRole = (typeof PIPELINE_ROLES)[number];

export interface RoleParts {
  /** POST /webhook, /bot, /ingest and the sidebar. */
  takesWebhooks: boolean;
  /** The job worker, the model, the sweeper, the purger and the help-center sync. */
  runsJobs: boolean;
}

export function roleParts(role: PipelineRole): RoleParts {
  return { takesWebhooks: role !== 'worker', runsJobs: role !== 'web' };
}
