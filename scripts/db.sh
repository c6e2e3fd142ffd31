#!/usr/bin/env bash
# StoreSync local database: PostgreSQL 15 + pgvector 0.8.0 in a private cluster under <repo>/.data.
#
#   scripts/db.sh [up]        install what is missing, start the cluster, create the database;
#                             the last line printed (on stdout) is the connection string
#   scripts/db.sh stop        stop the cluster
#   scripts/db.sh status      show whether the cluster runs (exit 0 running, 3 stopped)
#   scripts/db.sh url         print the connection string only
#   scripts/db.sh psql [args] run psql against the storesync database
#
# Environment: STORESYNC_PG_PORT (default 54329), STORESYNC_APT_MIRROR (Debian mirror URL for the
# pgvector source; default: read from this machine's apt sources).
#
# Progress goes to stderr; apt/make output goes to .data/db-setup.log and is shown only on failure.
# Platform notes: shared/design/platform.md section 3.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
DATA="$REPO/.data"
PGDATA_DIR="$DATA/pg"
SOCK_DIR="$DATA/pg-sock"
SETUP_LOG="$DATA/db-setup.log"
SERVER_LOG="$DATA/postgres.log"
PORT="${STORESYNC_PG_PORT:-54329}"
DB_NAME="storesync"
PG_MAJOR=15
PGBIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_CONFIG="$PGBIN/pg_config"
PGVECTOR_VERSION="0.8.0"
VECTOR_CONTROL="/usr/share/postgresql/$PG_MAJOR/extension/vector.control"
APT_PACKAGES=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR build-essential)
# Server settings for tests and benchmarks (fsync stays on; commits do not wait for the WAL flush).
SERVER_SETTINGS=(
  synchronous_commit=off
  shared_buffers=256MB
  max_connections=200
  work_mem=16MB
  maintenance_work_mem=512MB
)

case "$PORT" in
  ''|*[!0-9]*) echo "db: STORESYNC_PG_PORT must be a number (got '$PORT')" >&2; exit 2 ;;
esac

say() { echo "db: $*" >&2; }
die() { echo "db: error: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the cluster owner: the postgres system user when we are root (initdb and
# pg_ctl refuse root), otherwise the current user.
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Run a noisy command with its output appended to the setup log; on failure show that output.
quiet() {
  mkdir -p "$DATA"
  touch "$SETUP_LOG"
  local start
  start=$(wc -l <"$SETUP_LOG")
  echo "### $(date '+%F %T') $*" >>"$SETUP_LOG"
  if ! "$@" >>"$SETUP_LOG" 2>&1; then
    echo "db: command failed: $*" >&2
    echo "---- last lines of its output ----" >&2
    tail -n +"$((start + 2))" "$SETUP_LOG" | tail -n 80 >&2
    echo "---- full log: $SETUP_LOG ----" >&2
    exit 1
  fi
}

conn_string() {
  echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=$DB_NAME"
}

# ---------------------------------------------------------------------------------------------
# 1. PostgreSQL 15 packages

missing_packages() {
  local p status
  for p in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || echo "$p"
  done
}

ensure_packages() {
  local missing
  missing=$(missing_packages)
  if [ -z "$missing" ] && [ -x "$PG_CONFIG" ] && [ -x "$PGBIN/initdb" ]; then
    return 0
  fi
  [ -n "$missing" ] || missing="${APT_PACKAGES[*]}"
  is_root || die "missing packages ($(echo $missing)); run this script as root to install them"
  say "installing PostgreSQL $PG_MAJOR… ($(echo $missing))"
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-get update
  # shellcheck disable=SC2086
  quiet apt-get install -y $missing
}

# ---------------------------------------------------------------------------------------------
# 2. pgvector, built from Debian trixie's source package

pgvector_installed() {
  [ -f "$VECTOR_CONTROL" ] &&
    grep -Eq "^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'$PGVECTOR_VERSION'" "$VECTOR_CONTROL" &&
    [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]
}

# Print "<uri>|<signed-by or empty>" for the machine's main Debian archive (the source whose suite
# is the release codename itself, e.g. bookworm, not bookworm-security). Nothing is hard-coded.
detect_mirror() {
  local codename=""
  if [ -r /etc/os-release ]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  fi
  local f
  # deb822 files (.sources), debian.sources first.
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk -v codename="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled !~ /^(no|false)$/ && uris != "") {
          n = split(suites, s, " ")
          ok = 0
          for (i = 1; i <= n; i++) if (s[i] == codename || (codename == "" && s[i] !~ /-/)) ok = 1
          split(uris, u, " ")
          if (ok && u[1] ~ /^(https?|ftp|file):/) { print u[1] "|" signed; found = 1; exit }
        }
        types = uris = suites = signed = enabled = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        line = $0
        key = tolower(line); sub(/:.*/, "", key)
        val = line; sub(/^[^:]*:[[:space:]]*/, "", val); gsub(/[[:space:]]+$/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "signed-by") signed = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { if (!found) flush() }
    ' "$f" | head -n 1 | grep . && return 0
  done
  # One-line format.
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    awk -v codename="$codename" '
      $1 != "deb" { next }
      {
        i = 2; signed = ""
        if ($2 ~ /^\[/) {
          opts = ""
          for (; i <= NF; i++) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } }
          if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
        }
        uri = $i; suite = $(i + 1)
        if ((suite == codename || (codename == "" && suite !~ /-/)) && uri ~ /^(https?|ftp|file):/) {
          print uri "|" signed; exit
        }
      }
    ' "$f" | head -n 1 | grep . && return 0
  done
  return 1
}

build_pgvector() {
  if pgvector_installed; then
    return 0
  fi
  say "building pgvector $PGVECTOR_VERSION…"
  local mirror signed_by
  if [ -n "${STORESYNC_APT_MIRROR:-}" ]; then
    mirror="$STORESYNC_APT_MIRROR"; signed_by=""
  else
    local found
    found=$(detect_mirror) || die "cannot find a Debian mirror in /etc/apt/sources.list{,.d/*}; set STORESYNC_APT_MIRROR"
    mirror="${found%%|*}"; signed_by="${found#*|}"
  fi
  mirror="${mirror%/}"

  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/storesync-pgvector.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"

  # Private apt configuration: only our deb-src line, our own lists and cache directories, so the
  # machine's apt state is left untouched.
  local -a apt_opts=(
    -o "Dir::Etc::sourcelist=$work/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "Acquire::Languages=none"
    -o "Acquire::PDiffs=false"
    -o "APT::Sandbox::User=root"
  )
  local opts=""
  if [ -n "$signed_by" ] && [ -r "$signed_by" ]; then opts="[signed-by=$signed_by] "; fi
  echo "deb-src ${opts}$mirror trixie main" >"$work/sources.list"
  if ! quiet_try apt-get "${apt_opts[@]}" update; then
    # Fall back to the machine's default trusted keys, then to an unverified index. The source
    # files are still checked against the hashes in the index by apt-get source.
    say "apt index signature check failed with ${opts:-default keys}; retrying"
    echo "deb-src $mirror trixie main" >"$work/sources.list"
    if ! quiet_try apt-get "${apt_opts[@]}" update; then
      say "warning: using the trixie source index without signature check"
      echo "deb-src [trusted=yes] $mirror trixie main" >"$work/sources.list"
      quiet apt-get "${apt_opts[@]}" update
    fi
  fi
  (cd "$work/src" && quiet apt-get "${apt_opts[@]}" source --download-only pgvector)

  local tarball="$work/src/pgvector_${PGVECTOR_VERSION}.orig.tar.gz"
  if [ ! -f "$tarball" ]; then
    die "trixie's pgvector source is not version $PGVECTOR_VERSION (got: $(cd "$work/src" && ls | tr '\n' ' '))"
  fi
  tar -xzf "$tarball" -C "$work/src"
  local srcdir
  srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n 1)
  [ -n "$srcdir" ] && [ -f "$srcdir/Makefile" ] || die "unexpected layout in $tarball"
  # OPTFLAGS="" drops pgvector's default -march=native, so the build runs on any CPU of the arch.
  quiet make -C "$srcdir" -j"$(nproc 2>/dev/null || echo 2)" PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  if is_root; then
    quiet make -C "$srcdir" install PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  else
    command -v sudo >/dev/null || die "installing pgvector needs root"
    quiet sudo make -C "$srcdir" install PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  fi
  rm -rf "$work"
  trap - EXIT
  pgvector_installed || die "pgvector install did not produce $VECTOR_CONTROL with version $PGVECTOR_VERSION"
}

# Like quiet, but returns the status instead of exiting (output stays in the log).
quiet_try() {
  echo "### $(date '+%F %T') $*" >>"$SETUP_LOG"
  "$@" >>"$SETUP_LOG" 2>&1
}

# ---------------------------------------------------------------------------------------------
# 3. The private cluster

# unix_socket_directories must be short (sun_path limit) and must not contain spaces here.
socket_dir() {
  if [ "${#SOCK_DIR}" -le 90 ] && [[ "$SOCK_DIR" != *[[:space:]]* ]]; then
    echo "$SOCK_DIR"
  else
    echo "/tmp"
  fi
}

# State of the postmaster recorded in postmaster.pid: running, zombie (killed, not yet reaped) or
# dead (no pid file, stale pid file, or the pid now belongs to another program).
postmaster_state() {
  local pid comm stat
  pid=$(head -n 1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || { echo dead; return; }
  if [ -d /proc/1 ]; then
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [ "$comm" = "postgres" ] || { echo dead; return; }
    stat=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || true)
    case "${stat%% *}" in
      Z|X|'') echo zombie ;;
      *) echo running ;;
    esac
  elif as_pg "$PGBIN/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1; then
    echo running
  else
    echo dead
  fi
}

cluster_running() {
  [ "$(postmaster_state)" = running ]
}

# After a kill -9 the postmaster can stay a zombie for a while, and PostgreSQL refuses to start
# while its pid file names a live pid: wait for it to go, then drop the stale pid file.
clear_stale_postmaster() {
  local i
  for ((i = 0; i < 30; i++)); do
    [ "$(postmaster_state)" = zombie ] || return 0
    sleep 1
  done
  local p
  for p in /proc/[0-9]*; do
    if [ "$(cat "$p/comm" 2>/dev/null)" = postgres ] && [ "$(readlink "$p/cwd" 2>/dev/null)" = "$PGDATA_DIR" ]; then
      local state
      state=$(sed 's/^.*) //' "$p/stat" 2>/dev/null || true)
      [ "${state%% *}" = Z ] || die "old server processes of $PGDATA_DIR are still alive (pid ${p#/proc/}); stop them first"
    fi
  done
  say "removing stale postmaster.pid (postmaster $(head -n 1 "$PGDATA_DIR/postmaster.pid") is a zombie)"
  rm -f "$PGDATA_DIR/postmaster.pid"
}

# Wait until the server accepts connections (it may be starting or in crash recovery).
wait_ready() {
  local port="$1" i
  for ((i = 0; i < 120; i++)); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 && return 0
    [ "$(postmaster_state)" = running ] || die "the server on port $port stopped; see $SERVER_LOG"
    sleep 0.5
  done
  die "the server on port $port does not accept connections; see $SERVER_LOG"
}

# Port of the running cluster (from postmaster.pid), else the configured port.
effective_port() {
  local p=""
  if [ -r "$PGDATA_DIR/postmaster.pid" ] && cluster_running; then
    p=$(sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -d '[:space:]')
  fi
  echo "${p:-$PORT}"
}

# Make sure the postgres user can reach $DATA (every parent directory needs the x bit for it).
ensure_traversable() {
  is_root || return 0
  runuser -u postgres -- test -x "$DATA" && return 0
  local d="$DATA"
  local -a parents=()
  while [ "$d" != "/" ]; do parents+=("$d"); d=$(dirname "$d"); done
  local i
  for ((i = ${#parents[@]} - 1; i >= 0; i--)); do
    d="${parents[$i]}"
    if ! runuser -u postgres -- test -x "$d"; then
      say "granting o+x on $d so the postgres user can reach the cluster"
      chmod o+x "$d"
    fi
  done
  runuser -u postgres -- test -x "$DATA" || die "the postgres user cannot reach $DATA"
}

ensure_cluster() {
  if is_root; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' is missing (is postgresql-$PG_MAJOR installed?)"
  fi
  mkdir -p "$DATA"
  chmod 755 "$DATA"
  ensure_traversable

  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    if [ -d "$PGDATA_DIR" ] && [ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]; then
      die "$PGDATA_DIR exists but is not a PostgreSQL data directory; remove it to start afresh"
    fi
    say "initialising cluster in $PGDATA_DIR…"
    mkdir -p -m 700 "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    is_root && chown postgres:postgres "$PGDATA_DIR"
    local locale="C"
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale="C.UTF-8"; fi
    quiet as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" --auth=trust -U postgres --encoding=UTF8 --locale="$locale"
  fi
  local pgver
  pgver=$(cat "$PGDATA_DIR/PG_VERSION")
  [ "$pgver" = "$PG_MAJOR" ] || die "$PGDATA_DIR holds a PostgreSQL $pgver cluster, expected $PG_MAJOR"

  if cluster_running; then
    local running_port
    running_port=$(effective_port)
    if [ "$running_port" != "$PORT" ]; then
      say "warning: cluster already runs on port $running_port (not $PORT); run 'scripts/db.sh stop' to change it"
    fi
    return 0
  fi

  clear_stale_postmaster

  local sock
  sock=$(socket_dir)
  if [ "$sock" != "/tmp" ]; then
    mkdir -p "$sock"
    is_root && chown postgres:postgres "$sock"
    chmod 755 "$sock"
  fi
  touch "$SERVER_LOG"
  is_root && chown postgres:postgres "$SERVER_LOG"

  local opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$sock"
  local s
  for s in "${SERVER_SETTINGS[@]}"; do opts="$opts -c $s"; done

  # 9>&-: the server must not inherit the lock descriptor of cmd_up (it would hold the lock forever).
  if ! as_pg "$PGBIN/pg_ctl" start -w -t 60 -D "$PGDATA_DIR" -l "$SERVER_LOG" -o "$opts" >>"$SETUP_LOG" 2>&1 9>&-; then
    echo "db: the cluster did not start; last lines of $SERVER_LOG:" >&2
    tail -n 30 "$SERVER_LOG" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------
# 4. Database and extension

pg_psql() {
  local port="$1"; shift
  PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

ensure_database() {
  local port="$1" exists version
  exists=$(pg_psql "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")
  if [ "$exists" != "1" ]; then
    say "creating database $DB_NAME…"
    pg_psql "$port" -d postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  version=$(pg_psql "$port" -d "$DB_NAME" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'")
  if [ -z "$version" ]; then
    pg_psql "$port" -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
  elif [ "$version" != "$PGVECTOR_VERSION" ]; then
    say "updating extension vector $version → $PGVECTOR_VERSION…"
    pg_psql "$port" -d "$DB_NAME" -c "ALTER EXTENSION vector UPDATE TO '$PGVECTOR_VERSION'" >/dev/null
  fi
  version=$(pg_psql "$port" -d "$DB_NAME" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'")
  [ "$version" = "$PGVECTOR_VERSION" ] || die "extension vector is '$version' in $DB_NAME, expected $PGVECTOR_VERSION"
}

# ---------------------------------------------------------------------------------------------

cmd_up() {
  mkdir -p "$DATA"
  # Serialise concurrent 'up' runs (tests starting in parallel).
  exec 9>"$DATA/db.lock"
  flock -w 900 9 || die "another scripts/db.sh is still running (lock $DATA/db.lock)"

  ensure_packages
  build_pgvector
  ensure_cluster
  local port
  port=$(effective_port)
  wait_ready "$port"
  ensure_database "$port"
  say "cluster running on 127.0.0.1:$port (data $PGDATA_DIR, log $SERVER_LOG)"
  conn_string "$port"
}

cmd_stop() {
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "no cluster in $PGDATA_DIR"
    return 0
  fi
  if cluster_running; then
    as_pg "$PGBIN/pg_ctl" stop -w -t 60 -m fast -D "$PGDATA_DIR" >>"$SETUP_LOG" 2>&1 ||
      die "pg_ctl stop failed (see $SETUP_LOG)"
    say "cluster stopped"
  else
    say "cluster is not running"
  fi
}

cmd_status() {
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "no cluster in $PGDATA_DIR (run scripts/db.sh up)"
    return 3
  fi
  if cluster_running; then
    local port
    port=$(effective_port)
    say "cluster running on 127.0.0.1:$port (data $PGDATA_DIR)"
    if pgvector_installed; then say "pgvector $PGVECTOR_VERSION installed"; else say "pgvector $PGVECTOR_VERSION NOT installed"; fi
    conn_string "$port"
    return 0
  fi
  say "cluster stopped (data $PGDATA_DIR)"
  return 3
}

cmd_url() {
  conn_string "$(effective_port)"
}

cmd_psql() {
  exec "$PGBIN/psql" -X -h 127.0.0.1 -p "$(effective_port)" -U postgres -d "$DB_NAME" "$@"
}

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-up}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    up|start) cmd_up ;;
    stop|down) cmd_stop ;;
    status) cmd_status ;;
    url) cmd_url ;;
    psql) cmd_psql "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
