import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Wakeup } from './wakeup.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether `p` has settled after the pending microtasks ran. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('Wakeup', () => {
  it('a wait ends after its time when nobody wakes it', async () => {
    const w = new Wakeup();
    const p = w.wait(100);
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(p)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(p)).toBe(true);
  });

  it('wake() ends the current wait at once and clears its timer', async () => {
    const w = new Wakeup();
    const p = w.wait(10_000);
    w.wake();
    expect(await settled(p)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a wake() while nobody waits ends the next wait at once, only that one, however many came', async () => {
    const w = new Wakeup();
    w.wake();
    w.wake();
    w.wake();
    expect(await settled(w.wait(10_000))).toBe(true);
    const second = w.wait(10_000);
    expect(await settled(second)).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await settled(second)).toBe(true);
  });

  it('a wake() after a wait ended by its timer is kept for the next wait', async () => {
    const w = new Wakeup();
    const first = w.wait(5);
    await vi.advanceTimersByTimeAsync(5);
    expect(await settled(first)).toBe(true);
    w.wake();
    expect(await settled(w.wait(10_000))).toBe(true);
  });
});
