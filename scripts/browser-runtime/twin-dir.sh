#!/usr/bin/env bash
# Prints where the twin chroot for the current recipe lives (it may not exist yet), so that ensure-twin.sh and the
# `python` launcher name the same folder. The name carries a hash of recipe.env's settings (comments and blank lines
# left out, so rewording a comment does not rebuild). TWIN_CACHE overrides the cache root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hash="$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/recipe.env" | sha256sum | cut -c1-12)"
echo "${TWIN_CACHE:-/var/cache/ask-your-data}/twin-$hash"
