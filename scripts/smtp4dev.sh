#!/usr/bin/env bash
# StoreSync local mail server: smtp4dev (a dotnet tool pinned in .config/dotnet-tools.json), data under
# <repo>/.data/smtp4dev. Every mail the app sends locally and in tests lands here; read it in the web UI or its REST API.
#
#   scripts/smtp4dev.sh [up]    restore the tool when missing, start it when not running; the last line printed
#                               (on stdout) is the web UI / API URL
#   scripts/smtp4dev.sh stop    stop it
#   scripts/smtp4dev.sh status  exit 0 when it answers, 3 when not
#   scripts/smtp4dev.sh url     print the web UI / API URL
#
# Environment: STORESYNC_SMTP4DEV_SMTP_PORT (default 2525), STORESYNC_SMTP4DEV_WEB_PORT (default 5025). Both listen on
# 127.0.0.1 only; IMAP and POP3 are off. Messages are kept in memory (the newest 20,000; gone when it stops): its
# on-disk store syncs every message and accepted about 6 mails a second here, the in-memory one 50 to 200.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SMTP_PORT="${STORESYNC_SMTP4DEV_SMTP_PORT:-2525}"
WEB_PORT="${STORESYNC_SMTP4DEV_WEB_PORT:-5025}"
DATA="$REPO/.data/smtp4dev/$SMTP_PORT"
LOG="$DATA/smtp4dev.log"
PIDFILE="$DATA/smtp4dev.pid"
URL="http://127.0.0.1:$WEB_PORT"

say() { echo "smtp4dev: $*" >&2; }

answers() { curl -fs -o /dev/null --max-time 1 "$URL/api/server" 2>/dev/null; }
smtp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null; }

up() {
  mkdir -p "$DATA"
  command -v curl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
  if answers && smtp_open; then echo "$URL"; return; fi
  say "restoring the tool from .config/dotnet-tools.json…"
  (cd "$REPO" && dotnet tool restore >"$DATA/restore.log" 2>&1) || { cat "$DATA/restore.log" >&2; exit 1; }
  say "starting: SMTP 127.0.0.1:$SMTP_PORT, web UI and API $URL (data $DATA)…"
  # setsid: it outlives the script (like the database), and Ctrl-C of a caller does not reach it. Messages kept: enough
  # for the 10,000-mail benchmark and parallel tests, which find theirs by recipient.
  cd "$REPO"
  setsid dotnet tool run smtp4dev -- --nousersettings --baseappdatapath="$DATA" --db="" \
    --bindaddress=127.0.0.1 --smtpport="$SMTP_PORT" --urls="$URL" --imapport="" --pop3port="" \
    --messagestokeep=20000 --sessionstokeep=100 --tlsmode=None >"$LOG" 2>&1 < /dev/null &
  echo $! >"$PIDFILE"  # the leader of its own process group: `stop` ends the group (the tool runner and the server)
  for _ in $(seq 1 300); do answers && smtp_open && break; sleep 0.2; done
  answers && smtp_open || { tail -n 30 "$LOG" >&2; say "smtp4dev did not start"; exit 1; }
  echo "$URL"
}

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill -- "-$(cat "$PIDFILE")"; rm -f "$PIDFILE"
    for _ in $(seq 1 50); do smtp_open || break; sleep 0.1; done
    say "stopped"
  else
    say "not running (from $DATA)"
  fi
}

case "${1:-up}" in
  up) up ;;
  stop) stop ;;
  status) answers && { say "running: SMTP 127.0.0.1:$SMTP_PORT, $URL"; exit 0; } || { say "not running"; exit 3; } ;;
  url) echo "$URL" ;;
  *) echo "usage: scripts/smtp4dev.sh [up|stop|status|url]" >&2; exit 2 ;;
esac
