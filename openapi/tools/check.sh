#!/usr/bin/env bash
# The committed contract as a new integrator's tools read it (issue #21): Redocly's recommended ruleset reports no
# errors, and the TypeScript types openapi-typescript generates from it compile (strict) with a first client use.
# Run by .ci/run; by hand: bash openapi/tools/check.sh
set -euo pipefail
cd "$(dirname "$0")"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
[ -x node_modules/.bin/redocly ] && [ -x node_modules/.bin/tsc ] \
  || npm ci --no-audit --no-fund --loglevel=error
node_modules/.bin/redocly lint --config redocly.yaml ../openapi.json
rm -rf generated && mkdir generated
node_modules/.bin/openapi-typescript ../openapi.json --output generated/samen.ts
node_modules/.bin/tsc --strict --noEmit --target es2022 --module es2022 --moduleResolution bundler --lib es2022,dom \
  client.ts
echo "== the contract passes Redocly's recommended rules, and a TypeScript client generated from it compiles"
