#!/usr/bin/env bash
# ./mlops up: the whole system on this machine. Builds what is missing, starts local-aws, the
# orchestrator, the gateway and the drift monitor on loopback with prefixed logs, waits until each
# is ready, uploads the bundled dataset so that the first pipeline run starts, then shows the
# pipeline's progress. Ctrl-C stops everything it started.
# Called by ./mlops, which has chosen JAVA_HOME.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAVA="$JAVA_HOME/bin/java"

usage() {
  cat <<'EOF'
usage: ./mlops up [--auto-approve] [--fresh] [--quiet] [--data <dir>] [--no-upload]

  --auto-approve   approve every model that passes the gate (unattended runs)
  --fresh          delete the local data folder first (buckets, queues, database, endpoints)
  --quiet          only warnings and errors from the services (full logs stay in <data>/logs)
  --data <dir>     where everything is kept (default .mlops)
  --no-upload      do not upload the bundled dataset
EOF
}

AUTO_APPROVE=0 FRESH=0 QUIET=0 UPLOAD=1 DATA="$ROOT/.mlops"
while [ $# -gt 0 ]; do
  case "$1" in
    --auto-approve) AUTO_APPROVE=1 ;;
    --fresh) FRESH=1 ;;
    --quiet) QUIET=1 ;;
    --no-upload) UPLOAD=0 ;;
    --data) shift; DATA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; echo "mlops up: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

# Ports and extra JVM options can be changed from the environment (the system tests run a second
# stack beside a developer's): MLOPS_{AWS,GATEWAY,ORCHESTRATOR,DRIFT}_PORT and
# MLOPS_{LOCAL_AWS,ORCHESTRATOR,GATEWAY,DRIFT}_OPTS (extra local-aws options / service -D flags).
AWS_PORT=${MLOPS_AWS_PORT:-4566} GATEWAY_PORT=${MLOPS_GATEWAY_PORT:-8080}
ORCH_PORT=${MLOPS_ORCHESTRATOR_PORT:-8081} DRIFT_PORT=${MLOPS_DRIFT_PORT:-8082}
read -r -a LOCAL_AWS_OPTS <<< "${MLOPS_LOCAL_AWS_OPTS:-}"
read -r -a ORCH_OPTS <<< "${MLOPS_ORCHESTRATOR_OPTS:-}"
read -r -a GATEWAY_OPTS <<< "${MLOPS_GATEWAY_OPTS:-}"
read -r -a DRIFT_OPTS <<< "${MLOPS_DRIFT_OPTS:-}"

AWS="http://127.0.0.1:$AWS_PORT"
ORCH="http://127.0.0.1:$ORCH_PORT"
LOGS="$DATA/logs"

say() { printf '\033[1m[mlops]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[mlops] %s\033[0m\n' "$*" >&2; exit 1; }

for port in $AWS_PORT $GATEWAY_PORT $ORCH_PORT $DRIFT_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use: is another ./mlops up (or one of its services) running? Stop it first."
  fi
done
command -v curl >/dev/null || fail "curl is required"
command -v python3 >/dev/null || fail "python3 is required (to read the services' JSON)"

# --- build what is missing -------------------------------------------------------------------
CONTAINER_JAR=containers/model/target/model-container/model-container.jar
LOCAL_AWS_JAR=local-aws/target/local-aws/local-aws.jar
ORCH_JAR=pipeline-orchestrator/target/quarkus-app/quarkus-run.jar
GATEWAY_JAR=inference-gateway/server/target/quarkus-app/quarkus-run.jar
DRIFT_JAR=drift-monitor/target/quarkus-app/quarkus-run.jar
missing=()
for pair in "$CONTAINER_JAR:containers/model" "$LOCAL_AWS_JAR:local-aws" "$ORCH_JAR:pipeline-orchestrator" \
            "$GATEWAY_JAR:inference-gateway/server" "$DRIFT_JAR:drift-monitor"; do
  [ -f "${pair%%:*}" ] || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "building ${missing[*]} (first time only; a few minutes)"
  modules=$(IFS=,; echo "${missing[*]}")
  "$ROOT/mvnw" -B -ntp -q install -DskipTests -pl "$modules" -am || fail "the build failed"
fi

# --- data folder, admin token ------------------------------------------------------------------
if [ "$FRESH" = 1 ] && [ -d "$DATA" ]; then
  say "deleting $DATA (--fresh)"
  rm -rf "$DATA"
fi
mkdir -p "$DATA" "$LOGS"
if [ -z "${MLOPS_ADMIN_TOKEN:-}" ]; then
  [ -f "$DATA/admin-token" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$DATA/admin-token")
  MLOPS_ADMIN_TOKEN=$(cat "$DATA/admin-token")
fi
export MLOPS_ADMIN_TOKEN

# --- process management -------------------------------------------------------------------------
PIDS=() NAMES=()
stop_all() {
  trap - INT TERM EXIT
  [ ${#PIDS[@]} -eq 0 ] && return
  say "stopping ${NAMES[*]}"
  # services first, local-aws last: it flushes data capture and stops endpoints and PostgreSQL
  local i
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${PIDS[$i]}" 2>/dev/null || true
  done
  say "stopped"
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

# start <name> <log filter> <command...>: output goes, prefixed, to the terminal and to <data>/logs
start() {
  local name=$1 filter=$2; shift 2
  local color
  case $name in local-aws) color=36;; orchestrator) color=35;; gateway) color=32;; drift-monitor) color=33;; *) color=37;; esac
  if [ "$QUIET" = 1 ]; then
    "$@" > >(tee -a "$LOGS/$name.log" | grep --line-buffered -E "$filter" | sed -u "s/^/\x1b[${color}m[$name]\x1b[0m /") 2>&1 &
  else
    "$@" > >(tee -a "$LOGS/$name.log" | sed -u "s/^/\x1b[${color}m[$name]\x1b[0m /") 2>&1 &
  fi
  PIDS+=($!) NAMES+=("$name")
}

# wait_for <name> <url> <seconds>: until the URL answers 2xx, failing fast if the process died
wait_for() {
  local name=$1 url=$2 seconds=$3 pid="" i
  for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$name" ] && pid=${PIDS[$i]}; done
  for ((i=0; i<seconds*5; i++)); do
    curl -fs -o /dev/null "$url" 2>/dev/null && { say "$name is ready ($url)"; return 0; }
    kill -0 "$pid" 2>/dev/null || fail "$name exited during start-up; see $LOGS/$name.log"
    sleep 0.2
  done
  fail "$name was not ready after $seconds s; see $LOGS/$name.log"
}

WARN_FILTER='WARN|ERROR|Exception|ready|listening|started|Listening'
JVM_FAST=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# --- local-aws ---------------------------------------------------------------------------------
say "starting local-aws on $AWS (data in $DATA/local-aws)"
start local-aws "$WARN_FILTER" "$JAVA" -XX:+AutoCreateSharedArchive \
  -XX:SharedArchiveFile="$ROOT/local-aws/target/local-aws/local-aws.jsa" \
  -Dlocalaws.container.jar="$ROOT/$CONTAINER_JAR" \
  -jar "$ROOT/$LOCAL_AWS_JAR" --port "$AWS_PORT" --data "$DATA/local-aws" ${LOCAL_AWS_OPTS[@]+"${LOCAL_AWS_OPTS[@]}"}
wait_for local-aws "$AWS/_localaws/health" 240

JDBC_BASE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jdbcUrl"].rsplit("/",1)[0])' \
  "$DATA/local-aws/local-aws.json") || fail "cannot read the JDBC URL from $DATA/local-aws/local-aws.json"

# Every service gets the same local wiring; in AWS the same keys come from Terraform's outputs.
aws_props() { # aws_props <database>
  local svc
  for svc in s3 sqs sns; do
    printf '%s\n' "-Dquarkus.$svc.endpoint-override=$AWS" "-Dquarkus.$svc.aws.region=us-east-1" \
      "-Dquarkus.$svc.aws.credentials.type=static" \
      "-Dquarkus.$svc.aws.credentials.static-provider.access-key-id=test" \
      "-Dquarkus.$svc.aws.credentials.static-provider.secret-access-key=test"
  done
  printf '%s\n' "-Dquarkus.s3.path-style-access=true" "-Dmlops.aws.endpoint-override=$AWS" \
    "-Dmlops.aws.region=us-east-1" "-Daws.accessKeyId=test" "-Daws.secretAccessKey=test" \
    "-Dquarkus.devservices.enabled=false"
  [ -n "${1:-}" ] && printf '%s\n' "-Dquarkus.datasource.jdbc.url=$JDBC_BASE/$1" \
    "-Dquarkus.datasource.username=postgres" "-Dquarkus.datasource.password=postgres"
  return 0
}
mapfile -t ORCH_PROPS < <(aws_props orchestrator)
mapfile -t DRIFT_PROPS < <(aws_props drift)
# the gateway has no database and no SNS client
mapfile -t GATEWAY_PROPS < <(aws_props | grep -v '^-Dquarkus.sns')

say "starting the orchestrator, the gateway and the drift monitor"
start orchestrator "$WARN_FILTER" "$JAVA" "${JVM_FAST[@]}" -Dquarkus.profile=local "${ORCH_PROPS[@]}" \
  -Dquarkus.http.port=$ORCH_PORT -Dmlops.ui.drift-url=http://127.0.0.1:$DRIFT_PORT \
  ${ORCH_OPTS[@]+"${ORCH_OPTS[@]}"} -jar "$ROOT/$ORCH_JAR"
start drift-monitor "$WARN_FILTER" "$JAVA" "${JVM_FAST[@]}" -Dquarkus.profile=local "${DRIFT_PROPS[@]}" \
  -Dquarkus.http.port=$DRIFT_PORT ${DRIFT_OPTS[@]+"${DRIFT_OPTS[@]}"} -jar "$ROOT/$DRIFT_JAR"
start gateway "$WARN_FILTER" "$JAVA" "@$ROOT/inference-gateway/server/jvm.args" \
  -Dquarkus.profile=local "${GATEWAY_PROPS[@]}" \
  -Dquarkus.http.port=$GATEWAY_PORT ${GATEWAY_OPTS[@]+"${GATEWAY_OPTS[@]}"} -jar "$ROOT/$GATEWAY_JAR"
wait_for orchestrator "$ORCH/q/health/ready" 180
wait_for drift-monitor "http://127.0.0.1:$DRIFT_PORT/q/health/ready" 180
wait_for gateway "http://127.0.0.1:$GATEWAY_PORT/q/health/live" 180

# --- the bundled dataset ---------------------------------------------------------------------
DATASET_KEY=mlops-data/datasets/txhousing
if [ "$UPLOAD" = 1 ]; then
  if curl -fs -o /dev/null -I "$AWS/$DATASET_KEY/txhousing.csv"; then
    say "txhousing is already in s3://$DATASET_KEY/ (use --fresh to start over)"
  else
    say "uploading data/txhousing to s3://$DATASET_KEY/: the upload triggers the first pipeline run"
    curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @data/txhousing/schema.json \
      "$AWS/$DATASET_KEY/schema.json" -o /dev/null
    curl -fsS -X PUT -H 'Content-Type: text/csv' --data-binary @data/txhousing/txhousing.csv \
      "$AWS/$DATASET_KEY/txhousing.csv" -o /dev/null
  fi
fi

cat <<EOF

$(printf '\033[1m')The system is up.$(printf '\033[0m')
  prediction API  http://127.0.0.1:$GATEWAY_PORT/v1/predict      (OpenAPI: /q/openapi)
  admin API       $ORCH/admin   token: $MLOPS_ADMIN_TOKEN
  dashboard       $ORCH/ui
  drift API       http://127.0.0.1:$DRIFT_PORT/drift/windows
  local AWS       $AWS          (e-mail alerts: $DATA/local-aws/sns/alerts.outbox.jsonl)
  logs            $LOGS

Next:
  watch the run below; when it waits for approval:  ./mlops approve <version>   (or start with --auto-approve)
  then predict:
    curl -s -H 'Content-Type: application/json' http://127.0.0.1:$GATEWAY_PORT/v1/predict \\
      -d '{"instances":[{"city":"Austin","year":2015,"month":6,"sales":3300,"volume":1100000000,"listings":5500,"inventory":2.6}]}'
  Ctrl-C stops everything.

EOF

# --- progress ----------------------------------------------------------------------------------
export ORCH MLOPS_ADMIN_TOKEN AUTO_APPROVE
python3 -u "$ROOT/scripts/watch_pipeline.py" &
WATCHER=$!
PIDS=("$WATCHER" "${PIDS[@]}") NAMES=(watcher "${NAMES[@]}")
# stay until Ctrl-C or until a service dies
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      fail "${NAMES[$i]} stopped unexpectedly; see $LOGS/${NAMES[$i]}.log"
    fi
  done
  sleep 2
done
