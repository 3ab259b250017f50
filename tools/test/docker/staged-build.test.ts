/**
 * The machinery the image test relies on, on small Dockerfiles written here: it must build
 * what Docker would build, and fail where Docker would fail.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canIsolate, startContainer } from '../../src/docker/container';
import { parseDockerfile, substitute } from '../../src/docker/dockerfile';
import { StagedBuilder } from '../../src/docker/staged-build';
import { freePort } from '../../src/net';

let context: string;
let builder: StagedBuilder;
const log: string[] = [];

const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.statusCode = req.url === '/healthz' ? 200 : 404;
  res.end(String(process.getuid()));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
const HEALTHCHECK = `
fetch('http://127.0.0.1:' + process.env.PORT + '/healthz')
  .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
`;

function dockerfile(name: string, text: string): string {
  writeFileSync(path.join(context, name), text);
  return name;
}

const GOOD = `# syntax=docker/dockerfile:1.7
ARG BASE=host-image
FROM \${BASE} AS prepare
WORKDIR /src
COPY server.js healthcheck.js ./
RUN echo "built with $GREETING" > built.txt
ARG GREETING=hello

FROM \${BASE}
WORKDIR /app
ENV PORT=0 \\
    MODE="from env"
COPY --from=prepare /src/ ./
USER 1000:1000
HEALTHCHECK --timeout=2s CMD ["node", "healthcheck.js"]
CMD ["node", "server.js"]
`;

beforeAll(() => {
  context = mkdtempSync(path.join(os.tmpdir(), 'staged-build-test-'));
  writeFileSync(path.join(context, 'server.js'), SERVER);
  writeFileSync(path.join(context, 'healthcheck.js'), HEALTHCHECK);
  writeFileSync(path.join(context, 'secret.txt'), 'do not send');
  writeFileSync(path.join(context, '.dockerignore'), 'secret.txt\n');
  mkdirSync(path.join(context, 'lib'));
  writeFileSync(path.join(context, 'lib', 'a.txt'), 'a');
  builder = new StagedBuilder({ contextDir: context, log: (line) => log.push(line) });
});
afterAll(() => {
  builder.dispose();
  rmSync(context, { recursive: true, force: true });
});

describe('the Dockerfile parser', () => {
  it('joins continuations, reads flags, exec forms and directives', () => {
    const parsed = parseDockerfile(GOOD);
    expect(parsed.directives).toEqual({ syntax: 'docker/dockerfile:1.7' });
    expect(parsed.instructions.map((i) => i.keyword)).toEqual([
      'ARG',
      'FROM',
      'WORKDIR',
      'COPY',
      'RUN',
      'ARG',
      'FROM',
      'WORKDIR',
      'ENV',
      'COPY',
      'USER',
      'HEALTHCHECK',
      'CMD',
    ]);
    const env = parsed.instructions.find((i) => i.keyword === 'ENV')!;
    expect(env.args).toBe('PORT=0 MODE="from env"');
    const healthcheck = parsed.instructions.find((i) => i.keyword === 'HEALTHCHECK')!;
    expect(healthcheck.flags).toEqual({ timeout: '2s' });
    expect(healthcheck.exec).toEqual(['node', 'healthcheck.js']);
  });

  it('substitutes build variables as Docker does', () => {
    const vars = { A: 'x', EMPTY: '' };
    expect(substitute('$A ${A} ${B:-d} ${A:+alt} ${EMPTY:-e} \\$A', vars)).toBe('x x d alt e $A');
  });

  it('rejects what it cannot reproduce', () => {
    expect(() => parseDockerfile('FROM x\nADD a b\n')).toThrow('ADD is not supported');
    expect(() => parseDockerfile('FROM x\nRUN <<EOF\necho\nEOF\n')).toThrow('heredocs');
  });
});

describe('a staged build', () => {
  it('runs the stages: COPY from the context and between stages, RUN with ENV and ARG', async () => {
    const image = await builder.build(dockerfile('Good.Dockerfile', GOOD));
    expect(readFileSync(image.hostPath('/app/built.txt'), 'utf8')).toBe('built with \n');
    expect(readFileSync(image.hostPath('/app/server.js'), 'utf8')).toBe(SERVER);
    expect(image.config).toMatchObject({
      workdir: '/app',
      user: '1000:1000',
      env: { PORT: '0', MODE: 'from env' },
      cmd: { exec: ['node', 'server.js'] },
    });
  });

  it('passes ARG values to RUN once declared, and --build-arg overrides them', async () => {
    const image = await builder.build(
      dockerfile(
        'Args.Dockerfile',
        'FROM host-image\nARG WHO=default\nRUN echo "$WHO" > who.txt\n',
      ),
      { buildArgs: { WHO: 'jenkins' } },
    );
    expect(readFileSync(image.hostPath('/who.txt'), 'utf8')).toBe('jenkins\n');
  });

  it('reuses a stage another Dockerfile already built with the same steps and inputs', async () => {
    const variant = GOOD.replace(
      'CMD ["node", "server.js"]',
      'CMD ["node", "server.js", "--variant"]',
    );
    log.length = 0;
    await builder.build(dockerfile('Variant.Dockerfile', variant));
    expect(log.filter((l) => l.includes('[prepare]: cached'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('RUN echo'))).toEqual([]);
  });

  it('copies a directory source as its contents, a file into a directory destination', async () => {
    const image = await builder.build(
      dockerfile(
        'Copy.Dockerfile',
        'FROM host-image\nWORKDIR /w\nCOPY lib/ out/\nCOPY server.js out/\n',
      ),
    );
    expect(readFileSync(image.hostPath('/w/out/a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(image.hostPath('/w/out/server.js'), 'utf8')).toBe(SERVER);
  });

  it.each([
    ['a failing RUN', 'FROM host-image\nRUN echo about to fail && exit 3\n', 'exited with 3'],
    [
      'a COPY of a file .dockerignore leaves out',
      'FROM host-image\nCOPY secret.txt ./\n',
      'not found in the build context',
    ],
    ['a COPY of a missing file', 'FROM host-image\nCOPY nowhere.txt ./\n', 'not found'],
    [
      'COPY --from a stage that does not exist',
      'FROM host-image\nCOPY --from=nope /a ./\n',
      'only earlier stages',
    ],
    [
      'COPY --chown (not reproduced here)',
      'FROM host-image\nCOPY --chown=1:1 server.js ./\n',
      '--chown',
    ],
    ['a secret mount', 'FROM host-image\nRUN --mount=type=secret,id=x true\n', 'only cache mounts'],
    ['an instruction before FROM', 'WORKDIR /x\nFROM host-image\n', 'only ARG'],
  ])('fails on %s', async (_what, text, message) => {
    const name = `Bad-${Math.random().toString(36).slice(2)}.Dockerfile`;
    await expect(builder.build(dockerfile(name, text))).rejects.toThrow(message);
  });
});

describe('starting a staged image', () => {
  it('runs the exec-form CMD as the image user; HEALTHCHECK passes; SIGTERM stops it cleanly', async () => {
    const image = await builder.build(dockerfile('Good.Dockerfile', GOOD));
    const port = await freePort();
    const container = await startContainer(image, { env: { PORT: String(port) } });
    let health = 1;
    for (let i = 0; i < 100 && health !== 0; i++) {
      health = await container.healthcheck();
      if (health !== 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(health).toBe(0);
    const uid = await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
    expect(uid).toBe(process.getuid?.() === 0 ? '1000' : String(process.getuid?.()));
    expect(await container.stop(5000)).toEqual({ code: 0, signal: null, killed: false });
    expect(await container.healthcheck()).not.toBe(0);
  });

  it('as PID 1, a shell-form CMD keeps SIGTERM from node: the stop times out', async () => {
    // Only root can make a PID namespace here (Jenkins agents and this machine run as root).
    expect(canIsolate()).toBe(process.getuid?.() === 0);
    if (!canIsolate()) return;
    // `; true` keeps the shell as PID 1 instead of letting it exec node.
    const image = await builder.build(
      dockerfile(
        'Shell.Dockerfile',
        GOOD.replace('CMD ["node", "server.js"]', 'CMD node server.js; true'),
      ),
    );
    const container = await startContainer(image, { env: { PORT: String(await freePort()) } });
    expect(container.mode).toBe('pid-namespace');
    const outcome = await container.stop(1500);
    expect(outcome.killed).toBe(true);
  });

  it('refuses a user name (kubelet can only verify a numeric non-root user)', async () => {
    const image = await builder.build(
      dockerfile('Named.Dockerfile', GOOD.replace('USER 1000:1000', 'USER node')),
    );
    await expect(startContainer(image)).rejects.toThrow('numeric');
  });
});
