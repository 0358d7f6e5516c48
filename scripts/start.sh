#!/usr/bin/env bash
# The main job: `npm start -- [folder]`. Builds and packages Vibe Coder, installs it into a persistent code-server
# profile, shows the CLI on the folder, then serves VS Code (code-server) with the extension on that folder.
#   PORT             port for code-server on 127.0.0.1 (default 8080)
#   VIBE_DEV_PROFILE profile folder that keeps settings and extension state (default ~/.cache/vibe-coder/dev-profile)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# npm runs scripts from the repo root; INIT_CWD is where the user typed `npm start`, so relative folders work.
FOLDER=$(cd "${INIT_CWD:-$PWD}" && realpath "${1:-$REPO}")
PORT="${PORT:-8080}"
PROFILE="${VIBE_DEV_PROFILE:-${XDG_CACHE_HOME:-$HOME/.cache}/vibe-coder/dev-profile}"
VSIX="$REPO/dist/vibe-coder.vsix"
[ -d "$FOLDER" ] || { echo "Not a folder: $FOLDER" >&2; exit 1; }
cd "$REPO"

step() { printf '\n==> %s\n' "$*"; }

step "Checking prerequisites (scripts/ensure-prerequisites.sh)"
bash scripts/ensure-prerequisites.sh start

step "Building and packaging the extension (npm run package)"
npm run --silent package

step "Setting up code-server (scripts/setup-code-server.sh)"
CODE_SERVER=$(bash scripts/setup-code-server.sh)

# code-server must not talk to a VS Code this shell may run inside, and reads $PORT itself.
cs() { env -u VSCODE_IPC_HOOK_CLI -u VSCODE_IPC_HOOK -u PASSWORD -u HASHED_PASSWORD PORT="$PORT" "$CODE_SERVER" --config "$PROFILE/config.yaml" --user-data-dir "$PROFILE/user-data" --extensions-dir "$PROFILE/extensions" "$@"; }

step "Installing $VSIX into $PROFILE"
mkdir -p "$PROFILE/user-data/User" "$PROFILE/extensions"
[ -f "$PROFILE/config.yaml" ] || printf 'auth: none\ncert: false\n' > "$PROFILE/config.yaml"
# First run only: later runs keep whatever the user changed in Settings.
if [ ! -f "$PROFILE/user-data/User/settings.json" ]; then
  cat > "$PROFILE/user-data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.tips.enabled": false
}
JSON
fi
cs --install-extension "$VSIX" --force

CLI="node $REPO/dist/cli/vibe.js"
URL="http://127.0.0.1:$PORT/?folder=$FOLDER"
cat <<EOF

Vibe Coder is ready.
  Open VS Code in a browser:   $URL
  Then: F1 -> "Vibe Coder: Search Code" (Ctrl+Alt+F), "Vibe Coder: Show Index Status", ...

The same server also runs from the command line:
  $CLI index "$FOLDER"
  $CLI search "$FOLDER" "query"
  $CLI status "$FOLDER"
  (add --embedder transformers --model <id|folder> for semantic search; --help for everything)
EOF

step "Indexing $FOLDER once with the CLI"
if ! $CLI index "$FOLDER"; then
  echo "(the CLI could not index $FOLDER; see the message above. code-server starts anyway.)" >&2
fi

step "Starting code-server on 127.0.0.1:$PORT (Ctrl+C stops it)"
echo "$URL"
exec env -u VSCODE_IPC_HOOK_CLI -u VSCODE_IPC_HOOK -u PASSWORD -u HASHED_PASSWORD PORT="$PORT" "$CODE_SERVER" \
  --config "$PROFILE/config.yaml" --user-data-dir "$PROFILE/user-data" --extensions-dir "$PROFILE/extensions" \
  --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check --disable-getting-started-override \
  "$FOLDER"
