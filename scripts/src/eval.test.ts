import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const EVAL = resolve(import.meta.dirname, 'eval.ts');

function runEval(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): { code: number | null; stdout: string; stderr: string } {
  const out = spawnSync('npx', ['tsx', EVAL, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: undefined, AUTO_ASSIGN_THRESHOLD: undefined, ...env },
    timeout: timeoutMs,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

function line(o: Record<string, unknown>): string {
  return JSON.stringify({ channel: 'email', from_email: `${String(o.id)}@example.com`, ...o });
}

const dir = mkdtempSync(join(tmpdir(), 'eval-test-'));
const good = join(dir, 'tiny.jsonl');
writeFileSync(
  good,
  [
    line({ id: 'x1', subject: 'Rückerstattung', body: 'Hallo, ihr habt zweimal abgebucht, ich möchte eine Rückerstattung.', lang: 'de', category: 'refund-request', priority: 'high' }),
    line({ id: 'x2', subject: 'Crash', body: 'Since the last update the app crashes whenever I open a deck. Please fix.', lang: 'en', category: 'bug-report', priority: 'medium' }),
    line({ id: 'x3', subject: 'Vraag', body: 'Hoe kan ik mijn kaarten delen met een vriendin? Is dat mogelijk?', lang: 'nl', category: 'product-question', priority: 'low' }),
    '',
  ].join('\n'),
);
const bad = join(dir, 'bad.jsonl');
writeFileSync(bad, `${line({ id: 'y1', subject: 's', body: 'b', lang: 'de', category: 'bug-report', priority: 'low' })}\n${line({ id: 'y2', subject: 's', body: 'b', lang: 'de', category: 'complaint', priority: 'low' })}\n`);

describe('npm run eval', () => {
  it('prints one JSON report for a JSONL file (offline, trained on tickets/)', () => {
    const r = runEval(['--json', '--threshold', '0.5', good]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      provider: string;
      model: string;
      method: string;
      metrics: { tickets: number; accuracy: number; languageAccuracy: number; threshold: number; confusion: { labels: string[] } };
    };
    expect(report.provider).toBe('offline');
    expect(report.model).toBe('offline-nb-4');
    expect(report.method).toBe('trained on all of tickets/, scored on PATH');
    expect(report.metrics.tickets).toBe(3);
    expect(report.metrics.accuracy).toBe(1);
    expect(report.metrics.languageAccuracy).toBe(1);
    expect(report.metrics.threshold).toBe(0.5);
    expect(report.metrics.confusion.labels).toEqual(['bug-report', 'refund-request', 'product-question', 'other']);
  });

  it('takes the threshold from AUTO_ASSIGN_THRESHOLD and prints a readable report', () => {
    const r = runEval([good], { AUTO_ASSIGN_THRESHOLD: '0.42' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Category accuracy      100.0 %');
    expect(r.stdout).toContain('Confidence ≥ 0.42');
    expect(r.stdout).toContain('Confusion matrix (rows: true, columns: predicted)');
  });

  it('names the file, line and field of a malformed ticket and exits 2', () => {
    const r = runEval(['--json', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: field "category": `));
  });

  it('rejects a missing path with exit 2', () => {
    const r = runEval([join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${join(dir, 'nope')}: no such file or folder`);
  });

  it('refuses --provider anthropic without ANTHROPIC_API_KEY', () => {
    const r = runEval(['--provider', 'anthropic', good]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --provider anthropic needs ANTHROPIC_API_KEY in the environment');
  });
});

describe('npm run eval --provider anthropic (fake Messages API on 127.0.0.1)', () => {
  it('runs the tickets through Claude and reports tokens and estimated cost', async () => {
    const requests: Array<{ model: string; auth: string | undefined }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { model: string };
        requests.push({ model: parsed.model, auth: req.headers.authorization ?? (req.headers['x-api-key'] as string | undefined) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `msg_${requests.length}`,
            type: 'message',
            role: 'assistant',
            model: parsed.model,
            stop_reason: 'tool_use',
            stop_sequence: null,
            content: [
              {
                type: 'tool_use',
                id: `tu_${requests.length}`,
                name: 'record_triage',
                input: { translation: 'text', category: 'bug-report', priority: 'medium', confidence: 0.9, summary: 'A bug.' },
              },
            ],
            usage: { input_tokens: 1000, output_tokens: 200 },
          }),
        );
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const child = spawn('npx', ['tsx', EVAL, '--provider', 'anthropic', '--model', 'claude-sonnet-4-5', '--concurrency', '2', '--json', good], {
        cwd: ROOT,
        env: { ...process.env, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`, AUTO_ASSIGN_THRESHOLD: undefined },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((ok) => child.on('close', ok));
      // The SDK may print a model deprecation notice on stderr; nothing of ours goes there.
      expect(stderr).not.toContain('error');
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as {
        model: string;
        metrics: { accuracy: number; autoAssignShare: number };
        usage: { calls: number; inputTokens: number; outputTokens: number; inputTokensPerTicket: number; estimatedCostUsd: number; estimatedCostPerTicketUsd: number };
      };
      expect(requests).toHaveLength(3);
      expect(requests.every((r) => r.model === 'claude-sonnet-4-5' && (r.auth ?? '').includes('test-key'))).toBe(true);
      expect(report.model).toBe('claude-sonnet-4-5');
      expect(report.metrics.accuracy).toBeCloseTo(1 / 3, 12);
      expect(report.metrics.autoAssignShare).toBe(1);
      expect(report.usage.calls).toBe(3);
      expect(report.usage.inputTokens).toBe(3000);
      expect(report.usage.outputTokens).toBe(600);
      expect(report.usage.inputTokensPerTicket).toBe(1000);
      // 3000 × $3/M + 600 × $15/M
      expect(report.usage.estimatedCostUsd).toBeCloseTo(0.018, 12);
      expect(report.usage.estimatedCostPerTicketUsd).toBeCloseTo(0.006, 12);
    } finally {
      server.close();
    }
  });
});

describe('npm run eval on a tickets folder (offline)', () => {
  it('reports cross-validation and, beside it, the development split of tickets/dev/', () => {
    const r = runEval(['--json', '--no-heldout'], {}, 170_000);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      method: string;
      metrics: { tickets: number };
      dev?: { path: string; method: string; metrics: { tickets: number; languageAccuracy: number } };
      heldout?: unknown;
      emptySplits?: unknown;
    };
    expect(report.method).toMatch(/^5-fold cross-validation on tickets\/ .*also trains on the \d+ training-only tickets \(e\.g\. tickets\/extra\/\)/);
    expect(report.metrics.tickets).toBe(100);
    expect(report.dev?.path).toBe(join(ROOT, 'tickets', 'dev'));
    expect(report.dev?.method).toMatch(/^trained on all \d+ training tickets, none of these$/);
    expect(report.dev?.metrics.tickets).toBe(120);
    expect(report.heldout).toBeUndefined();
    expect(report.emptySplits).toBeUndefined();
  }, 180_000);

  // A small tickets folder of its own (TICKETS_DIR = PATH, so it is cross-validated): 3 per category, a dev split.
  const own = mkdtempSync(join(tmpdir(), 'eval-splits-'));
  const texts: Array<[string, string, string]> = [
    ['bug-report', 'en', 'The app crashes every time I open my deck since the update.'],
    ['bug-report', 'de', 'Die App stürzt beim Öffnen des Stapels jedes Mal ab.'],
    ['bug-report', 'fr', "L'application plante quand j'ouvre mes fiches."],
    ['refund-request', 'en', 'You charged me twice this month, please refund the second payment.'],
    ['refund-request', 'de', 'Ich möchte mein Geld zurück, das Abo wurde doppelt abgebucht.'],
    ['refund-request', 'fr', 'Je veux être remboursé, vous avez débité deux fois.'],
    ['product-question', 'en', 'How do I share a deck with a classmate?'],
    ['product-question', 'de', 'Wie kann ich einen Stapel mit Freunden teilen?'],
    ['product-question', 'fr', 'Comment partager mes fiches avec une amie ?'],
  ];
  texts.forEach(([category, lang, body], i) =>
    writeFileSync(join(own, `o${i}.json`), line({ id: `o${i}`, subject: '', body, lang, category, priority: 'medium' })),
  );
  mkdirSync(join(own, 'dev'));
  writeFileSync(join(own, 'dev', 'v1.json'), line({ id: 'v1', subject: 'Crash', body: 'The app crashes when I open a deck.', lang: 'en', category: 'bug-report', priority: 'medium' }));
  mkdirSync(join(own, 'heldout'));
  writeFileSync(join(own, 'heldout', 'README.md'), 'No tickets yet.\n');

  it('says the held-out split is empty (only a README) and still succeeds', () => {
    const r = runEval(['--folds', '3', own], { TICKETS_DIR: own });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Dev split: ${join(own, 'dev')} (trained on all 9 training tickets, none of these)`);
    expect(r.stdout.split('\n')).toContain(`Held-out split: ${join(own, 'heldout')} has no tickets, nothing scored`);
    const json = runEval(['--json', '--folds', '3', own], { TICKETS_DIR: own });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { heldout?: unknown; dev?: { metrics: { tickets: number } }; emptySplits?: unknown };
    expect(report.heldout).toBeUndefined();
    expect(report.dev?.metrics.tickets).toBe(1);
    expect(report.emptySplits).toEqual([{ name: 'held-out', path: join(own, 'heldout') }]);
  });

  it('a team\'s own categories: cross-validated on its own .jsonl (no dev/ or held-out/ lines for a file), and told when only one category has training tickets', () => {
    const shop = mkdtempSync(join(tmpdir(), 'eval-shop-'));
    const config = join(shop, 'triage.yaml');
    writeFileSync(config, 'categories:\n  - { name: shipping, description: parcel late or lost }\n  - { name: warranty-claim, description: defective machine }\n  - { name: other, description: anything else }\n');
    const own = join(shop, 'own.jsonl');
    const t = (id: string, category: string, body: string) => line({ id, subject: 'Order', body, lang: 'en', category, priority: 'medium' });
    writeFileSync(
      own,
      [
        t('s1', 'shipping', 'Where is my parcel? The tracking has not changed for a week.'),
        t('s2', 'shipping', 'My parcel was marked delivered but never arrived.'),
        t('s3', 'shipping', 'The delivery is late, the parcel is still in transit.'),
        t('w1', 'warranty-claim', 'The pump of my espresso machine is broken, please repair it under warranty.'),
        t('w2', 'warranty-claim', 'My grinder motor is defective after six months, warranty replacement please.'),
        t('w3', 'warranty-claim', 'The machine no longer heats up, it is still under warranty.'),
      ].join('\n'),
    );
    const r = runEval(['--folds', '3', '--config', config, own], { TICKETS_DIR: own });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Method: 3-fold cross-validation on ${own}`);
    expect(r.stdout).not.toMatch(/Dev split|Held-out split/);
    expect(r.stdout).toContain('No training tickets for: other');
    expect(r.stdout).toContain('Few training tickets for: shipping (3), warranty-claim (3) (add more to TICKETS_DIR');
    // A typo in the team's own labels is named, not silently left out of training.
    const typo = join(shop, 'typo.jsonl');
    writeFileSync(typo, readFileSync(own, 'utf8').replaceAll('"category":"warranty-claim"', '"category":"warranty"'));
    expect(runEval(['--config', config, own], { TICKETS_DIR: typo }).stdout).toContain('Training tickets not used (their category is not configured): warranty (3; did you mean "warranty-claim"?)');
    const sample = runEval([`--config`, config, own]);
    expect(sample.stdout).toContain('No training tickets for: shipping, warranty-claim');
    expect(sample.stdout).toContain('Fewer than two categories have training tickets: the offline model cannot tell them apart, so every answer gets a confidence of at most 0.3');
    expect(sample.stdout).toContain('Confidence ≥ 0.8      0.0 % of tickets (0) would be auto-assigned');
  });

  it('scores the held-out split once it has tickets; --no-heldout skips it', () => {
    const heldout = mkdtempSync(join(tmpdir(), 'eval-heldout-'));
    for (const f of ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8']) writeFileSync(join(heldout, `${f}.json`), readFileSync(join(own, `${f}.json`)));
    mkdirSync(join(heldout, 'heldout'));
    writeFileSync(join(heldout, 'heldout', 'w1.json'), line({ id: 'w1', subject: '', body: 'Please refund me, I was charged twice.', lang: 'en', category: 'refund-request', priority: 'high' }));
    const r = runEval(['--json', '--folds', '3', heldout], { TICKETS_DIR: heldout });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { heldout?: { path: string; metrics: { tickets: number } }; dev?: unknown; emptySplits?: unknown };
    expect(report.heldout?.path).toBe(join(heldout, 'heldout'));
    expect(report.heldout?.metrics.tickets).toBe(1);
    expect(report.dev).toBeUndefined();
    expect(report.emptySplits).toEqual([{ name: 'dev', path: join(heldout, 'dev') }]);
    const skipped = JSON.parse(runEval(['--json', '--no-heldout', '--folds', '3', heldout], { TICKETS_DIR: heldout }).stdout) as { heldout?: unknown };
    expect(skipped.heldout).toBeUndefined();
  });
});
