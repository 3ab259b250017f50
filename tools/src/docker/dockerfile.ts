/**
 * A Dockerfile parser for the subset the service images use, strict about the rest: an
 * instruction or flag it does not know is an error, so the image test cannot silently skip a
 * step Docker would run.
 */
export interface Instruction {
  keyword: string;
  /** `--name=value` options before the arguments (`--name` alone has the value `true`). */
  flags: Record<string, string>;
  /** The arguments as written (continuations joined with a space). */
  args: string;
  /** Exec (JSON array) form of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD. */
  exec?: string[];
  /** 1-based line of the instruction's first line. */
  line: number;
}

export interface ParsedDockerfile {
  /** Parser directives such as `# syntax=docker/dockerfile:1.7`. */
  directives: Record<string, string>;
  instructions: Instruction[];
}

export const KNOWN_INSTRUCTIONS = new Set([
  'FROM',
  'ARG',
  'ENV',
  'WORKDIR',
  'COPY',
  'RUN',
  'USER',
  'EXPOSE',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'CMD',
  'ENTRYPOINT',
  'LABEL',
]);

export class DockerfileError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'DockerfileError';
  }
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  const directives: Record<string, string> = {};
  const instructions: Instruction[] = [];
  let i = 0;
  // Directives are only recognised in the leading comment block.
  for (; i < lines.length; i++) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]!);
    if (!directive) break;
    directives[directive[1]!.toLowerCase()] = directive[2]!;
  }
  if (directives.escape && directives.escape !== '\\')
    throw new DockerfileError(`escape=${directives.escape} is not supported`);
  while (i < lines.length) {
    const startLine = i + 1;
    const first = lines[i]!;
    i++;
    if (/^\s*(#.*)?$/.test(first)) continue;
    let logical = first;
    // A trailing backslash continues the instruction; comment lines inside are dropped.
    while (/\\\s*$/.test(logical)) {
      logical = logical.replace(/\\\s*$/, '').trimEnd();
      while (i < lines.length && /^\s*#/.test(lines[i]!)) i++;
      if (i >= lines.length) break;
      logical += ` ${lines[i]!.trim()}`;
      i++;
    }
    instructions.push(parseInstruction(logical.trim(), startLine));
  }
  return { directives, instructions };
}

function parseInstruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/s.exec(text)!;
  const keyword = match[1]!.toUpperCase();
  if (!KNOWN_INSTRUCTIONS.has(keyword))
    throw new DockerfileError(`${keyword} is not supported by the image test`, line);
  let rest = match[2]!;
  if (/<<-?["']?[A-Za-z_]/.test(rest) && (keyword === 'RUN' || keyword === 'COPY'))
    throw new DockerfileError('heredocs are not supported by the image test', line);
  const flags: Record<string, string> = {};
  for (;;) {
    const flag = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(rest);
    if (!flag) break;
    flags[flag[1]!] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }
  const instruction: Instruction = { keyword, flags, args: rest.trim(), line };
  const execSource = keyword === 'HEALTHCHECK' ? rest.replace(/^CMD\s+/i, '') : rest;
  if (['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)) {
    const exec = parseExecForm(execSource.trim());
    if (exec) instruction.exec = exec;
  }
  return instruction;
}

function parseExecForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // Not JSON: Docker then treats it as shell form too.
  }
  return undefined;
}

/**
 * Splits `a=b c="d e"` (ENV, LABEL, ARG) or `src dest` (COPY) into words, honouring quotes
 * and backslash escapes as the Dockerfile shell-word rules do.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new DockerfileError(`unterminated ${quote} in: ${text}`);
  if (inWord) words.push(current);
  return words;
}

/** `KEY=value` pairs of ENV and LABEL (the legacy `ENV KEY value` form included). */
export function parseKeyValues(args: string): [string, string][] {
  const words = splitWords(args);
  if (words.length >= 1 && !words[0]!.includes('=')) {
    const [key, ...value] = args.trim().split(/\s+/);
    return [[key!, splitWords(value.join(' ')).join(' ')]];
  }
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new DockerfileError(`expected KEY=value, got "${word}"`);
    return [word.slice(0, eq), word.slice(eq + 1)];
  });
}

/**
 * Docker's build-time variable substitution: `$NAME`, `${NAME}`, `${NAME:-default}` and
 * `${NAME:+alternative}`; `\$` stays a literal dollar.
 */
export function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, operator?: string, word?: string, bare?: string) => {
      if (whole === '\\$') return '$';
      const name = (braced ?? bare)!;
      const value = vars[name];
      if (operator === ':-') return value ? value : (word ?? '');
      if (operator === ':+') return value ? (word ?? '') : '';
      return value ?? '';
    },
  );
}
