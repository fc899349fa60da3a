#!/usr/bin/env bash
# Where a submission's time goes, in all three processes (issue 33): runs `npm run bench` (by
# default the submit section) against a PostgreSQL cluster and a FerretDB of its own, with
# pg_stat_statements loaded in PostgreSQL, FerretDB's pprof endpoint open, and the service's V8
# CPU profile written when it stops. Writes to OUT (default /tmp/handover-profile):
#   service/*.cpuprofile   the service's CPU profile (open in Chrome DevTools, or summarise it)
#   ferretdb.pprof / ferretdb-top.txt   FerretDB's CPU profile over PROFILE_SECONDS of the run
#   pg-statements.txt      PostgreSQL's statements by total time
# Usage: bash bench/profile.sh [bench arguments...]   e.g. bash bench/profile.sh --only submit --duration 5
# Needs PostgreSQL 15's server binaries (Debian's postgresql-15), the FerretDB binary the project
# builds (scripts/build-ferretdb.sh) and Go for `go tool pprof`; runs as root (PostgreSQL as postgres).
set -euo pipefail
[ $# -eq 0 ] && set -- --only submit --duration 5
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/handover-profile}
PROFILE_SECONDS=${PROFILE_SECONDS:-20}
PROFILE_AFTER=${PROFILE_AFTER:-5}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
FERRETDB=${FERRETDB:-$HOME/.cache/handover-exchange/ferretdb-v1.24.2/ferretdb}
rm -rf "$OUT" && mkdir -p "$OUT/service"
work=$(mktemp -d /tmp/handover-profile-db.XXXXXX)
chmod 711 "$work"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
pg_port=$(free_port)
chown postgres "$work"
runuser -u postgres -- "$PGBIN/initdb" -D "$work/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" start >/dev/null
fdb_port=$(free_port); debug_port=$(free_port)
pg_url="postgres://postgres@127.0.0.1:$pg_port/postgres"
cleanup() {
  [ -n "${fdb_pid:-}" ] && kill "$fdb_pid" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql "$pg_url" -qc 'CREATE EXTENSION pg_stat_statements' >/dev/null
# The same session settings the service gives FerretDB (src/database-process/postgres.ts, ferretDbPostgresUrl).
"$FERRETDB" --handler=postgresql "--postgresql-url=$pg_url?plan_cache_mode=force_custom_plan&enable_seqscan=off&jit=off" \
  "--listen-addr=127.0.0.1:$fdb_port" "--state-dir=$work" "--debug-addr=127.0.0.1:$debug_port" --telemetry=disable --log-level=error &
fdb_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$debug_port/debug/pprof/" >/dev/null && break; sleep 0.1; done
npm run -s build >/dev/null
# FerretDB's profile over PROFILE_SECONDS, from PROFILE_AFTER seconds into the submit runs.
( sleep "$PROFILE_AFTER"; curl -sf "http://127.0.0.1:$debug_port/debug/pprof/profile?seconds=$PROFILE_SECONDS" -o "$OUT/ferretdb.pprof" ) &
prof_job=$!
MONGODB_URI="mongodb://127.0.0.1:$fdb_port/" HANDOVER_POSTGRES_URL="$pg_url" BENCH_SERVICE_CPU_PROF_DIR="$OUT/service" \
  npm run -s bench -- "$@" | tee "$OUT/bench.txt"
wait "$prof_job" || echo "FerretDB's profile was not taken (the run ended first?)" >&2
[ -s "$OUT/ferretdb.pprof" ] && go tool pprof -top -nodecount=40 "$FERRETDB" "$OUT/ferretdb.pprof" > "$OUT/ferretdb-top.txt" 2>/dev/null || true
psql "$pg_url" -qAF $'\t' -c "SELECT calls, round(total_exec_time::numeric,1) AS total_ms, round(mean_exec_time::numeric,3) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" > "$OUT/pg-statements.txt"
echo "written to $OUT: service/*.cpuprofile, ferretdb-top.txt, pg-statements.txt, bench.txt"
