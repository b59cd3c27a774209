import type { Category } from '../../triage/categories.js';
import type { Analysis, AnalysisInput, DraftInput, DraftResult, ModelResult } from '../provider.js';

/** What the offline model's thread trains on (its `workerData`). */
export interface OfflineThreadData {
  paths: string[];
  categories?: Category[];
  sensitive?: Category[];
}

export type OfflineThreadRequest = { id: number; method: 'analyze'; input: AnalysisInput } | { id: number; method: 'draft'; input: DraftInput };

export type OfflineThreadReply = { id: number; ok: true; value: ModelResult<Analysis> | DraftResult } | { id: number; ok: false; message: string };
