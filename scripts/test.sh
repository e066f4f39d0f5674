#!/usr/bin/env bash
# Runs every test: lint, native core tests, the package build and its TypeScript check, the fake
# API's own tests, the wasm tests in headless Chromium, Firefox and WebKit against the fake API,
# the demo page test (Chromium, then Firefox and WebKit), and the packed package as users get it:
# its file list, strict TypeScript against openai-node's types, and fresh consumer apps; last, every
# fuzz target for a short fixed time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n== test: %s\n' "$*"; }
mkdir -p tests/artifacts

step "formatting (cargo fmt --check)"
cargo fmt --check

step "the core stays pure (no browser crates in src/core)"
if grep -rnE '\b(wasm_bindgen|web_sys|js_sys|gloo_net|gloo)\b' src/core | grep -vE '^[^:]+:[0-9]+:\s*//'; then
  echo "src/core must not use browser crates" >&2
  exit 1
fi

step "clippy, native and wasm32"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings

step "core unit tests (native)"
cargo test --quiet --lib --test typescript_sync

step "package build"
bash scripts/build.sh

step "bundle size budget (wasm + JS, gzip)"
node tests/size/budget.mjs

step "TypeScript check of the package's declarations"
tsc -p tests/types/tsconfig.json

step "fake image API tests"
node --test tests/fake-api/

step "the bench's verdicts on the targets"
node --test tests/bench/

# The fake image API the browser tests and the consumer apps call (its URL is compiled into the
# browser tests).
fake_log=tests/artifacts/fake-api.log
node tests/fake-api/server.mjs >"$fake_log" 2>&1 &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^FAKE_API_URL=' "$fake_log" && break; sleep 0.1; done
FAKE_API_URL=$(sed -n 's/^FAKE_API_URL=//p' "$fake_log")
[ -n "$FAKE_API_URL" ] || { cat "$fake_log"; echo "the fake API did not start" >&2; exit 1; }
export FAKE_API_URL
# A port with no listener, for the connection-refused test.
CLOSED_PORT_URL="http://127.0.0.1:$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export CLOSED_PORT_URL

# The same wasm-bindgen tests in each engine. wasm-bindgen-test-runner takes the first of
# GECKODRIVER, SAFARIDRIVER, CHROMEDRIVER that is set (then PATH, where geckodriver now is), so
# exactly one is set per run. Each engine's results are reported on their own; all three run
# even when one fails, and the script fails at the end.
browser_summary=()
browser_failed=0
browser_tests() {
  local engine=$1 var=$2 driver=$3 profile=$4; shift 4
  local log=tests/artifacts/browser-$engine.log started=$SECONDS
  step "browser tests ($engine)"
  if [ ! -x "$driver" ]; then
    echo "NOT RUN: $engine: no WebDriver at '$driver' (scripts/setup.sh installs it)" >&2
    browser_summary+=("browser tests ($engine): NOT RUN (no driver)")
    browser_failed=1
    return
  fi
  local status=0
  env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER "$var=$driver" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=60 \
    "$@" cargo test --target wasm32-unknown-unknown --tests --no-fail-fast \
    $([ "$profile" = release ] && echo --release) 2>&1 | tee "$log" || status=$?
  local passed failed
  passed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^passed/) n += $i } END { print n + 0 }' "$log")
  failed=$(awk '/^test result:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^failed/) n += $i } END { print n + 0 }' "$log")
  local line="browser tests ($engine, $profile build): ${passed:-0} passed, ${failed:-0} failed in $((SECONDS - started)) s"
  if [ "$status" != 0 ] || [ "${failed:-0}" != 0 ] || [ "${passed:-0}" = 0 ]; then
    line="$line: FAILED (log: $log)"
    browser_failed=1
  elif [ -n "${chromium_passed:-}" ] && [ "$passed" != "$chromium_passed" ]; then
    line="$line: FAILED (Chromium ran $chromium_passed tests)"
    browser_failed=1
  fi
  [ "$engine" = chromium ] && chromium_passed=$passed
  echo "$line"
  browser_summary+=("$line")
}
browser_tests chromium CHROMEDRIVER "$(command -v chromedriver || echo chromedriver)" debug
browser_tests firefox GECKODRIVER "$(command -v geckodriver || echo geckodriver)" debug
# WebKitGTK's MiniBrowser has no headless mode: it runs on a private Xvfb display.
# WebKit runs the release build, the one users get: JavaScriptCore (WebKitGTK 2.50.6) appears to corrupt
# the unoptimised debug build's locals now and then (3 of 27 soak runs: the base64 crate then
# sees a 6-byte slice with length 0 or "Qols"; safe Rust, never in Chromium or Firefox, never in
# 40 release runs).
browser_tests webkit SAFARIDRIVER /usr/bin/WebKitWebDriver release xvfb-run -a
printf '\n%s\n' "${browser_summary[@]}"
[ "$browser_failed" = 0 ] || { echo "browser tests failed in at least one engine" >&2; exit 1; }

step "demo page end to end (playwright-core + Chromium)"
node --test tests/e2e/demo.test.mjs

step "demo page in Firefox and WebKit (WebDriver)"
xvfb-run -a node --test tests/e2e/engines.test.mjs

step "the packed package: file list, README, no machine paths"
node --test tests/consumers/tarball.test.mjs

step "TypeScript users: strict tsc, openai-node's own param types"
tsc -p tests/types/openai-compat/tsconfig.json

step "consumer apps from the tarball (Vite, webpack, esbuild, import map, Node)"
node --test --test-concurrency=1 tests/consumers/apps.test.mjs

kill $fake_pid 2>/dev/null || true

step "fuzz smoke: every fuzz target for a short fixed time (skipped where nightly is missing)"
bash scripts/fuzz-smoke.sh

echo
echo "All tests passed."
