/**
 * A sleep that another part of the process can cut short: the worker waits for its next poll or for news (a job was
 * enqueued, a run finished), whichever comes first. A `wake()` while nobody waits is kept for the next `wait`, so news
 * that comes between two waits is not lost; several collapse into one. Cheap on purpose: the webhook's group commit
 * wakes the worker after every INSERT, and an AbortController made an AbortError (a DOMException with its stack) on
 * every `abort()` call, even on one already aborted, and another when the aborted sleep rejected.
 */
export class Wakeup {
  private waiting: (() => void) | null = null;
  private woken = false;

  /** Resolves after `ms`, or as soon as `wake()` is called (at once when it was called since the last wait). */
  wait(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.waiting === done) this.waiting = null;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.waiting = done;
    });
  }

  /** Ends the current wait, or the next one when nobody waits. */
  wake(): void {
    if (this.waiting) this.waiting();
    else this.woken = true;
  }
}
