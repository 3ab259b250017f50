// Prints a workspace's package.json keeping only the dependencies its compiled server code
// loads. The UI services declare react, react-dom and recharts as dependencies although vite
// bundles them into dist/web at build time; installing them again in the runtime image would
// add ~50 MB that node never reads.
//   node runtime-manifest.cjs <package.json> <dist dir> > <pruned package.json>
// tsc compiles every import to a literal require("..."), so scanning dist finds each package
// the server can load. A required package the manifest does not declare is an error: the
// focused production install would not be guaranteed to provide it.
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const [manifestPath, distDir] = process.argv.slice(2);
if (!manifestPath || !distDir) {
  console.error('usage: runtime-manifest.cjs <package.json> <dist dir>');
  process.exit(64);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* serverScripts(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // dist/web is the browser bundle vite wrote; node never loads it.
    if (entry.isDirectory() && !(dir === distDir && entry.name === 'web'))
      yield* serverScripts(full);
    else if (entry.isFile() && /\.[cm]?js$/.test(entry.name)) yield full;
  }
}

const required = new Set();
for (const file of serverScripts(distDir)) {
  const source = fs.readFileSync(file, 'utf8');
  for (const match of source.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
    const specifier = match[1];
    if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
    required.add(packageName(specifier));
  }
}

const declared = manifest.dependencies ?? {};
const undeclared = [...required].filter((name) => !(name in declared) && name !== manifest.name);
if (undeclared.length > 0) {
  console.error(
    `${manifestPath}: dist loads ${undeclared.join(', ')}, which "dependencies" does not declare`,
  );
  process.exit(1);
}
manifest.dependencies = Object.fromEntries(
  Object.entries(declared).filter(([name]) => required.has(name)),
);
delete manifest.devDependencies;
process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
