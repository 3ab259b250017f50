#!/usr/bin/env bash
# Prints `true` when the checked-out commit changes nothing but image tags and their rendered
# manifests (gitops/image-tags/, gitops/rendered/): a commit the release command made, or a
# rollback that reverted one. Its images already exist, so the pipeline tests it but does not
# build and release again; without this, every release commit would trigger another release.
# Prints `false` otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
changed=$(git diff-tree --no-commit-id --name-only -r --root HEAD)
if [ -n "$changed" ] && ! grep -Ev '^gitops/(image-tags|rendered)/' <<<"$changed" >/dev/null; then
  echo true
else
  echo false
fi
