#!/bin/sh
# Builds one workspace of services/ as the root `yarn build` does (tsc -b, which also builds
# the project references such as service-kit, then the package's own `build:web` if it has one)
# and puts what the runtime needs into .image/services/<service>/: package.json with only the
# dependencies the server code loads, dist/, and migrations/ and seeds/ when present.
set -eu
service=${1:?usage: build.sh <service>}
dir="services/$service"
yarn_release=$(sed -n 's/^yarnPath: *//p' .yarnrc.yml)
yarn() { node "$yarn_release" "$@"; }
export YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0

node node_modules/typescript/bin/tsc -b "$dir/tsconfig.build.json"
if node -e "process.exit(require('./$dir/package.json').scripts?.['build:web'] ? 0 : 1)"; then
  yarn workspace "@globalretail/$service" run build:web
fi

out=".image/$dir"
rm -rf "$out"
mkdir -p "$out"
cp -R "$dir/dist" "$out/dist"
# Declarations and the incremental-build record are for compilers, not for node.
find "$out/dist" \( -name '*.d.ts' -o -name '*.tsbuildinfo' \) -type f -exec rm -f {} +
for data in migrations seeds; do
  if [ -d "$dir/$data" ]; then cp -R "$dir/$data" "$out/$data"; fi
done
node tools/docker/runtime-manifest.cjs "$dir/package.json" "$out/dist" >"$out/package.json"
