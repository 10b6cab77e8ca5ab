#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL (127.0.0.1:5432) on 127.0.0.1:5433, for the
# replica tests (tests/test_replicas.py). Idempotent:
#   .ci/replica.sh start   allow replication from 127.0.0.1 in the primary's pg_hba.conf (once),
#                          copy the cluster with pg_basebackup (once; again if the copy can no
#                          longer catch up), start it and wait until it has replayed the primary's
#                          WAL of this moment
#   .ci/replica.sh stop    stop it and drop its replication slot (the copy is kept for the next
#                          start, which copies again if the primary's WAL has moved on too far)
#   .ci/replica.sh remove  stop it and delete the copy
# Run as root (it runs PostgreSQL as the postgres OS user) or as postgres.
set -euo pipefail
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PORT=${REPLICA_PORT:-5433}
DIR=${REPLICA_DIR:-/var/lib/postgresql/incidents-replica-$PORT}
# The slot keeps the primary's WAL until the replica has it (a busy primary recycles it before
# a fresh copy starts streaming). It is dropped on stop: a slot left behind would keep WAL forever.
SLOT=${REPLICA_SLOT:-incidents_replica_$PORT}
BIN=$(dirname "$(readlink -f "$(command -v pg_basebackup)")")
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] && BIN=/usr/lib/postgresql/15/bin

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -XAtqc "$1"; }
replica() { psql -h 127.0.0.1 -p "$PORT" -U postgres -XAtqc "$1"; }

allow_replication() {
  local hba
  hba=$(primary "SHOW hba_file")
  if ! grep -qE '^host\s+replication\s+postgres\s+127\.0\.0\.1/32' "$hba"; then
    echo "Allowing replication connections from 127.0.0.1 (postgres role, trust) in $hba"
    echo "host replication postgres 127.0.0.1/32 trust" >>"$hba"
    primary "SELECT pg_reload_conf()" >/dev/null
  fi
}

# A hot standby needs at least the primary's values of these.
standby_config() {
  cat <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
hot_standby_feedback = on
EOF
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$name = $(primary "SHOW $name")"
  done
}

copy_cluster() {
  echo "Copying the primary's cluster into $DIR (pg_basebackup) …"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chown postgres:postgres "$DIR" 2>/dev/null || true
  chmod 700 "$DIR"
  drop_slot
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream \
    --checkpoint=fast --create-slot --slot="$SLOT"
  standby_config | as_postgres tee "$DIR/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_postgres tee "$DIR/pg_hba.conf" >/dev/null
  : | as_postgres tee "$DIR/pg_ident.conf" >/dev/null
}

drop_slot() {
  primary "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
}

ensure_slot() {
  primary "SELECT pg_create_physical_replication_slot('$SLOT', true)
           WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT')" >/dev/null
}

running() { as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

caught_up() {
  local target
  target=$(primary "SELECT pg_current_wal_lsn()")
  for _ in $(seq "${1:-60}"); do
    if [ "$(replica "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = t ]; then return 0; fi
    sleep 1
  done
  return 1
}

start() {
  allow_replication
  if [ -f "$DIR/standby.signal" ]; then ensure_slot; else copy_cluster; fi
  running || as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 300 start >/dev/null
  if ! caught_up 60; then
    echo "The replica did not catch up (its WAL may be gone): copying the cluster again"
    stop
    copy_cluster
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 300 start >/dev/null
    caught_up 120 || { echo "The replica on 127.0.0.1:$PORT did not catch up" >&2; tail -20 "$DIR/server.log" >&2; exit 1; }
  fi
  echo "Read replica streaming on 127.0.0.1:$PORT ($DIR)"
}

stop() {
  if [ -d "$DIR" ] && running; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi
  drop_slot
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  remove) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start|stop|remove" >&2; exit 2 ;;
esac
