#!/usr/bin/env bash
# Runs every StoreSync test on a fresh Debian 12 machine (as root) and ends with "N passed, N failed":
#   1. installs what is missing: PostgreSQL 15 + pgvector (scripts/db.sh), Azurite (scripts/azurite.sh), smtp4dev (the
#      dotnet tool of .config/dotnet-tools.json, scripts/smtp4dev.sh), Debian's chromium, npm packages;
#   2. backend: xunit tests against the real database and Azurite, through the development host's real HTTP pipeline;
#   3. front end: Vitest component tests and the production build;
#   4. end to end: Playwright in Debian's Chromium against the real running stack (API + DB + demo data).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
LOGS="$REPO/.data/test-logs"
mkdir -p "$LOGS"
PASSED=0
FAILED=0
SKIPPED=0
STATUS=0

say() { echo "test: $*" >&2; }
export NO_COLOR=1 FORCE_COLOR=0
plain() { sed -r 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"; }  # runners may colour their summaries anyway
count() { # name passed failed [skipped]
  say "$1: $2 passed, $3 failed${4:+, $4 skipped}"
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3)); SKIPPED=$((SKIPPED + ${4:-0}))
}

# ---- set-up --------------------------------------------------------------------------------------
SERVER_DB="$(bash scripts/db.sh up | tail -n 1)" || { say "database set-up failed"; echo "0 passed, 1 failed"; exit 1; }
export STORESYNC_TEST_DB="${SERVER_DB/Database=storesync/Database=postgres}"
AzureWebJobsStorage="$(bash scripts/azurite.sh up | tail -n 1)" || { say "Azurite set-up failed"; echo "0 passed, 1 failed"; exit 1; }
export AzureWebJobsStorage
# smtp4dev: the mail tests send to it and read what it received through its API (they find it through these ports).
export STORESYNC_SMTP4DEV_SMTP_PORT="${STORESYNC_SMTP4DEV_SMTP_PORT:-2525}" STORESYNC_SMTP4DEV_WEB_PORT="${STORESYNC_SMTP4DEV_WEB_PORT:-5025}"
bash scripts/smtp4dev.sh up >"$LOGS/smtp4dev.log" 2>&1 || { cat "$LOGS/smtp4dev.log" >&2; say "smtp4dev set-up failed"; echo "0 passed, 1 failed"; exit 1; }
if ! command -v curl >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; } >"$LOGS/apt-curl.log" 2>&1 || say "curl install failed"
fi
# PDF reports draw with DejaVu Sans (PDFsharp finds no fonts of its own on Linux).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; } >"$LOGS/apt-fonts.log" 2>&1 \
    || say "fonts-dejavu-core install failed (PDF report tests will fail; see $LOGS/apt-fonts.log)"
fi
if ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium…"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$LOGS/apt-chromium.log" 2>&1 \
    || { say "chromium install failed (see $LOGS/apt-chromium.log)"; }
fi

# ---- backend -------------------------------------------------------------------------------------
say "backend: building and running xunit tests…"
dotnet build StoreSync.sln -c Release --nologo -v q >"$LOGS/build.log" 2>&1
if [ $? -ne 0 ]; then
  tail -n 60 "$LOGS/build.log" >&2
  count backend 0 1
  STATUS=1
else
  dotnet test StoreSync.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" 2>&1 | tee "$LOGS/dotnet-test.log" \
    | grep -E "^\s+Failed |Error Message|Passed!|Failed!" >&2
  line="$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$LOGS/dotnet-test.log" | tail -n 1)"
  if [ -z "$line" ]; then
    tail -n 40 "$LOGS/dotnet-test.log" >&2
    count backend 0 1; STATUS=1
  else
    f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$line"); p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$line")
    count backend "$p" "$f" "$s"
    [ "$f" -eq 0 ] || STATUS=1
  fi
fi

# ---- infrastructure ------------------------------------------------------------------------------
# The Bicep CLI from NuGet compiles and lints infra/ (0 errors, 0 warnings); one check per file.
say "bicep: compiling and linting infra/…"
bash scripts/bicep.sh >"$LOGS/bicep.log" 2>&1
bline="$(grep -E '^bicep: [0-9]+ passed, [0-9]+ failed$' "$LOGS/bicep.log" | tail -n 1)"
if [ -z "$bline" ]; then
  tail -n 40 "$LOGS/bicep.log" >&2; count bicep 0 1; STATUS=1
else
  bp=$(sed -E 's/^bicep: ([0-9]+) passed.*/\1/' <<<"$bline"); bf=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$bline")
  [ "$bf" -eq 0 ] || { grep -A5 'FAILED' "$LOGS/bicep.log" >&2; STATUS=1; }
  count bicep "$bp" "$bf"
fi

# ---- front end -----------------------------------------------------------------------------------
if [ -f frontend/package.json ]; then
  say "frontend: npm ci, vitest, production build…"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error) >"$LOGS/npm-ci.log" 2>&1 || { tail -n 40 "$LOGS/npm-ci.log" >&2; count npm-ci 0 1; STATUS=1; }
  # OpenAPI: Redocly's recommended rules (strict: a warning fails) on the committed document; generated types vs that document.
  if (cd frontend && npm run --silent lint:api) >"$LOGS/lint-api.log" 2>&1; then
    count lint-api 1 0
  else
    tail -n 40 "$LOGS/lint-api.log" >&2; count lint-api 0 1; STATUS=1
  fi
  if (cd frontend && npm run --silent api:types:check) >"$LOGS/api-types.log" 2>&1; then
    count api-types 1 0
  else
    tail -n 20 "$LOGS/api-types.log" >&2; count api-types 0 1; STATUS=1
  fi
  (cd frontend && npx vitest run) >"$LOGS/vitest.log" 2>&1
  vline="$(plain "$LOGS/vitest.log" | grep -E "^\s*Tests\s+[0-9]" | tail -n 1)"
  if [ -z "$vline" ]; then
    tail -n 40 "$LOGS/vitest.log" >&2; count vitest 0 1; STATUS=1
  else
    vp=$(grep -oE "[0-9]+ passed" <<<"$vline" | grep -oE "[0-9]+" || echo 0)
    vf=$(grep -oE "[0-9]+ failed" <<<"$vline" | grep -oE "[0-9]+" || echo 0)
    [ "$vf" -eq 0 ] || { grep -E "FAIL|AssertionError|Error:" "$LOGS/vitest.log" | head -n 40 >&2; STATUS=1; }
    count vitest "${vp:-0}" "${vf:-0}"
  fi
  if (cd frontend && npm run build) >"$LOGS/frontend-build.log" 2>&1; then
    count frontend-build 1 0
  else
    tail -n 40 "$LOGS/frontend-build.log" >&2; count frontend-build 0 1; STATUS=1
  fi

  # ---- end to end --------------------------------------------------------------------------------
  if [ -d frontend/e2e ] && [ -f frontend/dist/index.html ]; then
    say "e2e: starting the stack on a fresh demo database…"
    E2E_NAME="${STORESYNC_E2E_DB_NAME:-storesync_e2e}"   # helpers running side by side give each run its own
    E2E_DB="${SERVER_DB/Database=storesync/Database=$E2E_NAME}"
    psql "host=127.0.0.1 port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$SERVER_DB") user=postgres dbname=postgres" -qc \
      "DROP DATABASE IF EXISTS $E2E_NAME WITH (FORCE)" -c "CREATE DATABASE $E2E_NAME" >/dev/null
    APP="$REPO/src/StoreSync.LocalHost/bin/Release/net10.0/StoreSync.LocalHost"
    E2E_PORT="${STORESYNC_E2E_PORT:-7181}"
    export Auth__KeyRingEncryptionKey="${Auth__KeyRingEncryptionKey:-$(bash scripts/keyring-key.sh)}"
    STORESYNC_DB="$E2E_DB" "$APP" migrate >"$LOGS/e2e-app.log" 2>&1
    # The logins (with the demo password) go to the terminal of whoever runs seed-demo, never into a log file.
    STORESYNC_DB="$E2E_DB" "$APP" seed-demo 2>>"$LOGS/e2e-app.log" >/dev/null
    STORESYNC_DB="$E2E_DB" STORESYNC_PORT="$E2E_PORT" LocalHost__FrontendPath="$REPO/frontend/dist" Auth__LoginPermitLimit=100 \
      Mail__Host=127.0.0.1 Mail__Port="$STORESYNC_SMTP4DEV_SMTP_PORT" Mail__Security=None App__BaseUrl="http://127.0.0.1:$E2E_PORT" \
      ImportsContainer="imports-e2e-$$" DurableTaskHub="storesynce2e$$" "$APP" --contentRoot "$(dirname "$APP")" >>"$LOGS/e2e-app.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$E2E_PORT/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
    (cd frontend && STORESYNC_URL="http://127.0.0.1:$E2E_PORT" npx playwright test) >"$LOGS/playwright.log" 2>&1
    kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null
    pp=$(plain "$LOGS/playwright.log" | grep -oE "^\s*[0-9]+ passed" | grep -oE "[0-9]+" | tail -n 1)
    pf=$(plain "$LOGS/playwright.log" | grep -oE "^\s*[0-9]+ failed" | grep -oE "[0-9]+" | tail -n 1)
    if [ -z "$pp$pf" ]; then
      tail -n 40 "$LOGS/playwright.log" >&2; count e2e 0 1; STATUS=1
    else
      [ "${pf:-0}" -eq 0 ] || { grep -E "✘|Error:|expect\(" "$LOGS/playwright.log" | head -n 40 >&2; STATUS=1; }
      count e2e "${pp:-0}" "${pf:-0}"
    fi
  fi
fi

if [ "$SKIPPED" -gt 0 ]; then say "$SKIPPED test(s) were skipped: none may be"; STATUS=1; fi
echo "$PASSED passed, $FAILED failed"
exit $STATUS
