#!/usr/bin/env bash
# Start a throw-away PostgreSQL for the tests (Debian's postgresql package; initdb and pg_ctl
# run as the postgres user), on a Unix socket only, and print the variables that point the
# tests at it:   eval "$(bash scripts/test_postgres.sh start)"   …   bash scripts/test_postgres.sh stop DIR
set -euo pipefail

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && echo "$d" && return; done
  return 1
}

case "${1:-start}" in
  start)
    if ! BIN=$(bindir); then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq --no-install-recommends postgresql >&2
      BIN=$(bindir)
    fi
    DIR=$(mktemp -d /tmp/perfeval-pg.XXXXXX)
    chown postgres "$DIR"
    PORT=${PERFEVAL_TEST_PG_PORT:-54329}
    run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
    run "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
    run "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w -o \"-k $DIR -p $PORT -c listen_addresses='' -c fsync=off\" start" >&2
    run "'$BIN/psql' -h '$DIR' -p $PORT -U postgres -qc 'CREATE DATABASE perfeval_test'" >&2
    echo "export PERFEVAL_TEST_PG_DIR='$DIR'"
    echo "export PERFEVAL_TEST_DATABASE_URL='postgresql+psycopg://postgres@/perfeval_test?host=$DIR&port=$PORT'"
    ;;
  stop)
    DIR=${2:?usage: test_postgres.sh stop DIR}
    BIN=$(bindir)
    su postgres -s /bin/bash -c "'$BIN/pg_ctl' -D '$DIR/data' -m fast stop" >&2 || true
    rm -rf "$DIR"
    ;;
esac
