// Prints the root package.json with only the devDependencies the image builds use: the
// compiler, vite and its plugins, and type packages. The root also lists the test, lint and
// Backstage tooling (jest, eslint, playwright, @backstage/cli...), four times as many files
// that no image build reads; leaving them out makes the shared build layer ~180 MB instead
// of ~800 MB. A build that needs another root tool fails with "Cannot find module": add its
// name here.
//   node build-tools-manifest.cjs <root package.json> > <package.json for the build stage>
const fs = require('node:fs');

const BUILD_TOOLS = [/^typescript$/, /^vite$/, /^@vitejs\//, /^@types\//];

const [manifestPath] = process.argv.slice(2);
if (!manifestPath) {
  console.error('usage: build-tools-manifest.cjs <root package.json>');
  process.exit(64);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
manifest.devDependencies = Object.fromEntries(
  Object.entries(manifest.devDependencies ?? {}).filter(([name]) =>
    BUILD_TOOLS.some((pattern) => pattern.test(name)),
  ),
);
process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
