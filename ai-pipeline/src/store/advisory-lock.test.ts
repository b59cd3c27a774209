import { describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { runAlone, runInTurn } from './advisory-lock.js';

const db = jobQueueDatabase();

/** A task that records when it starts and ends, and ends when released. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const task = async () => {
    log.push(`${name} start`);
    await done;
    log.push(`${name} end`);
    return name;
  };
  return { task, release };
}

describe('runAlone / runInTurn (one task at a time across processes)', () => {
  it('runAlone skips at once while another holds the task, and runs again once it is free', async () => {
    const log: string[] = [];
    const a = held(log, 'a');
    const first = runAlone(db.pool, 'test.alone', a.task);
    await new Promise((r) => setTimeout(r, 50));
    expect(await runAlone(db.pool, 'test.alone', async () => 'b')).toEqual({ ran: false });
    expect(await runAlone(db.pool, 'test.other', async () => 'c')).toEqual({ ran: true, value: 'c' });
    a.release();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await runAlone(db.pool, 'test.alone', async () => 'd')).toEqual({ ran: true, value: 'd' });
  });

  it('runInTurn queues behind the run in progress; a task that throws frees the lock', async () => {
    const log: string[] = [];
    const a = held(log, 'a');
    const first = runInTurn(db.pool, 'test.turn', a.task);
    await new Promise((r) => setTimeout(r, 50));
    const second = runInTurn(db.pool, 'test.turn', async () => void log.push('b ran'));
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(['a start']);
    a.release();
    await Promise.all([first, second]);
    expect(log).toEqual(['a start', 'a end', 'b ran']);
    await expect(runInTurn(db.pool, 'test.turn', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await runAlone(db.pool, 'test.turn', async () => 'free')).toEqual({ ran: true, value: 'free' });
  });
});
