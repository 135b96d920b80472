#!/usr/bin/env bash
# Fault rehearsal (issue #8): two Samen instances behind nginx on one PostgreSQL, a mixed load of votes and reactions,
# and two faults while it runs — one instance killed with SIGKILL (and started again), then a PostgreSQL restart.
# Afterwards every acknowledged write is looked for in the database (psql) and through the API, and the figures and
# the verdict are written to deploy/rehearsal/RESULTS.md.
#
#   deploy/rehearsal/run.sh            # about 3–4 minutes on two cores, most of it the build
#
# Needs root on a Debian machine (it installs Debian's postgresql-15 and nginx when missing, and runs PostgreSQL as the
# postgres user), a JDK 17+, curl, and free ports 26432 (PostgreSQL), 8180 (nginx), 8181 and 8182 (the instances),
# 9181 and 9182 (their management interfaces: health and metrics) —
# all below Linux's ephemeral range (32768–60999), where a client socket in TIME_WAIT could block a listener.
# Environment: REHEARSAL_SECONDS (load duration, default 100), REHEARSAL_THREADS (client threads, default 6),
# REHEARSAL_PG_DOWN_SECONDS (default 5: the PostgreSQL restart is `pg_ctl stop -m fast`, 5 s down, `pg_ctl start`, so
# that readiness is seen going DOWN; 0: a plain `pg_ctl restart -m fast`, down for well under a second),
# REHEARSAL_SKIP_BUILD=1 (use the jar already in target/quarkus-app). Every process it starts is stopped on exit; the
# logs stay in the work directory it prints (/tmp/samen-rehearsal.*); the database files are removed.
# Timeline (seconds after the load starts): 20 SIGKILL instance 2 · 35 start it again · 45–70 readiness probes of
# instance 1 · 50 PostgreSQL fast restart (connections cut) · 100 load ends.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
seconds=${REHEARSAL_SECONDS:-100}
threads=${REHEARSAL_THREADS:-6}
pg_down=${REHEARSAL_PG_DOWN_SECONDS:-5}
pg_port=${REHEARSAL_PG_PORT:-26432}
lb_port=8180
ports=(8181 8182)
management_ports=(9181 9182)
pg_bin=/usr/lib/postgresql/15/bin
db_password=samen-rehearsal-only
base=http://127.0.0.1:$lb_port

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
now_ms() { date +%s%3N; }
script_start=$(now_ms)

[ "$(id -u)" = 0 ] || die "run as root (installs packages, runs PostgreSQL as the postgres user)"
command -v java >/dev/null || die "a JDK 17+ is needed"
command -v curl >/dev/null || die "curl is needed"
for port in $pg_port $lb_port "${ports[@]}" "${management_ports[@]}"; do
  if ss -ltn 2>/dev/null | awk '{print $4}' | grep -Eq "[:.]$port\$"; then die "port $port is in use"; fi
done

# ---- packages ------------------------------------------------------------------------------------------------------
install() {
  log "installing $* (Debian packages)"
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep the packages' own services from starting
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  [ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
}
[ -x "$pg_bin/pg_ctl" ] || install postgresql-15
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { install nginx; nginx_bin=/usr/sbin/nginx; }

# ---- work directory and cleanup ------------------------------------------------------------------------------------
work=$(mktemp -d /tmp/samen-rehearsal.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/logs" "$work/nginx/logs" "$work/nginx/tmp" "$work/pgdata" "$work/pgsock"
chmod 1777 "$work/nginx/tmp" "$work/nginx/logs"
touch "$work/logs/postgres.log"
chown postgres:postgres "$work/pgdata" "$work/pgsock" "$work/logs/postgres.log"
events=$work/events.env
pids=()

pg_ctl() { su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$work/pgdata' -l '$work/logs/postgres.log' $*"; }
psql_db() { "$pg_bin/psql" -h "$work/pgsock" -p $pg_port -U postgres -X -q "$@"; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}" $(cat "$work"/instance*.pid 2>/dev/null); do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}" $(cat "$work"/instance*.pid 2>/dev/null); do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -f "$work/pgdata/postmaster.pid" ]; then pg_ctl -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work/pgdata"
  log "stopped everything; logs in $work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- PostgreSQL 15 on its own data directory -----------------------------------------------------------------------
log "PostgreSQL 15: initdb in $work/pgdata, port $pg_port"
su postgres -s /bin/sh -c "'$pg_bin/initdb' -D '$work/pgdata' -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256" >"$work/logs/initdb.log" 2>&1 || die "initdb (see $work/logs/initdb.log)"
cat >>"$work/pgdata/postgresql.conf" <<EOF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pgsock'
max_connections = 100
EOF
pg_ctl -w start >/dev/null || die "PostgreSQL did not start (see $work/logs/postgres.log)"
psql_db -d postgres -c "create role samen login password '$db_password'" -c "create database samen owner samen" \
  || die "could not create the database"

# ---- the packaged service, two instances -------------------------------------------------------------------------
jar=$repo/target/quarkus-app/quarkus-run.jar
if [ "${REHEARSAL_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  log "building the service: ./mvnw -B -q -DskipTests package"
  (cd "$repo" && ./mvnw -B -q -DskipTests package) >"$work/logs/build.log" 2>&1 || die "build (see $work/logs/build.log)"
fi

# a token key pair of the rehearsal's own: the packaged service refuses the committed development key
java "$repo/dev/MintToken.java" --new-key-pair "$work/keys" 2>/dev/null || die "could not make a key pair"

start_instance() { # number port
  QUARKUS_HTTP_PORT=$2 QUARKUS_MANAGEMENT_PORT=${management_ports[$(($1 - 1))]} \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/samen \
  QUARKUS_DATASOURCE_USERNAME=samen QUARKUS_DATASOURCE_PASSWORD=$db_password \
  SAMEN_EMBEDDED_DATABASE_ENABLED=false \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$work/keys/public-key.pem \
  MP_JWT_VERIFY_ISSUER=https://samen.dev.local/issuer \
  SAMEN_TRUSTED_PROXIES=127.0.0.0/8,::1/128 \
    java -Xmx384m -XX:+ExitOnOutOfMemoryError -jar "$jar" >>"$work/logs/instance$1.log" 2>&1 &
  echo $! >"$work/instance$1.pid"
}
wait_ready() { # number port seconds; 0 ready, 1 not within the time, 2 the process ended
  local management=${management_ports[$(($1 - 1))]}
  for _ in $(seq 1 $(($3 * 5))); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$management/q/health/ready" 2>/dev/null && return 0
    kill -0 "$(cat "$work/instance$1.pid")" 2>/dev/null || return 2
    sleep 0.2
  done
  return 1
}

# Both at once on the empty database, as a first deployment of two replicas would; an instance that fails to start
# is recorded (events.env → RESULTS.md) and started once more.
log "starting instance 1 (:${ports[0]}) and instance 2 (:${ports[1]}) at once"
started=$(now_ms)
start_instance 1 "${ports[0]}"
start_instance 2 "${ports[1]}"
for n in 1 2; do
  ready=0
  wait_ready $n "${ports[$((n - 1))]}" 150 || ready=$?
  if [ $ready = 2 ]; then
    reason=$(grep -m1 -E 'Reason: |Failed to start' "$work/logs/instance$n.log" | sed 's/^[[:space:]]*//' | cut -c1-200)
    log "instance $n did not start: $reason — starting it again"
    echo "startup_failure=instance $n, $(( ($(now_ms) - started) / 1000 )) s after both were started: $reason" \
      >>"$work/startup.env"
    mv "$work/logs/instance$n.log" "$work/logs/instance$n-failed-start.log"
    start_instance $n "${ports[$((n - 1))]}"
    ready=0
    wait_ready $n "${ports[$((n - 1))]}" 150 || ready=$?
  fi
  [ $ready = 0 ] || die "instance $n not ready (see $work/logs/instance$n.log)"
done

log "nginx round robin on :$lb_port"
"$nginx_bin" -p "$work/nginx/" -c "$here/nginx.conf" -g 'daemon off;' >"$work/logs/nginx.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$base/api/v1/tenants" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$base/api/v1/tenants" || die "nginx does not answer (see $work/nginx/logs/error.log)"

# ---- seed through the API ------------------------------------------------------------------------------------------
token=$(cd "$repo" && java -Dkey="$work/keys/private-key.pem" dev/MintToken.java enkhuizen editor --minutes 120 \
  --sub rehearsal)
java "$here/Rehearsal.java" seed "$base" "$token" "$work/seed.env" || die "seeding through the API"
# shellcheck disable=SC1091
. "$work/seed.env"
log "seeded: project $PROJECT, consultation $CONSULTATION (open, post-moderated), poll $POLL (open)"

# ---- load and faults -----------------------------------------------------------------------------------------------
{
  echo "machine=$(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo "seconds=$seconds"
  echo "threads=$threads"
  echo "pg_port=$pg_port"
  echo "script_start=$script_start"
  cat "$work/startup.env" 2>/dev/null || true
  echo "load=load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores when the load began"
} >"$events"
t0=$(now_ms)
echo "load_start=$t0" >>"$events"
sleep_until() { # seconds after t0
  local wait_ms=$((t0 + $1 * 1000 - $(now_ms)))
  if [ $wait_ms -gt 0 ]; then sleep "$(awk "BEGIN { print $wait_ms / 1000 }")"; fi
}
log "load for $seconds s with $threads client threads"
java -Dthreads="$threads" "$here/Rehearsal.java" load "$base" "$work/seed.env" "$work" "$seconds" \
  >"$work/logs/load.log" 2>&1 &
load_pid=$!
pids+=($load_pid)

sleep_until 20
log "fault A: SIGKILL instance 2"
kill -9 "$(cat "$work/instance2.pid")"
echo "kill_instance=$(now_ms)" >>"$events"

sleep_until 35
log "starting instance 2 again"
start_instance 2 "${ports[1]}"
echo "restart_instance=$(now_ms)" >>"$events"
# it waits for PostgreSQL itself (also through the restart below); ready at any time before the load ends counts
( wait_ready 2 "${ports[1]}" $((seconds > 40 ? seconds - 35 : 5)) && echo "instance_ready=$(now_ms)" >>"$events" ) &
pids+=($!)

sleep_until 45
( # readiness of instance 1 around the PostgreSQL restart: 10 probes a second for 25 s (bounded)
  for _ in $(seq 1 250); do
    code=$(curl -s -o "$work/readiness-last.json" -w '%{http_code}' --max-time 5 \
      "http://127.0.0.1:${management_ports[0]}/q/health/ready" 2>/dev/null || true)
    printf '%s\t%s\n' "$(now_ms)" "${code:-000}" >>"$work/readiness.tsv"   # the time of the answer
    if [ "${code:-000}" != 200 ] && [ ! -s "$work/readiness-down-body.json" ]; then
      cp "$work/readiness-last.json" "$work/readiness-down-body.json" 2>/dev/null || true
    fi
    [ "$(($(now_ms) - t0))" -lt 70000 ] || break
    sleep 0.1
  done
) &
probe_pid=$!
pids+=($probe_pid)

sleep_until 50
echo "pg_restart_begin=$(now_ms)" >>"$events"
if [ "$pg_down" -gt 0 ]; then
  log "fault B: pg_ctl stop -m fast, $pg_down s down, pg_ctl start"
  pg_ctl -m fast -w stop >/dev/null || die "PostgreSQL did not stop"
  echo "pg_stopped=$(now_ms)" >>"$events"
  sleep "$pg_down"
  pg_ctl -w start >/dev/null || die "PostgreSQL did not come back"
else
  log "fault B: pg_ctl restart -m fast"
  pg_ctl -m fast -w restart >/dev/null || die "PostgreSQL did not come back"
fi
echo "pg_restart_end=$(now_ms)" >>"$events"

wait "$load_pid" || die "the load client failed (see $work/logs/load.log)"
wait "$probe_pid" || true
cat "$work/logs/load.log" >&2

# ---- did instance 2 come back, and is Liquibase's lock free? ---------------------------------------------------------
if ! grep -q '^instance_ready=' "$events"; then
  if kill -0 "$(cat "$work/instance2.pid")" 2>/dev/null; then
    outcome="still not ready when the load ended"
  else
    outcome="it exited; root cause: $(grep -E '^Caused by: ' "$work/logs/instance2.log" | tail -1 \
      | sed 's/^Caused by: //' | cut -c1-200)"
  fi
  log "instance 2 did not come back during the load: $outcome"
  echo "instance_restart_outcome=$outcome" >>"$events"
fi
lock=$(psql_db -d samen -At -c "select case when locked then 'LOCKED by ' || coalesce(lockedby, '?') || ' since '
  || coalesce(lockgranted::text, '?') else 'free' end from databasechangeloglock where id = 1" 2>&1 | head -1)
echo "liquibase_lock=$lock" >>"$events"
log "Liquibase lock after the load: $lock"
if ! grep -q '^instance_ready=' "$events" && ! kill -0 "$(cat "$work/instance2.pid")" 2>/dev/null; then
  log "starting instance 2 a third time (waiting at most 90 s)"
  mv "$work/logs/instance2.log" "$work/logs/instance2-second-start.log"
  third=$(now_ms)
  start_instance 2 "${ports[1]}"
  if wait_ready 2 "${ports[1]}" 90; then
    echo "instance_third_start=ready after $(( ($(now_ms) - third) / 1000 )) s" >>"$events"
  else
    waiting=$(grep -c 'Waiting for changelog lock' "$work/logs/instance2.log" || true)
    echo "instance_third_start=not ready after 90 s ($waiting log lines 'Waiting for changelog lock')" >>"$events"
  fi
  tail -1 "$events" >&2
fi

# ---- checks --------------------------------------------------------------------------------------------------------
log "checking every acknowledged write through the API"
java "$here/Rehearsal.java" verify "$base" "$work/seed.env" "$work" >&2 || die "API check"

log "checking the database with psql"
cut -f1 "$work/votes.tsv" >"$work/acked-voters.txt"
cut -f1 "$work/reactions.tsv" >"$work/acked-reactions.txt"
psql_db -d samen -At -v poll="$POLL" -v consultation="$CONSULTATION" >"$work/db-check.out" <<SQL
create temp table acked_vote (voter text primary key);
\copy acked_vote from '$work/acked-voters.txt'
create temp table acked_reaction (id uuid primary key);
\copy acked_reaction from '$work/acked-reactions.txt'
select 'acked_votes=' || count(*) from acked_vote;
select 'acked_votes_missing=' || count(*) from acked_vote a
  where not exists (select 1 from vote v where v.poll_id = :'poll' and v.voter = a.voter);
select 'acked_reactions=' || count(*) from acked_reaction;
select 'acked_reactions_missing=' || count(*) from acked_reaction a
  where not exists (select 1 from reaction r where r.id = a.id);
select 'double_voters=' || count(*) from (select poll_id, voter from vote group by 1, 2 having count(*) > 1) d;
select 'vote_rows=' || count(*) from vote where poll_id = :'poll';
select 'ballot_tally=' || coalesce(sum(ballots), 0) from poll_ballot_tally where poll_id = :'poll';
select 'reaction_rows=' || count(*) from reaction where consultation_id = :'consultation';
with counted as (select o as option_id, count(*) as n from vote, unnest(option_ids) o where poll_id = :'poll' group by o),
     tallied as (select option_id, sum(votes) as n from poll_option_tally where poll_id = :'poll' group by option_id)
select 'option_counts=' || string_agg(po.label || ' ' || coalesce(t.n, 0) || '/' || coalesce(c.n, 0), ', '
         order by po.position)
  from poll_option po left join counted c on c.option_id = po.id left join tallied t on t.option_id = po.id
 where po.poll_id = :'poll';
with counted as (select o as option_id, count(*) as n from vote, unnest(option_ids) o where poll_id = :'poll' group by o),
     tallied as (select option_id, sum(votes) as n from poll_option_tally where poll_id = :'poll' group by option_id)
select 'option_mismatches=' || count(*)
  from poll_option po left join counted c on c.option_id = po.id left join tallied t on t.option_id = po.id
 where po.poll_id = :'poll' and coalesce(t.n, 0) <> coalesce(c.n, 0);
SQL
grep -E '^[a-z_]+=' "$work/db-check.out" >"$work/db-check.env" || die "database check (see $work/db-check.out)"
cat "$work/db-check.env" >&2

echo "checks_done=$(now_ms)" >>"$events"
log "writing $here/RESULTS.md"
java "$here/Rehearsal.java" report "$work" "$here/RESULTS.md" >&2
