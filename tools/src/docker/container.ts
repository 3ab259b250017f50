import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, StagedImage } from './staged-build';

/**
 * Starts a staged image's ENTRYPOINT/CMD the way a container runtime would, as far as this
 * machine allows: in the image's WORKDIR with its ENV (plus what the caller sets, as a
 * Kubernetes env list would), as the image's numeric USER, and, when running as root with
 * util-linux at hand, as PID 1 of a new PID namespace. That last part matters: a PID 1 gets no
 * default signal handlers, so SIGTERM only stops a process that handles it itself, which is
 * what `docker stop` and a Kubernetes rollout rely on.
 */
export interface ContainerOptions {
  env?: Record<string, string>;
  /** Each line the process writes (stdout and stderr). */
  onLine?: (line: string) => void;
}

export interface ContainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningContainer {
  /** `pid-namespace`: the command is PID 1 of its own namespace; `plain`: a child process. */
  readonly mode: 'pid-namespace' | 'plain';
  /** Host pid of the container's first process. */
  readonly pid: number;
  readonly argv: string[];
  readonly exited: Promise<ContainerExit>;
  /** The last lines of output, for error messages. */
  tail(lines?: number): string;
  /** Runs the image's HEALTHCHECK command as Docker would; resolves its exit code. */
  healthcheck(): Promise<number>;
  /** Sends STOPSIGNAL (SIGTERM by default); SIGKILL after `timeoutMs`, reported as `killed`. */
  stop(timeoutMs: number): Promise<ContainerExit & { killed: boolean }>;
}

export function containerArgv(entrypoint?: Command, cmd?: Command): string[] {
  const toArgv = (c: Command) => ('exec' in c ? c.exec : ['/bin/sh', '-c', c.shell]);
  if (entrypoint) {
    // A shell-form ENTRYPOINT ignores CMD; an exec-form one takes CMD as arguments.
    if ('shell' in entrypoint) return toArgv(entrypoint);
    return [...entrypoint.exec, ...(cmd ? toArgv(cmd) : [])];
  }
  if (!cmd) throw new Error('the image has neither ENTRYPOINT nor CMD');
  return toArgv(cmd);
}

/** `1000:1000` -> uid and gid. A user name would need the image's /etc/passwd. */
export function numericUser(user: string | undefined): { uid: number; gid: number } | undefined {
  if (user === undefined || user === '') return undefined;
  const match = /^(\d+)(?::(\d+))?$/.exec(user);
  if (!match)
    throw new Error(
      `USER ${user}: use a numeric uid[:gid] (kubelet can only verify runAsNonRoot for a number)`,
    );
  return { uid: Number(match[1]), gid: Number(match[2] ?? match[1]) };
}

const hasCommand = (name: string) =>
  spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

export function canIsolate(): boolean {
  return process.getuid?.() === 0 && hasCommand('unshare') && hasCommand('setpriv');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startContainer(
  image: StagedImage,
  options: ContainerOptions = {},
): Promise<RunningContainer> {
  const { config } = image;
  const argv = containerArgv(config.entrypoint, config.cmd);
  const user = numericUser(config.user);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...config.env,
    ...options.env,
  };
  const cwd = image.hostPath(config.workdir);
  const isolate = canIsolate();
  let child: ChildProcess;
  if (isolate) {
    const as = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
    child = spawn(
      'unshare',
      ['--pid', '--fork', '--kill-child', '--mount-proc', 'setpriv', ...as, '--', ...argv],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } else {
    const asRoot = process.getuid?.() === 0;
    child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot && user ? { uid: user.uid, gid: user.gid } : {}),
    });
  }
  const lines: string[] = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      if (lines.length > 300) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<ContainerExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let pid = child.pid!;
  if (isolate) pid = await namespaceInit(child.pid!, exited);

  const tail = (count = 40) => lines.slice(-count).join('\n');
  const healthcheck = async (): Promise<number> => {
    const check = config.healthcheck;
    if (!check || check === 'none') throw new Error('the image has no HEALTHCHECK');
    const checkArgv =
      'exec' in check.command ? check.command.exec : ['/bin/sh', '-c', check.command.shell];
    const timeoutMs = durationMs(check.flags.timeout ?? '30s');
    return new Promise<number>((resolve) => {
      const probe = spawn(checkArgv[0]!, checkArgv.slice(1), { cwd, env, stdio: 'ignore' });
      const timer = setTimeout(() => probe.kill('SIGKILL'), timeoutMs);
      probe.once('error', () => resolve(127));
      probe.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? 1);
      });
    });
  };
  const stop = async (timeoutMs: number) => {
    const signal = (config.stopSignal ?? 'SIGTERM') as NodeJS.Signals;
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone: `exited` has the answer.
    }
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      exited,
      new Promise<undefined>(
        (resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    if (outcome) return { ...outcome, killed: false };
    process.kill(pid, 'SIGKILL');
    return { ...(await exited), killed: true };
  };
  return { mode: isolate ? 'pid-namespace' : 'plain', pid, argv, exited, tail, healthcheck, stop };
}

/** The pid (on the host) of the process `unshare --fork` started as PID 1 of the namespace. */
async function namespaceInit(unsharePid: number, exited: Promise<ContainerExit>): Promise<number> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let attempt = 0; attempt < 200 && !gone; attempt++) {
    try {
      const children = readFileSync(
        path.join('/proc', String(unsharePid), 'task', String(unsharePid), 'children'),
        'utf8',
      ).trim();
      if (children) return Number(children.split(/\s+/)[0]);
    } catch {
      // Not there yet, or already gone.
    }
    await sleep(10);
  }
  // It exited at once (a bad CMD, a config error): `exited` and the output tell why.
  return unsharePid;
}

/** Docker durations: `30s`, `1m30s`, `500ms`. */
export function durationMs(text: string): number {
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total +=
      Number(value) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  if (total === 0 && text !== '0s') throw new Error(`cannot read duration "${text}"`);
  return total;
}
