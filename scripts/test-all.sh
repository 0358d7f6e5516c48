#!/usr/bin/env bash
# Every check the project has, in order: typecheck, lint, unit tests, build, integration tests, package (+ VSIX
# check), end-to-end tests. Stops at the first failing step, and always ends with a summary whose LAST line is
#   N passed, N failed
# N counts mocha test cases across the three test tiers. A step that fails without failing test cases (typecheck,
# lint, build, package, or a mocha run that crashed) adds 1 to "failed", so a broken run never reads "0 failed".
#
# Usage: bash scripts/test-all.sh [step...]   (steps: typecheck lint unit build integration package e2e; default all)
# Logs of each step: test-results/logs/<step>.log
# Mocha runs with --exit so a handle leaked by a test (a server left running) cannot hang CI, and every step has a
# generous time limit (STEP_TIMEOUT_<STEP> seconds) so a hang ends as a failure with a summary, not a CI timeout.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALL_STEPS=(typecheck lint unit build integration package e2e)
if [ $# -gt 0 ]; then STEPS=("$@"); else STEPS=("${ALL_STEPS[@]}"); fi
for step in "${STEPS[@]}"; do
  case " ${ALL_STEPS[*]} " in *" $step "*) ;; *) echo "unknown step: $step (known: ${ALL_STEPS[*]})" >&2; exit 2 ;; esac
done

# A fresh machine gets its Debian packages and npm dependencies first (a no-op once they are there).
bash scripts/ensure-prerequisites.sh test || { echo "Prerequisites are missing (see above)."; echo "0 passed, 1 failed"; exit 1; }

LOG_DIR="test-results/logs"
mkdir -p "$LOG_DIR"
BIN="node_modules/.bin"
passed=0
failed=0
stopped_at=""
summary=()

# Mocha's spec reporter ends with "  N passing (Xs)", "  N pending", "  N failing"; take the last of each. Colour
# codes are stripped first: mocha colours its output when CI is set, even into a pipe.
mocha_count() { # <log> <word>
  sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -Eo "^ +[0-9]+ $2" | tail -n 1 | grep -Eo '[0-9]+' || echo 0
}

step_timeout() { # <name>: seconds
  local var="STEP_TIMEOUT_${1^^}" default
  case "$1" in
    unit) default=900 ;;
    integration) default=1800 ;;
    e2e) default=2400 ;;
    *) default=900 ;;
  esac
  echo "${!var:-$default}"
}

CURRENT_STEP_PIDFILE="$LOG_DIR/.current-step.pid"
ran_steps=0

# Runs a step under `timeout`, with its output both on screen and in its log. The step runs in the background and
# the script `wait`s for it, so Ctrl+C or a CI cancel reaches the trap below at once (bash defers traps while a
# foreground pipeline runs); the trap then stops the step's whole process group through its `timeout` process.
run_step() { # <name> <is-mocha: yes|no> <command...>
  local name="$1" is_mocha="$2"
  shift 2
  local log="$LOG_DIR/$name.log" start end status
  echo
  echo "=== $name: $*"
  start=$(date +%s)
  ran_steps=$((ran_steps + 1))
  (
    sh -c 'echo $$ > "$0"; exec "$@"' "$CURRENT_STEP_PIDFILE" timeout --kill-after=30 "$(step_timeout "$name")" "$@" 2>&1 | tee "$log"
    exit "${PIPESTATUS[0]}"
  ) &
  wait $!
  status=$?
  rm -f "$CURRENT_STEP_PIDFILE"
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
  [ "$status" -eq 124 ] && detail="$detail, timed out after $(step_timeout "$name")s"
  if [ "$status" -eq 0 ]; then
    summary+=("PASS  $name  $((end - start))s$detail")
  else
    summary+=("FAIL  $name  $((end - start))s$detail  (log: $log)")
    stopped_at="$name"
  fi
  return "$status"
}

on_interrupt() {
  trap - INT TERM
  if [ -f "$CURRENT_STEP_PIDFILE" ]; then
    kill -TERM "$(cat "$CURRENT_STEP_PIDFILE")" 2>/dev/null
    wait 2>/dev/null
    rm -f "$CURRENT_STEP_PIDFILE"
  fi
  summary+=("FAIL  interrupted")
  failed=$((failed + 1))
  stopped_at="${stopped_at:-interrupted}"
  print_summary
  exit 130
}

e2e_prerequisites() {
  [ -x "${VIBE_CHROMIUM:-/usr/bin/chromium}" ] || { echo "Chromium is missing at ${VIBE_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"; return 1; }
  [ -f "${VIBE_VSIX:-dist/vibe-coder.vsix}" ] || { echo "${VIBE_VSIX:-dist/vibe-coder.vsix} is missing: the package step makes it"; return 1; }
  VIBE_CODE_SERVER=$(bash scripts/setup-code-server.sh) || return 1
  export VIBE_CODE_SERVER
}

print_summary() {
  echo
  echo "=== summary"
  for line in "${summary[@]}"; do echo "$line"; done
  if [ -n "$stopped_at" ]; then
    local skipped=("${STEPS[@]:$ran_steps}")
    [ ${#skipped[@]} -gt 0 ] && echo "SKIP  ${skipped[*]}  (stopped after $stopped_at failed)"
  fi
  echo "$passed passed, $failed failed"
}

# Interrupted (Ctrl+C, CI cancel): stop the running step, say what ran, and count the interruption as a failure.
trap on_interrupt INT TERM

for step in "${STEPS[@]}"; do
  case "$step" in
    typecheck) run_step typecheck no "$BIN/tsc" -b ;;
    lint) run_step lint no "$BIN/eslint" . ;;
    unit) run_step unit yes "$BIN/mocha" --exit --config test/unit/.mocharc.json ;;
    build) run_step build no node esbuild.config.mjs ;;
    integration) run_step integration yes "$BIN/mocha" --exit --config test/integration/.mocharc.json ;;
    package) run_step package no npm run --silent package ;;
    e2e)
      if e2e_prerequisites; then
        run_step e2e yes "$BIN/mocha" --exit --config test/e2e/.mocharc.json "test/e2e/**/*.test.ts"
      else
        failed=$((failed + 1))
        ran_steps=$((ran_steps + 1))
        summary+=("FAIL  e2e  prerequisites missing")
        stopped_at="e2e"
      fi
      ;;
  esac
  [ -n "$stopped_at" ] && break
done

print_summary
[ -z "$stopped_at" ] && [ "$failed" -eq 0 ]
