import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderAll, writeRendered } from '../../src/render/render';
import { GITOPS_DIR } from './rendered';

/** Runs real git in `cwd`, as a person at a terminal would; returns trimmed stdout. */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * A throwaway platform repository: today's image tags, a fresh render, one commit on main,
 * and (optionally) a bare repository as its `origin`. Removed by `dispose()`.
 */
export function createSandbox(options: { remote: boolean }) {
  const root = mkdtempSync(path.join(tmpdir(), 'gitops-release-'));
  const work = path.join(root, 'work');
  const remote = path.join(root, 'remote.git');
  mkdirSync(work);
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'config', 'user.name', 'Release Test');
  git(work, 'config', 'user.email', 'release-test@example.invalid');
  const gitopsDir = path.join(work, 'gitops');
  cpSync(path.join(GITOPS_DIR, 'image-tags'), path.join(gitopsDir, 'image-tags'), {
    recursive: true,
  });
  writeRendered(gitopsDir, renderAll({ gitopsDir }));
  git(work, 'add', '--all');
  git(work, 'commit', '--quiet', '-m', 'platform repository');
  if (options.remote) {
    git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
    git(work, 'remote', 'add', 'origin', remote);
    git(work, 'push', '--quiet', '--set-upstream', 'origin', 'main');
  }
  return {
    root,
    work,
    remote,
    gitopsDir,
    /** Commits on main, newest first: `<subject>` each. */
    log: (cwd = work) => git(cwd, 'log', '--format=%s').split('\n'),
    /** Files changed by a commit. */
    filesOf: (rev: string, cwd = work) =>
      git(cwd, 'show', '--name-only', '--format=', rev).split('\n').filter(Boolean).sort(),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
