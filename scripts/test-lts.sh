#!/usr/bin/env bash
# The packages declare support for every maintained Node LTS. `pnpm test` runs everything on
# Node 26 (the project's own); this runs the packages' suites again on 22 and 24, each fetched
# from the npm registry by npx, so no machine needs them installed.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in 22 24; do
  echo "── packages on Node ${version} ──"
  npx -y -p "node@${version}" -c "node --version && node node_modules/vitest/vitest.mjs run packages/"
done
