# Sourced by scripts/test.sh: starts a private PostgreSQL cluster in a temp dir on a random
# loopback port, exports TEST_DATABASE_URL, and removes the cluster when the shell exits.
start_throwaway_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "postgres: no PostgreSQL server installed (Debian package postgresql)" >&2
    return 1
  fi
  PG_TMP=$(mktemp -d /tmp/cases-pg.XXXXXX)
  local as=()
  # initdb refuses to run as root; the Debian package creates the postgres user.
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    if "${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
      -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null; then
      PG_BIN=$bin
      PG_AS=("${as[@]}")
      export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
      trap stop_throwaway_postgres EXIT
      echo "postgres: throwaway cluster on 127.0.0.1:$port"
      return 0
    fi
  done
  echo "postgres: could not start a cluster; log follows" >&2
  cat "$PG_TMP/server.log" >&2 || true
  return 1
}

stop_throwaway_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
