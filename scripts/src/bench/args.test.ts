import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './args.js';
import { packageOf, selfTimes } from './cpu-profile-top.js';

describe('bench arguments', () => {
  it('the webhook phase defaults to 5 interleaved rounds of 5 s, no profile', () => {
    const a = parseBenchArgs(['--only', 'ingress']);
    expect(a).toMatchObject({ rounds: 5, durationSeconds: 5, connections: 50, phases: ['ingress'] });
    expect(a).not.toHaveProperty('cpuProfileDir');
    expect(parseBenchArgs(['--rounds', '3', '--cpu-prof', '/tmp/p'])).toMatchObject({ rounds: 3, cpuProfileDir: '/tmp/p' });
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow('--rounds must be a whole number from 1 to 50, got "0"');
  });

  it('the webhook phase runs the pipeline with the fake Claude unless --ingress-model offline', () => {
    expect(parseBenchArgs([])).toMatchObject({ ingressModel: 'claude' });
    expect(parseBenchArgs(['--ingress-model', 'offline'])).toMatchObject({ ingressModel: 'offline' });
    expect(() => parseBenchArgs(['--ingress-model', 'gpt'])).toThrow('--ingress-model takes claude or offline; got "gpt"');
  });

  it('measures both deployments (one process, and web + worker) unless --deployments picks one', () => {
    expect(parseBenchArgs([])).toMatchObject({ deployments: ['all', 'split'] });
    expect(parseBenchArgs(['--deployments', 'split'])).toMatchObject({ deployments: ['split'] });
    expect(parseBenchArgs(['--deployments', 'split, all,split'])).toMatchObject({ deployments: ['split', 'all'] });
    expect(() => parseBenchArgs(['--deployments', 'web'])).toThrow('--deployments takes all, split; got "web"');
  });
});

describe('cpu-profile-top', () => {
  it('sums self time per function and per package', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('parse', 'file:///x/node_modules/zod/v4/core/schemas.js') },
        { id: 3, callFrame: frame('handler', 'file:///x/ai-pipeline/dist/ingress/webhook.js') },
      ],
      samples: [1, 2, 2, 3],
      timeDeltas: [1000, 2000, 3000, 4000],
    };
    const t = selfTimes(profile);
    expect(t.total).toBe(10);
    expect(t.packages.map((p) => [p.name, p.ms])).toEqual([
      ['zod', 5],
      ['ai-pipeline/dist/ingress/webhook.js', 4],
      ['(idle)', 1],
    ]);
    expect(t.functions[0]).toEqual({ name: 'parse zod:1', ms: 5, share: 50 });
    expect(packageOf('node:internal/http')).toBe('node: (core)');
  });
});
