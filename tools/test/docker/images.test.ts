/**
 * The nine service images, built from their own Dockerfiles without Docker (there is no Docker
 * engine here): every COPY and RUN of services/<name>/Dockerfile runs against the build context
 * Docker would get (.dockerignore applied), the focused production install and the build
 * included, then the image's CMD starts with its ENV and USER, as PID 1 of its own PID
 * namespace, against real PostgreSQL. A Dockerfile that cannot work fails here.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@globalretail/service-kit/testing';
import { repoRoot } from '../../src/db/sources';
import { containerArgv, startContainer, type RunningContainer } from '../../src/docker/container';
import { dockerfilePath, IMAGE_SERVICES } from '../../src/docker/dockerfiles';
import { StagedBuilder, type StagedImage } from '../../src/docker/staged-build';
import { LOCAL_SERVICES } from '../../src/launcher/services';
import { freePort } from '../../src/net';

/**
 * node:24.21.0-alpine3.24 unpacks to about 160 MB (the node binary ~121 MiB, npm, corepack,
 * yarn 1, Alpine and libstdc++), so the layers we add must stay under ~40 MB for an image
 * under 200 MB.
 */
const APP_LAYERS_BUDGET_BYTES = 40 * 1024 * 1024;
/** Build tools and browser-only packages: none of them may reach a runtime image. */
const BUILD_ONLY_PACKAGES = [
  'typescript',
  'vite',
  'jest',
  '@swc/core',
  'eslint',
  'react',
  'recharts',
];

const names = IMAGE_SERVICES.map((s) => s.name);
const buildLog: string[] = [];
const builder = new StagedBuilder({
  contextDir: repoRoot,
  log: (line) => {
    buildLog.push(line);
    if (process.env.IMAGE_TEST_VERBOSE) console.log(line);
  },
});
const images = new Map<string, StagedImage>();
const containers = new Map<string, RunningContainer>();
const urls: Record<string, string> = {};
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ poolMax: 2 });
  for (const name of names) urls[name] = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
  await Promise.all([...containers.values()].map((c) => c.stop(1000)));
  await db?.drop();
  builder.dispose();
});

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function image(name: string): StagedImage {
  const built = images.get(name);
  if (!built) throw new Error(`${name}: no image (its build failed above)`);
  return built;
}

/** What the Deployment's env list sets (the ConfigMap and the secrets), on this machine. */
function deploymentEnv(name: string): Record<string, string> {
  const service = LOCAL_SERVICES.find((s) => s.name === name)!;
  const env: Record<string, string> = {
    PORT: new URL(urls[name]!).port,
    REGION: 'us-east-1',
    DATABASE_URL: db.url,
    DB_POOL_MAX: '3',
    SERVICE_AUTH_SECRET: serviceSecret,
    JWKS_URL: `${urls['crm-api']}/.well-known/jwks.json`,
    ...service.env(urls),
  };
  // The root filesystem is read-only in the cluster: the signing key comes from a secret.
  if (name === 'crm-api') env.JWT_PRIVATE_KEY = jwtPrivateKey;
  return env;
}
const serviceSecret = randomBytes(24).toString('hex');
const jwtPrivateKey = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

function runScript(file: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('service images built from their Dockerfiles, without Docker', () => {
  it.each(names)(
    '%s: the Dockerfile builds, and the image holds only what the service runs',
    async (name) => {
      let built: StagedImage;
      try {
        built = await builder.build(dockerfilePath(name));
      } catch (err) {
        throw new Error(
          `${(err as Error).message}\n--- build log ---\n${buildLog.slice(-60).join('\n')}`,
          { cause: err },
        );
      }
      images.set(name, built);
      const { config } = built;
      const port = String(IMAGE_SERVICES.find((s) => s.name === name)!.port);

      expect(config.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(config.cmd).toEqual({ exec: ['node', `services/${name}/dist/main.js`] });
      expect(config.entrypoint).toBeUndefined();
      expect(config.healthcheck).toMatchObject({
        command: { shell: expect.stringContaining('/healthz') },
      });
      expect(config.env).toMatchObject({ NODE_ENV: 'production', PORT: port });
      expect(config.exposedPorts).toEqual([port]);

      const app = built.hostPath(config.workdir);
      for (const pkg of BUILD_ONLY_PACKAGES)
        expect({ pkg, present: existsSync(path.join(app, 'node_modules', pkg)) }).toEqual({
          pkg,
          present: false,
        });
      expect(existsSync(path.join(app, 'services', name, 'dist', 'main.js'))).toBe(true);
      for (const notShipped of ['src', 'test', 'tsconfig.build.json'])
        expect(existsSync(path.join(app, 'services', name, notShipped))).toBe(false);
      const bytes = treeBytes(built.rootfs);
      console.log(`${name}: ${(bytes / 1024 / 1024).toFixed(1)} MB on top of the base image`);
      expect(bytes).toBeLessThan(APP_LAYERS_BUDGET_BYTES);
    },
    10 * 60_000,
  );

  // In the launcher's order: the order core, analytics and pages, the gateway last.
  it.each(LOCAL_SERVICES.map((s) => s.name))(
    '%s: the CMD starts as a non-root PID 1, HEALTHCHECK passes and /readyz answers 200',
    async (name) => {
      const container = await startContainer(image(name), { env: deploymentEnv(name) });
      containers.set(name, container);
      expect(container.argv).toEqual(
        containerArgv(image(name).config.entrypoint, image(name).config.cmd),
      );
      let exited = false;
      void container.exited.then(() => (exited = true));
      const deadline = Date.now() + 45_000;
      let health = -1;
      while (Date.now() < deadline && !exited) {
        health = await container.healthcheck();
        if (health === 0) break;
        await sleep(200);
      }
      if (health !== 0)
        throw new Error(`${name} never became healthy (${container.mode}):\n${container.tail()}`);
      let ready = 0;
      while (Date.now() < deadline) {
        ready = (await fetch(`${urls[name]}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
        if (ready === 200) break;
        await sleep(200);
      }
      expect({ name, ready }).toEqual({ name, ready: 200 });
      expect(container.mode).toBe(process.getuid?.() === 0 ? 'pid-namespace' : 'plain');
    },
    60_000,
  );

  it('the pipeline smoke check passes against the gateway of the running images', async () => {
    const result = await runScript('tools/ci/smoke-check.sh', [
      urls['api-gateway']!,
      '--wait',
      '30',
    ]);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('smoke check passed'),
    });
  }, 60_000);

  it('crm-api stops on SIGTERM with exit code 0, and the smoke check then fails on /readyz', async () => {
    const outcome = await containers.get('crm-api')!.stop(20_000);
    containers.delete('crm-api');
    expect(outcome).toEqual({ code: 0, signal: null, killed: false });
    const result = await runScript('tools/ci/smoke-check.sh', [
      urls['api-gateway']!,
      '--wait',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/readyz: HTTP 503');
  }, 60_000);

  it.each(
    LOCAL_SERVICES.map((s) => s.name)
      .filter((n) => n !== 'crm-api')
      .reverse(),
  )(
    '%s: stops on SIGTERM (drains, closes, exit code 0)',
    async (name) => {
      const container = containers.get(name);
      if (!container) throw new Error(`${name} is not running (its start failed above)`);
      const outcome = await container.stop(20_000);
      containers.delete(name);
      expect({ name, ...outcome }).toEqual({ name, code: 0, signal: null, killed: false });
    },
    30_000,
  );
});
