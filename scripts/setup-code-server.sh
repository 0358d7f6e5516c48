#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench + Node extension host) into a cache folder, outside the
# project's own dependencies. Idempotent: a second run with the same version does nothing.
# Offline-safe: @vscode/ripgrep's postinstall would download rg from GitHub, so its cache is seeded with
# Debian's rg first (needs `apt-get install ripgrep`).
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE_DIR="${VIBE_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vibe-coder/code-server-$CODE_SERVER_VERSION}"
BIN="$CACHE_DIR/node_modules/.bin/code-server"

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

command -v rg >/dev/null || { echo "ripgrep is required (apt-get install ripgrep)" >&2; exit 1; }
mkdir -p "$CACHE_DIR"
tmp_root="${TMPDIR:-/tmp}"
seed_dir=$(mktemp -d)
cp "$(command -v rg)" "$seed_dir/rg"
for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
  cache="$tmp_root/vscode-ripgrep-cache-$v"
  mkdir -p "$cache"
  for arch in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
    tar -czf "$cache/ripgrep-v13.0.0-10-$arch.tar.gz" -C "$seed_dir" rg
  done
done
rm -rf "$seed_dir"

cat > "$CACHE_DIR/package.json" <<JSON
{"private": true, "allowScripts": {"code-server": true, "argon2": true, "@vscode/ripgrep": true, "kerberos": true, "node-pty": true, "@parcel/watcher": true, "@vscode/spdlog": true, "@vscode/windows-registry": false, "native-watchdog": true, "@vscode/deviceid": true, "@vscode/native-watchdog": true}}
JSON
(cd "$CACHE_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
[ -x "$BIN" ] || { echo "code-server did not install" >&2; exit 1; }
echo "$BIN"
