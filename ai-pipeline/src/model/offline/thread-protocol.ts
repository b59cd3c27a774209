import type { Category } from '../../triage/categories.js';
import type { Analysis, AnalysisInput, DraftInput, DraftResult, ModelResult } from '../provider.js';

/** What the offline model's thread trains on (its `workerData`). */
export interface OfflineThreadData {
  paths: string[];
  /** Train as soon as the tickets are read (the primary model); false: at the first analysis (Claude's fallback, whose drafts need no training). */
  trainNow: boolean;
  categories?: Category[];
  sensitive?: Category[];
}

export type OfflineThreadRequest = { id: number; method: 'analyze'; input: AnalysisInput } | { id: number; method: 'draft'; input: DraftInput };

export type OfflineThreadReply = { id: number; ok: true; value: ModelResult<Analysis> | DraftResult } | { id: number; ok: false; message: string };
