import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRoutingConfig, resolveTeamNames, routeFor, routingTargets } from './routing.js';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'routing-')), 'routing.yaml');
  writeFileSync(path, text);
  return path;
};

describe('routing file', () => {
  it('loads the shipped example (teams by name)', async () => {
    const routing = await loadRoutingConfig(join(import.meta.dirname, '../../../chatwoot-config/routing.example.yaml'));
    expect(routingTargets(routing)).toEqual({ teamIds: [], agentIds: [], teamNames: ['billing', 'bugs', 'questions'] });
  });

  it('refuses a route with both a team name and a team id', async () => {
    await expect(loadRoutingConfig(file('routes:\n  bug-report: { team: bugs, team_id: 3 }\n'))).rejects.toThrow(
      /routes\.bug-report: give either team \(a name\) or team_id, not both/,
    );
  });

  it('resolves team names to ids case-insensitively, in place, and names the missing ones', async () => {
    const routing = await loadRoutingConfig(file('routes:\n  bug-report: { team: Bugs }\n  refund-request: { team: billing }\n  other: { team_id: 9 }\n'));
    expect(resolveTeamNames(routing, [{ id: 4, name: 'bugs' }])).toEqual({ missing: ['billing'] });
    expect(routeFor(routing, 'bug-report')).toEqual({ team: 'Bugs', team_id: 4 });
    expect(routeFor(routing, 'refund-request')).toEqual({ team: 'billing' });
    expect(routeFor(routing, 'other')).toEqual({ team_id: 9 });
    expect(resolveTeamNames(routing, [{ id: 4, name: 'bugs' }, { id: 5, name: 'billing' }])).toEqual({ missing: [] });
    expect(routeFor(routing, 'refund-request')).toEqual({ team: 'billing', team_id: 5 });
  });
});
