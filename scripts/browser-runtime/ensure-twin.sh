#!/usr/bin/env bash
# Makes sure the twin runtime exists: a Debian sid chroot whose CPython, numpy, pandas (3, from experimental),
# matplotlib, scipy, scikit-learn and statsmodels match what Pyodide runs in the browser (NOTES.md, "The twin
# runtime"). Built once per recipe (recipe.env) into a cache folder outside the clone and reused: a folder counts as
# complete only when its stamp, written last, exists, so an interrupted build is thrown away and redone.
# Needs root and debootstrap (.ci/run installs it). Prints the chroot's path on stdout; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=recipe.env
source "$here/recipe.env"
dir="$("$here/twin-dir.sh")"
stamp="$dir/.twin-complete"

if [ -f "$stamp" ]; then echo "$dir"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "twin: building $dir needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "twin: debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }

mkdir -p "$(dirname "$dir")"
# Two CI runs on one machine must not build the same folder at once: the second waits, then finds the stamp.
exec 9>"$(dirname "$dir")/twin.lock"
flock 9
if [ -f "$stamp" ]; then echo "$dir"; exit 0; fi

started=$(date +%s)
partial="$dir.partial"
# --one-file-system: never descend into anything a killed build might have left mounted.
rm -rf --one-file-system "$partial"
echo "twin: building $dir (debootstrap $TWIN_SUITE, then apt; about two minutes)" >&2

# A private mount namespace: the /proc that apt and debootstrap mount inside the chroot vanishes with this process,
# whatever happens, so nothing stays mounted on the host.
unshare -m --propagation private -- env partial="$partial" TWIN_SUITE="$TWIN_SUITE" TWIN_MIRROR="$TWIN_MIRROR" \
  TWIN_PACKAGES="$TWIN_PACKAGES" TWIN_EXPERIMENTAL_PACKAGES="$TWIN_EXPERIMENTAL_PACKAGES" bash -euo pipefail -c '
  debootstrap --variant=minbase "$TWIN_SUITE" "$partial" "$TWIN_MIRROR" >&2
  printf "deb %s %s main\ndeb %s experimental main\n" "$TWIN_MIRROR" "$TWIN_SUITE" "$TWIN_MIRROR" >"$partial/etc/apt/sources.list"
  mountpoint -q "$partial/proc" || mount -t proc proc "$partial/proc"
  # The mirror is a snapshot whose sid/experimental Release files have expired.
  apt=(chroot "$partial" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false -y -qq)
  "${apt[@]}" update >&2
  # shellcheck disable=SC2086
  "${apt[@]}" install --no-install-recommends $TWIN_PACKAGES >/dev/null
  # shellcheck disable=SC2086
  "${apt[@]}" install --no-install-recommends -t experimental $TWIN_EXPERIMENTAL_PACKAGES >/dev/null
  "${apt[@]}" clean
'
# Smoke test before declaring it complete: every library the tier needs imports.
chroot "$partial" /usr/bin/python3 -c 'import numpy, pandas, matplotlib, scipy, sklearn, statsmodels, pytest, seaborn, nbformat, openpyxl, pyarrow' >&2
date -u +%FT%TZ >"$partial/.twin-complete"
mv "$partial" "$dir"
echo "twin: built in $(( $(date +%s) - started )) s" >&2
echo "$dir"
