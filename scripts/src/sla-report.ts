import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { loadDotEnv } from '../../ai-pipeline/src/config/paths.js';
import { formatAttainment, slaAttainment } from '../../ai-pipeline/src/sla/report.js';
import { SlaStore } from '../../ai-pipeline/src/sla/store.js';

const HELP = `Usage: npm run sla-report -- [--json]

SLA attainment per priority, team and clock (first response, resolution) from the sidecar's own SLA clocks
(triage.sla_clocks; the open-source path). met / (met + breached); "open" clocks are still running.
Reads DATABASE_URL and CHATWOOT_ACCOUNT_ID from the environment or .env.

  --json       print JSON rows instead of a table
  -h, --help   this text`;

const env = z.object({
  DATABASE_URL: z.string({ error: 'is required: a postgres:// URL' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  CHATWOOT_ACCOUNT_ID: z.coerce.number({ error: 'is required' }).int().positive(),
});

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    err(`sla-report: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  loadDotEnv();
  const parsed = env.safeParse(process.env);
  if (!parsed.success) {
    err(`sla-report: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: parsed.data.DATABASE_URL, max: 1 });
  try {
    const rows = slaAttainment(await new SlaStore(pool).all(parsed.data.CHATWOOT_ACCOUNT_ID));
    if (values.json) out(JSON.stringify(rows, null, 2));
    else out(rows.length === 0 ? 'No SLA clocks yet (set TRIAGE_CONFIG with an `sla:` section; native Chatwoot SLA policies report in Chatwoot).' : formatAttainment(rows));
    return 0;
  } catch (e) {
    err(`sla-report: ${(e as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
