#!/usr/bin/env bash
# The README's test command: installs what is needed (Node 24 if the machine's Node is older
# than 22, the workspace dependencies), builds, then runs type checks, lint and every test
# against a real PostgreSQL (embedded unless DATABASE_URL is set). CI runs exactly this.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
install_dependencies
cd "$REPO_ROOT"
echo "==> type check"
yarn typecheck
echo "==> lint"
yarn lint
echo "==> tests"
yarn jest --ci "$@"
