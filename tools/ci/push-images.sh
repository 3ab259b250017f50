#!/usr/bin/env bash
# Pushes the nine images built for <tag> to ECR in us-east-1, where the registry replicates
# them to eu-west-1:
#   <account>.dkr.ecr.us-east-1.amazonaws.com/supplychain-crm/<service>:<tag>
# Needs AWS credentials in the environment (Jenkins binds them; nothing is stored here). The
# Docker login lives in a temporary DOCKER_CONFIG that is removed on exit, so no registry
# password stays on the agent. Tags are immutable in ECR: an image already pushed for this
# commit (a re-run) is left as it is.
set -euo pipefail
tag=${1:?usage: push-images.sh <tag>}
region=${AWS_REGION:-us-east-1}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

account=$(aws sts get-caller-identity --query Account --output text)
registry="$account.dkr.ecr.$region.amazonaws.com"
DOCKER_CONFIG=$(mktemp -d)
export DOCKER_CONFIG
trap 'rm -rf "$DOCKER_CONFIG"' EXIT
aws ecr get-login-password --region "$region" |
  docker login --username AWS --password-stdin "$registry"

for dockerfile in services/*/Dockerfile; do
  service=$(basename "$(dirname "$dockerfile")")
  repository="supplychain-crm/$service"
  if aws ecr describe-images --region "$region" --repository-name "$repository" \
    --image-ids "imageTag=$tag" >/dev/null 2>&1; then
    echo "$repository:$tag is already in ECR; not pushing it again"
    continue
  fi
  docker tag "supplychain-crm/$service:$tag" "$registry/$repository:$tag"
  docker push "$registry/$repository:$tag"
done
