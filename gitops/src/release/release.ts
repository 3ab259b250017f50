import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '../catalog';
import { REGIONS, type RegionName } from '../config/regions';
import { formatImageTags, imageTagsPath, readImageTags, type ImageTags } from '../image-tags';
import { findDrift, hasDrift, renderAll, renderedDir, writeRendered } from '../render/render';
import { Git, GitError } from './git';

export type ReleaseRequest =
  | {
      command: 'set';
      service: ServiceName | 'all';
      tag: string;
      region: RegionName;
      push: boolean;
      repo?: string;
    }
  | {
      command: 'promote';
      service: ServiceName | 'all';
      from: RegionName;
      to: RegionName;
      push: boolean;
      repo?: string;
    };

export interface TagChange {
  service: ServiceName;
  from: string;
  to: string;
}

export interface ReleaseOutcome {
  region: RegionName;
  changes: TagChange[];
  /** The new commit, or undefined when every tag was already in place. */
  commit?: string;
  subject?: string;
  push: 'not-asked' | 'pushed' | 'no-remote';
  /** Where it was pushed: `<remote> <branch>`. */
  pushedTo?: string;
}

/** The release was refused or failed; nothing is left half-done in the working tree. */
export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

// Used only when neither git config nor the environment names a committer (a bare CI agent).
const FALLBACK_IDENTITY = [
  '-c',
  'user.name=GitOps release',
  '-c',
  'user.email=gitops-release@globalretail.com',
];
const PUSH_ATTEMPTS = 3;

export interface ReleaseContext {
  /** Where the command runs; the repository is the one containing it unless `repo` is given. */
  cwd: string;
  log: (line: string) => void;
}

/**
 * Sets (or promotes) image tags in one region's tag file, re-renders that region, commits
 * both with a message naming service, tag and region, and pushes when asked. Refuses a dirty
 * tree or a stale render; does nothing (no commit) when the tags are already in place.
 */
export function runRelease(request: ReleaseRequest, ctx: ReleaseContext): ReleaseOutcome {
  const root = request.repo ? path.resolve(ctx.cwd, request.repo) : Git.topLevel(ctx.cwd);
  if (!root || !Git.topLevel(root))
    throw new ReleaseError(`not inside a git repository: ${request.repo ?? ctx.cwd}`);
  const git = new Git(Git.topLevel(root)!);
  const gitopsDir = path.join(git.cwd, 'gitops');
  if (!existsSync(path.join(gitopsDir, 'image-tags')))
    throw new ReleaseError(`${git.cwd} has no gitops/image-tags: is this the platform repository?`);

  const dirty = git.dirtyPaths();
  if (dirty.length > 0)
    throw new ReleaseError(
      `the working tree has uncommitted changes; commit or stash them first:\n${dirty
        .slice(0, 10)
        .map((line) => `  ${line}`)
        .join('\n')}${dirty.length > 10 ? `\n  ... and ${dirty.length - 10} more` : ''}`,
    );
  if (hasDrift(findDrift(gitopsDir, renderAll({ gitopsDir }))))
    throw new ReleaseError(
      'gitops/rendered does not match the generator; run `yarn build && yarn gitops:render`, commit, then release',
    );

  const region = request.command === 'set' ? request.region : request.to;
  const current = readImageTags(gitopsDir, region);
  const services: readonly ServiceName[] =
    request.service === 'all' ? SERVICE_NAMES : [request.service];
  const source = request.command === 'promote' ? readImageTags(gitopsDir, request.from) : undefined;
  const wanted = (service: ServiceName) =>
    source ? source[service] : (request as { tag: string }).tag;
  const changes: TagChange[] = services
    .filter((service) => current[service] !== wanted(service))
    .map((service) => ({ service, from: current[service], to: wanted(service) }));

  const outcome: ReleaseOutcome = { region, changes, push: 'not-asked' };
  if (changes.length === 0) {
    ctx.log(
      `${region}: ${describeTarget(request, services, wanted)} already in place; nothing to commit`,
    );
  } else {
    const next = { ...current } as Record<ServiceName, string>;
    for (const change of changes) next[change.service] = change.to;
    const subject = commitSubject(request, region, changes);
    commitRelease(git, gitopsDir, region, next, subject, changes, request);
    outcome.commit = git.head();
    outcome.subject = subject;
    ctx.log(subject);
    for (const change of changes) ctx.log(`  ${change.service}: ${change.from} -> ${change.to}`);
    ctx.log(`committed ${outcome.commit.slice(0, 12)}`);
  }
  if (request.push) Object.assign(outcome, push(git, ctx));
  return outcome;
}

function describeTarget(
  request: ReleaseRequest,
  services: readonly ServiceName[],
  wanted: (s: ServiceName) => string,
): string {
  if (request.service !== 'all') return `${request.service} ${wanted(request.service)}`;
  const tags = new Set(services.map(wanted));
  return tags.size === 1 ? `all services ${[...tags][0]}` : 'all services';
}

/** `release(us-east-1): order-service 1.4.2` or `promote(eu-west-1): ... from us-east-1`. */
export function commitSubject(
  request: ReleaseRequest,
  region: RegionName,
  changes: readonly TagChange[],
): string {
  const tags = [...new Set(changes.map((c) => c.to))];
  const what =
    request.service === 'all'
      ? `all services${tags.length === 1 ? ` ${tags[0]}` : ''}`
      : `${request.service} ${changes[0]!.to}`;
  return request.command === 'set'
    ? `release(${region}): ${what}`
    : `promote(${region}): ${what} from ${request.from}`;
}

function commitRelease(
  git: Git,
  gitopsDir: string,
  region: RegionName,
  next: ImageTags,
  subject: string,
  changes: readonly TagChange[],
  request: ReleaseRequest,
): void {
  // Rendered in memory first: a generator error leaves the tree as it was.
  const rendered = renderAll({ gitopsDir, tags: { [region]: next } });
  const tagFile = imageTagsPath(gitopsDir, region);
  const paths = [path.relative(git.cwd, tagFile), path.relative(git.cwd, renderedDir(gitopsDir))];
  const body = [
    ...changes.map((c) => `- ${c.service}: ${c.from} -> ${c.to}`),
    '',
    `Image tags in ${paths[0]}, manifests re-rendered under ${paths[1]}/${region}.`,
    request.command === 'promote'
      ? `Promoted from ${request.from}, where these tags already run.`
      : `Argo CD syncs ${region} (${REGIONS[region].role}) from this commit.`,
    'Roll back: git revert this commit (or release the previous tag).',
  ].join('\n');
  try {
    mkdirSync(path.dirname(tagFile), { recursive: true });
    writeFileSync(tagFile, formatImageTags(region, next));
    writeRendered(gitopsDir, rendered);
    git.run(['add', '--all', '--', ...paths]);
    git.run([
      ...(git.hasIdentity() ? [] : FALLBACK_IDENTITY),
      'commit',
      '--quiet',
      '-m',
      subject,
      '-m',
      body,
    ]);
  } catch (error) {
    // The tree was clean: put back exactly what this command wrote.
    git.try(['reset', '--quiet', '--', ...paths]);
    git.try(['checkout', '--', ...paths]);
    git.try(['clean', '--force', '--quiet', '--', ...paths]);
    throw error;
  }
}

/**
 * Pushes HEAD to the branch it came from (or `main` from a detached HEAD). When someone
 * pushed first, replays the release commit on top of theirs and tries again; a conflict
 * (the same tag line changed meanwhile) stops with the tree as it was before the push.
 */
function push(git: Git, ctx: ReleaseContext): Pick<ReleaseOutcome, 'push' | 'pushedTo'> {
  const remotes = git.remotes();
  const branch = git.currentBranch();
  const target = branch ?? process.env.RELEASE_BRANCH ?? 'main';
  const remote =
    (branch && git.upstreamRemote(branch)) ?? (remotes.includes('origin') ? 'origin' : remotes[0]);
  if (!remote) {
    ctx.log('no git remote is configured: the commit stays local (add one, then `git push`)');
    return { push: 'no-remote' };
  }
  for (let attempt = 1; ; attempt++) {
    const result = git.try(['push', '--porcelain', remote, `HEAD:refs/heads/${target}`]);
    if (result.status === 0) {
      ctx.log(`pushed to ${remote} ${target}`);
      return { push: 'pushed', pushedTo: `${remote} ${target}` };
    }
    const rejected = /rejected|fetch first|non-fast-forward/.test(result.stdout + result.stderr);
    if (!rejected || attempt === PUSH_ATTEMPTS)
      throw new GitError(
        ['push', remote, `HEAD:refs/heads/${target}`],
        result.status,
        result.stderr + result.stdout,
      );
    ctx.log(
      `${remote} ${target} moved on; replaying the release on top of it (attempt ${attempt + 1})`,
    );
    git.run(['fetch', '--quiet', remote, target]);
    const rebase = git.try([
      ...(git.hasIdentity() ? [] : FALLBACK_IDENTITY),
      'rebase',
      '--quiet',
      'FETCH_HEAD',
    ]);
    if (rebase.status !== 0) {
      git.try(['rebase', '--abort']);
      throw new ReleaseError(
        `${remote} ${target} changed the same files meanwhile; nothing was pushed. Pull, then run the release again.\n${rebase.stderr.trim()}`,
      );
    }
  }
}
