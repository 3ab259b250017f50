#!/usr/bin/env bash
# The README's test command: installs what is needed (Node 24 if the machine's Node is older
# than 22, the workspace dependencies, Debian's chromium for the browser tests), builds, then
# runs type checks, lint, every Jest test against a real PostgreSQL (embedded unless
# DATABASE_URL is set) and the Playwright browser tests against the whole system.
# CI runs exactly this.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

ensure_chromium() {
  # Playwright cannot download its browser here; Debian's chromium is the one it drives.
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  echo "==> installing Debian's chromium for the browser tests"
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

install_dependencies
ensure_chromium
cd "$REPO_ROOT"
mkdir -p test-results
echo "==> type check"
yarn typecheck
echo "==> lint"
yarn lint
echo "==> unit, integration and system tests (Jest)"
status=0
rm -f test-results/jest.json test-results/playwright.json
# require(esm) for the ESM-only packages some Backstage and Kubernetes libraries load.
NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" yarn jest --ci --json --outputFile=test-results/jest.json "$@" || status=$?
echo "==> portal frontend tests (Backstage's Jest setup, jsdom)"
rm -f test-results/backstage.json
CI=true yarn backstage-cli repo test --json --outputFile=test-results/backstage.json || status=$?
echo "==> browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$REPO_ROOT/test-results/playwright.json" \
  yarn playwright test -c tools/e2e/playwright.config.ts --reporter=list,json || status=$?
node tools/test-summary.js "$REPO_ROOT/test-results/jest.json" "$REPO_ROOT/test-results/backstage.json" \
  "$REPO_ROOT/test-results/playwright.json"
exit $status
