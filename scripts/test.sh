#!/usr/bin/env bash
# Runs every test: lint, native core tests, the package build and its TypeScript check, the fake
# API's own tests, the wasm tests in headless Chromium against the fake API, and the demo page test.
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

step "browser tests (wasm-bindgen-test in headless Chromium, against the fake API)"
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
CHROMEDRIVER=$(command -v chromedriver) \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test --target wasm32-unknown-unknown --tests
kill $fake_pid 2>/dev/null || true

step "demo page end to end (playwright-core + Chromium)"
node --test tests/e2e/

echo
echo "All tests passed."
