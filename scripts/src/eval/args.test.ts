import { describe, expect, it } from 'vitest';
import { parseEvalArgs, USAGE, UsageError, wantsHelp } from './args.js';

describe('eval command line', () => {
  it('takes --help / -h in either mode, and its usage names both modes the README documents', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--retrieval', '-h'])).toBe(true);
    expect(wantsHelp(['--provider', 'offline'])).toBe(false);
    expect(USAGE).toContain('npm run eval -- [--provider offline|anthropic]');
    expect(USAGE).toContain('npm run eval -- --retrieval [PATH] [--knowledge DIR] [--offline] [--min-score X] [--json]');
  });

  it('still rejects an unknown option with a usage error', () => {
    expect(() => parseEvalArgs(['--bogus'])).toThrow(UsageError);
  });
});
