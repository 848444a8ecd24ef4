#!/usr/bin/env bash
# Brings a fresh Debian machine with only Node and npm up to what the app (or the test suite)
# needs: Node 24, Debian packages when run as root, npm dependencies when the lock file changed,
# a build when the sources changed.
# Usage: scripts/setup.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-app}

source scripts/node-runtime.sh
source scripts/apt-wait.sh
use_node_runtime

# Says how long a step really took, so the estimates printed before it can be checked.
took() {
  local s=$(($(date +%s) - $1))
  printf '%dm %02ds' $((s / 60)) $((s % 60))
}

packages=(chromium fonts-dejavu-core fonts-liberation2 tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym)
if [ "$purpose" = test ]; then packages+=(poppler-utils postgresql); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    # Chromium brings a hundred or so libraries with it: several minutes on a small machine.
    echo "setup: installing Debian packages: ${missing[*]} (several minutes; longer if another install holds the package manager, which the set-up waits for)"
    step=$(date +%s)
    apt_get_waiting update -qq
    export DEBIAN_FRONTEND=noninteractive
    apt_get_waiting install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "setup: Debian packages installed in $(took "$step")"
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    if [ "$purpose" = test ]; then exit 1; fi
    echo "setup: starting anyway; PDF case files need chromium." >&2
  fi
fi

# Reinstall only when the lock file changed since the last install on this machine.
stamp=node_modules/.installed-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # About 960 packages. With npm's cache warm it takes about a minute; on a fresh two-core
  # machine, downloading everything and compiling the native modules when no prebuilt binary
  # matches, it has taken ten.
  echo "setup: installing npm dependencies (about a minute when npm's cache has them, up to ten minutes on a fresh machine)"
  step=$(date +%s)
  err=$(mktemp)
  if ! npm ci --no-audit --no-fund --loglevel=error 2>"$err"; then
    # npm 11.16+ can refuse a lock file it wrote itself when an optional, other-platform package
    # is unavailable (npm/cli#9846). npm install still installs exactly the locked versions.
    if grep -q 'EUSAGE' "$err"; then
      echo "setup: npm ci refused the lock file (npm bug 9846); installing the locked versions with npm install"
      npm install --no-save --no-audit --no-fund --loglevel=error
    else
      cat "$err" >&2
      exit 1
    fi
  fi
  rm -f "$err"
  echo "$want" >"$stamp"
  echo "setup: npm dependencies installed in $(took "$step")"
fi

# Build only when something the build reads has changed since the last one. The build empties
# dist/ first, so rebuilding for nothing would break anything running from it: the built app a
# test starts, or a second start beside a running test suite.
build_inputs() {
  find src database templates -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  sha256sum tsconfig.json nest-cli.json package.json package-lock.json scripts/precompile-templates.mjs
  node --version
}
build_stamp=dist/.build-inputs-sha256
want_build=$(build_inputs | sha256sum | cut -d' ' -f1)
if [ -f "$build_stamp" ] && [ "$(cat "$build_stamp")" = "$want_build" ]; then
  echo "setup: the build is up to date"
else
  echo "setup: building (about half a minute)"
  step=$(date +%s)
  npm run --silent build
  echo "$want_build" >"$build_stamp"
  echo "setup: built in $(took "$step")"
fi
