#!/usr/bin/env bash
# Fuzz smoke test: every cargo-fuzz target in fuzz/ for a short fixed time, from a copy of its
# committed seed corpus (fuzz/corpus/<target>/ is never written). Fails on any crash; crash
# inputs are kept in tests/artifacts/fuzz/. Needs a nightly toolchain (libFuzzer builds need
# -Z flags): without one it says so and passes.
#   FUZZ_SECONDS   seconds per target (default 15)
#   FUZZ_TARGETS   space-separated subset (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz smoke: skipped: no nightly toolchain (rustup toolchain install nightly to run it)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi

seconds="${FUZZ_SECONDS:-15}"
targets="${FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}"
artifacts="$PWD/tests/artifacts/fuzz"
mkdir -p "$artifacts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One build for every target (release, debug assertions and overflow checks on, no sanitizer:
# the code under test is safe Rust, and ASan would halve the executions).
(cd fuzz && cargo +nightly fuzz build -s none)

failed=()
for target in $targets; do
  cp -r "fuzz/corpus/$target" "$work/$target"
  dict=$(awk -v t="$target" '$1 == t { print $2 }' fuzz/dicts/map.txt)
  dict_flag=()
  [ -n "$dict" ] && [ "$dict" != "-" ] && dict_flag=("-dict=$PWD/fuzz/dicts/$dict")
  printf '== fuzz smoke: %s (%ss)\n' "$target" "$seconds"
  log="$work/$target.log"
  if (cd fuzz && cargo +nightly fuzz run -s none "$target" "$work/$target" -- \
        -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$target-" "${dict_flag[@]}") >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
  else
    tail -40 "$log"
    echo "fuzz smoke: $target FAILED (crash input in $artifacts/)" >&2
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz smoke: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz smoke: every target ran ${seconds}s without a crash"
