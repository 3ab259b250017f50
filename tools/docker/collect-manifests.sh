#!/bin/sh
# Copies what a `yarn workspaces focus` reads, and nothing else, from the build context (the
# current directory) to $1: every workspace manifest, the lockfile, the Yarn config and release,
# and these scripts. The install layers of the Dockerfiles depend on this output only, so a
# source change does not invalidate them (Docker checksums COPY sources by content).
# POSIX sh and busybox-compatible options only: it runs in node:alpine and, for the image test
# (tools/test/docker), on the host.
set -eu
out=${1:?usage: collect-manifests.sh <output dir, relative>}
mkdir -p "$out"
# Yarn needs every workspace's manifest (not only the focused ones) to accept the lockfile.
find . -name node_modules -prune -o -path "./$out" -prune -o -name package.json -type f -print |
  while read -r manifest; do
    mkdir -p "$out/$(dirname "$manifest")"
    cp "$manifest" "$out/$manifest"
  done
cp yarn.lock .yarnrc.yml "$out/"
mkdir -p "$out/.yarn" "$out/tools/docker"
cp -R .yarn/releases "$out/.yarn/"
cp tools/docker/*.sh tools/docker/*.cjs "$out/tools/docker/"
