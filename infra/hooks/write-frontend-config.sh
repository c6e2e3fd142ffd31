#!/usr/bin/env bash
# azd predeploy hook of the `web` service (cwd: frontend), after azd's package step ran `npm run build`.
# The SPA reads its API origin from /config.js (window.STORESYNC_CONFIG); on Azure the API is the Function App,
# another origin than the Static Web App, so write that origin into the built dist/config.js.
set -euo pipefail

: "${API_BASE_URL:?API_BASE_URL is not set: run azd provision first (it is an output of infra/main.bicep)}"
[ -d dist ] || { echo "write-frontend-config: dist/ not found; build the front end first (npm run build)" >&2; exit 1; }

cat > dist/config.js <<JS
// Written at deploy time by infra/hooks/write-frontend-config.sh.
window.STORESYNC_CONFIG = { apiBaseUrl: "${API_BASE_URL%/}" };
JS
echo "write-frontend-config: apiBaseUrl = ${API_BASE_URL%/}"
