import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemoTickets, parseDemoArgs, UsageError } from './args.js';

const ticket = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, channel: 'email', subject: 'Hallo', body: 'Wie exportiere ich?', from_email: 'a@example.com', lang: 'de', category: 'product-question', priority: 'low', ...extra });

describe('demo arguments', () => {
  it('defaults to fold 1; --tickets takes a path', () => {
    expect(parseDemoArgs([])).toMatchObject({ fold: 1, heldout: false, timeoutSeconds: 110 });
    expect(parseDemoArgs(['--tickets', 'mine/', '--limit', '5'])).toMatchObject({ tickets: 'mine/', limit: 5 });
    expect(parseDemoArgs(['-h'])).toBe('help');
  });

  it('--tickets with --heldout or --fold, or without a path, is a usage error', () => {
    expect(() => parseDemoArgs(['--tickets', 'x', '--heldout'])).toThrow(new UsageError('--tickets plays its own tickets: leave out --heldout'));
    expect(() => parseDemoArgs(['--fold', '2', '--tickets', 'x'])).toThrow('leave out --fold');
    expect(() => parseDemoArgs(['--tickets'])).toThrow('--tickets needs a path');
    expect(() => parseDemoArgs(['--tickets', '--heldout'])).toThrow('--tickets needs a path');
    expect(() => parseDemoArgs(['--nope'])).toThrow(UsageError);
  });

  it('a known option with a wrong or missing value says which option and what it takes', () => {
    expect(() => parseDemoArgs(['--limit', 'abc'])).toThrow(new UsageError('--limit needs a whole number of tickets, got "abc"'));
    expect(() => parseDemoArgs(['--fold', '9'])).toThrow(new UsageError('--fold needs a fold number from 1 to 5, got "9"'));
    expect(() => parseDemoArgs(['--timeout', '-1'])).toThrow(new UsageError('--timeout needs a whole number of seconds, got "-1"'));
    expect(() => parseDemoArgs(['--config'])).toThrow(new UsageError('--config needs the path of a triage configuration (YAML), got nothing'));
    expect(parseDemoArgs(['--limit', '3', '--timeout', '30', '--fold', '2', '--config', 'x.yaml'])).toMatchObject({ limit: 3, timeoutSeconds: 30, fold: 2, config: 'x.yaml' });
  });
});

describe('demo --tickets loading', () => {
  it('reads a folder or a .jsonl relative to the given directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-args-'));
    await mkdir(join(dir, 'mine'));
    await writeFile(join(dir, 'mine', 'p001.json'), ticket('p001'));
    await writeFile(join(dir, 'mine.jsonl'), `${ticket('p001')}\n\n${ticket('p002')}\n`);
    expect((await loadDemoTickets('mine', dir)).map((t) => t.id)).toEqual(['p001']);
    expect((await loadDemoTickets('mine.jsonl', dir)).map((t) => t.id)).toEqual(['p001', 'p002']);
  });

  it('a missing path, an empty folder, a malformed ticket or a repeated id is one line saying what to fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-args-'));
    await expect(loadDemoTickets('nowhere', dir)).rejects.toThrow(/^--tickets nowhere: no such file or folder/);
    await mkdir(join(dir, 'empty'));
    await expect(loadDemoTickets('empty', dir)).rejects.toThrow('no tickets in it');
    await writeFile(join(dir, 'notes.txt'), 'x');
    await expect(loadDemoTickets('notes.txt', dir)).rejects.toThrow('give a folder of ticket *.json files or one .jsonl file');
    await writeFile(join(dir, 'bad.jsonl'), `${ticket('p001')}\n${ticket('p002', { priority: 'asap' })}\n`);
    const bad = await loadDemoTickets('bad.jsonl', dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(UsageError);
    expect((bad as UsageError).message).toMatch(/bad\.jsonl:2: field "priority"/);
    expect((bad as UsageError).message).not.toContain('\n');
    await writeFile(join(dir, 'twice.jsonl'), `${ticket('p001')}\n${ticket('p001')}\n`);
    await expect(loadDemoTickets('twice.jsonl', dir)).rejects.toThrow('ticket id "p001" appears twice');
  });
});
