import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a declarative Jenkinsfile far enough to check what the pipeline runs (there is no
 * Jenkins here to run it): the stages, every `sh` step, every credential binding. Groovy
 * comments and string literals are tokenized properly; the rest is structure (identifiers,
 * braces, parentheses).
 */
type Token =
  | { kind: 'string'; value: string; quote: string; line: number }
  | { kind: 'word'; value: string; line: number }
  | { kind: 'punct'; value: string; line: number };

export interface ShStep {
  /** The command, or undefined when it is not a string literal (computed in Groovy). */
  command?: string;
  /** `'`, `'''`, `"` or `"""`: double quotes are Groovy templates, interpolated before sh runs. */
  quote?: string;
  line: number;
  /** Innermost enclosing stage. */
  stage?: string;
  /** Inside an `environment { }` block (`X = sh(script: ..., returnStdout: true)`). */
  inEnvironment: boolean;
}

export interface CredentialUse {
  /** `credentials` (an environment binding) or the binding kind inside `withCredentials`. */
  kind: string;
  id?: string;
  line: number;
  inEnvironment: boolean;
  inWithCredentials: boolean;
}

export interface Stage {
  name: string;
  line: number;
  /** Names of the enclosing stages, outermost first. */
  parents: string[];
  /** The stage's source text (from `stage(` to its closing brace). */
  body: string;
}

export interface ParsedJenkinsfile {
  stages: Stage[];
  shSteps: ShStep[];
  credentials: CredentialUse[];
  /** Double-quoted strings: `${...}` and `$NAME` in them are interpolated by Groovy. */
  groovyTemplates: { value: string; line: number }[];
  /** `NAME = '<literal>'` assignments in environment blocks. */
  environmentLiterals: { name: string; value: string; line: number }[];
  /** `NAME = credentials('id')` in environment blocks: variables holding a secret. */
  secretVariables: string[];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\n') {
      line++;
      i++;
    } else if (/\s/.test(char)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      line += (text.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop;
    } else if (char === "'" || char === '"') {
      const quote = text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      const startLine = line;
      let value = '';
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1]!;
          value += { n: '\n', t: '\t', r: '\r' }[next] ?? next;
          i += 2;
          continue;
        }
        if (text[i] === '\n') {
          if (quote.length === 1) throw new Error(`line ${line}: unterminated string`);
          line++;
        }
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new Error(`line ${startLine}: unterminated string`);
      i += quote.length;
      tokens.push({ kind: 'string', value, quote, line: startLine });
    } else if (/[A-Za-z_$]/.test(char)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_$.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'word', value: text.slice(i, j), line });
      i = j;
    } else {
      tokens.push({ kind: 'punct', value: char, line });
      i++;
    }
  }
  return tokens;
}

const BINDING_KINDS = new Set([
  'usernamePassword',
  'usernameColonPassword',
  'string',
  'file',
  'sshUserPrivateKey',
  'certificate',
  'aws',
  'AmazonWebServicesCredentialsBinding',
]);

export function parseJenkinsfile(text: string): ParsedJenkinsfile {
  const tokens = tokenize(text);
  const lines = text.split('\n');
  const result: ParsedJenkinsfile = {
    stages: [],
    shSteps: [],
    credentials: [],
    groovyTemplates: [],
    environmentLiterals: [],
    secretVariables: [],
  };
  // Open blocks: what opened them, so that a closing brace or parenthesis knows what ends.
  const blocks: { kind: 'stage' | 'environment' | 'withCredentials' | 'other'; stage?: Stage }[] =
    [];
  let pendingBlock: 'stage' | 'environment' | 'withCredentials' | undefined;
  let pendingStage: Stage | undefined;
  const parenDepthOfWithCredentials: number[] = [];
  let parenDepth = 0;
  const stageStack = () => blocks.filter((b) => b.kind === 'stage').map((b) => b.stage!);
  const inEnvironment = () => blocks.some((b) => b.kind === 'environment');
  const inWithCredentials = () =>
    blocks.some((b) => b.kind === 'withCredentials') || parenDepthOfWithCredentials.length > 0;

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    const next = tokens[t + 1];
    if (token.kind === 'string') {
      if (token.quote.startsWith('"')) result.groovyTemplates.push(token);
      continue;
    }
    if (token.kind === 'punct') {
      if (token.value === '(') parenDepth++;
      if (token.value === ')') {
        if (parenDepthOfWithCredentials.at(-1) === parenDepth) {
          parenDepthOfWithCredentials.pop();
          pendingBlock = 'withCredentials';
        }
        parenDepth--;
      }
      if (token.value === '{') {
        blocks.push({ kind: pendingBlock ?? 'other', stage: pendingStage });
        pendingBlock = undefined;
        pendingStage = undefined;
      }
      if (token.value === '}') {
        const closed = blocks.pop();
        if (closed?.kind === 'stage' && closed.stage) {
          const startLine = closed.stage.line;
          closed.stage.body = lines.slice(startLine - 1, token.line).join('\n');
        }
      }
      continue;
    }
    const word = token.value;
    if (word === 'stage' && next?.value === '(' && tokens[t + 2]?.kind === 'string') {
      const stage: Stage = {
        name: tokens[t + 2]!.value,
        line: token.line,
        parents: stageStack().map((s) => s.name),
        body: '',
      };
      result.stages.push(stage);
      pendingBlock = 'stage';
      pendingStage = stage;
    } else if (word === 'environment' && next?.value === '{') {
      pendingBlock = 'environment';
    } else if (word === 'withCredentials' && next?.value === '(') {
      parenDepthOfWithCredentials.push(parenDepth + 1);
      result.credentials.push(...bindingsAfter(tokens, t + 1, token.line));
    } else if (word === 'credentials' && next?.value === '(') {
      const id = tokens[t + 2]?.kind === 'string' ? tokens[t + 2]!.value : undefined;
      result.credentials.push({
        kind: 'credentials',
        id,
        line: token.line,
        inEnvironment: inEnvironment(),
        inWithCredentials: inWithCredentials(),
      });
    } else if (word === 'sh') {
      result.shSteps.push({
        ...shCommand(tokens, t + 1),
        line: token.line,
        stage: stageStack().at(-1)?.name,
        inEnvironment: inEnvironment(),
      });
    } else if (inEnvironment() && next?.value === '=' && tokens[t + 2]?.value === 'credentials') {
      result.secretVariables.push(word);
    } else if (inEnvironment() && next?.value === '=' && tokens[t + 2]?.kind === 'string') {
      const literal = tokens[t + 2] as { value: string; quote: string };
      result.environmentLiterals.push({ name: word, value: literal.value, line: token.line });
    }
  }
  for (const use of result.credentials)
    if (use.kind !== 'credentials') use.inWithCredentials = true;
  return result;
}

/** `sh 'x'`, `sh(script: 'x', returnStdout: true)`, `sh script: 'x'`, `sh("x")`. */
function shCommand(tokens: Token[], at: number): { command?: string; quote?: string } {
  let t = at;
  if (tokens[t]?.value === '(') t++;
  if (tokens[t]?.value === 'script' && tokens[t + 1]?.value === ':') t += 2;
  const token = tokens[t];
  if (token?.kind !== 'string') return {};
  return { command: token.value, quote: token.quote };
}

/** The bindings listed in `withCredentials([...])`, starting at its `(`. */
function bindingsAfter(tokens: Token[], open: number, line: number): CredentialUse[] {
  const uses: CredentialUse[] = [];
  let depth = 0;
  let current: CredentialUse | undefined;
  for (let t = open; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.value === '(' || token.value === '[') depth++;
    if (token.value === ')' || token.value === ']') depth--;
    if (depth === 0) break;
    const next = tokens[t + 1];
    if (token.kind === 'word' && next?.value === '(' && depth === 2) {
      current = {
        kind: token.value,
        line: token.line,
        inEnvironment: false,
        inWithCredentials: true,
      };
      uses.push(current);
    }
    if (token.kind === 'word' && token.value === '$class' && next?.value === ':') {
      const kind = tokens[t + 2]?.kind === 'string' ? tokens[t + 2]!.value : '?';
      current = { kind, line: token.line, inEnvironment: false, inWithCredentials: true };
      uses.push(current);
    }
    if (token.kind === 'word' && token.value === 'credentialsId' && next?.value === ':') {
      const id = tokens[t + 2];
      if (current && id?.kind === 'string') current.id = id.value;
    }
  }
  if (uses.length === 0)
    uses.push({ kind: '?', line, inEnvironment: false, inWithCredentials: true });
  return uses;
}

/** Yarn's own commands (`yarn <builtin>`), as opposed to package scripts. */
const YARN_BUILTINS = new Set([
  'add',
  'bin',
  'cache',
  'config',
  'constraints',
  'dedupe',
  'dlx',
  'exec',
  'explain',
  'info',
  'install',
  'npm',
  'pack',
  'rebuild',
  'remove',
  'run',
  'up',
  'why',
  'workspace',
  'workspaces',
]);

/** Runs `yarn` with the repository's release; its first argument is checked like `yarn`'s. */
const YARN_WRAPPER = 'tools/ci/yarn.sh';

/** Tools a step must not call directly or through a script: Jenkins never deploys. */
const CLUSTER_WRITERS =
  /\b(kubectl|helm|kustomize|argocd\s+app\s+(sync|set|create)|terraform\s+apply|tofu\s+apply)\b/;

export interface CheckOptions {
  repoRoot: string;
  /** Stage names the pipeline must have, in this order. */
  requiredStages: string[];
}

/** Problems found in the Jenkinsfile, one sentence each (empty when it passes). */
export function checkJenkinsfile(text: string, options: CheckOptions): string[] {
  const problems: string[] = [];
  let parsed: ParsedJenkinsfile;
  try {
    parsed = parseJenkinsfile(text);
  } catch (err) {
    return [`cannot read the Jenkinsfile: ${(err as Error).message}`];
  }
  const { repoRoot } = options;
  const rootScripts: Record<string, string> =
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts ?? {};

  // Stages: all there, in order.
  const names = parsed.stages.map((s) => s.name);
  let previous = -1;
  for (const required of options.requiredStages) {
    const index = names.indexOf(required);
    if (index < 0) problems.push(`stage "${required}" is missing`);
    else if (index < previous) problems.push(`stage "${required}" comes too early`);
    else previous = index;
  }
  if (!/\btriggers\s*\{[^}]*\b(githubPush|pollSCM)\s*\(/.test(text))
    problems.push('no trigger on commits (githubPush() or pollSCM in triggers { })');

  // Every sh step: a literal, single-quoted, calling only the repository's own commands.
  const scriptsRun = new Set<string>();
  for (const step of parsed.shSteps) {
    const where = `sh at line ${step.line}${step.stage ? ` (stage "${step.stage}")` : ''}`;
    if (step.command === undefined) {
      problems.push(`${where}: the command is computed in Groovy, not a string literal`);
      continue;
    }
    if (step.quote?.startsWith('"'))
      problems.push(
        `${where}: double-quoted, so Groovy interpolates it (credentials included) before sh runs; use single quotes and let the shell expand variables`,
      );
    for (const simple of simpleCommands(step.command)) {
      const problem = checkCommand(simple, repoRoot, rootScripts, scriptsRun);
      if (problem) problems.push(`${where}: ${problem}`);
    }
  }
  if (parsed.shSteps.length === 0) problems.push('no sh steps at all');

  // Nothing the pipeline runs may write to a cluster: Argo CD applies what main says.
  if (tokenize(text).some((t) => t.kind === 'string' && CLUSTER_WRITERS.test(t.value)))
    problems.push(
      'the Jenkinsfile calls a cluster tool; Argo CD deploys, Jenkins only commits tags',
    );
  for (const script of scriptsRun) {
    const source = stripComments(readFileSync(path.join(repoRoot, script), 'utf8'));
    if (CLUSTER_WRITERS.test(source))
      problems.push(`${script} (run by the pipeline) calls a cluster tool; Jenkins never deploys`);
  }

  // Credentials: only through bindings, never as literals, never interpolated by Groovy.
  const boundVariables = new Set<string>();
  for (const use of parsed.credentials) {
    if (use.kind === 'credentials' && !use.inEnvironment)
      problems.push(`line ${use.line}: credentials() outside an environment { } block`);
    if (use.kind !== 'credentials' && !BINDING_KINDS.has(use.kind))
      problems.push(`line ${use.line}: unknown credential binding "${use.kind}"`);
    if (!use.id) problems.push(`line ${use.line}: a credential binding without a credentialsId`);
  }
  for (const match of text.matchAll(/\b\w*[vV]ariable\s*:\s*'([A-Za-z_][A-Za-z0-9_]*)'/g))
    boundVariables.add(match[1]!);
  for (const name of parsed.secretVariables) boundVariables.add(name);
  for (const template of parsed.groovyTemplates) {
    for (const variable of boundVariables) {
      if (new RegExp(`\\$\\{?(env\\.)?${variable}\\b`).test(template.value))
        problems.push(`line ${template.line}: Groovy interpolates the secret ${variable}`);
    }
  }
  const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|ACCESS_KEY|PRIVATE_KEY|API_KEY)/i;
  for (const literal of parsed.environmentLiterals)
    if (SECRET_NAME.test(literal.name))
      problems.push(
        `line ${literal.line}: ${literal.name} is a literal; secrets come from credentials() or withCredentials`,
      );
  const SECRET_VALUE =
    /\b(AKIA|ASIA)[A-Z0-9]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bgh[pousr]_[A-Za-z0-9]{20,}/;
  if (SECRET_VALUE.test(text)) problems.push('the Jenkinsfile contains what looks like a secret');

  return problems;
}

/** A shell script without its comments (whole-line and trailing). */
function stripComments(source: string): string {
  return source
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
}

/** Splits a shell command line into its simple commands (on `&&`, `||`, `;`, `|`, newlines). */
export function simpleCommands(command: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && command[i + 1] === '\n') {
      i++;
    } else if (char === '\n' || char === ';' || char === '|' || char === '&') {
      if ((char === '|' || char === '&') && command[i + 1] === char) i++;
      endCommand();
    } else if (/\s/.test(char)) {
      endWord();
    } else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  // Leading VAR=value assignments are part of the environment, not the command.
  return commands
    .map((c) => {
      let first = 0;
      while (first < c.length && /^[A-Za-z_]\w*=/.test(c[first]!)) first++;
      return c.slice(first);
    })
    .filter((c) => c.length > 0);
}

function checkCommand(
  words: string[],
  repoRoot: string,
  rootScripts: Record<string, string>,
  scriptsRun: Set<string>,
): string | undefined {
  const [program, ...args] = words;
  if (!program) return undefined;
  if (program === 'yarn') return `runs yarn directly; the agent has none: use ./${YARN_WRAPPER}`;
  if (program === 'node') return checkNodeFile(args[0], repoRoot);
  if (!program.includes('/'))
    return `calls \`${program}\` directly; a step runs a script or package command of the repository`;
  const rel = path.posix.normalize(program.replace(/^\.\//, ''));
  if (rel.startsWith('..') || path.isAbsolute(program))
    return `${program} is outside the repository`;
  const file = path.join(repoRoot, rel);
  if (!existsSync(file)) return `${program} does not exist`;
  if ((statSync(file).mode & 0o111) === 0) return `${program} is not executable`;
  scriptsRun.add(rel);
  if (rel === YARN_WRAPPER) return checkYarnArgs(args, repoRoot, rootScripts);
  return undefined;
}

function checkYarnArgs(
  args: string[],
  repoRoot: string,
  rootScripts: Record<string, string>,
): string | undefined {
  let [name] = args;
  if (name === undefined) return 'yarn without a command';
  if (name === 'run') name = args[1];
  if (name === undefined) return '`yarn run` without a script';
  if (rootScripts[name] !== undefined) {
    // A script that runs a compiled command: its source must exist.
    const node = /^node\s+(\S+)/.exec(rootScripts[name]!);
    if (node) {
      const problem = checkNodeFile(node[1], repoRoot);
      if (problem) return `root script "${name}": ${problem}`;
    }
    return undefined;
  }
  if (args[0] !== 'run' && YARN_BUILTINS.has(name)) return undefined;
  return `\`yarn ${name}\` is neither a root package.json script nor a Yarn command`;
}

/** `node <file>`: the file, or for compiled output (`<pkg>/dist/x.js`) its source `<pkg>/src/x.ts`. */
function checkNodeFile(file: string | undefined, repoRoot: string): string | undefined {
  if (!file) return '`node` without a file';
  if (existsSync(path.join(repoRoot, file))) return undefined;
  const source = file.replace(/(^|\/)dist\//, '$1src/').replace(/\.js$/, '.ts');
  if (source !== file && existsSync(path.join(repoRoot, source))) return undefined;
  return `${file} does not exist (nor its source ${source})`;
}
