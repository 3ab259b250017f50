#!/usr/bin/env bash
# Post-deploy smoke check of a running system, through its api-gateway:
#   GET /healthz       200   the gateway process is alive
#   GET /readyz        200   crm-api, inventory-service, logistics-service and order-service
#                            (the gateway asks each one's /readyz) are ready
#   GET /openapi.json  200   the API description, as JSON with an "openapi" version
# Retries until all three pass or --wait seconds have gone by (Argo CD syncs and rolls out in
# its own time; a rolling update keeps the old pods ready meanwhile).
#
# usage: tools/ci/smoke-check.sh <gateway base URL> [--wait <seconds>]
#   Jenkins:  tools/ci/smoke-check.sh https://us-east-1.supplychain-crm.globalretail.com --wait 600
#   locally:  ./tools/start.sh, then tools/ci/smoke-check.sh http://127.0.0.1:8080
set -euo pipefail

usage() {
  echo "usage: $0 <gateway base URL> [--wait <seconds>]" >&2
  exit 64
}
[ $# -ge 1 ] || usage
base_url=${1%/}
shift
wait_seconds=0
while [ $# -gt 0 ]; do
  case "$1" in
    --wait)
      [ $# -ge 2 ] || usage
      wait_seconds=$2
      shift 2
      ;;
    *) usage ;;
  esac
done
case "$base_url" in http://* | https://*) ;; *) usage ;; esac
case "$wait_seconds" in '' | *[!0-9]*) usage ;; esac

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT

# Prints a reason and returns 1 when `path` does not answer 200 with a body matching `pattern`.
check() {
  local path=$1 pattern=$2 status
  status=$(curl --silent --show-error --max-time 10 --output "$body_file" \
    --write-out '%{http_code}' "$base_url$path" 2>&1) || {
    echo "$path: ${status:-no answer}"
    return 1
  }
  if [ "$status" != 200 ]; then
    echo "$path: HTTP $status $(head -c 300 "$body_file")"
    return 1
  fi
  if ! grep -Eq "$pattern" "$body_file"; then
    echo "$path: HTTP 200 but the body does not match /$pattern/: $(head -c 300 "$body_file")"
    return 1
  fi
}

deadline=$((SECONDS + wait_seconds))
attempt=1
while :; do
  failures=()
  reason=$(check /healthz '"status" *: *"ok"') || failures+=("$reason")
  reason=$(check /readyz '"status" *: *"ready"') || failures+=("$reason")
  reason=$(check /openapi.json '"openapi" *: *"3\.') || failures+=("$reason")
  if [ ${#failures[@]} -eq 0 ]; then
    echo "smoke check passed: $base_url (/healthz, /readyz, /openapi.json) after $attempt attempt(s)"
    exit 0
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "smoke check FAILED for $base_url after $attempt attempt(s):" >&2
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
  fi
  echo "attempt $attempt: ${failures[*]}; retrying"
  attempt=$((attempt + 1))
  sleep 10
done
