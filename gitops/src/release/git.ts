import { spawnSync } from 'node:child_process';

/** A git command that failed, with what git said. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim() || '(no output)'}`);
    this.name = 'GitError';
  }
}

export interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The real git, run in one working tree. No shell: arguments are passed as they are. */
export class Git {
  constructor(readonly cwd: string) {}

  /** Runs git; returns its output whatever the exit status. */
  try(args: readonly string[]): GitResult {
    const result = spawnSync('git', args, {
      cwd: this.cwd,
      encoding: 'utf8',
      // Never wait for a password prompt: Jenkins provides credentials through its helper.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs git and returns its trimmed stdout; throws GitError on a non-zero exit. */
  run(args: readonly string[]): string {
    const result = this.try(args);
    if (result.status !== 0) throw new GitError(args, result.status, result.stderr);
    return result.stdout.trim();
  }

  /** The top of the working tree containing `cwd`, or undefined outside a repository. */
  static topLevel(cwd: string): string | undefined {
    const result = new Git(cwd).try(['rev-parse', '--show-toplevel']);
    return result.status === 0 ? result.stdout.trim() : undefined;
  }

  /** Uncommitted changes, staged or not, and untracked files (ignored ones excluded). */
  dirtyPaths(): string[] {
    return this.run(['status', '--porcelain', '--untracked-files=all']).split('\n').filter(Boolean);
  }

  head(): string {
    return this.run(['rev-parse', 'HEAD']);
  }

  /** The checked-out branch, or undefined on a detached HEAD (as Jenkins checks out). */
  currentBranch(): string | undefined {
    const result = this.try(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return result.status === 0 ? result.stdout.trim() : undefined;
  }

  remotes(): string[] {
    return this.run(['remote']).split('\n').filter(Boolean);
  }

  /** The remote the branch tracks, if it tracks one. */
  upstreamRemote(branch: string): string | undefined {
    const result = this.try(['config', '--get', `branch.${branch}.remote`]);
    return result.status === 0 ? result.stdout.trim() || undefined : undefined;
  }

  /** Whether commits can be made without an identity being invented by the caller. */
  hasIdentity(): boolean {
    if (process.env.GIT_COMMITTER_EMAIL || process.env.EMAIL) return true;
    return this.try(['config', '--get', 'user.email']).stdout.trim() !== '';
  }
}
