import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/db/sources';
import { BuildContext, isIgnored, parseDockerignore } from '../../src/docker/context';

describe('.dockerignore matching (BuildKit rules)', () => {
  const patterns = parseDockerignore(`
# comment
*
!**/package.json
!services/
**/node_modules
/docs/*.md
!docs/keep.md
**/*.test.ts
a?c
[xy].txt
`);

  it.each([
    ['README.md', true],
    ['package.json', false],
    ['portal/packages/app/package.json', false],
    ['portal/packages/app/src/index.ts', true],
    ['services/crm-api/src/main.ts', false],
    ['services/crm-api/src/main.test.ts', true],
    ['services/crm-api/node_modules/x/index.js', true],
    // The last matching pattern wins: node_modules comes after the package.json exception.
    ['node_modules/express/package.json', true],
    ['docs/adr.md', true],
    // Re-included by `!docs/keep.md`, which comes after `/docs/*.md`.
    ['docs/keep.md', false],
  ])('%s ignored: %s', (file, ignored) => {
    expect(isIgnored(patterns, file)).toBe(ignored);
  });

  it('keeps `*` and `?` within one path segment and matches character classes', () => {
    const p = parseDockerignore('a?c\n[xy].txt\nsrc/*.js');
    expect(isIgnored(p, 'abc')).toBe(true);
    expect(isIgnored(p, 'a/c')).toBe(false);
    expect(isIgnored(p, 'x.txt')).toBe(true);
    expect(isIgnored(p, 'z.txt')).toBe(false);
    expect(isIgnored(p, 'src/a.js')).toBe(true);
    expect(isIgnored(p, 'src/lib/a.js')).toBe(false);
  });

  it('an excluded directory excludes everything below it', () => {
    const p = parseDockerignore('.data');
    expect(isIgnored(p, '.data/postgres/PG_VERSION')).toBe(true);
    expect(isIgnored(p, 'services/.data')).toBe(false);
  });
});

describe('BuildContext', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'context-test-'));
    const file = (rel: string, text = rel) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    file('.dockerignore', '*\n!**/package.json\n!src/\n**/node_modules\n');
    file('package.json');
    file('src/a.ts');
    file('secret.env');
    file('pkg/one/package.json');
    file('pkg/one/index.ts');
    file('node_modules/dep/package.json');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists what Docker would send, with the parents of re-included files', () => {
    const context = new BuildContext(root);
    expect(context.entries.map((e) => e.path).sort()).toEqual([
      'package.json',
      'pkg',
      'pkg/one',
      'pkg/one/package.json',
      'src',
      'src/a.ts',
    ]);
  });

  it('changes its digest when a sent file changes, not when an ignored one does', () => {
    const before = new BuildContext(root).digest('');
    writeFileSync(path.join(root, 'secret.env'), 'changed');
    expect(new BuildContext(root).digest('')).toBe(before);
    writeFileSync(path.join(root, 'src/a.ts'), 'changed');
    expect(new BuildContext(root).digest('')).not.toBe(before);
  });

  it("the repository's own context leaves out secrets, data and build output", () => {
    const sent = new BuildContext(repoRoot).entries.map((e) => e.path);
    expect(sent).toContain('yarn.lock');
    expect(sent).toContain('services/crm-api/src/main.ts');
    expect(sent).toContain('tools/docker/install.sh');
    const leaked = sent.filter((p) =>
      /(^|\/)(node_modules|dist|\.git|\.data|\.tools|test)(\/|$)|\.env|\.test\.ts$/.test(p),
    );
    expect(leaked).toEqual([]);
  });
});
