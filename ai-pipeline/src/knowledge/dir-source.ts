import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normaliseLocale } from './language.js';
import type { KnowledgeArticle } from './types.js';

/** Front matter of a KNOWLEDGE_DIR article. Unknown keys are allowed (teams keep their own metadata). */
export const frontMatterSchema = z.looseObject({
  title: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  url: z.url({ protocol: /^https?$/, error: (iss) => (iss.input === undefined ? 'is required' : 'must be an http(s) URL') }),
  locale: z.string({ error: 'is required' }).regex(/^[a-z]{2,3}([-_][A-Za-z]{2,4})?$/, 'must be a language code such as en, de or pt_BR'),
  category: z.string().trim().min(1).optional(),
  /** Translations of one article share a group, so retrieval can prefer the customer's language. */
  group: z.string().trim().min(1).optional(),
  /** `draft` files are skipped (default `published`). */
  status: z.enum(['published', 'draft']).optional(),
});

export class KnowledgeFileError extends Error {}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one Markdown file with YAML front matter; throws KnowledgeFileError naming the file and field. Pure. */
export function parseArticleFile(relPath: string, text: string, mtimeSeconds: number): KnowledgeArticle | null {
  const m = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new KnowledgeFileError(`${relPath}: no front matter (the file must start with a --- block with title, url, locale)`);
  let data: unknown;
  try {
    data = parseYaml(m[1]!);
  } catch (e) {
    throw new KnowledgeFileError(`${relPath}: front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = frontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KnowledgeFileError(`${relPath}: front matter field "${issue.path.join('.') || '(root)'}" ${issue.message}`);
  }
  const fm = parsed.data;
  if (fm.status === 'draft') return null;
  const slug = basename(relPath).replace(/\.md$/i, '');
  return {
    key: `dir:${relPath.split(sep).join('/')}`,
    source: 'dir',
    groupKey: `dir-group:${fm.group ?? slug}`,
    slug,
    title: fm.title,
    url: fm.url,
    locale: normaliseLocale(fm.locale),
    category: fm.category ?? null,
    content: m[2]!.trim(),
    updatedAt: Math.floor(mtimeSeconds),
  };
}

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(full)));
    else if (entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/**
 * Every published article of a folder of Markdown files (recursively; README.md files are skipped).
 * A bad file is reported through `onError` and skipped, so one typo does not empty the index.
 */
export async function loadKnowledgeDir(dir: string, onError: (e: KnowledgeFileError) => void = () => {}): Promise<KnowledgeArticle[]> {
  const articles: KnowledgeArticle[] = [];
  for (const file of await markdownFiles(dir)) {
    const rel = relative(dir, file);
    try {
      const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      const article = parseArticleFile(rel, text, info.mtimeMs / 1000);
      if (article) articles.push(article);
    } catch (e) {
      if (e instanceof KnowledgeFileError) onError(e);
      else throw e;
    }
  }
  return articles;
}
