/** One help-center article as a source delivers it, before it is split into passages. */
export interface KnowledgeArticle {
  /** Stable index key: `cw:<article id>` for Chatwoot, `dir:<relative path>` for KNOWLEDGE_DIR. */
  key: string;
  source: 'chatwoot' | 'dir';
  /** Translations of one article share a group (Chatwoot: the root article id; files: front matter `group` or the slug). */
  groupKey: string;
  slug: string;
  title: string;
  /** The public http(s) URL an agent may send to the customer. */
  url: string;
  /** ISO 639-1 code, lower case (e.g. `de`; `pt_BR` becomes `pt`). */
  locale: string;
  category: string | null;
  /** Markdown. */
  content: string;
  /** Unix seconds of the source's last change (files: modification time). */
  updatedAt: number;
}

/** A slice of an article under one heading: what is indexed and what a draft may cite. */
export interface Passage {
  position: number;
  heading: string;
  /** Plain text (Markdown markup removed). */
  body: string;
}

/** A passage found for a ticket, with everything the draft and the note need. */
export interface RetrievedPassage {
  /** Short id used in the prompt and in the model's answer (`A1`, `A2`…), unique within one retrieval. */
  id: string;
  articleKey: string;
  title: string;
  heading: string;
  url: string;
  locale: string;
  body: string;
  /** 0..1, higher is more relevant. */
  score: number;
}

/** An article above the relevance threshold (best passage score), in the order an agent should read them. */
export interface RetrievedArticle {
  articleKey: string;
  slug: string;
  title: string;
  url: string;
  locale: string;
  score: number;
}

/** What retrieval returns for one ticket or follow-up message; checkpointed in the job row as plain JSON. */
export interface Retrieval {
  /** The passages handed to the draft (within the token budget), best first. */
  passages: RetrievedPassage[];
  /** Every article above the threshold, best first (deduplicated across translations, the customer's locale preferred). */
  articles: RetrievedArticle[];
  /** False when nothing reached the threshold: the question is not documented. */
  matched: boolean;
  /** Set when the index could not be searched (e.g. the database was down): "not matched" is then unknown, not "undocumented". */
  unavailable?: string;
}

export const EMPTY_RETRIEVAL: Retrieval = { passages: [], articles: [], matched: false };
