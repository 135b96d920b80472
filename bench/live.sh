#!/usr/bin/env bash
# Live-watchers benchmark (issue #17): N watchers of one poll's live stream on instance A (loopback sockets read by
# bench/live/LiveBench.java), votes at a steady rate through instance B, both on one PostgreSQL 15. Measures delivery
# latency from a vote's commit to the event at every watcher (p50/p99), the state reads the streams cause per second
# (A's samen_live_reads_total: one per changed poll per tick, two statements each), A's RSS per 1,000 watchers and its
# CPU; then pgbench compares the ballot statement with and without its pg_notify. About 4-5 minutes.
#
#   bench/live.sh                 # N=5000, 10 votes/s, 45 s per phase; writes bench/out/live/{result.json,summary.md}
#
# Settings (environment): LIVE_WATCHERS (5000), LIVE_RATE (votes/s, 10), LIVE_SECONDS (per phase, 45),
# LIVE_PG_PORT (26632), LIVE_PORT_A (18680), LIVE_PORT_B (18681), BENCH_JAVA_OPTS (the deployment's JVM flags),
# LIVE_NO_BUILD=1 (reuse target/quarkus-app). Run as root on Debian (PostgreSQL runs as the postgres user).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out/live"
: "${LIVE_WATCHERS:=5000}" "${LIVE_RATE:=10}" "${LIVE_SECONDS:=45}"
: "${LIVE_PG_PORT:=26632}" "${LIVE_PORT_A:=18680}" "${LIVE_PORT_B:=18681}"
: "${BENCH_JAVA_OPTS:=-Xmx128m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"
TENANT=enkhuizen
PGBIN=/usr/lib/postgresql/15/bin
log() { printf '%s live: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
pids=()
PGROOT=""
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ -n $PGROOT ]]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -t 60 stop >/dev/null 2>&1 || true
        cp "$PGROOT/postgres.log" "$OUT/postgres.log" 2>/dev/null || true
        rm -rf "$PGROOT"
    fi
    exit "$rc"
}
trap cleanup EXIT
rm -rf "$OUT" && mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > LIVE_WATCHERS + 1000 )) || die "ulimit -n $(ulimit -n) is too low for $LIVE_WATCHERS sockets"
[[ -x $PGBIN/pgbench ]] || die "needs Debian's postgresql-15 and postgresql-contrib"
if [[ ${LIVE_NO_BUILD:-0} != 1 || ! -f $REPO/target/quarkus-app/quarkus-run.jar ]]; then
    log "building"; (cd "$REPO" && ./mvnw -B -q -o -DskipTests package) >"$OUT/build.log" 2>&1 || die "build"
fi

PGROOT="$(mktemp -d /tmp/samen-live-bench.XXXXXX)"; chown postgres: "$PGROOT"; chmod 700 "$PGROOT"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
printf '%s\n' "listen_addresses = '127.0.0.1'" "port = $LIVE_PG_PORT" "unix_socket_directories = '$PGROOT'" \
    "max_connections = 100" "shared_buffers = 256MB" "shared_preload_libraries = 'pg_stat_statements'" \
    "synchronous_commit = on" "fsync = on" >>"$PGROOT/data/postgresql.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/postgres.log" -w -t 60 start >/dev/null
psql_() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$LIVE_PG_PORT" -U postgres "$@"; }
psql_ -d postgres -c "create database samen" && psql_ -d samen -c "create extension pg_stat_statements"

# a token key pair of the run's own: the packaged service refuses the committed development key
rm -rf "$OUT/keys"
(cd "$REPO" && java dev/MintToken.java --new-key-pair "$OUT/keys") >/dev/null 2>&1 || die "could not make a key pair"

start_instance() { # <port> <log>
    # shellcheck disable=SC2086
    env MALLOC_ARENA_MAX=2 QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$1" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$(($1 + 1000)) \
        QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$LIVE_PG_PORT/samen" QUARKUS_DATASOURCE_USERNAME=postgres \
        SAMEN_EMBEDDED_DATABASE_ENABLED=false SAMEN_TRUSTED_PROXIES=127.0.0.1 \
        SAMEN_RATE_LIMITS_VOTER_TOKENS_CAPACITY=1000000000 SAMEN_RATE_LIMITS_VOTES_CAPACITY=1000000000 \
        SAMEN_LIVE_MAX_STREAMS=20000 SAMEN_LIVE_MAX_STREAMS_PER_CLIENT=20000 \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/keys/public-key.pem" MP_JWT_VERIFY_ISSUER=https://samen.dev.local/issuer \
        java $BENCH_JAVA_OPTS -jar "$REPO/target/quarkus-app/quarkus-run.jar" >"$2" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 240); do
        # health and metrics are on the instance's management port (its HTTP port + 1000)
        curl -fsS --max-time 2 "http://127.0.0.1:$(($1 + 1000))/q/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    tail -30 "$2"; die "instance on $1 not ready"
}
log "starting instance A on $LIVE_PORT_A (watchers) and B on $LIVE_PORT_B (votes): $BENCH_JAVA_OPTS"
start_instance "$LIVE_PORT_A" "$OUT/a.log"; PID_A=${pids[-1]}
start_instance "$LIVE_PORT_B" "$OUT/b.log"

TOKEN=$(cd "$REPO" && java -Dkey="$OUT/keys/private-key.pem" dev/MintToken.java "$TENANT" editor --minutes 60 --sub live-bench)
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
B=http://127.0.0.1:$LIVE_PORT_A/api/v1/tenants/$TENANT
P=$(api -X POST "$B/projects" -d '{"title":"Live"}' | id)
api -X PATCH "$B/projects/$P" -d '{"status":"published"}' >/dev/null
C=$(api -X POST "$B/projects/$P/consultations" -d '{"title":"Live","question":"Wat?","participationLevel":"consult",
    "openForInput":"Alles","fixed":"Niets","decisionMaker":"De raad","closesAt":"2030-06-01T17:00:00+02:00",
    "feedbackDueDate":"2030-09-01","moderationMode":"post"}' | id)
api -X PATCH "$B/consultations/$C" -d '{"status":"open"}' >/dev/null
poll() {
    local id
    id=$(api -X POST "$B/consultations/$C/polls" -d '{"question":"Welke boom?","options":[{"label":"Linde"},
        {"label":"Eik"},{"label":"Kastanje"}],"resultsVisibility":"always"}' | id)
    api -X PATCH "$B/polls/$id" -d '{"status":"open"}' >/dev/null
    echo "$id"
}
POLL=$(poll); PGPOLL=$(poll)
OPTION=$(curl -fsS "$B/polls/$POLL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["options"][0]["id"])')
log "poll $POLL; warming both instances up (votes through B, 20 s)"
(cd "$BENCH_DIR/live" && java -DmetricsPort=$((LIVE_PORT_A + 1000)) LiveBench.java "127.0.0.1:$LIVE_PORT_A" "127.0.0.1:$LIVE_PORT_B" "$TENANT" "$POLL" \
    "$OPTION" "$PID_A" 50 20 10 "$OUT/warmup.json") >/dev/null 2>"$OUT/warmup.log" || die "warm-up (see $OUT/warmup.log)"
sleep 3
psql_ -d samen -c "select pg_stat_statements_reset()" >/dev/null
log "measuring: $LIVE_WATCHERS watchers on A, $LIVE_RATE votes/s through B, $LIVE_SECONDS s per phase"
(cd "$BENCH_DIR/live" && java -Xmx512m -DmetricsPort=$((LIVE_PORT_A + 1000)) LiveBench.java "127.0.0.1:$LIVE_PORT_A" "127.0.0.1:$LIVE_PORT_B" "$TENANT" \
    "$POLL" "$OPTION" "$PID_A" "$LIVE_WATCHERS" "$LIVE_RATE" "$LIVE_SECONDS" "$OUT/result.json") \
    >/dev/null 2>"$OUT/watchers.log" || die "watchers (see $OUT/watchers.log)"
psql_ -d samen -At -F ' | ' -c "select calls, round(total_exec_time::numeric, 1), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
    from pg_stat_statements order by calls desc limit 12" >"$OUT/statements.txt"
grep -c "ERROR" "$OUT/a.log" "$OUT/b.log" >"$OUT/errors.txt" || true

log "pgbench: the ballot statement with and without pg_notify (4 clients, 15 s each)"
OPTS=$(psql_ -d samen -At -c "select '{' || string_agg(id::text, ',') || '}' from poll_option where poll_id = '$PGPOLL'")
# the ballot statement as BallotBox runs it (without), and with a pg_notify in it (with): what a NOTIFY inside the
# ballot's transaction would cost (PostgreSQL serialises the commits of notifying transactions)
cp "$BENCH_DIR/sql/vote-insert.sql" "$OUT/vote-insert-without-notify.sql"
python3 - "$BENCH_DIR/sql/vote-insert.sql" >"$OUT/vote-insert-with-notify.sql" <<'PY'
import sys
s = open(sys.argv[1]).read()
old = ")\nselect (select count(*) from open_poll),"
assert s.count(old) == 1, "the ballot statement's last select moved: adjust this splice"
print(s.replace(old, "),\nnotified as (select pg_notify('samen_poll', cast(poll_id as text)) from ballot)\n"
      "select (select count(*) from open_poll), (select count(*) from notified),"), end="")
PY
for variant in with:"$OUT/vote-insert-with-notify.sql" without:"$OUT/vote-insert-without-notify.sql"; do
    "$PGBIN/pgbench" -n -M prepared -c 4 -j 2 -T 15 -h 127.0.0.1 -p "$LIVE_PG_PORT" -U postgres \
        -D poll="$PGPOLL" -D opts="$OPTS" -D tenant="$TENANT" -f "${variant#*:}" samen >"$OUT/pgbench-${variant%%:*}.txt" 2>&1 ||
        die "pgbench ${variant%%:*} (see $OUT/pgbench-${variant%%:*}.txt)"
done
python3 - "$OUT" <<'PY'
import json, re, sys, pathlib
out = pathlib.Path(sys.argv[1])
r = json.loads((out / "result.json").read_text())
ph = r["phases"]
def tps(name):
    t = (out / f"pgbench-{name}.txt").read_text()
    return float(re.search(r"tps = ([\d.]+)", t).group(1)), float(re.search(r"latency average = ([\d.]+)", t).group(1))
lines = ["| watchers | RSS of A (MB) | votes/s | p50 commit→event (ms) | p90 | p99 | max | deliveries | behind at end | live reads/s (2 statements each) | mean refresh (ms) | CPU of A (cores) | machine load |",
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
lines.append(f"| 0 (idle) | {ph[0]['rssMb']} | | | | | | | | | | | |")
for p in ph[1:]:
    lines.append(f"| {p['watchers']} | {p['rssMb']} | {p['votesPerSecond']} | {p['latencyP50Ms']} | {p['latencyP90Ms']} | "
                 f"{p['latencyP99Ms']} | {p['latencyMaxMs']} | {p['deliveries']} | {p['watchersBehindAtEnd']} | "
                 f"{p['liveReadsPerSecond']} | {p.get('refreshMeanMs', '')} | {p['serviceCpuCores']} | {p.get('machineLoad', '')} |")
if len(ph) >= 3:
    per = (ph[-1]["rssMb"] - ph[0]["rssMb"]) / (ph[-1]["watchers"] / 1000)
    lines.append("")
    lines.append(f"RSS growth: {per:.1f} MB per 1,000 watchers (idle → {ph[-1]['watchers']}); "
                 f"{ph[-1]['rssMb'] - ph[0]['rssMb']:.1f} MB for {ph[-1]['watchers']}.")
w, wl = tps("with"); wo, wol = tps("without")
lines.append(f"Ballot statement (pgbench, 4 clients, 15 s): {wo:.0f} tps as BallotBox runs it (avg {wol} ms); {w:.0f} tps with a pg_notify inside it (avg {wl} ms).")
(out / "summary.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PY
log "done: $OUT/summary.md"
