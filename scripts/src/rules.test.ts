import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { main } from './rules.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'chatwoot-config/triage.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'rules-cli-'));

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  for (const k of ['TRIAGE_CONFIG', 'ROUTING_CONFIG', 'AUTO_ASSIGN_THRESHOLD', 'CHATWOOT_BASE_URL', 'CHATWOOT_API_TOKEN', 'CHATWOOT_ACCOUNT_ID', 'TICKETS_DIR']) delete process.env[k];
  Object.assign(process.env, env);
  try {
    const code = await main([...args, '--env-file', join(dir, 'empty.env')], (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env = saved;
  }
}
writeFileSync(join(dir, 'empty.env'), '');

describe('npm run rules -- check', () => {
  it('accepts the README example', async () => {
    const r = await run(['check', EXAMPLE]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${EXAMPLE}: valid — 6 categories (bug-report, refund-request, account-access, feature-request, product-question, other), 8 rules, auto-assign threshold 0.80`,
    );
  });

  it('lists every problem with file, line and path, and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `categories: [{ name: a, description: x }, { name: b, description: y }]
rules:
  - name: typo
    when: { all: [ { langauge: [de] } ] }
    then: { team_id: 1 }
  - name: all
    then: { team_id: 1, labels: [vip] }
  - name: never
    when: { category: a }
    then: {}
`,
    );
    const r = await run(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `${bad}:4: rules[0].when.all[0]: unknown condition "langauge" (did you mean "language"?)`,
      `${bad}:7: rules[1].then.labels[0]: label "vip" is not declared in labels; declared: (none)`,
      `${bad}:8: rules[2]: rule "never" can never fire: rule "all" (rules[1]) before it always holds`,
      `${bad}: 3 problem(s)`,
    ]);
  });

  it('a business_hours key left out is a problem with its line, not a crash', async () => {
    const bad = join(dir, 'no-to.yaml');
    writeFileSync(bad, 'sla:\n  business_hours:\n    tz: Europe/Zurich\n    days: mon-fri\n    from: "09:00"\n');
    const r = await run(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([`${bad}:2: sla.business_hours.to: is required (string)`, `${bad}: 1 problem(s)`]);
  });

  it('takes TRIAGE_CONFIG when no PATH is given; without either it is a usage error', async () => {
    expect((await run(['check'], { TRIAGE_CONFIG: EXAMPLE })).code).toBe(0);
    const r = await run(['check']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('rules: check needs a PATH (or TRIAGE_CONFIG)');
  });

  describe('--chatwoot', () => {
    let chatwoot: FakeChatwoot;
    beforeAll(async () => {
      chatwoot = await startFakeChatwoot();
    });
    afterAll(async () => chatwoot?.close());
    const env = () => ({ CHATWOOT_BASE_URL: chatwoot.url, CHATWOOT_API_TOKEN: chatwoot.apiToken, CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId) });

    it('names the team ids the account does not have', async () => {
      const team = chatwoot.addTeam({ name: 'support' });
      const yaml = join(dir, 'ids.yaml');
      writeFileSync(yaml, `categories: [{ name: a, description: x }, { name: b, description: y }]\nrules:\n  - { name: r, when: { category: a }, then: { team_id: ${team.id} } }\n  - { name: s, when: { category: b }, then: { team_id: 999 } }\n`);
      const r = await run(['check', yaml, '--chatwoot'], env());
      expect(r.code).toBe(1);
      expect(r.err.split('\n')[0]).toBe(`${yaml}:4: rules[1].then.team_id: team 999 does not exist in Chatwoot (teams: ${team.id})`);
    });

    it('needs the CHATWOOT_* variables', async () => {
      const r = await run(['check', EXAMPLE, '--chatwoot']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^rules: --base-url \/ CHATWOOT_BASE_URL must be an http\(s\) URL/);
    });
  });
});

describe('npm run rules -- explain', () => {
  it('prints every rule with each condition’s value and whether it held, and the decision', async () => {
    const ticket = JSON.stringify({
      subject: 'Geld zurück',
      body: 'Ich möchte mein Geld zurück, sonst mache ich einen Chargeback bei meiner Bank.',
      category: 'refund-request',
      priority: 'medium',
      confidence: 0.9,
      plan: 'pro',
      now: '2026-11-25T10:00:00Z',
    });
    const r = await run(['explain', ticket, '--config', EXAMPLE, '--truth']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Ticket (inline) (its own category and priority, --truth)');
    expect(lines).toContain('✓ rules[0] “German refunds to the DACH billing team”  ← decides');
    expect(lines).toContain('      category in [refund-request]                       value refund-request → ✓');
    expect(lines).toContain('      language in [de]                                   value de → ✓');
    expect(lines).toContain('      confidence ≥ 0.7                                   value 0.9 → ✓');
    // Later rules are shown too: the chargeback rule would also have held.
    expect(lines).toContain('✓ rules[1] “Chargebacks and GDPR to legal”  (held, but an earlier rule decided)');
    expect(lines).toContain('      text matches /(?i)chargeback|dsgvo|gdpr/           value 78 characters → ✓');
    expect(lines).toContain('✓ rules[2] “VIP customers”  (held, but an earlier rule decided)');
    expect(lines).toContain('✗ rules[4] “default by category”');
    expect(lines.slice(-5)).toEqual([
      'Decision:',
      '  rule: rules[0] “German refunds to the DACH billing team”',
      '  assignment: assign team 4 — confidence 0.90 ≥ threshold 0.80',
      '  labels added: refund-request, high-confidence, ai-processed, dach',
      '  priority: high',
    ]);
  });

  it('reads a ticket file and analyses it with the offline model', async () => {
    const r = await run(['explain', join(ROOT, 'tickets/t001.json')]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Ticket ${join(ROOT, 'tickets/t001.json')} (analysed by the offline model offline-nb-4)`);
    expect(r.out).toContain('Configuration: built-in defaults (4 categories, 0 rules, auto-assign threshold 0.80)');
    expect(r.out).toContain('No rules.');
    expect(r.out).toContain('  rule: none matched');
  });

  it('says what is wrong with the input', async () => {
    expect((await run(['explain'])).err).toBe('rules: explain needs a TICKET_JSON (a file or inline JSON) or --conversation N');
    expect((await run(['explain', '{"body": 3}'])).err).toMatch(/^rules: \{"body": 3\}: field "body": /);
    expect((await run(['explain', '{"body":"x","category":"nope","priority":"low"}', '--truth', '--config', EXAMPLE])).err).toBe(
      'rules: category "nope" is not configured (bug-report, refund-request, account-access, feature-request, product-question, other)',
    );
  });
});
