import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../triage/categories.js';
import { DEV_DIR, EXTRA_TRAINING_DIR, HELDOUT_DIR, loadDevTickets, loadHeldoutTickets, loadTickets, loadTrainingTickets, TicketFormatError, type Ticket } from './ticket.js';

const TICKETS_DIR = fileURLToPath(new URL('../../../tickets', import.meta.url));
const BAD_DIR = fileURLToPath(new URL('../../test/fixtures/tickets-bad', import.meta.url));

/** Target share (in percent) of each category in tickets/; see tickets/README.md. */
const CATEGORY_TARGET_PERCENT: Record<Category, number> = {
  'product-question': 55,
  'bug-report': 20,
  'refund-request': 10,
  other: 15,
};

function countBy(tickets: Ticket[], key: (t: Ticket) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tickets) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return counts;
}

async function loadError(path: string): Promise<TicketFormatError> {
  const error: unknown = await loadTickets(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TicketFormatError);
  return error as TicketFormatError;
}

describe('tickets/ sample set', () => {
  it('loads every file, with unique ids equal to the file name', async () => {
    const tickets = await loadTickets(TICKETS_DIR);
    const files = (await readdir(TICKETS_DIR)).filter((n) => n.endsWith('.json')).sort();

    expect(files).toHaveLength(100);
    expect(tickets.map((t) => `${t.id}.json`)).toEqual(files);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(tickets.length);
    expect(files[0]).toBe('t001.json');
    expect(files[99]).toBe('t100.json');
  });

  it('holds the documented mix of categories, languages and hard cases', async () => {
    const tickets = await loadTickets(TICKETS_DIR);
    expect(tickets).toHaveLength(100);

    const byCategory = countBy(tickets, (t) => t.category);
    for (const category of CATEGORIES) {
      const percent = ((byCategory.get(category) ?? 0) / tickets.length) * 100;
      expect(Math.abs(percent - CATEGORY_TARGET_PERCENT[category]!), category).toBeLessThanOrEqual(5);
    }

    const byLang = countBy(tickets, (t) => t.lang);
    expect(byLang.get('de') ?? 0).toBeGreaterThanOrEqual(45);
    expect(byLang.get('nl') ?? 0).toBeGreaterThanOrEqual(15);
    expect(byLang.get('fr') ?? 0).toBeGreaterThanOrEqual(12);
    expect(byLang.get('en') ?? 0).toBeGreaterThanOrEqual(5);
    const otherLanguages = [...byLang.keys()].filter((l) => !['de', 'nl', 'fr', 'en', 'unknown'].includes(l));
    expect(otherLanguages.length).toBeGreaterThanOrEqual(4);

    expect(tickets.filter((t) => t.notes !== undefined).length).toBeGreaterThanOrEqual(20);
  });

  it('labels exact duplicate bodies identically', async () => {
    const tickets = await loadTickets(TICKETS_DIR);
    const byBody = new Map<string, Ticket[]>();
    for (const t of tickets) if (t.body !== '') byBody.set(t.body, [...(byBody.get(t.body) ?? []), t]);
    const groups = [...byBody.values()].filter((g) => g.length > 1);

    expect(groups.map((g) => g.map((t) => t.id))).toEqual([['t043', 't044', 't070']]);
    for (const group of groups) {
      const labels = new Set(group.map((t) => `${t.lang}/${t.category}/${t.priority}`));
      expect(labels.size).toBe(1);
    }
  });

  it('marks the empty ticket as unknown language', async () => {
    const tickets = await loadTickets(TICKETS_DIR);
    const empty = tickets.filter((t) => t.body.trim() === '');
    expect(empty.map((t) => [t.id, t.lang, t.category])).toEqual([['t018', 'unknown', 'other']]);
  });
});

describe('loadTickets format errors', () => {
  it('names the file and the field when a category is not allowed', async () => {
    const file = `${BAD_DIR}/bad-category/t001.json`;
    const error = await loadError(`${BAD_DIR}/bad-category`);
    expect(error.source).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('field "category"');
    expect(error.problems).toHaveLength(1);
  });

  it('names the file when the JSON is broken', async () => {
    const file = `${BAD_DIR}/broken-json/t001.json`;
    const error = await loadError(`${BAD_DIR}/broken-json`);
    expect(error.source).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('not valid JSON');
  });

  it('names the unknown key when a file has an extra field', async () => {
    const file = `${BAD_DIR}/unknown-field/t001.json`;
    const error = await loadError(`${BAD_DIR}/unknown-field`);
    expect(error.message).toContain(file);
    expect(error.message).toContain('"urgency"');
  });

  it('names the JSONL file, the line number (blank lines counted) and the missing field', async () => {
    const file = `${BAD_DIR}/bad-line.jsonl`;
    const error = await loadError(file);
    expect(error.source).toBe(`${file}:3`);
    expect(error.message).toContain(`${file}:3`);
    expect(error.message).toContain('field "priority"');
    expect(error.problems).toHaveLength(1);
  });
});

describe('training and held-out tickets', () => {
  function write(dir: string, id: string, category: Ticket['category']): void {
    const ticket: Ticket = { id, channel: 'email', subject: 's', body: 'b', from_email: `${id}@example.com`, lang: 'en', category, priority: 'low' };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(ticket));
  }

  it('trains on the folder and its extra/ sub-folder, never on heldout/ or dev/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickets-'));
    mkdirSync(join(dir, EXTRA_TRAINING_DIR));
    mkdirSync(join(dir, HELDOUT_DIR));
    mkdirSync(join(dir, DEV_DIR));
    write(dir, 'a1', 'bug-report');
    write(join(dir, EXTRA_TRAINING_DIR), 'x1', 'other');
    write(join(dir, HELDOUT_DIR), 'h1', 'refund-request');
    write(join(dir, DEV_DIR), 'd1', 'product-question');
    expect((await loadTickets(dir)).map((t) => t.id)).toEqual(['a1']);
    expect((await loadTrainingTickets(dir)).map((t) => t.id)).toEqual(['a1', 'x1']);
    expect((await loadHeldoutTickets(dir)).map((t) => t.id)).toEqual(['h1']);
    expect((await loadDevTickets(dir)).map((t) => t.id)).toEqual(['d1']);
    expect(await loadHeldoutTickets(join(dir, EXTRA_TRAINING_DIR))).toEqual([]);
    expect(await loadDevTickets(join(dir, EXTRA_TRAINING_DIR))).toEqual([]);
  });

  it('keeps the development split of tickets/ apart from every training and held-out ticket', async () => {
    const training = await loadTrainingTickets(TICKETS_DIR);
    const dev = await loadDevTickets(TICKETS_DIR);
    const others = [...training, ...(await loadHeldoutTickets(TICKETS_DIR))];
    const ids = new Set(others.map((t) => t.id));
    const bodies = new Set(others.map((t) => t.body.trim()));
    expect(dev.length).toBeGreaterThanOrEqual(50);
    // An empty body (the subject says it all) is not a copy of another empty one.
    expect(dev.filter((t) => ids.has(t.id) || (t.body.trim() !== '' && bodies.has(t.body.trim()))).map((t) => t.id)).toEqual([]);
  });

  it('keeps the held-out split of tickets/ apart from every training and dev ticket', async () => {
    const others = [...(await loadTrainingTickets(TICKETS_DIR)), ...(await loadDevTickets(TICKETS_DIR))];
    const ids = new Set(others.map((t) => t.id));
    const bodies = new Set(others.map((t) => t.body.trim()));
    const heldout = await loadHeldoutTickets(TICKETS_DIR);
    expect(heldout.filter((t) => ids.has(t.id)).map((t) => t.id)).toEqual([]);
    expect(heldout.filter((t) => t.body.trim() !== '' && bodies.has(t.body.trim())).map((t) => t.id)).toEqual([]);
  });

  it('trains on the older tuning sets (d001–d120, h001–h560), keeps h801–h960 as the development split and h601–h760, k001–k160, m001–m160 held out', async () => {
    const dev = (await loadDevTickets(TICKETS_DIR)).map((t) => t.id);
    const training = (await loadTrainingTickets(TICKETS_DIR)).map((t) => t.id);
    const heldout = (await loadHeldoutTickets(TICKETS_DIR)).map((t) => t.id);
    expect(dev).toHaveLength(120);
    expect(dev.every((id) => /^h[89]/.test(id))).toBe(true);
    expect(training.filter((id) => /^h[0-5]/.test(id))).toHaveLength(354);
    expect(training.filter((id) => id.startsWith('d'))).toHaveLength(120);
    expect(heldout).toHaveLength(360);
    expect(heldout.filter((id) => /^h[67]/.test(id))).toHaveLength(120);
    expect(heldout.filter((id) => /^k[01]/.test(id))).toHaveLength(120);
    expect(heldout.filter((id) => /^m[01]/.test(id))).toHaveLength(120);
    // Held-out ids never reach training.
    expect(training.filter((id) => /^[hkm]/.test(id) && heldout.includes(id))).toEqual([]);
  });
});
