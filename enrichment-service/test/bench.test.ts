import { describe, expect, it } from 'vitest';
import { formatReport, measureEnrichLatency } from '../bench/enrich-latency.js';

describe('latency benchmark module', () => {
  // Shape only: wall-clock upper bounds belong in `npm run bench`, not in a test that runs on a loaded CI machine.
  it('measures uncached and cached latency, bounded by the timeout for a hanging source', async () => {
    const report = await measureEnrichLatency({ delaysMs: [20, 'hang', [20, 60, 'hang']], timeoutMs: 200, samples: 3 });
    expect(report.timeoutMs).toBe(200);
    const [fast, hang, mixed] = report.scenarios;
    expect(fast).toMatchObject({ delay: 20, status: 'ok', uncached: { samples: 3 }, cached: { samples: 3 } });
    expect(fast!.uncached.p50Ms).toBeGreaterThanOrEqual(19);
    expect(hang).toMatchObject({ delay: 'hang', status: 'timeout' });
    expect(hang!.uncached.p50Ms).toBeGreaterThanOrEqual(195);
    expect(mixed).toMatchObject({ status: 'sentry=ok posthog=ok account=timeout' });
    expect(formatReport(report)).toContain('| all hang');
    expect(formatReport(report)).toContain('| sentry 20 ms, posthog 60 ms, account hangs');
  });
});
