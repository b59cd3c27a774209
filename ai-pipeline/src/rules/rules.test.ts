import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { holds, parseCondition, type Problem, type RuleFacts } from './conditions.js';
import { checkTriageFile, loadConfiguredTriage, reloadTriage } from './configured.js';
import { TriageConfigHolder } from './holder.js';
import { triageConfigFromRouting } from './legacy.js';
import { formatProblem, parseTriageConfig, TriageConfigError } from './load.js';
import { didYouMean } from './suggest.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-test-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const GOOD = `categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back, sensitive: true }
labels: [dach]
rules:
  - name: German refunds
    when: { all: [ { category: refund-request }, { language: [de] } ] }
    then: { team_id: 4, labels: [dach] }
  - name: bugs
    when: { category: bug-report }
    then: { team_id: 1, agent_id: 2 }
sla: { high: { first_response: 2h } }
auto_reply: { categories: [bug-report], inboxes: [3] }
`;

const problems = (yaml: string) => parseTriageConfig(yaml, { source: 'triage.yaml', defaultThreshold: 0.8 }).problems.map((p) => formatProblem('triage.yaml', p));

describe('parseTriageConfig', () => {
  it('reads a valid file: categories, rules, defaults, auto_reply, and passes a valid sla through', () => {
    const { config, problems: found } = parseTriageConfig(GOOD, { source: 'triage.yaml', defaultThreshold: 0.75 });
    expect(found).toEqual([]);
    expect(config!.categories).toEqual([
      { name: 'bug-report', description: 'broken', sensitive: false },
      { name: 'refund-request', description: 'money back', sensitive: true },
    ]);
    expect(config!.autoAssignThreshold).toBe(0.75);
    expect(config!.product).toBeNull();
    expect(config!.rules.map((r) => [r.name, r.then])).toEqual([
      ['German refunds', { teamId: 4, agentId: null, labels: ['dach'], priority: null, suggestOnly: false }],
      ['bugs', { teamId: 1, agentId: 2, labels: [], priority: null, suggestOnly: false }],
    ]);
    expect(config!.sla).toEqual({ high: { first_response: '2h' } });
    expect(config!.autoReply).toEqual({ categories: ['bug-report'], minConfidence: 0.85, requireArticle: true, inboxes: [3] });
  });

  it('lists every problem at once, by line and path, with "did you mean" hints', () => {
    const yaml = `categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back }
  - { name: bug-report, description: again }
labels: [vip]
rules:
  - name: typo
    when:
      all:
        - category: refund-requst
        - langauge: [de]
        - text: "(unclosed"
        - confidence: { gte: 1.5 }
        - hours: { from: "9", to: "17:00", time_zone: Nowhere/City }
    then: { team_id: 4, labels: [vipp], priorty: high }
  - name: everything
    then: { team_id: 1 }
  - name: unreachable
    when: { category: bug-report }
    then: { team_id: 2 }
`;
    expect(problems(yaml)).toEqual([
      'triage.yaml:4: categories[2].name: category "bug-report" is listed twice',
      'triage.yaml:10: rules[0].when.all[0].category: unknown category "refund-requst" (did you mean "refund-request"?); known: bug-report, refund-request, bug-report',
      'triage.yaml:11: rules[0].when.all[1]: unknown condition "langauge" (did you mean "language"?)',
      'triage.yaml:12: rules[0].when.all[2].text: invalid regular expression "(unclosed": error parsing regexp: missing closing ): `(unclosed`',
      'triage.yaml:13: rules[0].when.all[3].confidence.gte: must be a number from 0 to 1, got 1.5',
      'triage.yaml:14: rules[0].when.all[4].hours.from: must be a time "HH:MM" (00:00 to 24:00), got "9"',
      'triage.yaml:14: rules[0].when.all[4].hours.time_zone: unknown time zone "Nowhere/City" (use an IANA name such as "Europe/Berlin")',
      'triage.yaml:15: rules[0].then.priorty: unknown key "priorty" (did you mean "priority"?); allowed: team_id, agent_id, labels, priority, suggest_only',
      'triage.yaml:15: rules[0].then.labels[0]: label "vipp" is not declared in labels (did you mean "vip"?); declared: vip',
      'triage.yaml:18: rules[2]: rule "unreachable" can never fire: rule "everything" (rules[1]) before it always holds',
    ]);
  });

  it('checks the shape: 2 to 20 categories, names usable as labels, unknown top-level keys', () => {
    expect(problems('categories: [{ name: Only One, description: x }]\nrouting: {}\n')).toEqual([
      'triage.yaml:1: categories[0].name: must be a lowercase label name (letters, digits, "-" or "_", at most 40 characters), e.g. "account-access"',
      'triage.yaml:1: categories: must list at least 2 categories',
      'triage.yaml:2: routing: unknown key "routing"; allowed: product, categories, labels, auto_assign_threshold, rules, sla, auto_reply',
    ]);
  });

  it('says a missing key is required (not zod\'s "expected string, received undefined") and names a misspelt one', () => {
    expect(problems('categories:\n  - name: billing\n    descripton: x\n  - name: other\n    description: y\n')).toEqual([
      'triage.yaml:2: categories[0].description: is required (string)',
      'triage.yaml:3: categories[0].descripton: unknown key "descripton" (did you mean "description"?); allowed: name, description, sensitive',
    ]);
  });

  it('lists the sla section\'s problems with their lines, like every other problem (npm run rules -- check used to pass them)', () => {
    const yaml = `categories: [{ name: a, description: x }, { name: b, description: y }]
sla:
  hihg: { first_response: 2h }
  medium: { first_response: 8 hours }
  business_hours: { tz: Europe/Berlinn, days: mon-fri, from: "08:00", to: "18:00" }
`;
    expect(problems(yaml)).toEqual([
      'triage.yaml:3: sla.hihg: unknown key "hihg" (did you mean "high"?); allowed: urgent, high, medium, low, business_hours, escalation_team_id',
      'triage.yaml:4: sla.medium.first_response: must be a duration such as 30m, 8h, 1h30m or 2d, got "8 hours"',
      'triage.yaml:5: sla.business_hours.tz: must be an IANA time zone such as Europe/Zurich',
    ]);
  });

  it('a missing sla.business_hours key is "required" with its line, like a missing key anywhere else (it used to throw a TypeError)', () => {
    const hours = { tz: 'tz: Europe/Zurich', days: 'days: mon-fri', from: 'from: "09:00"', to: 'to: "18:00"' };
    for (const missing of Object.keys(hours) as (keyof typeof hours)[]) {
      const lines = Object.entries(hours).filter(([k]) => k !== missing).map(([, l]) => `    ${l}`);
      const yaml = `categories:\n  - { name: a }\n  - { name: b, description: y }\nsla:\n  business_hours:\n${lines.join('\n')}\n`;
      expect(problems(yaml)).toEqual([
        'triage.yaml:2: categories[0].description: is required (string)',
        `triage.yaml:5: sla.business_hours.${missing}: is required (${missing === 'days' ? 'string or array' : 'string'})`,
      ]);
    }
    // A wrong type in the days union says what it must be and what was written, not zod's bare "Invalid input".
    expect(problems('sla:\n  business_hours: { tz: Europe/Zurich, days: 5, from: "09:00", to: "18:00" }\n')).toEqual([
      'triage.yaml:2: sla.business_hours.days: must be a text or a list ([a, b] or "- " lines), got 5',
    ]);
  });

  it('a comma inside { … } that cut a description says to quote it; a misspelt categories key leaves the built-in ones known', () => {
    expect(problems('categories:\n  - { name: shipping, description: late, lost or damaged }\n  - { name: other, description: anything else }\n')).toEqual([
      'triage.yaml:2: categories[0].lost or damaged: unknown key "lost or damaged"; allowed: name, description, sensitive (inside { … } a comma ends a value: put a text with commas in quotes)',
    ]);
    expect(problems('catgories: [{ name: shipping, description: x }, { name: other, description: y }]\nrules:\n  - { name: r, when: { category: shiping }, then: {} }\n')).toEqual([
      'triage.yaml:1: catgories: unknown key "catgories" (did you mean "categories"?); allowed: product, categories, labels, auto_assign_threshold, rules, sla, auto_reply',
      'triage.yaml:3: rules[0].when.category: unknown category "shiping"; known: bug-report, refund-request, product-question, other',
    ]);
  });

  it('a value of the wrong type says what it must be and what was written', () => {
    const yaml = `categories:
  - { name: a, description: x, sensitive: yes please }
  - { name: b, description: y }
labels: vip
auto_assign_threshold: high
rules:
  - name: r
    when: { category: a }
    then: { team_id: logistics }
sla:
  low: 5d
`;
    expect(problems(yaml)).toEqual([
      'triage.yaml:2: categories[0].sensitive: must be true or false, got "yes please"',
      'triage.yaml:4: labels: must be a list ([a, b] or "- " lines), got "vip"',
      'triage.yaml:5: auto_assign_threshold: must be a number, got "high"',
      'triage.yaml:9: rules[0].then.team_id: must be a number, got "logistics"',
      'triage.yaml:11: sla.low: must be a mapping (key: value lines or { … }), got "5d"',
    ]);
  });

  it('reports broken YAML with its line', () => {
    expect(problems('categories:\n  - name: a\n - name: b\n')[0]).toMatch(/^triage\.yaml:3: \(root\): not valid YAML: /);
    // The line once, without the parser's "at line 3, column 2:" and its dangling colon.
    expect(problems('categories:\n  - name: a\n    description: x\n  - name: b\n    description: y\nrules:\n  - name: r\n    when: { category: a }\n      then: {}\n')).toEqual([
      'triage.yaml:9: (root): not valid YAML: All mapping items must start at the same column (check this line\'s indentation against the lines above it)',
    ]);
  });

  it('reserves the triage’s own labels', () => {
    expect(problems('categories: [{ name: needs-triage, description: x }, { name: b, description: y }]\n')).toEqual([
      'triage.yaml:1: categories[0].name: "needs-triage" is a label the triage itself uses; choose another name',
    ]);
  });

  it('flags a rule after an always-true `any` with an empty `all`, and after `not` of an empty `any`', () => {
    const yaml = `categories: [{ name: a, description: x }, { name: b, description: y }]
rules:
  - { name: r0, when: { any: [ { category: a }, { all: [] } ] }, then: {} }
  - { name: r1, when: { category: b }, then: {} }
`;
    expect(problems(yaml)).toEqual(['triage.yaml:4: rules[1]: rule "r1" can never fire: rule "r0" (rules[0]) before it always holds']);
    const yaml2 = yaml.replace('{ any: [ { category: a }, { all: [] } ] }', '{ not: { any: [] } }');
    expect(problems(yaml2)).toHaveLength(1);
  });
});

describe('conditions', () => {
  const facts: RuleFacts = {
    category: 'a', priority: 'low', confidence: 0.5, language: 'de', text: 'x', inboxId: null, channel: null, plan: null, account: null, labels: [], now: new Date(0),
  };
  const parse = (raw: unknown) => {
    const ps: Problem[] = [];
    const c = parseCondition(raw, ['when'], { categories: ['a'], problems: ps });
    expect(ps).toEqual([]);
    return c!;
  };

  it('a catastrophic-backtracking pattern runs in linear time (RE2) instead of hanging the worker', () => {
    const c = parse({ text: '^(a+)+$' });
    expect(holds(c, { ...facts, text: `${'a'.repeat(100_000)}!` })).toBe(false);
    expect(holds(c, { ...facts, text: 'aaaa' })).toBe(true);
  });

  it('hours: a window past midnight holds after `from` and, the next morning, before `to`', () => {
    const c = parse({ hours: { days: ['fri'], from: '22:00', to: '06:00', time_zone: 'UTC' } });
    expect(holds(c, { ...facts, now: new Date('2026-11-27T23:00:00Z') })).toBe(true); // Friday 23:00
    expect(holds(c, { ...facts, now: new Date('2026-11-28T05:59:00Z') })).toBe(true); // Saturday 05:59
    expect(holds(c, { ...facts, now: new Date('2026-11-28T06:00:00Z') })).toBe(false);
    expect(holds(c, { ...facts, now: new Date('2026-11-26T23:00:00Z') })).toBe(false); // Thursday
  });

  it('a mapping with several keys means all of them', () => {
    const c = parse({ category: 'a', language: ['de'] });
    expect(holds(c, facts)).toBe(true);
    expect(holds(c, { ...facts, language: 'fr' })).toBe(false);
  });

  it('did you mean', () => {
    expect(didYouMean('langauge', ['language', 'labels'])).toBe('language');
    expect(didYouMean('zzz', ['language'])).toBeNull();
  });
});

describe('the old ROUTING_CONFIG', () => {
  it('becomes the four categories and one rule per route; refunds sensitive unless allowed', () => {
    const c = triageConfigFromRouting({ routes: { 'bug-report': { team_id: 1 }, other: {} }, allow_refund_agent_assignment: false }, 0.7, 'routing.yaml');
    expect(c.categories.map((x) => [x.name, x.sensitive])).toEqual([
      ['bug-report', false],
      ['refund-request', true],
      ['product-question', false],
      ['other', false],
    ]);
    expect(c.rules).toEqual([{ name: 'route bug-report', when: { kind: 'category', values: ['bug-report'] }, then: { teamId: 1, agentId: null, labels: [], priority: null, suggestOnly: false } }]);
    expect(c.autoAssignThreshold).toBe(0.7);
    expect(c.legacy).toBe(true);
  });

  it('is still read from ROUTING_CONFIG when TRIAGE_CONFIG is not set', async () => {
    const path = file('routing.yaml', 'routes:\n  refund-request: { team_id: 2, agent_id: 3 }\nallow_refund_agent_assignment: true\n');
    const c = await loadConfiguredTriage({ ROUTING_CONFIG: path, AUTO_ASSIGN_THRESHOLD: 0.8 });
    expect(c.rules[0]!.then).toMatchObject({ teamId: 2, agentId: 3 });
    expect(c.categories.find((x) => x.name === 'refund-request')!.sensitive).toBe(false);
  });
});

describe('loading, Chatwoot ids and reloads', () => {
  const directory = { listTeams: async () => [{ id: 1 }], listAgents: async () => [{ id: 9 }] };

  it('names team and agent ids Chatwoot does not have, with their lines', async () => {
    const path = file('ids.yaml', GOOD);
    const r = await checkTriageFile(path, 0.8, directory);
    expect(r.chatwootChecked).toBe(true);
    expect(r.problems.map((p) => formatProblem('f', p))).toEqual([
      'f:8: rules[0].then.team_id: team 4 does not exist in Chatwoot (teams: 1)',
      'f:11: rules[1].then.agent_id: agent 2 does not exist in Chatwoot (agents: 9)',
    ]);
    await expect(loadConfiguredTriage({ TRIAGE_CONFIG: path, AUTO_ASSIGN_THRESHOLD: 0.8 }, directory)).rejects.toThrow(TriageConfigError);
  });

  it('does not fail when Chatwoot cannot be asked', async () => {
    const down = { listTeams: () => Promise.reject(new Error('ECONNREFUSED')), listAgents: async () => [] };
    const r = await checkTriageFile(file('down.yaml', GOOD), 0.8, down);
    expect(r.chatwootChecked).toBe(false);
    expect(r.config).not.toBeNull();
  });

  it('a reload replaces the configuration; an invalid one keeps the old and says why', async () => {
    const path = file('reload.yaml', GOOD);
    const env = { TRIAGE_CONFIG: path, AUTO_ASSIGN_THRESHOLD: 0.8 };
    const holder = new TriageConfigHolder(await loadConfiguredTriage(env));
    const seen: string[] = [];
    holder.onReplace((c) => seen.push(c.rules[0]!.name));
    const logged: { msg: string; err?: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string; err?: string }) });

    writeFileSync(path, GOOD.replace('German refunds', 'Refunds in German'));
    expect(await reloadTriage(holder, env, logger)).toBe(true);
    expect(holder.current.rules[0]!.name).toBe('Refunds in German');

    writeFileSync(path, GOOD.replace('language: [de]', 'langauge: [de]'));
    expect(await reloadTriage(holder, env, logger)).toBe(false);
    expect(holder.current.rules[0]!.name).toBe('Refunds in German');
    expect(seen).toEqual(['Refunds in German']);
    expect(logged.at(-1)!.msg).toBe('triage configuration reload failed; keeping the previous configuration');
    expect(logged.at(-1)!.err).toContain('rules[0].when.all[1]: unknown condition "langauge" (did you mean "language"?)');
  });
});

describe('auto_reply section', () => {
  it('names a category that is not listed or is sensitive', () => {
    const text = GOOD.replace('auto_reply: { categories: [bug-report], inboxes: [3] }', 'auto_reply: { categories: [bug-reprt, refund-request] }');
    const { config, problems } = parseTriageConfig(text, { source: 'triage.yaml', defaultThreshold: 0.8 });
    expect(config).toBeNull();
    expect(problems.map((p) => formatProblem('triage.yaml', p))).toEqual([
      'triage.yaml:13: auto_reply.categories[0]: category "bug-reprt" is not listed in categories (did you mean "bug-report"?)',
      'triage.yaml:13: auto_reply.categories[1]: category "refund-request" is sensitive: it is never auto-replied',
    ]);
  });
});
