#!/usr/bin/env bash
# Builds the package and serves the demo page with the offline fake image API. Prints the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node www/serve.mjs "$@"
