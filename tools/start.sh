#!/usr/bin/env bash
# The README's start command: installs what is needed, builds, starts an embedded PostgreSQL
# (data in .data/postgres; or uses DATABASE_URL) and every service, prints the URLs and the
# demo sign-ins, and stops everything on Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
install_dependencies
cd "$REPO_ROOT"
exec node tools/dist/launcher/start.js
