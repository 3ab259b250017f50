import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildContext } from './context';
import {
  DockerfileError,
  parseDockerfile,
  parseKeyValues,
  splitWords,
  substitute,
  type Instruction,
} from './dockerfile';

/**
 * Builds a Dockerfile without Docker: every stage gets a directory standing in for its root
 * filesystem, COPY copies from the build context (filtered by .dockerignore) or from another
 * stage's directory, RUN runs the command with the host's `sh` in the stage's WORKDIR, with
 * the stage's ENV and ARGs. What a base image would bring is the host's: its `node` (the test
 * runs the same Node major), its `sh` and tools. A step that writes outside WORKDIR, or that
 * relies on a file the Dockerfile did not copy, fails here as it would in Docker.
 *
 * Like Docker's layer cache, a stage whose instructions and inputs were already built (by this
 * builder, for another Dockerfile) is reused rather than run again: this is how the nine
 * service images share their install and service-kit layers, here and in Jenkins.
 */
export interface ImageConfig {
  env: Record<string, string>;
  workdir: string;
  user?: string;
  cmd?: Command;
  entrypoint?: Command;
  healthcheck?: { command: Command; flags: Record<string, string> } | 'none';
  exposedPorts: string[];
  stopSignal?: string;
  labels: Record<string, string>;
}

/** Exec form (argv) or shell form (a string for `/bin/sh -c`). */
export type Command = { exec: string[] } | { shell: string };

export interface StagedImage {
  /** The directory standing in for the image's root filesystem (treat as read-only). */
  rootfs: string;
  config: ImageConfig;
  /** Host path of a path inside the image. */
  hostPath(imagePath: string): string;
}

interface Stage {
  index: number;
  name?: string;
  /** An earlier stage's name or index, or an image reference. */
  base: string;
  instructions: Instruction[];
}

interface BuiltStage {
  rootfs: string;
  config: ImageConfig;
}

export interface StagedBuilderOptions {
  contextDir: string;
  /** Where stage directories go (default: a new temporary directory). */
  workDir?: string;
  /** Receives progress lines and the output of RUN steps. */
  log?: (line: string) => void;
}

export interface BuildOptions {
  buildArgs?: Record<string, string>;
  /** A stage name; default the last stage. */
  target?: string;
}

export class StagedBuilder {
  readonly workDir: string;
  readonly context: BuildContext;
  private readonly cache = new Map<string, BuiltStage>();
  private stageCount = 0;
  private readonly log: (line: string) => void;

  constructor(options: StagedBuilderOptions) {
    this.workDir = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'staged-build-'));
    // The image's user (not root) must be able to reach the root filesystems.
    chmodSync(this.workDir, 0o755);
    this.context = new BuildContext(options.contextDir);
    this.log = options.log ?? (() => undefined);
  }

  /** Builds `dockerfile` (a path relative to the context, as `docker build -f` takes it). */
  async build(dockerfile: string, options: BuildOptions = {}): Promise<StagedImage> {
    const text = readFileSync(path.join(this.context.root, dockerfile), 'utf8');
    const { instructions } = parseDockerfile(text);
    const globalArgs: Record<string, string | undefined> = {};
    const stages: Stage[] = [];
    for (const instruction of instructions) {
      if (instruction.keyword === 'FROM') {
        const words = splitWords(substitute(instruction.args, { ...globalArgs }));
        if (Object.keys(instruction.flags).length > 0)
          throw new DockerfileError('FROM options are not supported', instruction.line);
        const [base, as, name] = words;
        if (!base || (as !== undefined && (as.toUpperCase() !== 'AS' || !name)))
          throw new DockerfileError(`cannot read FROM ${instruction.args}`, instruction.line);
        stages.push({ index: stages.length, name, base, instructions: [] });
      } else if (stages.length === 0) {
        if (instruction.keyword !== 'ARG')
          throw new DockerfileError('only ARG may come before the first FROM', instruction.line);
        for (const [key, value] of argDeclarations(instruction))
          globalArgs[key] = options.buildArgs?.[key] ?? value;
      } else {
        stages.at(-1)!.instructions.push(instruction);
      }
    }
    if (stages.length === 0) throw new DockerfileError('no FROM');
    const target = options.target ? stages.find((s) => s.name === options.target) : stages.at(-1);
    if (!target) throw new DockerfileError(`no stage named ${options.target}`);
    const run = new DockerfileRun(this, dockerfile, stages, globalArgs, options.buildArgs ?? {});
    const built = await run.stage(target);
    return {
      rootfs: built.rootfs,
      config: built.config,
      hostPath: (imagePath) => path.join(built.rootfs, imagePath),
    };
  }

  /** @internal */
  cached(key: string): BuiltStage | undefined {
    return this.cache.get(key);
  }

  /** @internal */
  remember(key: string, built: BuiltStage): void {
    this.cache.set(key, built);
  }

  /** @internal */
  newRootfs(): string {
    const dir = path.join(this.workDir, `stage-${++this.stageCount}`);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    return dir;
  }

  /** @internal */
  emit(line: string): void {
    this.log(line);
  }

  dispose(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function argDeclarations(instruction: Instruction): [string, string | undefined][] {
  return splitWords(instruction.args).map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
  });
}

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

/** The build of one Dockerfile: resolves stages by name and memoizes them by cache key. */
class DockerfileRun {
  private readonly keys = new Map<Stage, string>();
  private readonly built = new Map<Stage, Promise<BuiltStage>>();

  constructor(
    private readonly builder: StagedBuilder,
    private readonly dockerfile: string,
    private readonly stages: Stage[],
    private readonly globalArgs: Record<string, string | undefined>,
    private readonly buildArgs: Record<string, string>,
  ) {}

  private stageRef(ref: string, line: number): Stage | undefined {
    const byName = this.stages.find((s) => s.name === ref);
    if (byName) return byName;
    if (/^\d+$/.test(ref)) {
      const byIndex = this.stages[Number(ref)];
      if (!byIndex) throw new DockerfileError(`no stage ${ref}`, line);
      return byIndex;
    }
    return undefined;
  }

  /**
   * Docker's cache key, computed without building: the base, then every instruction with its
   * variables substituted and, for COPY, the digest of what it copies.
   */
  private key(stage: Stage): string {
    const known = this.keys.get(stage);
    if (known) return known;
    const parent = this.stageRef(stage.base, 0);
    if (parent && parent.index >= stage.index)
      throw new DockerfileError(`stage ${stage.base} is used before it is defined`);
    let key = parent ? this.key(parent) : sha('image', stage.base);
    const vars: Record<string, string | undefined> = {};
    for (const instruction of stage.instructions) {
      let input = '';
      if (instruction.keyword === 'ARG') {
        for (const [name, value] of argDeclarations(instruction))
          vars[name] = this.buildArgs[name] ?? value ?? this.globalArgs[name];
      }
      if (instruction.keyword === 'ENV') {
        for (const [name, value] of parseKeyValues(substitute(instruction.args, vars)))
          vars[name] = value;
      }
      if (instruction.keyword === 'COPY') {
        const from = instruction.flags.from;
        const { sources } = copyOperands(substitute(instruction.args, vars), instruction.line);
        if (from) {
          const source = this.stageRef(from, instruction.line);
          input = source ? this.key(source) : sha('image', from);
        } else {
          input = sources.map((s) => this.builder.context.digest(contextPath(s))).join(',');
        }
      }
      key = sha(
        key,
        instruction.keyword,
        JSON.stringify(instruction.flags),
        // RUN sees ARG values as environment variables: they are part of what it does.
        instruction.keyword === 'RUN' ? JSON.stringify(vars) : '',
        substitute(instruction.args, vars),
        input,
      );
    }
    this.keys.set(stage, key);
    return key;
  }

  stage(stage: Stage): Promise<BuiltStage> {
    let promise = this.built.get(stage);
    if (!promise) {
      promise = this.buildStage(stage);
      this.built.set(stage, promise);
    }
    return promise;
  }

  private async buildStage(stage: Stage): Promise<BuiltStage> {
    const key = this.key(stage);
    const label = `${this.dockerfile} [${stage.name ?? stage.index}]`;
    const hit = this.builder.cached(key);
    if (hit) {
      this.builder.emit(`${label}: cached`);
      return hit;
    }
    const parentStage = this.stageRef(stage.base, 0);
    const rootfs = this.builder.newRootfs();
    let config: ImageConfig;
    if (parentStage) {
      const parent = await this.stage(parentStage);
      this.builder.emit(`${label}: FROM ${stage.base} (copying its filesystem)`);
      cloneTree(parent.rootfs, rootfs);
      config = structuredClone(parent.config);
    } else {
      this.builder.emit(`${label}: FROM ${stage.base} (the host stands in for the base image)`);
      config = { env: {}, workdir: '/', exposedPorts: [], labels: {} };
    }
    const vars: Record<string, string | undefined> = {};
    const scope = () => ({ ...config.env, ...vars });
    for (const instruction of stage.instructions) {
      const { keyword, flags, line } = instruction;
      const where = `${label} line ${line}`;
      switch (keyword) {
        case 'ARG':
          for (const [name, value] of argDeclarations(instruction))
            vars[name] = this.buildArgs[name] ?? value ?? this.globalArgs[name];
          break;
        case 'ENV':
          for (const [name, value] of parseKeyValues(substitute(instruction.args, scope())))
            config.env[name] = value;
          break;
        case 'WORKDIR': {
          const dir = substitute(instruction.args, scope());
          config.workdir = path.posix.resolve(config.workdir, dir);
          mkdirSync(path.join(rootfs, config.workdir), { recursive: true, mode: 0o755 });
          break;
        }
        case 'COPY':
          await this.copy(instruction, rootfs, config, scope());
          break;
        case 'RUN':
          assertFlags(instruction, ['mount']);
          if (flags.mount && !/^type=cache(,|$)/.test(flags.mount))
            throw new DockerfileError(`RUN --mount=${flags.mount}: only cache mounts`, line);
          this.builder.emit(`${where}: RUN ${instruction.args}`);
          await runStep(instruction, rootfs, config, vars, (l) => this.builder.emit(l), where);
          break;
        case 'USER':
          config.user = substitute(instruction.args, scope());
          break;
        case 'EXPOSE':
          config.exposedPorts.push(...splitWords(substitute(instruction.args, scope())));
          break;
        case 'LABEL':
          for (const [name, value] of parseKeyValues(substitute(instruction.args, scope())))
            config.labels[name] = value;
          break;
        case 'STOPSIGNAL':
          config.stopSignal = substitute(instruction.args, scope());
          break;
        case 'CMD':
          config.cmd = command(instruction);
          break;
        case 'ENTRYPOINT':
          config.entrypoint = command(instruction);
          break;
        case 'HEALTHCHECK': {
          assertFlags(instruction, ['interval', 'timeout', 'start-period', 'retries']);
          if (/^NONE$/i.test(instruction.args)) {
            config.healthcheck = 'none';
          } else {
            if (!/^CMD\s/i.test(instruction.args))
              throw new DockerfileError('HEALTHCHECK needs CMD or NONE', line);
            const exec = instruction.exec;
            config.healthcheck = {
              command: exec ? { exec } : { shell: instruction.args.replace(/^CMD\s+/i, '') },
              flags: { ...flags },
            };
          }
          break;
        }
        default:
          throw new DockerfileError(`${keyword} is not supported by the image test`, line);
      }
    }
    const built = { rootfs, config };
    this.builder.remember(key, built);
    return built;
  }

  private async copy(
    instruction: Instruction,
    rootfs: string,
    config: ImageConfig,
    vars: Record<string, string | undefined>,
  ): Promise<void> {
    assertFlags(instruction, ['from', 'chown', 'chmod', 'link']);
    if (instruction.flags.chown || instruction.flags.chmod)
      throw new DockerfileError('COPY --chown/--chmod are not reproduced here', instruction.line);
    const { sources, dest } = copyOperands(substitute(instruction.args, vars), instruction.line);
    const destPath = path.posix.resolve(config.workdir, dest);
    const destIsDir = dest.endsWith('/') || sources.length > 1;
    const from = instruction.flags.from;
    let sourceRoot: string;
    let exists: (rel: string) => boolean;
    let filter: ((hostPath: string) => boolean) | undefined;
    if (from) {
      const stage = this.stageRef(from, instruction.line);
      if (!stage)
        throw new DockerfileError(`COPY --from=${from}: only earlier stages`, instruction.line);
      sourceRoot = (await this.stage(stage)).rootfs;
      exists = (rel) => existsSync(path.join(sourceRoot, rel));
    } else {
      const context = this.builder.context;
      sourceRoot = context.root;
      exists = (rel) => context.has(rel);
      filter = (hostPath) =>
        context.has(path.relative(sourceRoot, hostPath).split(path.sep).join('/'));
    }
    for (const source of sources) {
      const rel = from ? path.posix.resolve('/', source).slice(1) : contextPath(source);
      if (/[*?[]/.test(source))
        throw new DockerfileError(`COPY wildcards are not supported (${source})`, instruction.line);
      if (!exists(rel))
        throw new DockerfileError(
          `COPY ${source}: not found in ${from ? `stage ${from}` : 'the build context (is it in .dockerignore?)'}`,
          instruction.line,
        );
      const hostSource = path.join(sourceRoot, rel);
      const isDir = statSync(hostSource).isDirectory();
      let hostDest = path.join(rootfs, destPath);
      if (!isDir && destIsDir) hostDest = path.join(hostDest, path.basename(rel));
      mkdirSync(isDir ? hostDest : path.dirname(hostDest), { recursive: true, mode: 0o755 });
      // A directory's contents are copied, not the directory itself (Docker's COPY rule).
      if (from) {
        cloneTree(hostSource, hostDest);
      } else {
        // Docker keeps modification times; `tsc -b` decides what is up to date by them.
        cpSync(hostSource, hostDest, {
          recursive: true,
          verbatimSymlinks: true,
          preserveTimestamps: true,
          filter: filter ? (src) => filter(src) : undefined,
        });
      }
    }
  }
}

/**
 * Copies a stage's files for another stage (FROM <stage>, COPY --from). Files inside
 * node_modules are hard links rather than copies: an install is hundreds of megabytes that
 * later steps only read (tsc and vite write their output elsewhere), and linking keeps nine
 * builds from copying it nine times. Everything else is a real copy, so a later step writing
 * into it cannot change the stage it came from. Modes and modification times are kept.
 */
export function cloneTree(source: string, dest: string, insideNodeModules = false): void {
  const stat = lstatSync(source);
  if (stat.isSymbolicLink()) {
    rmSync(dest, { force: true });
    symlinkSync(readlinkSync(source), dest);
    return;
  }
  if (!stat.isDirectory()) {
    rmSync(dest, { force: true });
    if (insideNodeModules) {
      linkSync(source, dest);
    } else {
      copyFileSync(source, dest);
      chmodSync(dest, stat.mode & 0o7777);
      utimesSync(dest, stat.atime, stat.mtime);
    }
    return;
  }
  mkdirSync(dest, { recursive: true });
  chmodSync(dest, stat.mode & 0o7777);
  for (const name of readdirSync(source)) {
    cloneTree(
      path.join(source, name),
      path.join(dest, name),
      insideNodeModules || name === 'node_modules',
    );
  }
  utimesSync(dest, stat.atime, stat.mtime);
}

function contextPath(source: string): string {
  const rel = path.posix
    .normalize(source)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (rel.startsWith('..')) throw new DockerfileError(`COPY ${source}: outside the context`);
  return rel === '.' ? '' : rel;
}

function copyOperands(args: string, line: number): { sources: string[]; dest: string } {
  const words = splitWords(args);
  if (words.length < 2) throw new DockerfileError('COPY needs a source and a destination', line);
  return { sources: words.slice(0, -1), dest: words.at(-1)! };
}

function assertFlags(instruction: Instruction, allowed: string[]): void {
  for (const flag of Object.keys(instruction.flags))
    if (!allowed.includes(flag))
      throw new DockerfileError(
        `${instruction.keyword} --${flag} is not supported by the image test`,
        instruction.line,
      );
}

function command(instruction: Instruction): Command {
  return instruction.exec ? { exec: instruction.exec } : { shell: instruction.args };
}

/** The environment a build step or container starts with where the base image's would be. */
export function baseEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: os.homedir() };
}

async function runStep(
  instruction: Instruction,
  rootfs: string,
  config: ImageConfig,
  vars: Record<string, string | undefined>,
  log: (line: string) => void,
  where: string,
): Promise<void> {
  const argv = instruction.exec ?? ['/bin/sh', '-c', instruction.args];
  const env: Record<string, string> = { ...baseEnvironment(), ...config.env };
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  const cwd = path.join(rootfs, config.workdir);
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        output.push(line);
        if (output.length > 200) output.shift();
        log(`  ${line}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  if (code !== 0)
    throw new Error(
      `${where}: RUN ${instruction.args} exited with ${code}\n${output.slice(-40).join('\n')}`,
    );
}
