#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET SECONDS [EXTRA libFuzzer flags...]
# Works in fuzz/corpus-work/TARGET (seeded from the committed fuzz/corpus/TARGET, never written
# back), one process (libFuzzer in-process: no -jobs/-workers, so no fork), crashes to fuzz/artifacts/TARGET/. Needs the binaries
# built by `cargo +nightly fuzz build -s none` (CARGO_TARGET_DIR, default /work/target-fuzz).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"; seconds="$2"; shift 2
bin="${CARGO_TARGET_DIR:-/work/target-fuzz}/x86_64-unknown-linux-gnu/release/$target"
work="$here/corpus-work/$target"; artifacts="$here/artifacts/$target"
mkdir -p "$work" "$artifacts"
dict=$(awk -v t="$target" '$1 == t { print $2 }' "$here/dicts/map.txt")
dict_flag=(); [ -n "$dict" ] && [ "$dict" != "-" ] && dict_flag=("-dict=$here/dicts/$dict")
exec "$bin" "$work" "$here/corpus/$target" "${dict_flag[@]}" -max_total_time="$seconds" \
  -print_final_stats=1 -artifact_prefix="$artifacts/" -max_len=8192 "$@"
