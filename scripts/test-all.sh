#!/usr/bin/env bash
# Every check the project has, in order: typecheck, lint, unit tests, build, integration tests, package (+ VSIX
# check), end-to-end tests. Stops at the first failing step, and always ends with a summary whose LAST line is
#   N passed, N failed
# N counts mocha test cases across the three test tiers. A step that fails without failing test cases (typecheck,
# lint, build, package, or a mocha run that crashed) adds 1 to "failed", so a broken run never reads "0 failed".
#
# Usage: bash scripts/test-all.sh [step...]   (steps: typecheck lint unit build integration package e2e; default all)
# Logs of each step: test-results/logs/<step>.log
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALL_STEPS=(typecheck lint unit build integration package e2e)
if [ $# -gt 0 ]; then STEPS=("$@"); else STEPS=("${ALL_STEPS[@]}"); fi
for step in "${STEPS[@]}"; do
  case " ${ALL_STEPS[*]} " in *" $step "*) ;; *) echo "unknown step: $step (known: ${ALL_STEPS[*]})" >&2; exit 2 ;; esac
done

LOG_DIR="test-results/logs"
mkdir -p "$LOG_DIR"
BIN="node_modules/.bin"
passed=0
failed=0
stopped_at=""
summary=()

# Mocha's spec reporter ends with "  N passing (Xs)", "  N pending", "  N failing"; take the last of each.
mocha_count() { # <log> <word>
  grep -Eo "^ +[0-9]+ $2" "$1" | tail -n 1 | grep -Eo '[0-9]+' || echo 0
}

run_step() { # <name> <is-mocha: yes|no> <command...>
  local name="$1" is_mocha="$2"
  shift 2
  local log="$LOG_DIR/$name.log" start end status
  echo
  echo "=== $name: $*"
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  end=$(date +%s)
  local detail=""
  if [ "$is_mocha" = yes ]; then
    local p f pending
    p=$(mocha_count "$log" passing)
    f=$(mocha_count "$log" failing)
    pending=$(mocha_count "$log" pending)
    passed=$((passed + p))
    failed=$((failed + f))
    detail=" ($p passed, $f failed, $pending pending)"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
      failed=$((failed + 1))
      detail="$detail, exited $status without a failing test: counted as 1 failure"
    fi
  elif [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
  fi
  if [ "$status" -eq 0 ]; then
    summary+=("PASS  $name  $((end - start))s$detail")
  else
    summary+=("FAIL  $name  $((end - start))s$detail  (log: $log)")
    stopped_at="$name"
  fi
  return "$status"
}

e2e_prerequisites() {
  [ -x "${VIBE_CHROMIUM:-/usr/bin/chromium}" ] || { echo "Chromium is missing at ${VIBE_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"; return 1; }
  [ -f "${VIBE_VSIX:-dist/vibe-coder.vsix}" ] || { echo "${VIBE_VSIX:-dist/vibe-coder.vsix} is missing: the package step makes it"; return 1; }
  VIBE_CODE_SERVER=$(bash scripts/setup-code-server.sh) || return 1
  export VIBE_CODE_SERVER
}

for step in "${STEPS[@]}"; do
  case "$step" in
    typecheck) run_step typecheck no "$BIN/tsc" -b ;;
    lint) run_step lint no "$BIN/eslint" . ;;
    unit) run_step unit yes "$BIN/mocha" --config test/unit/.mocharc.json ;;
    build) run_step build no node esbuild.config.mjs ;;
    integration) run_step integration yes "$BIN/mocha" --config test/integration/.mocharc.json ;;
    package) run_step package no npm run --silent package ;;
    e2e)
      if e2e_prerequisites; then
        run_step e2e yes "$BIN/mocha" --config test/e2e/.mocharc.json "test/e2e/**/*.test.ts"
      else
        failed=$((failed + 1))
        summary+=("FAIL  e2e  prerequisites missing")
        stopped_at="e2e"
      fi
      ;;
  esac
  [ -n "$stopped_at" ] && break
done

echo
echo "=== summary"
for line in "${summary[@]}"; do echo "$line"; done
if [ -n "$stopped_at" ]; then
  ran=${#summary[@]}
  skipped=("${STEPS[@]:$ran}")
  [ ${#skipped[@]} -gt 0 ] && echo "SKIP  ${skipped[*]}  (stopped after $stopped_at failed)"
fi
echo "$passed passed, $failed failed"
[ -z "$stopped_at" ] && [ "$failed" -eq 0 ]
