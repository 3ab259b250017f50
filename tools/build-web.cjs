#!/usr/bin/env node
// `yarn build`'s last step: each workspace's `build:web` (vite for the four UI services,
// Backstage's bundler for the portal app), skipped when its inputs have not changed since its
// last successful build in this checkout. Those bundles are most of `yarn build`, which
// tools/start.sh and tools/test.sh run every time.
//
// A workspace opts in with `"buildWeb": { "inputs": [...], "output": "dist/web" }` in its
// package.json (paths relative to it). Its fingerprint covers the content of every input file
// (node_modules and dist folders below an input are not read), yarn.lock and the build:web
// command; it is written to <output>/.build-web-inputs only after the build succeeded, so a
// failed or interrupted build runs again, and so does one whose output is gone. A workspace
// without `buildWeb` always builds. BUILD_WEB=always builds everything.
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.git']);
const STAMP = '.build-web-inputs';

function yarn(args, options = {}) {
  // Inside `yarn run`, npm_execpath runs the Yarn release this repository pins.
  const command = process.env.npm_execpath ?? 'yarn';
  return spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', ...options });
}

function* filesBelow(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield entry;
    return;
  }
  if (!stat.isDirectory()) return;
  for (const name of fs.readdirSync(entry).sort()) {
    const full = path.join(entry, name);
    if (SKIPPED_FOLDERS.has(name) && fs.statSync(full).isDirectory()) continue;
    yield* filesBelow(full);
  }
}

function fingerprint(dir, manifest) {
  const hash = createHash('sha256');
  hash.update(manifest.scripts['build:web']);
  for (const input of ['yarn.lock', ...manifest.buildWeb.inputs.map((p) => path.join(dir, p))]) {
    const resolved = path.resolve(repoRoot, input);
    for (const file of filesBelow(resolved)) {
      hash.update(`\0${path.relative(repoRoot, file)}\0`);
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** The workspaces with a build:web script, and whether each must build. */
function plan() {
  const listed = yarn(['workspaces', 'list', '--json']);
  if (listed.status !== 0) throw new Error(`yarn workspaces list failed:\n${listed.stderr}`);
  return listed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .flatMap(({ name, location }) => {
      const dir = path.join(repoRoot, location);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (!manifest.scripts?.['build:web']) return [];
      if (!manifest.buildWeb) return [{ name, location, stamp: undefined, current: undefined }];
      const output = path.join(dir, manifest.buildWeb.output);
      const stamp = path.join(output, STAMP);
      const current = fingerprint(location, manifest);
      const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : undefined;
      const upToDate = process.env.BUILD_WEB !== 'always' && previous === current;
      return upToDate ? [] : [{ name, location, stamp, current }];
    });
}

function main() {
  const started = Date.now();
  const stale = plan();
  if (stale.length === 0) {
    console.log(
      'build:web: every front-end bundle is up to date with its inputs; nothing to build',
    );
    return;
  }
  console.log(`build:web: building ${stale.map((w) => w.location).join(', ')}`);
  for (const w of stale) if (w.stamp) fs.rmSync(w.stamp, { force: true });
  const include = stale.flatMap((w) => ['--include', w.name]);
  const built = yarn(
    ['workspaces', 'foreach', '--all', '--parallel', '--jobs', '2', ...include, 'run', 'build:web'],
    { stdio: 'inherit' },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  for (const w of stale) if (w.stamp) fs.writeFileSync(w.stamp, `${w.current}\n`);
  console.log(`build:web: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
