/**
 * The pipeline's scripts that can run here, run for real (git in temporary repositories,
 * the smoke check against closed ports). Those that need Docker or AWS are only parsed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/db/sources';
import { freePort } from '../../src/net';

const run = (file: string, args: string[] = [], cwd = repoRoot) =>
  spawnSync(file, args, { cwd, encoding: 'utf8', timeout: 30_000 });

describe('tools/ci/is-release-commit.sh and image-tag.sh, in a scratch repository', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    }).trim();
  const commit = (files: Record<string, string>, message: string) => {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    }
    git('add', '--all');
    git('commit', '--quiet', '-m', message);
  };
  const isRelease = () => run(path.join(repo, 'tools/ci/is-release-commit.sh')).stdout.trim();

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'ci-scripts-'));
    git('init', '--quiet', '--initial-branch=main');
    cpSync(path.join(repoRoot, 'tools/ci'), path.join(repo, 'tools/ci'), { recursive: true });
    commit({ 'services/crm-api/src/main.ts': 'v1' }, 'a service');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('a code change is not a release commit', () => {
    expect(isRelease()).toBe('false');
  });

  it('a commit touching only image tags and rendered manifests is one, and so is its revert', () => {
    commit(
      {
        'gitops/image-tags/us-east-1.yaml': 'images:\n  crm-api: "abc"\n',
        'gitops/rendered/us-east-1/crm-us/crm-api.yaml': 'image: abc\n',
      },
      'release crm-api abc to us-east-1',
    );
    expect(isRelease()).toBe('true');
    git('revert', '--no-edit', 'HEAD');
    expect(isRelease()).toBe('true');
  });

  it('a commit that also changes anything else is not', () => {
    commit(
      { 'gitops/image-tags/us-east-1.yaml': 'images:\n  crm-api: "def"\n', 'gitops/src/x.ts': 'x' },
      'tags and generator',
    );
    expect(isRelease()).toBe('false');
  });

  it('the image tag is the commit id, 12 hex digits', () => {
    const tag = run(path.join(repo, 'tools/ci/image-tag.sh')).stdout.trim();
    expect(tag).toMatch(/^[0-9a-f]{12}$/);
    expect(git('rev-parse', 'HEAD').startsWith(tag)).toBe(true);
  });
});

describe('tools/ci/smoke-check.sh', () => {
  it('fails, naming each endpoint, when nothing answers', async () => {
    const port = await freePort();
    const result = run('tools/ci/smoke-check.sh', [`http://127.0.0.1:${port}`, '--wait', '0']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('smoke check FAILED');
    for (const endpoint of ['/healthz', '/readyz', '/openapi.json'])
      expect(result.stderr).toContain(`${endpoint}:`);
  });

  it.each([
    [[]],
    [['not-a-url']],
    [['http://127.0.0.1:1', '--wait', 'soon']],
    [['http://x', '--bogus']],
  ])('refuses bad arguments %j with exit 64', (args) => {
    expect(run('tools/ci/smoke-check.sh', args).status).toBe(64);
  });
});

describe('the pipeline scripts', () => {
  it('refuse a service without a Dockerfile before touching Docker', () => {
    const result = run('tools/ci/build-image.sh', ['billing-service', 'abc123']);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('no Dockerfile for "billing-service"');
  });

  it.each(readdirSync(path.join(repoRoot, 'tools/ci')).map((f) => `tools/ci/${f}`))(
    '%s parses (bash -n)',
    (file) => {
      expect(run('bash', ['-n', file]).stderr).toBe('');
    },
  );

  // These run in node:alpine's busybox sh too: POSIX only (dash is as strict).
  it.each(
    readdirSync(path.join(repoRoot, 'tools/docker'))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => `tools/docker/${f}`),
  )('%s parses as POSIX sh (dash -n)', (file) => {
    expect(run('dash', ['-n', file]).stderr).toBe('');
  });
});
