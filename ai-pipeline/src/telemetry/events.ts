/**
 * Every product event the pipeline sends to PostHog, with every property it may carry. Only categories,
 * numbers, enums, model names and ids of teams/agents appear here: no text, address or name can be
 * passed, because no property is a free string that comes from a conversation.
 */
export interface TicketTriaged {
  category: string;
  priority: string | null;
  confidence: number | null;
  language: string | null;
  provider: string | null;
  model: string | null;
  model_calls: number;
  /** Uncached input; the prompt cache's reads and writes are counted apart (priced at 0.1× / 1.25× input). */
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  seconds_webhook_to_notes: number | null;
  assignment: 'assigned' | 'suggested' | 'none';
  rule: string | null;
  enrichment: string;
  articles_matched?: number;
}

export interface DraftOutcomeEvent {
  category: string | null;
  language: string | null;
  similarity: number;
  outcome: 'used' | 'rewritten';
  seconds_draft_to_reply: number;
}

export interface TriageCorrected {
  category: string | null;
  language: string | null;
  field: string;
  from: string;
  to: string;
  days_after_triage: number;
}

export interface TriageFailed {
  job_kind: string;
  attempts: number;
  error_class: string;
}

export interface EventMap {
  ticket_triaged: TicketTriaged;
  draft_outcome: DraftOutcomeEvent;
  triage_corrected: TriageCorrected;
  triage_failed: TriageFailed;
}
