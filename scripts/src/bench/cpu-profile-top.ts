/**
 * The top self-time functions and packages of a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --only ingress
 * --cpu-prof DIR`): `npx tsx scripts/src/bench/cpu-profile-top.ts FILE.cpuprofile [--top 30]`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof profileSchema>;

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a script lives: its npm package, node's own code, or the project file. */
export function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node: (core)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const own = /\/((?:ai-pipeline|testkit|scripts|enrichment-service)\/.*)$/.exec(url);
  return own ? own[1]! : url;
}

/** Self time per function (name, file, line) and per package, largest first. */
export function selfTimes(profile: CpuProfile): { total: number; functions: SelfTime[]; packages: SelfTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${packageOf(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + dt);
    const p = url ? packageOf(url) : functionName.startsWith('(') ? functionName : '(native / V8)';
    pkg.set(p, (pkg.get(p) ?? 0) + dt);
  });
  const sorted = (m: Map<string, number>) =>
    [...m].map(([name, ms]) => ({ name, ms: Math.round(ms), share: total > 0 ? Math.round((ms / total) * 1000) / 10 : 0 })).sort((a, b) => b.ms - a.ms);
  return { total: Math.round(total), functions: sorted(fn), packages: sorted(pkg) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: npx tsx scripts/src/bench/cpu-profile-top.ts FILE.cpuprofile [--top 30]\n');
    process.exit(2);
  }
  const top = Number(values.top) || 30;
  const { total, functions, packages } = selfTimes(profileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
  const rows = (xs: SelfTime[]) => xs.slice(0, top).map((x) => `${String(x.ms).padStart(7)} ms ${x.share.toFixed(1).padStart(5)} %  ${x.name}`).join('\n');
  process.stdout.write(`${file}: ${total} ms sampled\n\nself time by package\n${rows(packages)}\n\nself time by function\n${rows(functions)}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
