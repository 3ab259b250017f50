#!/usr/bin/env bash
# Prints the image tag for the checked-out commit: the first 12 hex digits of its id. Immutable
# (ECR refuses to overwrite it) and traceable back to the source; never `latest`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
git rev-parse --short=12 HEAD
