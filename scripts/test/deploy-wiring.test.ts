import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORT } from '../../ai-pipeline/src/config/defaults.js';

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
  env_file?: string | string[];
  ports?: string[];
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

/** enrichment-service's default PORT, read from its config (withDefault(intIn(…), 3200)). */
function enrichmentDefaultPort(): number {
  const m = /PORT:\s*withDefault\([^)]*\)\s*,\s*(\d+)\)/.exec(read('enrichment-service/src/config.ts'));
  if (!m) throw new Error('cannot find the PORT default in enrichment-service/src/config.ts');
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

  it('has the expected services, all reading the one .env where they run our code or Chatwoot', () => {
    expect(Object.keys(services).sort()).toEqual(['ai-pipeline', 'chatwoot-web', 'chatwoot-worker', 'enrichment-service', 'postgres', 'redis']);
    for (const name of ['ai-pipeline', 'enrichment-service', 'chatwoot-web', 'chatwoot-worker']) expect(svc(name).env_file, name).toBe('.env');
  });

  it('gives every service a healthcheck, and depends_on waits for service_healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(healthText(s), `${name} has no healthcheck`).not.toBe('');
      for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
        expect(cond.condition, `${name} → ${dep}`).toBe('service_healthy');
        expect(healthText(svc(dep)), `${dep} (needed by ${name}) has no healthcheck`).not.toBe('');
      }
    }
    expect(Object.keys(svc('ai-pipeline').depends_on ?? {}).sort()).toEqual(['chatwoot-web', 'enrichment-service', 'postgres']);
    expect(Object.keys(svc('chatwoot-worker').depends_on ?? {}).sort()).toEqual(['chatwoot-web', 'postgres', 'redis']);
  });

  it('pins every image (no latest, no missing tag) and uses Chatwoot v4.15.1 with pgvector', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, `${name} has no image`).toBeDefined();
      const tag = s.image!.split(':')[1];
      expect(tag, `${name}: ${s.image} is not pinned`).toBeTruthy();
      expect(tag).not.toBe('latest');
    }
    expect(svc('chatwoot-web').image).toBe('chatwoot/chatwoot:v4.15.1');
    expect(svc('chatwoot-worker').image).toBe('chatwoot/chatwoot:v4.15.1');
    expect(svc('postgres').image).toBe('pgvector/pgvector:pg16');
  });

  it('agrees with the services’ own ports and health endpoints', () => {
    const pipeline = svc('ai-pipeline');
    expect(pipeline.environment?.PORT).toBe(String(PIPELINE_PORT));
    expect(pipeline.ports).toContain(`${PIPELINE_PORT}:${PIPELINE_PORT}`);
    expect(healthText(pipeline)).toContain(`http://127.0.0.1:${PIPELINE_PORT}/health`);
    expect(servesGet('ai-pipeline', '/health'), 'ai-pipeline serves GET /health').toBe(true);

    const enrichment = svc('enrichment-service');
    expect(enrichment.environment?.PORT).toBe(String(ENRICHMENT_PORT));
    expect(enrichment.ports).toContain(`${ENRICHMENT_PORT}:${ENRICHMENT_PORT}`);
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
    expect(env.DATABASE_URL).toBe(svc('chatwoot-web').environment?.DATABASE_URL);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
  });

  it('lets Chatwoot deliver webhooks to the docker network (SafeFetch, >= 4.14)', () => {
    for (const name of ['chatwoot-web', 'chatwoot-worker']) expect(svc(name).environment?.SAFE_FETCH_ALLOW_PRIVATE_NETWORK, name).toBe('true');
  });
});

describe('Dockerfiles', () => {
  const cases = [
    { workspace: 'ai-pipeline', port: PIPELINE_PORT },
    { workspace: 'enrichment-service', port: ENRICHMENT_PORT },
  ];

  it.each(cases)('$workspace: multi-stage, production deps only, non-root, HEALTHCHECK on /health', ({ workspace, port }) => {
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
    expect(health).toContain(`${port}) + '/health'`);
    expect(health).not.toMatch(/curl|wget/);
    expect(final).toMatch(new RegExp(`CMD \\["node", "${workspace}/dist/main.js"\\]`));
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
