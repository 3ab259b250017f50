#!/usr/bin/env bash
# Benchmarks (numbers, not pass/fail): `tools/bench.sh orders` or `tools/bench.sh reservations`,
# optionally `--duration 20 --connections 50`. Starts its own embedded PostgreSQL and services.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
install_dependencies >/dev/null
cd "$REPO_ROOT"
exec node tools/dist/bench/main.js "$@"
