import { afterEach, describe, expect, it, vi } from 'vitest';

const create = vi.fn(() => {
  throw new Error("the language detector's table could not be extracted from /x/small.js: exit code 1: out of memory");
});
vi.mock('./eld-subset.js', () => ({ createSubsetDetector: create }));

describe('detectLanguage when the detector cannot be built', () => {
  afterEach(() => vi.useRealTimers());

  it('reads texts as unknown with one warning that says why, and tries again only after 5 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const { detectLanguage } = await import('./detect.js');
      const text = 'Guten Tag, die App stürzt jedes Mal ab, wenn ich meine Karteikarten öffne.';
      expect(detectLanguage(text)).toEqual({ language: 'unknown', reliable: false });
      expect(detectLanguage(text)).toEqual({ language: 'unknown', reliable: false });
      expect(create).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(5 * 60_000 + 1);
      expect(detectLanguage(text)).toEqual({ language: 'unknown', reliable: false });
      expect(create).toHaveBeenCalledTimes(2);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([
        "language detection is off for 5 minutes: the language detector's table could not be extracted from /x/small.js: exit code 1: out of memory",
        "language detection is off for 5 minutes: the language detector's table could not be extracted from /x/small.js: exit code 1: out of memory",
      ]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
