import { isAccessRefused } from '../chatwoot/http.js';

/** What GET /api/v1/profile said of the token: it works, Chatwoot refused it (401/403), or no telling (no answer, 5xx). */
export type TokenVerdict = 'accepted' | 'refused' | 'unknown';

export interface TokenCheckOptions {
  /** How long an answer is kept (60 s): the jobs refused meanwhile share it. */
  ttlMs?: number;
  /** How long an 'accepted' is kept (5 s): a token revoked just after it must not fail tickets for a minute. */
  acceptedTtlMs?: number;
  /** Called once per check that Chatwoot refused (so at most once per `ttlMs`), with its error. */
  onRefused?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Tells a revoked token from a refused conversation. Chatwoot (Pundit) answers 401 both for a token it no longer knows
 * and for a valid token whose user may not see one inbox or conversation; only the first ends when an operator replaces
 * the token. After a 401/403 the worker asks here: one cheap call that needs no account or inbox rights (`probe`, the
 * token's profile), its answer kept `ttlMs` and shared, so a burst of refused jobs costs one check.
 */
export class TokenCheck {
  private last: { at: number; verdict: Promise<TokenVerdict>; settled?: TokenVerdict } | null = null;
  private readonly ttlMs: number;
  private readonly acceptedTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly options: TokenCheckOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.acceptedTtlMs = Math.min(options.acceptedTtlMs ?? 5_000, this.ttlMs);
    this.now = options.now ?? Date.now;
  }

  verdict(): Promise<TokenVerdict> {
    const at = this.now();
    const last = this.last;
    if (last && at - last.at < (last.settled === 'accepted' ? this.acceptedTtlMs : this.ttlMs)) return last.verdict;
    const verdict = this.probe().then(
      () => 'accepted' as const,
      (err: unknown) => {
        if (!isAccessRefused(err)) return 'unknown' as const;
        this.options.onRefused?.(err);
        return 'refused' as const;
      },
    );
    const entry: { at: number; verdict: Promise<TokenVerdict>; settled?: TokenVerdict } = { at, verdict };
    void verdict.then((v) => {
      entry.settled = v;
    });
    this.last = entry;
    return verdict;
  }

  /** A job went through, so the token works now: a kept answer is dropped (a kept refusal would be stale). */
  forget(): void {
    this.last = null;
  }
}
