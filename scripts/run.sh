#!/usr/bin/env bash
# Runs StoreSync locally: database (PostgreSQL 15 + pgvector), storage (Azurite), migrations, demo data, and the
# development host (src/StoreSync.LocalHost: the Functions app's own functions and feature code on Kestrel, with
# its timers and blob trigger) serving the API and the front end; then prints the URLs and demo logins.
#
#   bash scripts/run.sh            (Ctrl-C stops the app; the database and Azurite keep running:
#                                   scripts/db.sh stop, scripts/azurite.sh stop)
#
# Environment: STORESYNC_PORT (default 7071), STORESYNC_DB (use another PostgreSQL with pgvector instead of
# the private cluster), STORESYNC_PG_PORT (private cluster port, default 54329), Mail__Host (use another SMTP server
# instead of smtp4dev on 127.0.0.1:2525; see scripts/smtp4dev.sh for its ports).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
APP_DIR="$REPO/.data/app"
PORT="${STORESYNC_PORT:-7071}"

say() { echo "run: $*" >&2; }

# 1. Database: the private cluster, unless STORESYNC_DB points elsewhere.
if [ -z "${STORESYNC_DB:-}" ]; then
  STORESYNC_DB="$(bash scripts/db.sh up | tail -n 1)"
fi
export STORESYNC_DB
# The key ring that protects access tokens is encrypted at rest with this checkout's own key.
export Auth__KeyRingEncryptionKey="${Auth__KeyRingEncryptionKey:-$(bash scripts/keyring-key.sh)}"

command -v curl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; } # PDF reports

# Storage: Azurite from the repository's lock file (blob container 'imports' for spreadsheets), unless set.
if [ -z "${AzureWebJobsStorage:-}" ]; then
  AzureWebJobsStorage="$(bash scripts/azurite.sh up | tail -n 1)"
fi
export AzureWebJobsStorage

# Mail: smtp4dev (pinned in .config/dotnet-tools.json) receives every mail the app sends, unless Mail__Host is set.
MAIL_UI=""
if [ -z "${Mail__Host:-}" ]; then
  MAIL_UI="$(bash scripts/smtp4dev.sh up | tail -n 1)"
  export Mail__Host=127.0.0.1 Mail__Port="${STORESYNC_SMTP4DEV_SMTP_PORT:-2525}" Mail__Security=None
fi
export App__BaseUrl="${App__BaseUrl:-http://127.0.0.1:$PORT}"

# 2. Build the development host when its sources changed since the last build (a check takes milliseconds).
newer_than() { [ ! -e "$1" ] || [ -n "$(find "${@:2}" -newer "$1" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]; }
if newer_than "$APP_DIR/.stamp" src host.json Directory.Build.props Directory.Packages.props; then
  say "building the API…"
  dotnet publish src/StoreSync.LocalHost -c Release -o "$APP_DIR" --nologo -v q >"$REPO/.data/build.log" 2>&1 \
    || { cat "$REPO/.data/build.log" >&2; exit 1; }
  touch "$APP_DIR/.stamp"
fi

# 3. Build the front end when its sources changed.
if [ -f frontend/package.json ]; then
  if newer_than frontend/node_modules/.package-lock.json frontend/package-lock.json; then
    say "installing front-end packages…"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  if newer_than frontend/dist/.stamp frontend/src frontend/public frontend/index.html frontend/package.json frontend/vite.config.ts; then
    say "building the front end…"
    (cd frontend && npm run build --silent >"$REPO/.data/frontend-build.log" 2>&1) || { cat "$REPO/.data/frontend-build.log" >&2; exit 1; }
    touch frontend/dist/.stamp
  fi
fi

# 4. Migrations and demo data (both idempotent).
"$APP_DIR/StoreSync.LocalHost" migrate >&2
LOGINS="$("$APP_DIR/StoreSync.LocalHost" seed-demo)"

# 5. The development host: every HTTP function + the front end, timer functions on their schedules, and the
#    blob trigger on Azurite's 'imports' container.
export STORESYNC_PORT="$PORT"
export LocalHost__FrontendPath="$REPO/frontend/dist"
"$APP_DIR/StoreSync.LocalHost" --contentRoot "$APP_DIR" &
APP_PID=$!
trap 'kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; exit 0' INT TERM
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$APP_PID" 2>/dev/null; then say "the app exited; see the log above"; exit 1; fi
  sleep 0.1
done
cat >&2 <<BANNER

  StoreSync is running:  http://127.0.0.1:$PORT/
  API docs:              http://127.0.0.1:$PORT/api/docs
  Health:                http://127.0.0.1:$PORT/api/health
  Storage (Azurite):     blob container 'imports' at http://127.0.0.1:10000/devstoreaccount1/imports
                         a spreadsheet written under <brandSlug>/ is imported (connection string: scripts/azurite.sh url)
  Mail (smtp4dev):       ${MAIL_UI:-not started (Mail__Host=$Mail__Host)}   every mail the app sends (SMTP $Mail__Host:$Mail__Port)

$LOGINS

  Ctrl-C stops the app (the database, Azurite and smtp4dev keep running: scripts/db.sh stop, scripts/azurite.sh stop,
  scripts/smtp4dev.sh stop).
BANNER
wait "$APP_PID"
