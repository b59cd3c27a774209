import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from '../src/server.js';
import { notConfigured, type Section, type Source, type Sources } from '../src/section.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface RunningApp {
  url: string;
  close(): Promise<void>;
  /** GET with the right bearer token unless `auth` says otherwise. */
  get(path: string, auth?: string | null): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export async function startApp(overrides: Partial<Omit<AppDeps, 'sources'>> & { sources?: Partial<Sources> } = {}): Promise<RunningApp> {
  const sources: Sources = { sentry: notConfigured, posthog: notConfigured, account: notConfigured, ...overrides.sources };
  const app = createApp({ token: TOKEN, sourceTimeoutMs: 2000, cacheTtlSeconds: 60, ...overrides, sources });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    async get(path, auth = `Bearer ${TOKEN}`) {
      const res = await fetch(url + path, { headers: auth === null ? {} : { Authorization: auth } });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (the sidebar page)
      }
      return { status: res.status, body, headers: res.headers };
    },
  };
}

/** A fake source that answers `section` after `ms` (or never, for 'hang'), counting its calls. */
export function fakeSource<T>(section: Section<T>, ms: number | 'hang' = 0): Source<T> & { calls: number } {
  const fn = (async () => {
    fn.calls += 1;
    if (ms === 'hang') return new Promise<Section<T>>(() => {});
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return section;
  }) as unknown as Source<T> & { calls: number };
  fn.calls = 0;
  return fn;
}
