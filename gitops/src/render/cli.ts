import path from 'node:path';
import { findDrift, hasDrift, renderAll, writeRendered, type Drift } from './render';

const USAGE = `usage: yarn gitops:render [--check] [--gitops-dir <path>]

Renders gitops/rendered from the generator (gitops/src) and the image tag files
(gitops/image-tags). --check writes nothing and exits 1 when the committed files differ.`;

const describe = (drift: Drift) =>
  [
    ...drift.changed.map((f) => `  changed  ${f}`),
    ...drift.missing.map((f) => `  missing  ${f}`),
    ...drift.extra.map((f) => `  extra    ${f}`),
  ].join('\n');

/** Where the command writes (process.stdout/stderr, or a buffer in tests). */
export interface Output {
  write(text: string): unknown;
}

export function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  let check = false;
  // dist/render/cli.js and src/render/cli.ts both sit two levels below gitops/.
  let gitopsDir = path.resolve(__dirname, '..', '..');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--gitops-dir' && argv[i + 1]) gitopsDir = path.resolve(argv[++i]!);
    else if (arg === '--help' || arg === '-h') {
      out.write(`${USAGE}\n`);
      return 0;
    } else {
      err.write(`unknown argument: ${arg}\n${USAGE}\n`);
      return 2;
    }
  }
  const rendered = renderAll({ gitopsDir });
  if (check) {
    const drift = findDrift(gitopsDir, rendered);
    if (hasDrift(drift)) {
      err.write(
        `gitops/rendered is out of date (run \`yarn build && yarn gitops:render\` and commit):\n${describe(drift)}\n`,
      );
      return 1;
    }
    out.write(`gitops/rendered is up to date (${rendered.size} files)\n`);
    return 0;
  }
  const drift = writeRendered(gitopsDir, rendered);
  out.write(
    hasDrift(drift)
      ? `rendered ${rendered.size} files; updated:\n${describe(drift)}\n`
      : `rendered ${rendered.size} files; nothing changed\n`,
  );
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`gitops:render failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
