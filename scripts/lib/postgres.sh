# Sourced by scripts/test (and the store bench): a throwaway PostgreSQL server.
#
#   pg_start   initdb + pg_ctl in a fresh temp dir on a free port (as the `postgres` user when
#              run as root), exports TITAN_PG_URL (a superuser URL to the `postgres` database)
#   pg_stop    stops it and removes the dir (safe to call twice; scripts trap it on EXIT)
#   pg_tool N  the path of the client tool N (createdb, pgbench, …)

pg_bin_dir() {
  if command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$d" ]; then
    echo "PostgreSQL server binaries not found (install postgresql, or set TITAN_TEST_DATABASE_URL)" >&2
    return 1
  fi
  echo "$d"
}

pg_tool() {
  if command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
    return
  fi
  local t
  t=$(ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$t" ]; then
    echo "PostgreSQL client tool $1 not found" >&2
    return 1
  fi
  echo "$t"
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the server's owner: `postgres` when we are root (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bin port
  bin=$(pg_bin_dir) || return 1
  port=$(pg_free_port)
  PG_DIR=$(mktemp -d /tmp/titan-pg.XXXXXX)
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
  fi
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U titan --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U titan --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_BIN="$bin"
  PG_PORT="$port"
  export TITAN_PG_URL="postgres://titan@127.0.0.1:$port/postgres"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PG_DIR:-}" ]; then
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
