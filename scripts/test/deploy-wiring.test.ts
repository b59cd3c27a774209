import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PIPELINE_ENV_KEYS } from '../../ai-pipeline/src/config/config.js';
import { DEFAULT_PORT } from '../../ai-pipeline/src/config/defaults.js';
import { ENRICHMENT_ENV_KEYS } from '../../enrichment-service/src/config.js';
import { serviceNodeFlags, WORKER_WITHOUT_REQUEST_SECRETS } from '../../testkit/child-pipeline.js';

/**
 * No Docker engine runs here, so this checks the deployment files against each other and against the code:
 * variables, ports, URLs, healthchecks, start order, pinned images, and the Dockerfiles' shape.
 */
const root = resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const composeText = read('docker-compose.yml');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  environment?: Record<string, string>;
  env_file?: string | (string | { path: string; required?: boolean })[];
  ports?: string[];
  volumes?: string[];
  restart?: string;
  logging?: { driver?: string; options?: Record<string, string> };
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string | string[] };
}
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const svc = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const healthText = (s: Service) => [s.healthcheck?.test ?? []].flat().join(' ');
const envExampleKeys = new Set([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

/** enrichment-service's default ENRICHMENT_PORT, read from its config (withDefault(intIn(…), 3200)). */
function enrichmentDefaultPort(): number {
  const m = /ENRICHMENT_PORT:\s*withDefault\([^)]*\)\s*,\s*(\d+)\)/.exec(read('enrichment-service/src/config.ts'));
  if (!m) throw new Error('cannot find the ENRICHMENT_PORT default in enrichment-service/src/config.ts');
  return Number(m[1]);
}
const PIPELINE_PORT = DEFAULT_PORT;
const ENRICHMENT_PORT = enrichmentDefaultPort();
const CHATWOOT_PORT = 3000;

/** Does the workspace's source register GET <path>? */
function servesGet(workspace: string, path: string): boolean {
  const files = ['src/server.ts', 'src/app.ts'].map((f) => join(root, workspace, f)).filter(existsSync);
  return files.some((f) => readFileSync(f, 'utf8').includes(`.get('${path}'`));
}

describe('docker-compose.yml', () => {
  it('uses only variables that .env.example documents', () => {
    const used = [...composeText.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((v) => !envExampleKeys.has(v))).toEqual([]);
  });

  it('has the expected services; no container reads the whole .env (only Chatwoot an optional chatwoot.env)', () => {
    expect(Object.keys(services).sort()).toEqual(['ai-pipeline', 'ai-pipeline-worker', 'chatwoot-web', 'chatwoot-worker', 'enrichment-service', 'postgres', 'redis', 'triage-db-init']);
    for (const [name, s] of Object.entries(services)) {
      const files = [s.env_file ?? []].flat().map((f) => (typeof f === 'string' ? { path: f, required: true } : f));
      if (name.startsWith('chatwoot-')) expect(files, name).toEqual([{ path: './chatwoot.env', required: false }]);
      else expect(files, name).toEqual([]);
    }
  });

  /** Every `${VAR…}` a service's environment interpolates from .env. */
  const varsOf = (name: string) => new Set(Object.values(svc(name).environment ?? {}).flatMap((v) => [...String(v).matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!)));

  it('gives each container only its own secrets', () => {
    for (const name of ['chatwoot-web', 'chatwoot-worker']) {
      const env = svc(name).environment ?? {};
      for (const key of ['ANTHROPIC_API_KEY', 'INTERNAL_DB_URL', 'DATABASE_URL', 'ENRICHMENT_TOKEN', 'TRIAGE_DB_PASSWORD', 'SENTRY_AUTH_TOKEN', 'POSTHOG_API_KEY']) {
        expect(Object.keys(env), `${name} gets ${key}`).not.toContain(key);
        expect([...varsOf(name)], `${name} interpolates ${key}`).not.toContain(key);
      }
    }
    const enrichment = svc('enrichment-service').environment ?? {};
    for (const key of ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET', 'ANTHROPIC_API_KEY', 'DATABASE_URL', 'POSTGRES_PASSWORD', 'TRIAGE_DB_PASSWORD', 'SECRET_KEY_BASE']) {
      expect(Object.keys(enrichment), `enrichment-service gets ${key}`).not.toContain(key);
      expect([...varsOf('enrichment-service')]).not.toContain(key);
    }
    const pipeline = svc('ai-pipeline').environment ?? {};
    for (const key of ['INTERNAL_DB_URL', 'SENTRY_AUTH_TOKEN', 'POSTHOG_API_KEY', 'SECRET_KEY_BASE', 'REDIS_PASSWORD']) {
      expect(Object.keys(pipeline), `ai-pipeline gets ${key}`).not.toContain(key);
    }
    // The pipeline connects as its own role, never as the Postgres superuser.
    expect([...varsOf('ai-pipeline')]).not.toContain('POSTGRES_PASSWORD');
    expect([...varsOf('ai-pipeline')]).not.toContain('POSTGRES_USERNAME');
  });

  it('runs the split worker (profile split) from the same image and environment as ai-pipeline, with PIPELINE_ROLE=worker and no request secrets', () => {
    const web = svc('ai-pipeline');
    const worker = svc('ai-pipeline-worker') as Service & { profiles?: string[] };
    expect(worker.profiles).toEqual(['split']);
    expect(worker.image).toBe(web.image);
    expect(worker.build).toEqual(web.build);
    // The request secrets (webhook, /ingest, sidebar and /insights) stay with the process that answers requests.
    // (the same set the tests and the bench start their worker processes without: testkit/child-pipeline.ts)
    expect(WORKER_WITHOUT_REQUEST_SECRETS).toEqual({ CHATWOOT_WEBHOOK_SECRET: '', WEBHOOK_URL_TOKEN: '', INGEST_TOKEN: '', SIDEBAR_TOKEN: '' });
    expect(worker.environment).toEqual({ ...web.environment, PIPELINE_ROLE: 'worker', ...WORKER_WITHOUT_REQUEST_SECRETS });
    expect(web.environment?.PIPELINE_ROLE).toBe('${PIPELINE_ROLE:-}');
    expect(worker.volumes).toEqual(web.volumes);
    expect(worker.depends_on).toEqual(web.depends_on);
    expect(worker.healthcheck).toEqual(web.healthcheck);
  });

  it('passes every variable each sidecar reads (its config schema) into its container', () => {
    expect(PIPELINE_ENV_KEYS.filter((k) => !(k in (svc('ai-pipeline').environment ?? {})))).toEqual([]);
    expect(ENRICHMENT_ENV_KEYS.filter((k) => !(k in (svc('enrichment-service').environment ?? {})))).toEqual([]);
  });

  it('publishes only Chatwoot on the host; the ports override publishes the sidecars on loopback', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name !== 'chatwoot-web') expect(s.ports ?? [], `${name} publishes ${String(s.ports)}`).toEqual([]);
    }
    const override = parse(read('chatwoot-config/docker-compose.ports.yml')) as { services: Record<string, Service> };
    expect(override.services['ai-pipeline']?.ports).toEqual([`127.0.0.1:${PIPELINE_PORT}:${PIPELINE_PORT}`]);
    expect(override.services['enrichment-service']?.ports).toEqual([`127.0.0.1:${ENRICHMENT_PORT}:${ENRICHMENT_PORT}`]);
  });

  it('gives the pipeline its own database role from the one-shot triage-db-init, with a URL-safe password', () => {
    const url = svc('ai-pipeline').environment?.DATABASE_URL ?? '';
    expect(url).toMatch(/^postgres:\/\/triage:\$\{TRIAGE_DB_PASSWORD:\?[^}]+\}@postgres:5432\/\$\{POSTGRES_DATABASE:-chatwoot_production\}$/);
    const init = svc('triage-db-init');
    expect(init.image).toBe(svc('postgres').image);
    expect(init.restart).toBe('no');
    expect(init.volumes).toContain('./deploy/triage-db-role.sql:/sql/triage-db-role.sql:ro');
    expect(existsSync(join(root, 'deploy/triage-db-role.sql'))).toBe(true);
    const script = [init.command].flat().join(' ');
    expect(script).toContain('*[!A-Za-z0-9._~-]*'); // refuses a password that would need URL-encoding
    expect(script).toContain('psql -v ON_ERROR_STOP=1');
    expect(init.environment?.TRIAGE_DB_PASSWORD).toMatch(/^\$\{TRIAGE_DB_PASSWORD:\?/);
    expect(svc('ai-pipeline').depends_on?.['triage-db-init']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('rotates every container log (json-file with max-size and max-file)', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.logging?.driver, name).toBe('json-file');
      expect(s.logging?.options?.['max-size'], name).toMatch(/^\d+[kmg]$/);
      expect(Number(s.logging?.options?.['max-file']), name).toBeGreaterThan(1);
    }
  });

  it('gives every long-running service a healthcheck, and depends_on waits for service_healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.restart !== 'no') expect(healthText(s), `${name} has no healthcheck`).not.toBe('');
      for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
        if (svc(dep).restart === 'no') {
          expect(cond.condition, `${name} → ${dep}`).toBe('service_completed_successfully');
          continue;
        }
        expect(cond.condition, `${name} → ${dep}`).toBe('service_healthy');
        expect(healthText(svc(dep)), `${dep} (needed by ${name}) has no healthcheck`).not.toBe('');
      }
    }
    expect(Object.keys(svc('ai-pipeline').depends_on ?? {}).sort()).toEqual(['chatwoot-web', 'enrichment-service', 'postgres', 'triage-db-init']);
    expect(Object.keys(svc('chatwoot-worker').depends_on ?? {}).sort()).toEqual(['chatwoot-web', 'postgres', 'redis']);
  });

  it('pins every image to a version (no latest, no bare major) and uses Chatwoot v4.15.1 with pgvector', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, `${name} has no image`).toBeDefined();
      const tag = s.image!.split(':')[1];
      if (s.build) {
        expect(tag, `${name}: a locally built image`).toBe('local');
        continue;
      }
      expect(tag, `${name}: ${s.image} is not pinned to a version`).toMatch(/\d+\.\d+/);
      expect(tag).not.toMatch(/latest/);
    }
    expect(svc('chatwoot-web').image).toBe('chatwoot/chatwoot:v4.15.1');
    expect(svc('chatwoot-worker').image).toBe('chatwoot/chatwoot:v4.15.1');
    expect(svc('postgres').image).toMatch(/^pgvector\/pgvector:\d+\.\d+\.\d+-pg16$/);
  });

  it('agrees with the services’ own ports and health endpoints', () => {
    const pipeline = svc('ai-pipeline');
    expect(pipeline.environment?.PORT).toBe(String(PIPELINE_PORT));
    expect(healthText(pipeline)).toContain(`http://127.0.0.1:${PIPELINE_PORT}/ready`);
    expect(servesGet('ai-pipeline', '/ready'), 'ai-pipeline serves GET /ready').toBe(true);
    expect(servesGet('ai-pipeline', '/health'), 'ai-pipeline serves GET /health').toBe(true);

    const enrichment = svc('enrichment-service');
    expect(enrichment.environment?.ENRICHMENT_PORT).toBe(String(ENRICHMENT_PORT));
    expect(healthText(enrichment)).toContain(`http://127.0.0.1:${ENRICHMENT_PORT}/health`);
    expect(servesGet('enrichment-service', '/health'), 'enrichment-service serves GET /health').toBe(true);

    const web = svc('chatwoot-web');
    expect(web.environment?.PORT).toBe(String(CHATWOOT_PORT));
    expect([web.command].flat().join(' ')).toContain(`-p ${CHATWOOT_PORT}`);
    expect(web.ports).toContain(`${CHATWOOT_PORT}:${CHATWOOT_PORT}`);
    expect(healthText(web)).toContain(`http://127.0.0.1:${CHATWOOT_PORT}/api`); // Chatwoot's version endpoint
    expect(healthText(svc('chatwoot-worker'))).toContain('sidekiq');
    expect(healthText(svc('postgres'))).toContain('pg_isready');
    expect(healthText(svc('redis'))).toContain('ping');
  });

  it('points the pipeline at the right services by name and port', () => {
    const env = svc('ai-pipeline').environment ?? {};
    expect(env.CHATWOOT_BASE_URL).toBe(`http://chatwoot-web:${CHATWOOT_PORT}`);
    expect(env.ENRICHMENT_SERVICE_URL).toBe(`http://enrichment-service:${ENRICHMENT_PORT}`);
    // Same Postgres server and database as Chatwoot (the pipeline keeps to its schema `triage`).
    expect(env.DATABASE_URL).toContain(`@postgres:5432/${svc('chatwoot-web').environment?.POSTGRES_DATABASE}`);
  });

  it('lets Chatwoot deliver webhooks to the docker network (SafeFetch, >= 4.14)', () => {
    for (const name of ['chatwoot-web', 'chatwoot-worker']) expect(svc(name).environment?.SAFE_FETCH_ALLOW_PRIVATE_NETWORK, name).toBe('true');
  });
});

describe('npm start', () => {
  const scripts = (path: string) => (JSON.parse(read(path)) as { scripts: Record<string, string> }).scripts;

  it('runs the built code with node directly: no compilation, no npm workspace hop (no npm error block on exit)', () => {
    const root = scripts('package.json');
    expect(root.start).toBe(
      `test -f ai-pipeline/dist/main.js || { echo 'ai-pipeline is not built: run npm run build first' >&2; exit 1; }; exec node ${serviceNodeFlags().join(' ')} ai-pipeline/dist/main.js`,
    );
    expect(root['start:enrichment']).toBe(
      "test -f enrichment-service/dist/main.js || { echo 'enrichment-service is not built: run npm run build first' >&2; exit 1; }; exec node enrichment-service/dist/main.js",
    );
    for (const ws of ['ai-pipeline', 'enrichment-service']) {
      const flags = ws === 'ai-pipeline' ? `${serviceNodeFlags().join(' ')} ` : '';
      expect(scripts(`${ws}/package.json`).start, ws).toMatch(new RegExp(`; exec node ${flags}dist/main\\.js$`));
      expect(scripts(`${ws}/package.json`).start, ws).not.toMatch(/npm run build &&|\btsc\b|\btsx\b/);
      expect(scripts(`${ws}/package.json`).build, ws).toBe('tsc -p tsconfig.build.json');
    }
  });
});

describe('Dockerfiles', () => {
  const cases = [
    { workspace: 'ai-pipeline', port: PIPELINE_PORT, probe: '/ready' },
    { workspace: 'enrichment-service', port: ENRICHMENT_PORT, probe: '/health' },
  ];

  it.each(cases)('$workspace: multi-stage, production deps only, non-root, HEALTHCHECK on $probe', ({ workspace, port, probe }) => {
    const text = read(`${workspace}/Dockerfile`);
    expect(svc(workspace).build).toEqual({ context: '.', dockerfile: `${workspace}/Dockerfile` });
    const froms = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const [, image] of froms) {
      if (image === undefined || froms.some((f) => f[2] === image)) continue;
      expect(image, `${workspace}: base image ${image} is not pinned`).toMatch(/:\d[\w.-]*$/);
    }
    const final = text.slice(text.lastIndexOf('\nFROM '));
    expect(final).toMatch(new RegExp(`npm ci --omit=dev --workspace ${workspace}`));
    const user = /^USER\s+(\S+)/m.exec(final)?.[1];
    expect(user, 'final stage sets USER').toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const health = /^HEALTHCHECK[\s\S]*?CMD\s+(.+)$/m.exec(final)?.[1] ?? '';
    expect(health).toContain('fetch(');
    expect(health).toContain(`${port}) + '${probe}'`);
    expect(health).not.toMatch(/curl|wget/);
    // The pipeline runs with the node flags of npm start (a small young generation: idle memory, see README Performance).
    const flags = workspace === 'ai-pipeline' ? serviceNodeFlags().map((f) => `"${f}", `).join('') : '';
    expect(final).toContain(`CMD ["node", ${flags}"${workspace}/dist/main.js"]`);
    expect(existsSync(join(root, workspace, 'src/main.ts'))).toBe(true);
  });

  it('the pipeline image carries tickets/ (offline model) and chatwoot-config/', () => {
    const final = read('ai-pipeline/Dockerfile').split(/^FROM /m).at(-1)!;
    expect(final).toMatch(/^COPY tickets\/ tickets\/$/m);
    expect(final).toMatch(/^COPY chatwoot-config\/ chatwoot-config\/$/m);
  });

  it('.dockerignore keeps node_modules and .env out of the build context', () => {
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignore).toContain('**/node_modules');
    expect(ignore).toContain('.env');
    expect(ignore).toContain('.git');
  });
});
