import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readImageTags } from '../src/image-tags';
import { main, parseReleaseArgs } from '../src/release/cli';
import { findDrift, renderAll } from '../src/render/render';
import { createSandbox, git } from './support/git-sandbox';

// Everything here runs the real git against throwaway repositories (a bare one as the
// remote), the way Jenkins runs `yarn release`.

type Sandbox = ReturnType<typeof createSandbox>;

function release(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const expectNoDrift = (sandbox: Sandbox) =>
  expect(findDrift(sandbox.gitopsDir, renderAll({ gitopsDir: sandbox.gitopsDir }))).toEqual({
    changed: [],
    missing: [],
    extra: [],
  });

describe('yarn release set', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = createSandbox({ remote: false })));
  afterEach(() => sandbox.dispose());

  it('commits the tag and the re-rendered manifests of that service, in the primary by default', () => {
    const result = release(sandbox.work, 'set', 'order-service', '1.4.2');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(sandbox.log()[0]).toBe('release(us-east-1): order-service 1.4.2');
    expect(sandbox.filesOf('HEAD')).toEqual([
      'gitops/image-tags/us-east-1.yaml',
      'gitops/rendered/us-east-1/supply-us/order-service.yaml',
    ]);
    expect(readImageTags(sandbox.gitopsDir, 'us-east-1')['order-service']).toBe('1.4.2');
    expect(readImageTags(sandbox.gitopsDir, 'eu-west-1')['order-service']).toBe('0.1.0');
    expect(
      readFileSync(
        path.join(sandbox.gitopsDir, 'rendered/us-east-1/supply-us/order-service.yaml'),
        'utf8',
      ),
    ).toContain('/supplychain-crm/order-service:1.4.2');
    expect(git(sandbox.work, 'log', '-1', '--format=%b')).toContain(
      '- order-service: 0.1.0 -> 1.4.2',
    );
    expect(git(sandbox.work, 'status', '--porcelain')).toBe('');
    expectNoDrift(sandbox);
  });

  it('is idempotent: the same tag again commits nothing and succeeds', () => {
    expect(release(sandbox.work, 'set', 'crm-api', 'abc1234').code).toBe(0);
    const head = git(sandbox.work, 'rev-parse', 'HEAD');
    const again = release(sandbox.work, 'set', 'crm-api', 'abc1234');
    expect(again.code).toBe(0);
    expect(again.out).toContain('us-east-1: crm-api abc1234 already in place; nothing to commit');
    expect(git(sandbox.work, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('sets every service of one region with `all` and --region', () => {
    expect(release(sandbox.work, 'set', 'all', '2.0.0', '--region', 'eu-west-1').code).toBe(0);
    expect(sandbox.log()[0]).toBe('release(eu-west-1): all services 2.0.0');
    expect(Object.values(readImageTags(sandbox.gitopsDir, 'eu-west-1'))).toEqual(
      Array(9).fill('2.0.0'),
    );
    expect(sandbox.filesOf('HEAD').every((f) => !f.includes('us-east-1'))).toBe(true);
    expect(sandbox.filesOf('HEAD')).toHaveLength(1 + 9);
    expectNoDrift(sandbox);
  });

  it('refuses a dirty working tree (modified or untracked files) and writes nothing', () => {
    const head = git(sandbox.work, 'rev-parse', 'HEAD');
    writeFileSync(path.join(sandbox.work, 'notes.txt'), 'work in progress\n');
    const untracked = release(sandbox.work, 'set', 'crm-ui', '3.0.0');
    expect(untracked.code).toBe(1);
    expect(untracked.err).toContain('uncommitted changes');
    expect(untracked.err).toContain('?? notes.txt');
    git(sandbox.work, 'add', 'notes.txt');
    git(sandbox.work, 'commit', '--quiet', '-m', 'notes');
    const tagFile = path.join(sandbox.gitopsDir, 'image-tags/us-east-1.yaml');
    writeFileSync(
      tagFile,
      readFileSync(tagFile, 'utf8').replace("crm-ui: '0.1.0'", "crm-ui: '9.9.9'"),
    );
    const modified = release(sandbox.work, 'set', 'crm-ui', '3.0.0');
    expect(modified.code).toBe(1);
    expect(modified.err).toContain('M gitops/image-tags/us-east-1.yaml');
    expect(git(sandbox.work, 'rev-list', '--count', `${head}..HEAD`)).toBe('1');
    expect(readFileSync(tagFile, 'utf8')).toContain("crm-ui: '9.9.9'");
  });

  it('refuses to release on top of a stale render', () => {
    const file = path.join(sandbox.gitopsDir, 'rendered/us-east-1/crm-us/crm-ui.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 7'));
    git(sandbox.work, 'commit', '--quiet', '-am', 'hand edit');
    const result = release(sandbox.work, 'set', 'crm-ui', '3.0.0');
    expect(result.code).toBe(1);
    expect(result.err).toContain('gitops/rendered does not match the generator');
    expect(sandbox.log()[0]).toBe('hand edit');
  });

  it('works from a subfolder, or on another repository with --repo', () => {
    expect(release(path.join(sandbox.gitopsDir, 'rendered'), 'set', 'tracking-ui', '7').code).toBe(
      0,
    );
    expect(sandbox.log()[0]).toBe('release(us-east-1): tracking-ui 7');
    expect(release('/', 'set', 'tracking-ui', '8', '--repo', sandbox.work).code).toBe(0);
    expect(sandbox.log()[0]).toBe('release(us-east-1): tracking-ui 8');
    const outside = release(sandbox.root, 'set', 'tracking-ui', '9');
    expect(outside).toMatchObject({
      code: 1,
      err: expect.stringContaining('not inside a git repository'),
    });
  });

  it('commits as the release identity on an agent where git has none configured', () => {
    git(sandbox.work, 'config', '--unset', 'user.name');
    git(sandbox.work, 'config', '--unset', 'user.email');
    const saved = { ...process.env };
    // No global or system git config, no identity in the environment: a bare CI agent.
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    for (const key of ['EMAIL', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_EMAIL']) delete process.env[key];
    try {
      expect(release(sandbox.work, 'set', 'crm-analytics', '1.0.0').code).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(git(sandbox.work, 'log', '-1', '--format=%an <%ae>')).toBe(
      'GitOps release <gitops-release@globalretail.com>',
    );
  });

  it('says so when asked to push without a remote, and keeps the commit', () => {
    const result = release(sandbox.work, 'set', 'api-gateway', '5.1.0', '--push');
    expect(result.code).toBe(0);
    expect(result.out).toContain('no git remote is configured');
    expect(sandbox.log()[0]).toBe('release(us-east-1): api-gateway 5.1.0');
  });
});

describe('wrong arguments', () => {
  // Nothing is written by any of these, so one repository serves them all.
  let sandbox: Sandbox;
  beforeAll(() => (sandbox = createSandbox({ remote: false })));
  afterAll(() => sandbox.dispose());

  it.each([
    [['set', 'billing-service', '1.0.0'], /unknown service "billing-service"/],
    [['set', 'crm-api', 'latest'], /"latest" is a moving tag/],
    [['set', 'crm-api', 'has space'], /not a valid image tag/],
    [['set', 'crm-api', '-dash'], /not a valid image tag/],
    [['set', 'crm-api'], /set needs a tag/],
    [['set', 'crm-api', '1.0.0', '--region', 'ap-south-1'], /unknown region "ap-south-1"/],
    [['set', 'crm-api', '1.0.0', '--force'], /unknown option --force/],
    [['deploy', 'crm-api', '1.0.0'], /unknown command "deploy"/],
    [['promote', 'crm-api', '--from', 'us-east-1', '--to', 'us-east-1'], /both us-east-1/],
  ])('rejects %j with a clear message, exit 2, nothing written', (argv, message) => {
    const head = git(sandbox.work, 'rev-parse', 'HEAD');
    const result = release(sandbox.work, ...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('usage:');
    expect(git(sandbox.work, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(sandbox.work, 'status', '--porcelain')).toBe('');
  });
});

describe('yarn release promote', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = createSandbox({ remote: false })));
  afterEach(() => sandbox.dispose());

  it('copies the primary tag to the standby, once', () => {
    release(sandbox.work, 'set', 'inventory-service', '4.2.0');
    const result = release(sandbox.work, 'promote', 'inventory-service');
    expect(result.code).toBe(0);
    expect(sandbox.log()[0]).toBe('promote(eu-west-1): inventory-service 4.2.0 from us-east-1');
    expect(sandbox.filesOf('HEAD')).toEqual([
      'gitops/image-tags/eu-west-1.yaml',
      'gitops/rendered/eu-west-1/supply-eu/inventory-service.yaml',
    ]);
    expect(readImageTags(sandbox.gitopsDir, 'eu-west-1')['inventory-service']).toBe('4.2.0');
    const head = git(sandbox.work, 'rev-parse', 'HEAD');
    const again = release(
      sandbox.work,
      'promote',
      'inventory-service',
      '--from',
      'us-east-1',
      '--to',
      'eu-west-1',
    );
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining('already in place') });
    expect(git(sandbox.work, 'rev-parse', 'HEAD')).toBe(head);
    expectNoDrift(sandbox);
  });

  it('promotes every service that differs with `all`', () => {
    release(sandbox.work, 'set', 'crm-api', '1.1.0');
    release(sandbox.work, 'set', 'crm-ui', '1.2.0');
    expect(release(sandbox.work, 'promote', 'all').code).toBe(0);
    expect(sandbox.log()[0]).toBe('promote(eu-west-1): all services from us-east-1');
    expect(git(sandbox.work, 'log', '-1', '--format=%b')).toMatch(
      /- crm-api: 0\.1\.0 -> 1\.1\.0\n- crm-ui: 0\.1\.0 -> 1\.2\.0\n/,
    );
    expect(readImageTags(sandbox.gitopsDir, 'eu-west-1')).toEqual(
      readImageTags(sandbox.gitopsDir, 'us-east-1'),
    );
  });
});

describe('pushing', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = createSandbox({ remote: true })));
  afterEach(() => sandbox.dispose());

  it('pushes the release commit to the remote branch', () => {
    const result = release(sandbox.work, 'set', 'logistics-service', '6.0.0', '--push');
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringContaining('pushed to origin main'),
    });
    expect(git(sandbox.remote, 'rev-parse', 'main')).toBe(git(sandbox.work, 'rev-parse', 'HEAD'));
    expect(sandbox.log(sandbox.remote)[0]).toBe('release(us-east-1): logistics-service 6.0.0');
  });

  it('replays the release on top of a remote that moved on, from a detached HEAD like Jenkins', () => {
    // Someone else releases another service first, from their own clone.
    const other = path.join(sandbox.root, 'other');
    git(sandbox.root, 'clone', '--quiet', sandbox.remote, other);
    git(other, 'config', 'user.name', 'Someone Else');
    git(other, 'config', 'user.email', 'someone@example.invalid');
    expect(release(other, 'set', 'crm-analytics', '8.8.8', '--push').code).toBe(0);

    git(sandbox.work, 'checkout', '--quiet', '--detach');
    const result = release(sandbox.work, 'set', 'analytics-service', '9.9.9', '--push');
    expect(result.code).toBe(0);
    expect(result.out).toContain('moved on; replaying the release');
    expect(sandbox.log(sandbox.remote).slice(0, 2)).toEqual([
      'release(us-east-1): analytics-service 9.9.9',
      'release(us-east-1): crm-analytics 8.8.8',
    ]);
    const check = path.join(sandbox.root, 'check');
    git(sandbox.root, 'clone', '--quiet', sandbox.remote, check);
    const tags = readImageTags(path.join(check, 'gitops'), 'us-east-1');
    expect([tags['crm-analytics'], tags['analytics-service']]).toEqual(['8.8.8', '9.9.9']);
    expect(
      findDrift(path.join(check, 'gitops'), renderAll({ gitopsDir: path.join(check, 'gitops') })),
    ).toEqual({ changed: [], missing: [], extra: [] });
  });

  it('stops without pushing when the remote changed the same tag meanwhile', () => {
    const other = path.join(sandbox.root, 'other');
    git(sandbox.root, 'clone', '--quiet', sandbox.remote, other);
    git(other, 'config', 'user.name', 'Someone Else');
    git(other, 'config', 'user.email', 'someone@example.invalid');
    expect(release(other, 'set', 'crm-api', '1.0.1', '--push').code).toBe(0);
    const remoteHead = git(sandbox.remote, 'rev-parse', 'main');

    const result = release(sandbox.work, 'set', 'crm-api', '1.0.2', '--push');
    expect(result.code).toBe(1);
    expect(result.err).toContain('changed the same files meanwhile; nothing was pushed');
    expect(git(sandbox.remote, 'rev-parse', 'main')).toBe(remoteHead);
    expect(git(sandbox.work, 'status', '--porcelain')).toBe('');
  });

  it('pushes an earlier local release that had not reached the remote, when nothing is left to commit', () => {
    expect(release(sandbox.work, 'set', 'crm-ui', '2.2.2').code).toBe(0);
    const again = release(sandbox.work, 'set', 'crm-ui', '2.2.2', '--push');
    expect(again.code).toBe(0);
    expect(git(sandbox.remote, 'rev-parse', 'main')).toBe(git(sandbox.work, 'rev-parse', 'HEAD'));
  });
});

describe('argument parsing', () => {
  it('defaults set to the primary and promote to primary -> standby', () => {
    expect(parseReleaseArgs(['set', 'crm-api', '1.0.0'])).toEqual({
      command: 'set',
      service: 'crm-api',
      tag: '1.0.0',
      region: 'us-east-1',
      push: false,
    });
    expect(parseReleaseArgs(['promote', 'all', '--push', '--repo', '/x'])).toEqual({
      command: 'promote',
      service: 'all',
      from: 'us-east-1',
      to: 'eu-west-1',
      push: true,
      repo: '/x',
    });
  });
});
