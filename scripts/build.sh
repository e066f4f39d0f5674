#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, JS glue and .d.ts, then size-optimised by wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

cargo build --lib --release --target wasm32-unknown-unknown --quiet
wasm-bindgen --target web --out-dir pkg --out-name imagegen_wasm \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/imagegen_wasm.wasm"
# The producers and target-features sections are for tools, not browsers: 0.3 KB gzip. --converge
# repeats the passes while they still shrink the module: 0.3 KB gzip, about 2 s. Merging functions
# that differ only in constants first (one more parameter each): 0.4 KB gzip.
wasm-opt --merge-similar-functions -Oz --converge --strip-producers --strip-target-features pkg/imagegen_wasm_bg.wasm -o pkg/imagegen_wasm_bg.wasm
# Short import and export names in the .wasm and the glue, no notes or doc comments in the glue:
# 5.9 KB gzip.
node scripts/slim-glue.mjs pkg/imagegen_wasm_bg.wasm pkg/imagegen_wasm.js
# The changelog ships with the package (pkg/README.md is committed there; this one lives at the root).
cp CHANGELOG.md pkg/CHANGELOG.md
raw=$(stat -c %s pkg/imagegen_wasm_bg.wasm)
gz=$(gzip -9 -c pkg/imagegen_wasm_bg.wasm | wc -c)
echo "pkg/imagegen_wasm_bg.wasm: $raw bytes ($gz gzipped)"
