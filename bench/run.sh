#!/usr/bin/env bash
# Samen load benchmark (issue #7). One command, on a Debian 12 machine (root, or a user who can run PostgreSQL):
#
#   bench/run.sh            full run: build, PostgreSQL 15 in a private data directory, the packaged service,
#                           seed 10 k votes/reactions, every scenario 20 s at 16 and 64 connections after a warm-up,
#                           a JFR + pg_stat_statements profiling pass, then 10 M votes / 1 M reactions and again;
#                           writes bench/RESULTS.md
#   bench/run.sh --smoke    a few seconds per scenario, small seed, no scale run, no profiling; writes
#                           bench/out/smoke/RESULTS.md and exits non-zero when the harness breaks (CI runs this)
#
# Options: --no-build (use target/quarkus-app as it is), --keep-db (leave the PostgreSQL data directory),
# --report-only (only rewrite the results file from the records in bench/out/<mode>/, e.g. after editing
# bench/analysis.md, the hand-written interpretation that a full run's RESULTS.md includes).
# Settings (environment): BENCH_JAVA_OPTS (JVM flags, default: the Kubernetes deployment's, so the RSS is what the
# deployment has; add -XX:NativeMemoryTracking=summary for the memory breakdown by JVM area, which costs about 10 MB
# of RSS of its own), MALLOC_ARENA_MAX (default 2, as deployed),
# QUARKUS_DATASOURCE_JDBC_MAX_SIZE (pool), BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_WRK_THREADS,
# BENCH_PG_PORT, BENCH_HTTP_PORT, BENCH_PG_SHARED_BUFFERS, BENCH_BASE_VOTES, BENCH_BASE_REACTIONS, BENCH_SCALE_VOTES,
# BENCH_SCALE_REACTIONS, BENCH_PROFILE (0/1), BENCH_QUIET_WAIT (seconds to wait for other processes to go quiet
# before each measured run), BENCH_JVM_WARMUP (seconds of each request type, twice, before anything is
# measured), BENCH_ONLY (scenario names, space-separated: run only these, e.g. "vote db-insert"; the report then has
# only their rows). Every process this script starts is stopped on exit (trap), and every loop is bounded.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
HELPER=(python3 "$BENCH_DIR/bench.py")
COMMAND="bench/run.sh${*:+ $*}"
STARTED_AT=$(date +%s)

MODE=full BUILD=1 KEEP_DB=0 REPORT_ONLY=0
while (($#)); do
    case "$1" in
        --smoke) MODE=smoke ;;
        --report-only) REPORT_ONLY=1 ;;
        --no-build) BUILD=0 ;;
        --keep-db) KEEP_DB=1 ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [[ $MODE == smoke ]]; then
    : "${BENCH_DURATION:=3}" "${BENCH_WARMUP:=2}" "${BENCH_BASE_VOTES:=1000}" "${BENCH_BASE_REACTIONS:=1000}"
    : "${BENCH_PROFILE:=0}" "${BENCH_QUIET_WAIT:=0}" "${BENCH_JVM_WARMUP:=0}"
    OUT="$BENCH_DIR/out/smoke"
    RESULTS_MD="$OUT/RESULTS.md"
else
    : "${BENCH_DURATION:=20}" "${BENCH_WARMUP:=10}" "${BENCH_BASE_VOTES:=10000}" "${BENCH_BASE_REACTIONS:=10000}"
    : "${BENCH_PROFILE:=1}" "${BENCH_QUIET_WAIT:=120}" "${BENCH_JVM_WARMUP:=20}"
    OUT="$BENCH_DIR/out/full"
    RESULTS_MD="$BENCH_DIR/RESULTS.md"
fi
: "${BENCH_SCALE_VOTES:=10000000}" "${BENCH_SCALE_REACTIONS:=1000000}" "${BENCH_ONLY:=}"
: "${BENCH_CONNECTIONS:=16 32 64}" "${BENCH_WRK_THREADS:=2}"
: "${BENCH_JAVA_OPTS:=-Xmx128m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=1000 -XX:+ExitOnOutOfMemoryError}"
: "${MALLOC_ARENA_MAX:=2}"
: "${QUARKUS_DATASOURCE_JDBC_MAX_SIZE:=20}"
: "${BENCH_PG_PORT:=25432}" "${BENCH_HTTP_PORT:=18080}" "${BENCH_PG_SHARED_BUFFERS:=1GB}"
: "${BENCH_MANAGEMENT_PORT:=19080}"   # the service's management interface (health, metrics)
export BENCH_WRK_THREADS BENCH_LUA_DIR="$BENCH_DIR/lua"
TENANT=enkhuizen
URL="http://127.0.0.1:$BENCH_HTTP_PORT"
MANAGEMENT_URL="http://127.0.0.1:$BENCH_MANAGEMENT_PORT"
WRK_TIMEOUT=10s
HIGH_CONNECTIONS=$(tr ' ' '\n' <<<"$BENCH_CONNECTIONS" | sort -n | tail -1)

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*"; exit 1; }

write_report() {
    local analysis=()
    [[ $MODE == full && -f $BENCH_DIR/analysis.md ]] && analysis=(--analysis "$BENCH_DIR/analysis.md")
    # the previous full run's figures go beside each row: RESULTS.md as it was before this run overwrote it
    [[ $MODE == full && ! -f $OUT/previous-RESULTS.md && -f $BENCH_DIR/RESULTS.md ]] && cp "$BENCH_DIR/RESULTS.md" "$OUT/previous-RESULTS.md"
    [[ -f $OUT/previous-RESULTS.md ]] && analysis+=(--previous "$OUT/previous-RESULTS.md")
    "${HELPER[@]}" report --results "$OUT/results.jsonl" --meta "$OUT/meta.json" --out "$RESULTS_MD" "${analysis[@]}"
}
if ((REPORT_ONLY)); then
    [[ -f $OUT/results.jsonl && -f $OUT/meta.json ]] || { echo "no results in $OUT" >&2; exit 1; }
    write_report
    exit 0
fi

# ------------------------------------------------------------------------------------------------ cleanup on exit
JAVA_PID='' LOAD_PID='' SAMPLER_PID='' WAITS_PID='' PGROOT='' PGDATA=''
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    for pid in "$SAMPLER_PID" "$WAITS_PID" "$LOAD_PID"; do
        [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    if [[ -n $JAVA_PID ]] && kill -0 "$JAVA_PID" 2>/dev/null; then
        log "stopping the service (pid $JAVA_PID)"
        kill -TERM "$JAVA_PID"
        for _ in $(seq 1 60); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$JAVA_PID" 2>/dev/null && kill -KILL "$JAVA_PID"
        wait "$JAVA_PID" 2>/dev/null
    fi
    if [[ -n $PGDATA && -f $PGDATA/postmaster.pid ]]; then
        log "stopping PostgreSQL"
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -t 60 stop >/dev/null
    fi
    [[ -n $PGROOT && -f $PGROOT/postgres.log ]] && cp "$PGROOT/postgres.log" "$OUT/postgres.log"
    if [[ -n $PGROOT ]]; then
        if ((KEEP_DB)); then log "kept the database in $PGDATA"; else rm -rf "$PGROOT"; fi
    fi
    log "done in $(($(date +%s) - STARTED_AT)) s, exit status $rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ------------------------------------------------------------------------------------------------------ prerequisites
rm -rf "$OUT"
mkdir -p "$OUT"/{wrk,tokens,pgbench,evidence}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

install_packages() {
    ((EUID == 0)) || die "missing $*; install them (apt-get install $*) or run as root"
    log "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get install -y --no-install-recommends "$@" >"$OUT/apt.log" 2>&1 ||
        { timeout 900 apt-get update >>"$OUT/apt.log" 2>&1 &&
          timeout 900 apt-get install -y --no-install-recommends "$@" >>"$OUT/apt.log" 2>&1; } ||
        die "apt-get install $* (see $OUT/apt.log)"
}
PGBIN=/usr/lib/postgresql/15/bin
missing=()
[[ -x $PGBIN/initdb && -x $PGBIN/pgbench ]] || missing+=(postgresql postgresql-contrib)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
((${#missing[@]} == 0)) || install_packages "${missing[@]}"
command -v java >/dev/null || die "no java on PATH (JDK 17 needed)"
JAVA_BIN="$(dirname "$(readlink -f "$(command -v java)")")"

if ((EUID == 0)); then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# -------------------------------------------------------------------------------------------------------------- build
if ((BUILD)) || [[ ! -f $REPO/target/quarkus-app/quarkus-run.jar ]]; then
    log "building the service (./mvnw -B -q -DskipTests package)"
    (cd "$REPO" && timeout 1800 ./mvnw -B -q -DskipTests package) >"$OUT/build.log" 2>&1 ||
        { tail -30 "$OUT/build.log"; die "build failed (see $OUT/build.log)"; }
fi

# --------------------------------------------------------------------------------------------------------- PostgreSQL
PGROOT="$(mktemp -d /tmp/samen-bench.XXXXXX)"
PGDATA="$PGROOT/data"
PGPASSWORD="bench-$RANDOM$RANDOM"
export PGPASSWORD
if ((EUID == 0)); then chown postgres: "$PGROOT"; fi
chmod 700 "$PGROOT"
log "initdb into $PGDATA (port $BENCH_PG_PORT)"
printf '%s\n' "$PGPASSWORD" >"$PGROOT/pw"
if ((EUID == 0)); then chown postgres: "$PGROOT/pw"; fi
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$PGROOT/pw" >"$OUT/initdb.log" 2>&1 || die "initdb (see $OUT/initdb.log)"
PG_SETTINGS=(
    "listen_addresses = '127.0.0.1'" "port = $BENCH_PG_PORT" "unix_socket_directories = '$PGROOT'"
    "max_connections = 200" "shared_buffers = $BENCH_PG_SHARED_BUFFERS" "effective_cache_size = 8GB"
    "maintenance_work_mem = 512MB" "work_mem = 16MB" "max_wal_size = 16GB" "checkpoint_timeout = 30min"
    "shared_preload_libraries = 'pg_stat_statements'" "pg_stat_statements.max = 1000"
    "random_page_cost = 1.1" "synchronous_commit = on" "fsync = on"
)
printf '%s\n' "${PG_SETTINGS[@]}" >>"$PGDATA/postgresql.conf"
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/postgres.log" -w -t 60 start >/dev/null ||
    { cat "$PGROOT/postgres.log" >&2; die "PostgreSQL did not start"; }
POSTMASTER_PID=$(head -1 "$PGDATA/postmaster.pid")
psql_admin() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGROOT" -p "$BENCH_PG_PORT" -U postgres "$@"; }
psql_admin -d postgres -c "create role samen login password '$PGPASSWORD'" -c "create database samen owner samen"
psql_admin -d samen -c "create extension pg_stat_statements"
psql_samen() { timeout "${PSQL_TIMEOUT:-600}" "$PGBIN/psql" -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$BENCH_PG_PORT" -U samen -d samen "$@"; }

# ------------------------------------------------------------------------------------------------------------ service
# limits raised for the run: the rate limits stay on (their cost is part of every write measured); every anonymous
# write comes from its own X-Forwarded-For address behind a trusted proxy, as a real audience does (one bucket per
# resident), and the allowances are raised anyway so that no address reuse can reach them; the repeat guard is off
# because wrk sends similar reaction text every time
log "starting the service on $URL (JVM: $BENCH_JAVA_OPTS; pool $QUARKUS_DATASOURCE_JDBC_MAX_SIZE)"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
# a token key pair of the run's own: the packaged service refuses the committed development key
(cd "$REPO" && "$JAVA_BIN/java" dev/MintToken.java --new-key-pair "$OUT/keys") 2>/dev/null || die "could not make a key pair"
env MALLOC_ARENA_MAX="$MALLOC_ARENA_MAX" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$BENCH_HTTP_PORT" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$BENCH_MANAGEMENT_PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$BENCH_PG_PORT/samen" \
    QUARKUS_DATASOURCE_USERNAME=samen QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD" \
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE="$QUARKUS_DATASOURCE_JDBC_MAX_SIZE" SAMEN_EMBEDDED_DATABASE_ENABLED=false \
    SAMEN_RATE_LIMITS_VOTER_TOKENS_CAPACITY=1000000000 SAMEN_RATE_LIMITS_VOTES_CAPACITY=1000000000 \
    SAMEN_RATE_LIMITS_REACTIONS_CAPACITY=1000000000 SAMEN_RATE_LIMITS_FLAGS_CAPACITY=1000000000 \
    SAMEN_REACTIONS_REPEAT_WINDOW=PT0S SAMEN_TRUSTED_PROXIES=127.0.0.1 \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/keys/public-key.pem" MP_JWT_VERIFY_ISSUER=https://samen.dev.local/issuer \
    "$JAVA_BIN/java" $BENCH_JAVA_OPTS -jar "$REPO/target/quarkus-app/quarkus-run.jar" >"$OUT/service.log" 2>&1 &
JAVA_PID=$!
ready=0
for _ in $(seq 1 240); do
    kill -0 "$JAVA_PID" 2>/dev/null || { tail -40 "$OUT/service.log"; die "the service exited at start"; }
    if curl -fsS --max-time 2 "$MANAGEMENT_URL/q/health/ready" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.5
done
((ready)) || { tail -40 "$OUT/service.log"; die "the service was not ready within 120 s"; }
log "service ready (pid $JAVA_PID)"

# ------------------------------------------------------------------------------------------------------------ seeding
META="$OUT/meta.json"
(cd "$REPO" && "$JAVA_BIN/java" -Dkey="$OUT/keys/private-key.pem" dev/MintToken.java "$TENANT" editor,admin --minutes 720 --sub bench) >"$OUT/official.jwt"
"${HELPER[@]}" seed-api --base "$URL" --tenant "$TENANT" --token-file "$OUT/official.jwt" --out "$OUT/ids.json" >/dev/null
ids() { python3 -c "import json,sys; d=json.load(open('$OUT/ids.json')); print($1)"; }
POLL=$(ids "d['poll']")
OPTIONS=$(ids "','.join(d['options'])")
OPTIONS_PG="{$OPTIONS}"
LIST_CONS=$(ids "d['list_consultation']")
REACT_CONS=$(ids "d['reaction_consultation']")
OTHERS=$(psql_samen -At -q -v cons="$LIST_CONS" -v count=99 -f "$BENCH_DIR/sql/other-consultations.sql" | tail -1)
[[ $OTHERS == "{"* ]] || die "could not create the other consultations"

seed() { # <label> <votes from> <votes to> <reactions from> <reactions to>
    log "seeding $1: votes $2..$3, reactions $4..$5 (SQL generate_series)"
    PSQL_TIMEOUT=5400 psql_samen -q -v poll="$POLL" -v opts="$OPTIONS_PG" -v from="$2" -v to="$3" \
        -f "$BENCH_DIR/sql/seed-votes.sql" >>"$OUT/seed.log" 2>&1 || die "seeding votes (see $OUT/seed.log)"
    PSQL_TIMEOUT=5400 psql_samen -q -v tenant="$TENANT" -v cons="$LIST_CONS" -v others="$OTHERS" -v from="$4" \
        -v to="$5" -f "$BENCH_DIR/sql/seed-reactions.sql" >>"$OUT/seed.log" 2>&1 || die "seeding reactions (see $OUT/seed.log)"
    PSQL_TIMEOUT=3600 psql_samen -q -c "vacuum analyze" >>"$OUT/seed.log" 2>&1 || true
    PSQL_TIMEOUT=600 psql_admin -d samen -c "checkpoint" >>"$OUT/seed.log" 2>&1 || true
}

record_data() { # <phase>: what is in the database now, and whether the API's counts agree with the ballot rows
    local counts api
    counts=$(psql_samen -At -F ' ' -c "select (select count(*) from vote), (select count(*) from vote where poll_id = '$POLL'),
        (select coalesce(sum(ballots), 0) from poll_ballot_tally where poll_id = '$POLL'),
        (select count(*) from reaction), (select count(*) from reaction where consultation_id = '$LIST_CONS' and status = 'PUBLISHED'),
        (select pg_size_pretty(pg_database_size('samen')))")
    read -r v_all v_poll tally r_all r_pub size <<<"$counts"
    # as an official: that view is never one an instance keeps, so it shows the database as it is now
    api=$(curl -fsS --max-time 30 -H "Authorization: Bearer $(cat "$OUT/official.jwt")" "$URL/api/v1/tenants/$TENANT/polls/$POLL" | python3 -c "import json,sys; print(json.load(sys.stdin)['totalVotes'])")
    [[ $api == "$v_poll" && $tally == "$v_poll" ]] || die "counts disagree: vote rows $v_poll, tallies $tally, API $api"
    "${HELPER[@]}" meta --file "$META" --json "data.$1={\"vote rows\": \"$v_all\", \"votes in the benchmarked poll (= API totalVotes = tallies)\": \"$v_poll\", \"reaction rows\": \"$r_all\", \"published reactions in the listed consultation\": \"$r_pub\", \"database size\": \"$size\"}"
    # the plans of the two reads that must not grow with the data: the public reaction page and the poll's counts
    {
        echo "Query plans with $v_poll votes in the poll and $r_all reactions ($1 data):"
        echo
        echo '```'
        psql_samen -X -q -At -c "explain (analyze, buffers, costs off) select * from reaction
            where tenant_slug = '$TENANT' and consultation_id = '$LIST_CONS' and status = 'PUBLISHED'
            order by created_at desc, id desc limit 21"
        echo
        psql_samen -X -q -At -c "explain (analyze, buffers, costs off) select option_id, sum(votes) from poll_option_tally
            where poll_id = '$POLL' group by option_id union all select null, sum(ballots) from poll_ballot_tally where poll_id = '$POLL'"
        echo '```'
    } >"$OUT/evidence/explain-$1.md" 2>&1 || true
    "${HELPER[@]}" meta --file "$META" --append "evidence=[\"Query plans: list page and poll counts ($1 data)\", \"$OUT/evidence/explain-$1.md\"]"
    log "data ($1): $v_all vote rows ($v_poll in the poll, API says $api), $r_all reactions ($r_pub published in the listed consultation), $size"
}

# ---------------------------------------------------------------------------------------------------- measurement
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"
HARNESS_FAIL=0
BEST_VOTE_RPS=0

cpu_snap() { "${HELPER[@]}" cpu --java "$JAVA_PID" --postmaster "$POSTMASTER_PID" --harness $$ >"$1"; }

start_rss_sampler() { # <file> <max seconds>
    local file=$1 samples=$(($2 * 2))
    (
        max=0
        for ((i = 0; i < samples; i++)); do
            r=$(awk '/^VmRSS:/ {print $2}' "/proc/$JAVA_PID/status" 2>/dev/null || true)
            if [[ -n $r ]] && ((r > max)); then max=$r; fi
            echo "$max" >"$file"
            sleep 0.5
        done
    ) &
    SAMPLER_PID=$!
}
stop_rss_sampler() {
    [[ -n $SAMPLER_PID ]] && { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; }
    SAMPLER_PID=''
}

# PostgreSQL backends of the benchmark database that are not idle, by state and wait event, every 0.5 s
start_wait_sampler() { # <file> <max seconds>
    local file=$1 samples=$(($2 * 2))
    (
        for ((i = 0; i < samples; i++)); do
            echo "sample"
            psql_admin -d samen -At -F '|' -c "select state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-'), count(*)
                from pg_stat_activity where datname = 'samen' and state <> 'idle' and pid <> pg_backend_pid() group by 1, 2, 3" || true
            sleep 0.5
        done
    ) >"$file" 2>/dev/null &
    WAITS_PID=$!
}
stop_wait_sampler() { # <file> <label>
    [[ -n $WAITS_PID ]] && { kill "$WAITS_PID" 2>/dev/null || true; wait "$WAITS_PID" 2>/dev/null || true; }
    WAITS_PID=''
    if "${HELPER[@]}" waits --file "$1" --out "$1.md" --label "$2" >/dev/null; then
        "${HELPER[@]}" meta --file "$META" --append "evidence=[\"Database backends: $2\", \"$1.md\"]"
    fi
}

wait_quiet() {
    ((BENCH_QUIET_WAIT > 0)) || return 0
    "${HELPER[@]}" quiet --java "$JAVA_PID" --postmaster "$POSTMASTER_PID" --harness $$ --threshold 0.15 \
        --max-wait "$BENCH_QUIET_WAIT" | sed 's/^/    /'
}

check_service() { kill -0 "$JAVA_PID" 2>/dev/null || { tail -40 "$OUT/service.log"; die "the service died"; }; }

# run_wrk <phase> <scenario> <connections> <seconds> <warmup 0|1> <lua script> [script args...]
run_wrk() {
    local phase=$1 scenario=$2 c=$3 secs=$4 warm=$5 script=$6
    shift 6
    local tag="$phase-$scenario-c$c" flags=()
    ((warm)) && { tag+="-warmup"; flags+=(--warmup); }
    [[ $scenario == poll-read-304 ]] && flags+=(--expect-304)
    ((warm)) || wait_quiet
    check_service
    local waits=0
    if ((!warm)) && [[ $c == "$HIGH_CONNECTIONS" ]]; then waits=1; fi
    cpu_snap "$OUT/wrk/$tag.cpu0"
    start_rss_sampler "$OUT/wrk/$tag.rss" $((secs + 90))
    if ((waits)); then start_wait_sampler "$OUT/evidence/waits-$tag" $((secs + 90)); fi
    timeout $((secs + 60)) wrk -t"$BENCH_WRK_THREADS" -c"$c" -d"${secs}s" --timeout "$WRK_TIMEOUT" \
        -s "$BENCH_DIR/lua/$script" "$URL" -- "$@" >"$OUT/wrk/$tag.log" 2>&1 &
    LOAD_PID=$!
    wait "$LOAD_PID" || log "wrk exited with status $? ($OUT/wrk/$tag.log)"
    LOAD_PID=''
    stop_rss_sampler
    if ((waits)); then stop_wait_sampler "$OUT/evidence/waits-$tag" "$phase $scenario at $c connections"; fi
    cpu_snap "$OUT/wrk/$tag.cpu1"
    "${HELPER[@]}" record-wrk --results "$RESULTS" --log "$OUT/wrk/$tag.log" --phase "$phase" --scenario "$scenario" \
        --connections "$c" --seconds "$secs" --rss-file "$OUT/wrk/$tag.rss" --cpu-before "$OUT/wrk/$tag.cpu0" \
        --cpu-after "$OUT/wrk/$tag.cpu1" "${flags[@]}" || HARNESS_FAIL=1
    check_service
}

last_rps() { tail -1 "$RESULTS" | python3 -c "import json,sys; print(int(json.load(sys.stdin).get('rps', 0)))"; }

# issue_tokens <file> <count>: voter tokens through the API, with wrk (lua/tokens.lua). wrk sleeps its whole -d
# even when every thread has stopped, so it is interrupted (SIGINT, after which it exits normally) once enough tokens
# are written, or when the bounded wait ends.
issue_tokens() {
    local file=$1 count=$2 prefix="$OUT/tokens/part" limit got=0 i
    limit=$((count / 300 + 60))
    rm -f "$prefix".*
    timeout $((limit + 30)) wrk -t"$BENCH_WRK_THREADS" -c16 -d"${limit}s" --timeout "$WRK_TIMEOUT" \
        -s "$BENCH_DIR/lua/tokens.lua" "$URL" -- "/api/v1/tenants/$TENANT/voter-tokens" "$prefix" "$count" \
        >"$OUT/tokens/issuing.log" 2>&1 &
    LOAD_PID=$!
    for ((i = 0; i < limit * 5; i++)); do
        kill -0 "$LOAD_PID" 2>/dev/null || break
        got=$( (cat "$prefix".* 2>/dev/null || true) | wc -l)
        ((got >= count)) && break
        sleep 0.2
    done
    kill -INT "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
    LOAD_PID=''
    cat "$prefix".* >"$file" 2>/dev/null || true
    rm -f "$prefix".*
    got=$(wc -l <"$file")
    ((got >= count)) || die "issued only $got of $count voter tokens (see $OUT/tokens/issuing.log)"
}

# vote_run <phase> <connections> <seconds> <warmup> [reset]: a fresh block of tokens, sized from the best vote rate
# so far; with reset, pg_stat_statements is reset after the tokens are issued
vote_run() {
    local phase=$1 c=$2 secs=$3 warm=$4 reset=${5:-0} n file
    if ((BEST_VOTE_RPS > 0)); then n=$((BEST_VOTE_RPS * secs * 2 + 2000)); else n=$((secs * 4000 + 2000)); fi
    file="$OUT/tokens/$phase-c$c.txt"
    if ((warm)); then file="$OUT/tokens/$phase-c$c-warmup.txt"; fi
    issue_tokens "$file" "$n"
    if ((reset)); then pgss_reset; fi
    run_wrk "$phase" vote "$c" "$secs" "$warm" vote.lua "/api/v1/tenants/$TENANT/polls/$POLL/votes" "$file" "$OPTIONS"
    local rps
    rps=$(last_rps)
    ((rps > BEST_VOTE_RPS)) && BEST_VOTE_RPS=$rps
    rm -f "$file"
}

poll_etag() {
    curl -fsS --max-time 10 -D - -o /dev/null "$URL/api/v1/tenants/$TENANT/polls/$POLL" |
        awk 'tolower($1) == "etag:" {sub(/\r$/, "", $2); print $2}'
}

# pgss_capture <label> <requests>: the top statements since the last reset
pgss_reset() { psql_admin -d samen -c "select pg_stat_statements_reset()" >/dev/null; }
pgss_capture() {
    local tag=$1 label=$2 requests
    requests=$(tail -1 "$RESULTS" | python3 -c "import json,sys; print(json.load(sys.stdin).get('requests', 0))")
    psql_admin -d samen --csv -c "select calls, round(mean_exec_time::numeric, 3) as mean_ms,
            round(total_exec_time::numeric, 1) as total_ms, query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = 'samen')
            and query not like '%pg_stat_statements%'
        order by total_exec_time desc limit 10" >"$OUT/evidence/pgss-$tag.csv"
    "${HELPER[@]}" pgss --csv "$OUT/evidence/pgss-$tag.csv" --out "$OUT/evidence/pgss-$tag.md" --label "$label" \
        --requests "$requests" >/dev/null
    "${HELPER[@]}" meta --file "$META" --append "evidence=[\"Database statements: $label\", \"$OUT/evidence/pgss-$tag.md\"]"
}

# wanted <name>: whether this scenario runs (BENCH_ONLY, a space-separated list of scenario names, for working on one
# path; empty: every scenario)
wanted() { [[ -z $BENCH_ONLY || " $BENCH_ONLY " == *" $1 "* ]]; }

# scenario <phase> <name> <lua script> [args...]: warm-up at the highest concurrency, then each concurrency
scenario() {
    local phase=$1 name=$2 script=$3
    shift 3
    wanted "$name" || return 0
    log "$phase / $name"
    run_wrk "$phase" "$name" "$HIGH_CONNECTIONS" "$BENCH_WARMUP" 1 "$script" "$@"
    for c in $BENCH_CONNECTIONS; do
        if [[ $c == "$HIGH_CONNECTIONS" ]]; then pgss_reset; fi
        run_wrk "$phase" "$name" "$c" "$BENCH_DURATION" 0 "$script" "$@"
        if [[ $c == "$HIGH_CONNECTIONS" ]]; then pgss_capture "$phase-$name" "$phase $name at $c connections"; fi
    done
}

read_scenarios() { # <phase>: poll read (plain, then If-None-Match with the current ETag, then as a voter)
    local phase=$1 etag
    scenario "$phase" poll-read get.lua "/api/v1/tenants/$TENANT/polls/$POLL"
    etag=$(poll_etag)
    [[ -n $etag ]] || die "the poll has no ETag"
    scenario "$phase" poll-read-304 get.lua "/api/v1/tenants/$TENANT/polls/$POLL" "$etag"
    # the anonymous view above may come from the instance's short-lived copy; a voter's own view (hasVoted) never
    # does: this is the read that goes to the database every time
    scenario "$phase" poll-read-voter get.lua "/api/v1/tenants/$TENANT/polls/$POLL" "" "$(voter_who_voted)"
}

voter_who_voted() { # a voter token that has voted in the benchmarked poll (runs in $(...): a failure stops the script)
    local token
    token=$(curl -fsS --max-time 10 -X POST -H 'Accept: application/json' -H "X-Forwarded-For: 10.99.0.$((RANDOM % 250 + 1))" \
        "$URL/api/v1/tenants/$TENANT/voter-tokens" | python3 -c "import json,sys; print(json.load(sys.stdin)['token'])")
    curl -fsS --max-time 10 -o /dev/null -X POST -H 'Content-Type: application/json' -H "Voter-Token: $token" \
        -d "{\"optionIds\":[\"${OPTIONS%%,*}\"]}" "$URL/api/v1/tenants/$TENANT/polls/$POLL/votes" \
        || { log "FAILED: the voter's vote"; kill -TERM $$; exit 1; }
    [[ -n $token ]] || { log "FAILED: no voter token for the voter's poll read"; kill -TERM $$; exit 1; }
    echo "$token"
}

vote_scenario() {
    local phase=$1
    wanted vote || return 0
    log "$phase / vote"
    vote_run "$phase" "$HIGH_CONNECTIONS" "$BENCH_WARMUP" 1
    for c in $BENCH_CONNECTIONS; do
        vote_run "$phase" "$c" "$BENCH_DURATION" 0 "$([[ $c == "$HIGH_CONNECTIONS" ]] && echo 1 || echo 0)"
        if [[ $c == "$HIGH_CONNECTIONS" ]]; then pgss_capture "$phase-vote" "$phase vote at $c connections"; fi
    done
}

list_scenario() {
    scenario "$1" list get.lua "/api/v1/tenants/$TENANT/consultations/$LIST_CONS/reactions?limit=20"
}

# pgbench_run <connections> <seconds> <warmup>
pgbench_run() {
    local c=$1 secs=$2 warm=$3 tag="base-db-insert-c$1" flags=()
    ((warm)) && { tag+="-warmup"; flags+=(--warmup); }
    ((warm)) || wait_quiet
    local waits=0
    if ((!warm)) && [[ $c == "$HIGH_CONNECTIONS" ]]; then waits=1; fi
    cpu_snap "$OUT/pgbench/$tag.cpu0"
    if ((waits)); then start_wait_sampler "$OUT/evidence/waits-$tag" $((secs + 90)); fi
    timeout $((secs + 60)) "$PGBIN/pgbench" -h 127.0.0.1 -p "$BENCH_PG_PORT" -U samen -n -M prepared \
        -c "$c" -j "$BENCH_WRK_THREADS" -T "$secs" -f "$BENCH_DIR/sql/vote-insert.sql" \
        -D poll="$POLL" -D opts="$OPTIONS_PG" -D tenant="$TENANT" -l --log-prefix="$OUT/pgbench/$tag" samen >"$OUT/pgbench/$tag.log" 2>&1 &
    LOAD_PID=$!
    wait "$LOAD_PID" || log "pgbench exited with status $? ($OUT/pgbench/$tag.log)"
    LOAD_PID=''
    if ((waits)); then stop_wait_sampler "$OUT/evidence/waits-$tag" "pgbench vote insert at $c connections"; fi
    cpu_snap "$OUT/pgbench/$tag.cpu1"
    "${HELPER[@]}" record-pgbench --results "$RESULTS" --log "$OUT/pgbench/$tag.log" --tx-log-prefix "$OUT/pgbench/$tag" \
        --phase base --scenario db-insert --connections "$c" --seconds "$secs" --cpu-before "$OUT/pgbench/$tag.cpu0" \
        --cpu-after "$OUT/pgbench/$tag.cpu1" "${flags[@]}" || HARNESS_FAIL=1
    rm -f "$OUT/pgbench/$tag".[0-9]*
}

# profile <name> <lua script> [args...]: one extra run at the highest concurrency under JFR (not in the table)
profile() {
    local name=$1 script=$2 file="$OUT/evidence/$1.jfr" tokens="$OUT/tokens/profile.txt"
    shift 2
    log "profiling $name under JFR"
    if [[ $name == vote ]]; then
        issue_tokens "$tokens" $((BEST_VOTE_RPS * BENCH_DURATION * 2 + 2000))
        set -- "/api/v1/tenants/$TENANT/polls/$POLL/votes" "$tokens" "$OPTIONS"
    fi
    wait_quiet
    # deeper stacks than the default 64 frames, so that the Samen and library frames under Vert.x are on them
    "$JAVA_BIN/jcmd" "$JAVA_PID" JFR.configure stackdepth=256 >/dev/null 2>&1 || true
    "$JAVA_BIN/jcmd" "$JAVA_PID" JFR.start name=bench settings=profile >/dev/null
    run_wrk profile "$name" "$HIGH_CONNECTIONS" "$BENCH_DURATION" 1 "$script" "$@"
    "$JAVA_BIN/jcmd" "$JAVA_PID" JFR.stop name=bench filename="$file" >/dev/null
    rm -f "$tokens"
    if PATH="$JAVA_BIN:$PATH" "${HELPER[@]}" jfr-top --file "$file" --out "$OUT/evidence/jfr-$name.md" >/dev/null; then
        "${HELPER[@]}" meta --file "$META" --append "evidence=[\"Service CPU samples (JFR): $name at $HIGH_CONNECTIONS connections\", \"$OUT/evidence/jfr-$name.md\"]"
    else
        log "could not summarise $file"
    fi
}

# ------------------------------------------------------------------------------------------------------------- meta
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
"${HELPER[@]}" meta --file "$META" --set "command=$COMMAND" --set "mode=$MODE" --set "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --set "service revision=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)')" \
    --set "cpu=$cpu_model" --set "nproc=$(nproc)" --set "memory=$mem" --set "kernel=$(uname -sr)" \
    --set "java=$("$JAVA_BIN/java" -version 2>&1 | head -2 | tr '\n' ' ')" \
    --set "postgres=$("$PGBIN/postgres" --version)" --set "pgbench=$("$PGBIN/pgbench" --version)" \
    --set "wrk=$({ wrk -v 2>&1 || true; } | head -1)" \
    --set "base_label=$BENCH_BASE_VOTES votes / $BENCH_BASE_REACTIONS reactions" \
    --set "scale_label=$BENCH_SCALE_VOTES votes / $BENCH_SCALE_REACTIONS reactions" \
    --set "settings.JVM flags (BENCH_JAVA_OPTS)=$BENCH_JAVA_OPTS (MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)" \
    --set "settings.QUARKUS_DATASOURCE_JDBC_MAX_SIZE=$QUARKUS_DATASOURCE_JDBC_MAX_SIZE" \
    --set "settings.duration / warm-up per scenario=${BENCH_DURATION} s / ${BENCH_WARMUP} s (warm-up at $HIGH_CONNECTIONS connections)" \
    --set "settings.connections=$BENCH_CONNECTIONS" \
    --set "settings.wrk=-t$BENCH_WRK_THREADS --timeout $WRK_TIMEOUT; pgbench -j $BENCH_WRK_THREADS -M prepared" \
    --set "settings.open files (ulimit -n)=$(ulimit -n)" \
    --set "settings.PostgreSQL (private cluster, initdb defaults plus)=$(IFS=';'; echo "${PG_SETTINGS[*]}" | sed "s|$PGROOT|<tmp>|")" \
    --set "settings.JVM warm-up before the first measurement=2 rounds of ${BENCH_JVM_WARMUP} s of each request type at $HIGH_CONNECTIONS connections" \
    --set "settings.quiet wait before measured runs=up to ${BENCH_QUIET_WAIT} s for other processes to use < 0.15 cores"

# ---------------------------------------------------------------------------------------------------------- the runs
seed base 1 "$BENCH_BASE_VOTES" 1 "$BENCH_BASE_REACTIONS"
record_data base

# JIT warm-up of the whole service before anything is measured (a scenario's own warm-up then only settles it):
# without it the first scenarios are measured on a half-compiled JVM, and base would look slower than scale
if ((BENCH_JVM_WARMUP > 0)); then
    log "warming up the JVM: ${BENCH_JVM_WARMUP} s of each request type"
    for round in 1 2; do
        run_wrk jvm-warmup ceiling "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua /embed/v1/samen.js "" "" gzip
        run_wrk jvm-warmup tenants "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua /api/v1/tenants
        run_wrk jvm-warmup poll-read "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua "/api/v1/tenants/$TENANT/polls/$POLL"
        run_wrk jvm-warmup poll-read-304 "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua "/api/v1/tenants/$TENANT/polls/$POLL" "$(poll_etag)"
        run_wrk jvm-warmup poll-read-voter "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua "/api/v1/tenants/$TENANT/polls/$POLL" "" \
            "$(voter_who_voted)"
        run_wrk jvm-warmup list "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 get.lua \
            "/api/v1/tenants/$TENANT/consultations/$LIST_CONS/reactions?limit=20"
        run_wrk jvm-warmup reaction "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1 reaction.lua \
            "/api/v1/tenants/$TENANT/consultations/$REACT_CONS/reactions"
        vote_run jvm-warmup "$HIGH_CONNECTIONS" "$BENCH_JVM_WARMUP" 1
    done
fi

# the ceiling: what every page view of a municipality's site fetches, the embed script as browsers ask for it
# (gzip), through the same HTTP stack, from the copy compressed once and kept in memory: no database
scenario base ceiling get.lua /embed/v1/samen.js "" "" gzip
scenario base tenants get.lua /api/v1/tenants
read_scenarios base
vote_scenario base
scenario base reaction reaction.lua "/api/v1/tenants/$TENANT/consultations/$REACT_CONS/reactions"
list_scenario base
if wanted db-insert; then
    log "base / db-insert (pgbench)"
    pgbench_run "$HIGH_CONNECTIONS" "$BENCH_WARMUP" 1
    for c in $BENCH_CONNECTIONS; do pgbench_run "$c" "$BENCH_DURATION" 0; done
fi

if [[ $MODE == full ]]; then
    seed scale $((BENCH_BASE_VOTES + 1)) "$BENCH_SCALE_VOTES" $((BENCH_BASE_REACTIONS + 1)) "$BENCH_SCALE_REACTIONS"
    record_data scale
    read_scenarios scale
    vote_scenario scale
    list_scenario scale
fi

# last: a JFR recording keeps its buffers (tens of MB of native memory) after it stops, which no measured run should
# carry in its RSS
if ((BENCH_PROFILE)); then
    profile vote vote.lua
    profile poll-read-voter get.lua "/api/v1/tenants/$TENANT/polls/$POLL" "" "$(voter_who_voted)"
    profile list get.lua "/api/v1/tenants/$TENANT/consultations/$LIST_CONS/reactions?limit=20"
fi

# where the service's memory went, when the JVM tracks its native memory (BENCH_JAVA_OPTS with NativeMemoryTracking)
if [[ $BENCH_JAVA_OPTS == *NativeMemoryTracking=summary* ]]; then
    {
        echo "The service's memory at the end of the run, as the JVM accounts for it (\`jcmd <pid> VM.native_memory summary\`;"
        echo "reserved is address space, committed is what can be resident), VmRSS $(awk '/^VmRSS:/ {print $2, $3}' "/proc/$JAVA_PID/status"):"
        echo
        echo '```'
        "$JAVA_BIN/jcmd" "$JAVA_PID" VM.native_memory summary | grep -E '^(Total|-|[[:space:]]+\(malloc|[[:space:]]+\(mmap)' \
            | grep -vE 'committed=0KB\)$' | sed -E 's/^[[:space:]]+/    /'
        echo '```'
    } >"$OUT/evidence/native-memory.md" 2>&1 || true
    "${HELPER[@]}" meta --file "$META" --append "evidence=[\"Service memory by JVM area (Native Memory Tracking)\", \"$OUT/evidence/native-memory.md\"]"
fi

write_report
if ((HARNESS_FAIL)); then
    die "the harness broke (a scenario with no successful requests, no 304s, or out of tokens); see $RESULTS_MD"
fi
log "all scenarios ran; results in $RESULTS_MD"
