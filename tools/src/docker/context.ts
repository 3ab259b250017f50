import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * `.dockerignore` as BuildKit reads it (moby/patternmatcher): one pattern per line, `#`
 * comments, `!` exceptions; `*` and `?` never cross a `/`, `**` spans any number of
 * directories; a path is left out when the last pattern matching it, or one of its parent
 * directories, is not an exception.
 */
export interface IgnorePattern {
  source: string;
  exception: boolean;
  regex: RegExp;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exception = line.startsWith('!');
    let pattern = (exception ? line.slice(1) : line).trim();
    // As filepath.Clean does: no leading or trailing slash, no `.` segments.
    pattern = path.posix.normalize(pattern).replace(/^\/+/, '').replace(/\/+$/, '');
    if (pattern === '' || pattern === '.') continue;
    patterns.push({ source: line, exception, regex: patternRegex(pattern) });
  }
  return patterns;
}

function patternRegex(pattern: string): RegExp {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          // `**/` matches zero or more leading directories.
          i++;
          regex += '(?:.*/)?';
        } else {
          regex += '.*';
        }
      } else {
        regex += '[^/]*';
      }
    } else if (char === '?') {
      regex += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`.dockerignore: unclosed [ in "${pattern}"`);
      let set = pattern.slice(i + 1, end);
      if (set.startsWith('^') || set.startsWith('!')) set = `^${set.slice(1)}`;
      regex += `[${set.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (char === '\\' && i + 1 < pattern.length) {
      i++;
      regex += escapeRegex(pattern[i]!);
    } else {
      regex += escapeRegex(char);
    }
  }
  return new RegExp(`^${regex}$`);
}

const isTransient = (err: unknown) =>
  ['ENOENT', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '');

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Index of the last pattern matching `relPath` or one of its parents, or -1. */
function lastMatch(patterns: IgnorePattern[], relPath: string): number {
  const prefixes: string[] = [];
  const parts = relPath.split('/');
  for (let i = 1; i <= parts.length; i++) prefixes.push(parts.slice(0, i).join('/'));
  for (let p = patterns.length - 1; p >= 0; p--) {
    if (prefixes.some((prefix) => patterns[p]!.regex.test(prefix))) return p;
  }
  return -1;
}

export function isIgnored(patterns: IgnorePattern[], relPath: string): boolean {
  const index = lastMatch(patterns, relPath);
  return index >= 0 && !patterns[index]!.exception;
}

export interface ContextEntry {
  /** Relative to the context root, `/`-separated. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
}

/**
 * The build context Docker would send: every path under `root` that `.dockerignore` keeps.
 * An excluded directory is only walked when a later exception could bring something inside it
 * back (the same result as BuildKit's walker, without descending into node_modules).
 */
export class BuildContext {
  readonly entries: ContextEntry[] = [];
  private readonly byPath = new Map<string, ContextEntry>();
  private readonly hashes = new Map<string, string>();

  constructor(
    readonly root: string,
    readonly patterns: IgnorePattern[] = BuildContext.readIgnoreFile(root),
  ) {
    this.walk('');
  }

  static readIgnoreFile(root: string): IgnorePattern[] {
    try {
      return parseDockerignore(readFileSync(path.join(root, '.dockerignore'), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private walk(dir: string, insideExcluded = false): void {
    let names: string[];
    try {
      names = readdirSync(path.join(this.root, dir)).sort();
    } catch (err) {
      // Looking into an excluded folder only for exceptions: one that vanished (a test
      // database being dropped) or is not ours to read holds nothing we would send.
      if (insideExcluded && isTransient(err)) return;
      throw err;
    }
    for (const name of names) {
      const rel = dir ? `${dir}/${name}` : name;
      let stat;
      try {
        stat = lstatSync(path.join(this.root, rel));
      } catch (err) {
        if (insideExcluded && isTransient(err)) continue;
        throw err;
      }
      const type = stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'dir' : 'file';
      const decidedBy = lastMatch(this.patterns, rel);
      const excluded = decidedBy >= 0 && !this.patterns[decidedBy]!.exception;
      if (type === 'dir') {
        // Every path below matches the deciding pattern through this directory, so only an
        // exception listed after it can change their fate.
        const laterException = this.patterns.slice(decidedBy + 1).some((p) => p.exception);
        if (excluded && !laterException) continue;
        if (!excluded) this.add({ path: rel, type });
        this.walk(rel, excluded);
        continue;
      }
      if (!excluded) this.add({ path: rel, type });
    }
  }

  private add(entry: ContextEntry): void {
    // A kept file inside an excluded directory still brings its parents along, as in Docker.
    const parent = path.posix.dirname(entry.path);
    if (parent !== '.' && !this.byPath.has(parent)) this.add({ path: parent, type: 'dir' });
    this.entries.push(entry);
    this.byPath.set(entry.path, entry);
  }

  has(relPath: string): boolean {
    return relPath === '' || this.byPath.has(relPath);
  }

  /** Entries at or below `relPath` ('' for the whole context). */
  under(relPath: string): ContextEntry[] {
    if (relPath === '') return this.entries;
    return this.entries.filter((e) => e.path === relPath || e.path.startsWith(`${relPath}/`));
  }

  /** A digest of the paths and contents at or below `relPath`: what COPY's cache key uses. */
  digest(relPath: string): string {
    const hash = createHash('sha256');
    for (const entry of this.under(relPath)) {
      hash.update(`${entry.type}\0${entry.path}\0`);
      if (entry.type === 'file') hash.update(this.fileHash(entry.path));
      if (entry.type === 'symlink') hash.update(readlinkSync(path.join(this.root, entry.path)));
    }
    return hash.digest('hex');
  }

  private fileHash(relPath: string): string {
    let hash = this.hashes.get(relPath);
    if (!hash) {
      hash = createHash('sha256')
        .update(readFileSync(path.join(this.root, relPath)))
        .digest('hex');
      this.hashes.set(relPath, hash);
    }
    return hash;
  }
}
