import type { Method } from './route-types.js';

/**
 * Which requests a failure rule hits: a route name of the fake's table ('setConversationLabels'), a
 * "METHOD /template" string ('POST /conversations/{conversation_id}/labels'), a RegExp tested against
 * "METHOD /api/v1/accounts/1/…path", or a predicate.
 */
export type RouteMatcher = string | RegExp | ((req: { method: string; path: string; routeName?: string }) => boolean);

interface FailRule {
  matcher: RouteMatcher;
  status: number;
  remaining: number;
  headers: Record<string, string>;
  /** The answer's body: a string is sent as is (text/html, like a proxy's error page), anything else as JSON. */
  body?: unknown;
}

export interface MatchInput {
  method: string;
  path: string;
  route?: { name: string; method: Method; path: string };
}

function matches(matcher: RouteMatcher, req: MatchInput): boolean {
  if (typeof matcher === 'function') return matcher({ method: req.method, path: req.path, routeName: req.route?.name });
  if (matcher instanceof RegExp) return matcher.test(`${req.method} ${req.path}`);
  if (!req.route) return false;
  return matcher === req.route.name || matcher === `${req.route.method} ${req.route.path}`;
}

/** Injected failures, outage mode and the per-window flood limit (Rack::Attack). */
export class FaultControls {
  private rules: FailRule[] = [];
  private delays: { matcher: RouteMatcher; ms: number; remaining: number }[] = [];
  private windowStart = 0;
  private windowCount = 0;

  constructor(
    public floodLimit: number | null,
    public readonly floodWindowMs: number,
  ) {}

  failNext(matcher: RouteMatcher, status: number, times: number, headers: Record<string, string> = {}, body?: unknown): void {
    this.rules.push({ matcher, status, remaining: times, headers, ...(body === undefined ? {} : { body }) });
  }

  /** The failure to answer with (and uses one of its `times`), or undefined. */
  takeFailure(req: MatchInput): { status: number; headers: Record<string, string>; body?: unknown } | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.matcher, req));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { status: rule.status, headers: rule.headers, ...(rule.body === undefined ? {} : { body: rule.body }) };
  }

  /** The next `times` requests matching `matcher` are answered `ms` later (and still carried out, as Chatwoot would after the client left). */
  delayNext(matcher: RouteMatcher, ms: number, times: number): void {
    this.delays.push({ matcher, ms, remaining: times });
  }

  /** How long to hold this request (and uses one of its rule's `times`), or 0. */
  takeDelay(req: MatchInput): number {
    const rule = this.delays.find((r) => r.remaining > 0 && matches(r.matcher, req));
    if (!rule) return 0;
    rule.remaining -= 1;
    this.delays = this.delays.filter((r) => r.remaining > 0);
    return rule.ms;
  }

  /** Counts one request; returns the seconds to wait when the window's limit is exceeded. */
  throttle(now = Date.now()): number | undefined {
    if (this.floodLimit === null) return undefined;
    const start = Math.floor(now / this.floodWindowMs) * this.floodWindowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    if (this.windowCount <= this.floodLimit) return undefined;
    return Math.max(1, Math.ceil((start + this.floodWindowMs - now) / 1000));
  }

  reset(): void {
    this.rules = [];
    this.delays = [];
    this.windowStart = 0;
    this.windowCount = 0;
  }
}
