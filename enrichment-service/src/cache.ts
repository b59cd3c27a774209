/**
 * A small TTL cache for promises with in-flight sharing: concurrent `getOrLoad` calls for the same key
 * share one load, and the settled value is kept for `ttlMs(value)` milliseconds (0 = not kept).
 * Bounded: past `maxEntries` the oldest entries are dropped.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: (value: V) => number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    if (hit) this.entries.delete(key);

    const value = load();
    // While loading, the entry never expires; once settled it gets its real lifetime.
    const entry = { value, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    this.evictOverflow();
    value.then(
      (settled) => {
        const ttl = this.ttlMs(settled);
        if (this.entries.get(key) !== entry) return;
        if (ttl > 0) entry.expiresAt = this.now() + ttl;
        else this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  private evictOverflow(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }
}

/** TTL for one section: full TTL for answers, a fifth of it (at most 10 s) for errors and timeouts. */
export function sectionTtlMs(status: string, ttlSeconds: number): number {
  const full = ttlSeconds * 1000;
  if (status === 'error' || status === 'timeout') return Math.min(full / 5, 10_000);
  return full;
}
