#!/usr/bin/env bash
# Makes a fresh machine ready for `npm start` / `npm test`: the Debian packages code-server and the e2e tests need,
# and the project's npm dependencies. Does nothing when everything is there already.
#   bash scripts/ensure-prerequisites.sh start   # ripgrep, build tools, libkrb5-dev (code-server's native modules)
#   bash scripts/ensure-prerequisites.sh test    # the same, plus chromium for the end-to-end tests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
purpose="${1:-test}"

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v git >/dev/null || missing+=(git)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "$purpose" = test ]; then [ -x "${VIBE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" ca-certificates
  else
    echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm ci when node_modules is absent or older than the lockfile. onnxruntime-node's install script would download
# CUDA files and fails offline; its CPU binaries ship in the npm tarball.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing npm dependencies (npm ci)"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
