#!/usr/bin/env bash
# Runs the officials' request collection (clients/bruno, Bruno's file format) with @usebruno/cli against the packaged
# service: one run per tenant environment, with an editor's, a moderator's and an admin's token minted for it. The
# service runs with a key pair made here and its embedded PostgreSQL in a temporary directory, on free ports.
# Run by .ci/run after the test run packaged the jar; by hand: bash clients/run-bruno.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "!! package the service first (./mvnw package)"; exit 1; }
(cd clients && { [ -x node_modules/.bin/bru ] || npm ci --no-audit --no-fund --loglevel=error; })

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d "${TMPDIR:-/tmp}/samen-bruno.XXXXXX")
port=$(free_port) management=$(free_port) db=$(free_port)
java dev/MintToken.java --new-key-pair "$work/keys" >/dev/null
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  QUARKUS_MANAGEMENT_PORT=$management SAMEN_EMBEDDED_DATABASE_PORT=$db \
  SAMEN_EMBEDDED_DATABASE_DATA_DIRECTORY="$work/postgres" SAMEN_NOTIFICATIONS_INTERVAL=1h \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$work/keys/public-key.pem" MP_JWT_VERIFY_ISSUER=https://samen.dev.local/issuer \
  java -Xmx192m -XX:+UseSerialGC -jar "$jar" >"$work/service.log" 2>&1 &
pid=$!
stop() {
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null || rm -rf "$work"
}
trap stop EXIT
started=$(date +%s)
until curl -fsS --max-time 5 "http://127.0.0.1:$port/api/v1/tenants" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { tail -n 40 "$work/service.log"; echo "!! the service ended"; exit 1; }
  [ $(( $(date +%s) - started )) -lt 180 ] || { tail -n 40 "$work/service.log"; echo "!! not up in 180 s"; exit 1; }
  sleep 2
done
echo "== the service answers on :$port after $(( $(date +%s) - started )) s; running the collection"
for tenant in enkhuizen stede-broec; do
  token() { java -Dkey="$work/keys/private-key.pem" dev/MintToken.java "$tenant" "$1" --minutes 30 --sub "bruno-$1"; }
  editor=$(token editor) moderator=$(token moderator) admin=$(token admin)
  (cd clients/bruno && ../node_modules/.bin/bru run --env "$tenant" \
      --env-var "baseUrl=http://127.0.0.1:$port/api/v1" --env-var "editorToken=$editor" \
      --env-var "moderatorToken=$moderator" --env-var "adminToken=$admin")
done
if grep -q " ERROR " "$work/service.log"; then
  grep " ERROR " "$work/service.log" | head -n 20; echo "!! the service logged errors during the collection"; exit 1
fi
echo "== the officials' collection passed for both tenants"
