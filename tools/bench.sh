#!/usr/bin/env bash
# Benchmarks (numbers, not pass/fail): `tools/bench.sh orders` or `tools/bench.sh reservations`
# (optionally `--duration 20 --connections 50`), `tools/bench.sh startup [--runs 3]`,
# `tools/bench.sh images [service...]`. Each starts its own embedded PostgreSQL and services or
# builds its own images; README "Benchmarks" says what each compares against.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
install_dependencies >/dev/null
cd "$REPO_ROOT"
exec node tools/dist/bench/main.js "$@"
