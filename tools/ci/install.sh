#!/usr/bin/env bash
# Pipeline stage "Install": Node 24 when the agent's Node is older than 22 (tools/env.sh), then
# `yarn install --immutable` (a lockfile that does not match package.json fails here) and
# `yarn build`, so that later stages run the compiled tools and scripts.
set -euo pipefail
export CI=true
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
install_dependencies
