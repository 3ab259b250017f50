#!/usr/bin/env bash
# Runs the repository's Yarn (the release committed under .yarn/releases, with the Node that
# tools/env.sh provides) from the repository root, for pipeline steps:
#   tools/ci/yarn.sh lint
#   tools/ci/yarn.sh release set all "$IMAGE_TAG" --push
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
cd "$REPO_ROOT"
yarn "$@"
