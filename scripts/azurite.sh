#!/usr/bin/env bash
# StoreSync local storage: Azurite (the Azure Storage emulator) from the repository's lock file
# (tools/azurite/package-lock.json), data under <repo>/.data/azurite.
#
#   scripts/azurite.sh [up]     install it when missing, start it when not running; the last line printed
#                               (on stdout) is the connection string
#   scripts/azurite.sh stop     stop it
#   scripts/azurite.sh status   exit 0 when it answers, 3 when not
#
# Environment: STORESYNC_AZURITE_BLOB_PORT (default 10000; queue and table use the next two ports).
# Blob, queue and table services all run: blobs hold uploaded spreadsheets, queues and tables the Durable task hub.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="$REPO/tools/azurite"
DATA="$REPO/.data/azurite"
LOG="$REPO/.data/azurite.log"
PIDFILE="$DATA/azurite.pid"
BLOB_PORT="${STORESYNC_AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT=$((BLOB_PORT + 1))
TABLE_PORT=$((BLOB_PORT + 2))
ACCOUNT="devstoreaccount1"
# Azurite's fixed, publicly documented development key (not a secret).
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

say() { echo "azurite: $*" >&2; }

connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/$ACCOUNT;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/$ACCOUNT;TableEndpoint=http://127.0.0.1:$TABLE_PORT/$ACCOUNT;"
}

answers() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$BLOB_PORT/$ACCOUNT?comp=list" 2>/dev/null; }

up() {
  mkdir -p "$DATA"
  command -v curl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
  if [ ! -x "$TOOL/node_modules/.bin/azurite" ] || [ "$TOOL/package-lock.json" -nt "$TOOL/node_modules/.package-lock.json" ]; then
    say "installing Azurite from tools/azurite/package-lock.json…"
    (cd "$TOOL" && npm ci --no-audit --no-fund --loglevel=error >"$REPO/.data/azurite-install.log" 2>&1) \
      || { cat "$REPO/.data/azurite-install.log" >&2; exit 1; }
  fi
  if ! answers; then
    say "starting on 127.0.0.1:$BLOB_PORT-$TABLE_PORT (data $DATA)…"
    # setsid: Azurite outlives the script (like the database), and Ctrl-C of a caller does not reach it.
    setsid "$TOOL/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableProductStyleUrl \
      --location "$DATA" --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
      --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" >"$LOG" 2>&1 < /dev/null &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 150); do answers && break; sleep 0.1; done
    answers || { tail -n 30 "$LOG" >&2; say "Azurite did not start"; exit 1; }
  fi
  connection_string
}

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE"; say "stopped"
  else
    pkill -f "$TOOL/node_modules/.bin/azurite" 2>/dev/null && say "stopped" || say "not running"
  fi
}

case "${1:-up}" in
  up) up ;;
  stop) stop ;;
  status) answers && { say "running on 127.0.0.1:$BLOB_PORT"; exit 0; } || { say "not running"; exit 3; } ;;
  url) connection_string ;;
  *) echo "usage: scripts/azurite.sh [up|stop|status|url]" >&2; exit 2 ;;
esac
