import { isServiceName, SERVICE_NAMES, type ServiceName } from '../catalog';
import {
  isRegionName,
  primaryRegion,
  REGION_NAMES,
  REGIONS,
  type RegionName,
} from '../config/regions';
import { tagProblem } from '../image-tags';
import { runRelease, type ReleaseRequest } from './release';

export const USAGE = `usage:
  yarn release set <service|all> <tag> [--region <region>] [--push] [--repo <path>]
  yarn release promote <service|all> [--from <region>] [--to <region>] [--push] [--repo <path>]

  set       put <tag> in gitops/image-tags/<region>.yaml (default region: the primary,
            ${primaryRegion().name}), re-render, commit
  promote   copy the tag(s) running in --from (default: the primary) to --to (default: the
            standby), re-render, commit
  --push    push the commit to the branch's remote (origin), replaying it if the remote moved
  --repo    the repository to release in (default: the one containing the current folder)

services: ${SERVICE_NAMES.join(', ')}, all
regions:  ${REGION_NAMES.join(', ')}
Refuses a dirty working tree. Releasing tags that are already in place commits nothing.`;

/** Wrong arguments: exit 2 with the reason and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function regionArg(value: string | undefined, flag: string): RegionName {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a region`);
  if (!isRegionName(value))
    throw new UsageError(`unknown region "${value}" (known: ${REGION_NAMES.join(', ')})`);
  return value;
}

function serviceArg(value: string | undefined): ServiceName | 'all' {
  if (value === undefined || value.startsWith('--'))
    throw new UsageError('a service (or "all") is needed');
  if (value !== 'all' && !isServiceName(value))
    throw new UsageError(`unknown service "${value}" (known: ${SERVICE_NAMES.join(', ')}, all)`);
  return value;
}

/** Parses and validates the command line; throws UsageError on anything wrong. */
export function parseReleaseArgs(argv: readonly string[]): ReleaseRequest {
  const positional: string[] = [];
  const options: { region?: RegionName; from?: RegionName; to?: RegionName; repo?: string } = {};
  let push = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--push') push = true;
    else if (arg === '--region' || arg === '--from' || arg === '--to')
      options[arg.slice(2) as 'region' | 'from' | 'to'] = regionArg(argv[++i], arg);
    else if (arg === '--repo') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new UsageError('--repo needs a path');
      options.repo = value;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command, service, tag, ...extra] = positional;
  const repo = options.repo === undefined ? {} : { repo: options.repo };
  if (command === 'set') {
    if (options.from || options.to) throw new UsageError('set takes --region, not --from/--to');
    const name = serviceArg(service);
    if (tag === undefined)
      throw new UsageError('set needs a tag: yarn release set <service|all> <tag>');
    const problem = tagProblem(tag);
    if (problem) throw new UsageError(problem);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    return {
      command,
      service: name,
      tag,
      region: options.region ?? primaryRegion().name,
      push,
      ...repo,
    };
  }
  if (command === 'promote') {
    if (options.region) throw new UsageError('promote takes --from/--to, not --region');
    const name = serviceArg(service);
    if (tag !== undefined)
      throw new UsageError(
        `unexpected argument ${tag} (promote copies the tag already running in --from)`,
      );
    const from = options.from ?? primaryRegion().name;
    const to =
      options.to ??
      REGION_NAMES.find((r) => r !== from && REGIONS[r].role === 'standby') ??
      REGION_NAMES.find((r) => r !== from)!;
    if (from === to) throw new UsageError(`--from and --to are both ${from}`);
    return { command, service: name, from, to, push, ...repo };
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
}

export interface Io {
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The release command; returns the exit code (0 done or nothing to do, 1 refused/failed, 2 usage). */
export function main(argv: readonly string[], io: Io): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  let request: ReleaseRequest;
  try {
    request = parseReleaseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`release: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    runRelease(request, { cwd: io.cwd, log: io.out });
    return 0;
  } catch (error) {
    // ReleaseError says what to do; a GitError carries git's own words.
    io.err(`release: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    // `yarn release` runs from the repository root; INIT_CWD is where the user typed it.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
