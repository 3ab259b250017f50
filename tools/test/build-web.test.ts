/**
 * tools/build-web.cjs, the last step of `yarn build`: a front-end bundle is rebuilt when its
 * inputs changed, its output is gone or its last build failed, and skipped otherwise. Run in a
 * throw-away Yarn project (the repository's Yarn release, two workspaces whose "bundlers"
 * count their runs), with the real script.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..');
const yarnRelease = path.join(repoRoot, '.yarn', 'releases', 'yarn-4.18.1.cjs');
let project: string;

/** `bundle.js` writes its output and counts its runs; FAIL_BUILD makes it fail. */
const BUNDLER = `
const fs = require('node:fs');
if (process.env.FAIL_BUILD === require('./package.json').name) process.exit(3);
fs.appendFileSync('runs.log', 'run\\n');
fs.mkdirSync('dist/web', { recursive: true });
fs.writeFileSync('dist/web/index.html', fs.readFileSync('web/index.html'));
`;

function workspace(name: string, buildWeb?: object) {
  const dir = path.join(project, name);
  mkdirSync(path.join(dir, 'web', 'node_modules'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, scripts: { 'build:web': 'node bundle.js' }, buildWeb }),
  );
  writeFileSync(path.join(dir, 'bundle.js'), BUNDLER);
  writeFileSync(path.join(dir, 'web', 'index.html'), `<h1>${name}</h1>`);
}

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'build-web-'));
  mkdirSync(path.join(project, 'tools'));
  copyFileSync(
    path.join(repoRoot, 'tools', 'build-web.cjs'),
    path.join(project, 'tools', 'build-web.cjs'),
  );
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'root',
      private: true,
      workspaces: ['declared', 'undeclared'],
      scripts: { build: 'node tools/build-web.cjs' },
    }),
  );
  writeFileSync(
    path.join(project, '.yarnrc.yml'),
    `nodeLinker: node-modules\nyarnPath: ${yarnRelease}\nenableTelemetry: false\nenableGlobalCache: false\n`,
  );
  workspace('declared', { inputs: ['web', 'package.json'], output: 'dist/web' });
  workspace('undeclared');
  const installed = yarn([]);
  if (installed.status !== 0) throw new Error(`yarn install failed:\n${installed.output}`);
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

function yarn(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [yarnRelease, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, ...env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const runs = (name: string) => {
  const log = path.join(project, name, 'runs.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0;
};
const stamp = () => path.join(project, 'declared', 'dist', 'web', '.build-web-inputs');

/** Builds and says which workspaces' bundlers ran. */
function build(env: Record<string, string> = {}) {
  const before = { declared: runs('declared'), undeclared: runs('undeclared') };
  const result = yarn(['build'], env);
  return {
    ...result,
    ran: (['declared', 'undeclared'] as const).filter((name) => runs(name) > before[name]),
  };
}

describe('build-web', () => {
  it('builds everything the first time, then only what has no fingerprint', () => {
    const first = build();
    expect(first.status).toBe(0);
    expect(first.ran).toEqual(['declared', 'undeclared']);
    expect(existsSync(stamp())).toBe(true);
    const second = build();
    expect(second.ran).toEqual(['undeclared']);
  }, 60_000);

  it('rebuilds when an input file changes, not when something below node_modules does', () => {
    writeFileSync(path.join(project, 'declared', 'web', 'node_modules', 'dep.js'), 'x');
    expect(build().ran).toEqual(['undeclared']);
    writeFileSync(path.join(project, 'declared', 'web', 'index.html'), '<h1>changed</h1>');
    expect(build().ran).toEqual(['declared', 'undeclared']);
    expect(build().ran).toEqual(['undeclared']);
  }, 60_000);

  it('rebuilds when the lockfile changes', () => {
    writeFileSync(
      path.join(project, 'yarn.lock'),
      `${readFileSync(path.join(project, 'yarn.lock'), 'utf8')}\n`,
    );
    expect(build().ran).toEqual(['declared', 'undeclared']);
  }, 60_000);

  it('rebuilds when the output is gone', () => {
    rmSync(path.join(project, 'declared', 'dist'), { recursive: true });
    expect(build().ran).toEqual(['declared', 'undeclared']);
  }, 60_000);

  it('fails with the bundler, keeps no fingerprint, and builds again next time', () => {
    writeFileSync(path.join(project, 'declared', 'web', 'index.html'), '<h1>broken</h1>');
    const failed = build({ FAIL_BUILD: 'declared' });
    expect(failed.status).not.toBe(0);
    expect(existsSync(stamp())).toBe(false);
    expect(build().ran).toEqual(['declared', 'undeclared']);
  }, 60_000);

  it('builds everything with BUILD_WEB=always', () => {
    expect(build({ BUILD_WEB: 'always' }).ran).toEqual(['declared', 'undeclared']);
  }, 60_000);
});
