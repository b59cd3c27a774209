import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDemoArgs, type DemoArgs } from './args.js';
import { splitTickets } from './split.js';

const ticket = (id: string, category: string, body: string) =>
  JSON.stringify({ id, channel: 'email', subject: 'Order', body, from_email: `${id}@shop.example`, lang: 'en', category, priority: 'medium' });

describe('demo --tickets: what the offline model trains on', () => {
  it('a team\'s own labelled tickets in TICKETS_DIR, not the sample study-app tickets; a played ticket is never trained on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-split-'));
    const own = join(dir, 'own.jsonl');
    await writeFile(own, [ticket('o1', 'shipping', 'Where is my parcel?'), ticket('o2', 'warranty-claim', 'The pump is broken.'), ticket('o3', 'shipping', 'Played too.')].join('\n'));
    const play = join(dir, 'play.jsonl');
    await writeFile(play, `${ticket('p1', 'shipping', 'Played too.')}\n`);
    const split = await splitTickets(parseDemoArgs(['--tickets', play]) as DemoArgs, { TICKETS_DIR: own });
    expect(split.play.map((t) => t.id)).toEqual(['p1']);
    expect(split.train.map((t) => t.id)).toEqual(['o1', 'o2']);
    expect(split.what).toContain(`the 2 tickets of TICKETS_DIR (${own}), less 1 that are also played`);
  });

  it('without TICKETS_DIR, the sample tickets of tickets/ and tickets/extra/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-split-'));
    const play = join(dir, 'play.jsonl');
    await writeFile(play, `${ticket('p1', 'shipping', 'Where is my parcel?')}\n`);
    const split = await splitTickets(parseDemoArgs(['--tickets', play]) as DemoArgs, {});
    expect(split.train.length).toBeGreaterThan(1000);
    expect(split.what).toContain('tickets of tickets/ and tickets/extra/');
  });
});
