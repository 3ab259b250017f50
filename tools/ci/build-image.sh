#!/usr/bin/env bash
# Builds one service's image with the same command as on a laptop, tagged for the pipeline:
#   tools/ci/build-image.sh <service> <tag>   ->   supplychain-crm/<service>:<tag>
# BuildKit is required (the Dockerfiles use cache mounts). The commit id goes into the image's
# org.opencontainers.image.revision label.
set -euo pipefail
service=${1:?usage: build-image.sh <service> <tag>}
tag=${2:?usage: build-image.sh <service> <tag>}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ ! -f "services/$service/Dockerfile" ]; then
  echo "no Dockerfile for \"$service\" (services/$service/Dockerfile)" >&2
  exit 64
fi
DOCKER_BUILDKIT=1 docker build \
  --file "services/$service/Dockerfile" \
  --build-arg "VCS_REF=$(git rev-parse HEAD)" \
  --tag "supplychain-crm/$service:$tag" \
  --progress plain \
  .
