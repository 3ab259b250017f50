#!/bin/sh
# Workspace-focused installs with the committed Yarn release and lockfile.
#   install.sh build                 the root's build tools (tsc, vite, type packages; see
#                                    build-tools-manifest.cjs) and every service's
#                                    dependencies: the same layer for all nine images
#   install.sh production <service>  only that service's production dependencies (and
#                                    service-kit's), moved to .image/ for the runtime stage
# `workspaces focus` never rewrites yarn.lock; the pipeline's install stage runs
# `yarn install --immutable` first, so a stale lockfile fails there, not here.
set -eu
yarn_release=$(sed -n 's/^yarnPath: *//p' .yarnrc.yml)
yarn() { node "$yarn_release" "$@"; }
export YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0 YARN_ENABLE_GLOBAL_CACHE=1

case "${1:-}" in
  build)
    node tools/docker/build-tools-manifest.cjs package.json >package.json.build-tools
    mv package.json.build-tools package.json
    root=$(node -p 'require("./package.json").name')
    services=$(for manifest in services/*/package.json; do node -p "require('./$manifest').name"; done)
    # shellcheck disable=SC2086 # one argument per workspace name
    yarn workspaces focus "$root" $services
    ;;
  production)
    service=${2:?usage: install.sh production <service>}
    yarn workspaces focus --production "@globalretail/$service"
    mkdir -p .image
    mv node_modules .image/
    # Packages Yarn could not hoist stay beside their workspace.
    for nested in services/*/node_modules; do
      [ -d "$nested" ] || continue
      mkdir -p ".image/$(dirname "$nested")"
      mv "$nested" ".image/$nested"
    done
    ;;
  *)
    echo "usage: install.sh build | install.sh production <service>" >&2
    exit 64
    ;;
esac
