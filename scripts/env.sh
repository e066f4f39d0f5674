# Shared settings for the build and test scripts (sourced, not run).
# Release .wasm files must not embed this machine's paths: remap them (also keeps builds reproducible).
# simd128 as in .cargo/config.toml (this variable takes the place of its list).
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128 --remap-path-prefix=$CARGO_HOME/registry/src=/cargo --remap-path-prefix=$PWD=/src"
export PATH="$CARGO_HOME/bin:$PWD/node_modules/.bin:$PATH"
export WASM_BINDGEN_VERSION=0.2.130
# Firefox's WebDriver, built from crates.io by scripts/setup.sh.
export GECKODRIVER_VERSION=0.37.1
