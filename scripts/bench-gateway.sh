#!/usr/bin/env bash
# bench-gateway.sh: the inference gateway's cost and start-up, printed as a markdown section.
#
#   1. Throughput and latency with wrk on loopback, one instance of each, the anchor XGBoost model
#      (8 numeric features) behind a local-aws endpoint:
#        container   - straight to the model container's /invocations (CSV), no SageMaker front
#        endpoint    - InvokeEndpoint through local-aws (/endpoints/<name>/invocations, CSV): what
#                      "straight to the endpoint" is for a client of SageMaker
#        gateway     - POST /v1/predict (JSON) through the gateway, which validates, writes CSV and
#                      calls InvokeEndpoint through local-aws (the signed POST on Vert.x's
#                      non-blocking client, the default; gateway-sdk: the same through the AWS
#                      SDK's client on its Apache HTTP client, from a worker thread)
#      at one connection (latency: what the gateway adds at p50) and at 16 (throughput).
#   2. Time to the first 200 from /v1/predict after `java -jar` (policy read, schema read, first
#      InvokeEndpoint): plain JVM, JDK 25 AOT cache trained with real requests, and the AOT cache
#      with SerialGC and C1 only.
#
# Usage: scripts/bench-gateway.sh  (./mlops bench gateway calls it; JAVA_HOME must be a JDK >= 25
# for the AOT rows). Env: ROUNDS (5), DURATION (10s), BENCH_OUT (also write the section to a file).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
: "${JAVA_HOME:?set JAVA_HOME (./mlops bench gateway does)}"
JAVA="$JAVA_HOME/bin/java"
# 5 rounds: on 2 shared cores the gateway-to-endpoint ratio of single rounds spreads by 10 points
# and more either way (39, 47 and 59 % in one run), so 3 rounds leave the median to chance
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
GATEWAY_JAR="$ROOT/inference-gateway/server/target/quarkus-app/quarkus-run.jar"
# the gateway's JVM flags, as ./mlops gateway and ./mlops up start it
GATEWAY_JVM="@$ROOT/inference-gateway/server/jvm.args"
CONTAINER_JAR="$ROOT/containers/model/target/model-container/model-container.jar"
ANCHOR_MODEL="$ROOT/containers/model/src/test/resources/anchor/model.json"
PAYLOADS="$ROOT/containers/model/src/test/resources/anchor/payloads.txt"

log() { echo "bench-gateway: $*" >&2; }
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"

need_wrk
[ -f "$CONTAINER_JAR" ] || { log "building the model container"; "$ROOT/mvnw" -B -ntp -q -pl containers/model -am install -DskipTests; }
[ -f "$GATEWAY_JAR" ] || { log "building the gateway"; "$ROOT/mvnw" -B -ntp -q -pl inference-gateway/server -am install -DskipTests -Dnative-sources.skip; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- local-aws with one endpoint serving the anchor model -------------------------------------
AWS_PORT=$(free_port)
"$ROOT/mlops" local-aws --port "$AWS_PORT" --data "$WORK/aws" > "$WORK/local-aws.log" 2>&1 &
AWS_PID=$!
PIDS+=($AWS_PID)
AWS="http://127.0.0.1:$AWS_PORT"
for _ in $(seq 1 600); do curl -fs "$AWS/_localaws/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$AWS/_localaws/health" >/dev/null || { log "local-aws did not start; see its log:"; tail -20 "$WORK/local-aws.log" >&2; exit 1; }

mkdir -p "$WORK/model"
cp "$ANCHOR_MODEL" "$WORK/model/model.json"
python3 - "$WORK/model" <<'EOF'
import json, sys
d = sys.argv[1]
features = [{"name": f"f{i}", "type": "numeric"} for i in range(8)]
json.dump({"name": "anchor", "problem_type": "regression", "target": "y", "features": features},
          open(f"{d}/schema.json", "w"))
json.dump({"features": [{"name": f"f{i}", "type": "numeric"} for i in range(8)],
           "unknown_category": "missing"}, open(f"{d}/encoding.json", "w"))
EOF
tar -czf "$WORK/model.tar.gz" -C "$WORK/model" model.json schema.json encoding.json
put() { curl -fs -X PUT -H "Expect:" -H "Content-Type: application/octet-stream" --data-binary "@$2" "$AWS/mlops-artifacts/$1" >/dev/null; }
put models/bench/model.tar.gz "$WORK/model.tar.gz"
put models/bench/schema.json "$WORK/model/schema.json"
put models/bench/encoding.json "$WORK/model/encoding.json"

sagemaker() { # sagemaker <Operation> <json>
  curl -fs -H "X-Amz-Target: SageMaker.$1" -H 'Content-Type: application/x-amz-json-1.1' \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0" \
    --data "$2" "$AWS/"
}
IMAGE="000000000000.dkr.ecr.us-east-1.amazonaws.com/mlops-model:latest"
ROLE="arn:aws:iam::000000000000:role/sagemaker"
sagemaker CreateModel "{\"ModelName\":\"bench\",\"ExecutionRoleArn\":\"$ROLE\",\"PrimaryContainer\":{\"Image\":\"$IMAGE\",\"ModelDataUrl\":\"s3://mlops-artifacts/models/bench/model.tar.gz\"}}" >/dev/null
sagemaker CreateEndpointConfig '{"EndpointConfigName":"bench","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"bench","InitialInstanceCount":1,"InstanceType":"ml.m5.large","InitialVariantWeight":1}]}' >/dev/null
sagemaker CreateEndpoint '{"EndpointName":"mlops-bench","EndpointConfigName":"bench"}' >/dev/null
log "waiting for endpoint mlops-bench"
for _ in $(seq 1 600); do
  status=$(sagemaker DescribeEndpoint '{"EndpointName":"mlops-bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["EndpointStatus"])')
  [ "$status" = InService ] && break
  [ "$status" = Failed ] && { log "endpoint failed"; exit 1; }
  sleep 0.2
done
[ "$status" = InService ] || { log "endpoint not in service: $status"; exit 1; }
cat > "$WORK/policy.json" <<'EOF'
{"version": 1, "stable": {"endpoint": "mlops-bench", "model_version": "bench", "schema_uri": "s3://mlops-artifacts/models/bench/schema.json"}, "canary_weight": 0, "updated_at": "2026-01-01T00:00:00Z"}
EOF
put routing/policy.json "$WORK/policy.json"

# --- the model container alone, for the no-SageMaker baseline ----------------------------------
mkdir -p "$WORK/ml/model"
cp "$WORK/model/"* "$WORK/ml/model/"
CONTAINER_PORT=$(free_port)
ML_ROOT="$WORK/ml" SAGEMAKER_BIND_TO_PORT=$CONTAINER_PORT "$JAVA" -jar "$CONTAINER_JAR" serve > "$WORK/container.log" 2>&1 &
CONTAINER_PID=$!
PIDS+=($CONTAINER_PID)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$CONTAINER_PORT/ping" >/dev/null 2>&1 && break; sleep 0.1; done

# --- the gateway ----------------------------------------------------------------------------
gateway_args() { # gateway_args <port>
  echo "-Dquarkus.profile=local -Dquarkus.http.port=$1 -Dquarkus.log.level=WARN" \
    "-Dquarkus.s3.endpoint-override=$AWS -Dquarkus.sqs.endpoint-override=$AWS" \
    "-Dmlops.aws.endpoint-override=$AWS -Daws.accessKeyId=test -Daws.secretAccessKey=test"
}
GW_PORT=$(free_port)
# shellcheck disable=SC2046
"$JAVA" "$GATEWAY_JVM" $(gateway_args "$GW_PORT") -jar "$GATEWAY_JAR" > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
GW_SDK_PORT=$(free_port)
# shellcheck disable=SC2046
"$JAVA" "$GATEWAY_JVM" $(gateway_args "$GW_SDK_PORT") -Dmlops.gateway.endpoint.client=sdk -jar "$GATEWAY_JAR" > "$WORK/gateway-sdk.log" 2>&1 &
GW_SDK_PID=$!
PIDS+=($GW_SDK_PID)

# wrk scripts: the same rows as CSV (container, endpoint) and as JSON instances (gateway)
cat > "$WORK/csv.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/csv"
wrk.headers["Accept"] = "text/csv"
local rows = {}
for line in io.lines("$PAYLOADS") do rows[#rows + 1] = line end
local i = 0
request = function() i = i % #rows + 1; return wrk.format(nil, nil, nil, rows[i]) end
EOF
python3 - "$PAYLOADS" "$WORK/rows.json" <<'EOF'
import json, sys
rows = [l.strip().split(",") for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for r in rows:
        out.write(json.dumps({"instances": [{f"f{i}": float(v) for i, v in enumerate(r)}]}) + "\n")
EOF
cat > "$WORK/json.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local rows = {}
for line in io.lines("$WORK/rows.json") do rows[#rows + 1] = line end
local i = 0
request = function() i = i % #rows + 1; return wrk.format(nil, nil, nil, rows[i]) end
EOF

first_ok() { # first_ok <url-base> : waits for the first 200 from /v1/predict
  local body
  body=$(head -n1 "$WORK/rows.json")
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "$body" "$1/v1/predict")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}
first_ok "http://127.0.0.1:$GW_PORT" || { log "the gateway never answered 200; its log:"; tail -30 "$WORK/gateway.log" >&2; exit 1; }
first_ok "http://127.0.0.1:$GW_SDK_PORT" || { log "the SDK-client gateway never answered 200"; tail -30 "$WORK/gateway-sdk.log" >&2; exit 1; }
log "gateway answers: $(curl -s -H 'Content-Type: application/json' --data "$(head -n1 "$WORK/rows.json")" "http://127.0.0.1:$GW_PORT/v1/predict")"

# run_wrk <url> <script> <wrk args> -> "rps p50_ms p99_ms errors"
run_wrk() {
  local out
  out=$(wrk $3 --latency -s "$2" "$1" 2>&1)
  python3 - "$out" <<'EOF'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not m: return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
m = re.search(r"Requests/sec:\s+([\d.]+)", out)
rps = float(m.group(1)) if m else 0.0
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: errors += sum(int(x) for x in m.groups())
if errors:  # which kind, for the log (wrk counts an answer slower than 2 s as a timeout)
    kinds = re.findall(r"^\s*(Non-2xx or 3xx responses: \d+|Socket errors: .*)$", out, re.M)
    print("bench-gateway: errors: " + "; ".join(kinds), file=sys.stderr)
print(f"{rps:.0f} {ms('50'):.3f} {ms('99'):.3f} {errors}")
EOF
}
target_url() {
  case $1 in
    container) echo "http://127.0.0.1:$CONTAINER_PORT/invocations" ;;
    endpoint) echo "$AWS/endpoints/mlops-bench/invocations" ;;
    gateway) echo "http://127.0.0.1:$GW_PORT/v1/predict" ;;
    gateway-sdk) echo "http://127.0.0.1:$GW_SDK_PORT/v1/predict" ;;
  esac
}
target_script() { case $1 in gateway*) echo "$WORK/json.lua" ;; *) echo "$WORK/csv.lua" ;; esac; }

# until the JIT compilers rest: on 2 busy cores the gateway's C2 compiles for a minute or more,
# and its compiler threads' CPU would otherwise count in the first rounds (the gateway's CPU per
# request fell from 130 to 80 us over four rounds after a fixed 20 s warm-up)
for t in container endpoint gateway gateway-sdk; do
  case $t in
    container) pids=$CONTAINER_PID ;;
    endpoint) pids=$AWS_PID ;; # local-aws and the endpoint's container, its child
    gateway) pids="$GW_PID $AWS_PID" ;;
    gateway-sdk) pids="$GW_SDK_PID $AWS_PID" ;;
  esac
  warm_up "$t" 150 "$pids" wrk -t2 -c16 -d5s -s "$(target_script $t)" "$(target_url $t)"
done

RESULTS="$WORK/results"
: > "$RESULTS"
for r in $(seq 1 "$ROUNDS"); do
  for load in c1 c16; do
    case $load in c1) args="-t1 -c1 -d$DURATION" ;; c16) args="-t2 -c16 -d$DURATION" ;; esac
    for t in container endpoint gateway gateway-sdk; do
      log "round $r, $load: $t"
      case $t in gateway) pid=$GW_PID ;; gateway-sdk) pid=$GW_SDK_PID ;; *) pid= ;; esac
      before=$([ -n "$pid" ] && awk '{print $14+$15}' "/proc/$pid/stat" || echo 0)
      line=$(run_wrk "$(target_url $t)" "$(target_script $t)" "$args")
      after=$([ -n "$pid" ] && awk '{print $14+$15}' "/proc/$pid/stat" || echo 0)
      # the gateway's own CPU per request (all its threads), less sensitive to other load than latency
      echo "$t $load $r $line $((after - before))" >> "$RESULTS"
    done
  done
done
if awk '$7 > 0 {found=1} END {exit !found}' "$RESULTS"; then
  # what the processes said about the failed requests, before the work folder goes
  for f in gateway gateway-sdk local-aws; do
    grep -E "WARN|ERROR" "$WORK/$f.log" | tail -5 | sed "s/^/bench-gateway: $f.log: /" >&2 || true
  done
fi
kill "$GW_PID" "$GW_SDK_PID" 2>/dev/null || true
wait "$GW_PID" "$GW_SDK_PID" 2>/dev/null || true

# --- time to first response -------------------------------------------------------------------
STARTS="$WORK/starts"
: > "$STARTS"
time_first() { # time_first <label> <extra JVM args...>: one cold start, prints ms to the first 200
  local label=$1; shift
  local port; port=$(free_port)
  # shellcheck disable=SC2046
  python3 - "$label" "$port" "$WORK/rows.json" "$JAVA" "$@" $(gateway_args "$port") -jar "$GATEWAY_JAR" <<'EOF' >> "$STARTS" || log "start-up measurement failed ($label)"
import subprocess, sys, time, urllib.request
label, port, rows, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
body = open(rows).readline().encode()
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while time.monotonic() - t0 < 60:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/predict", data=body,
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 200:
                    print(f"{label} {(time.monotonic() - t0) * 1000:.0f}")
                    break
        except Exception:
            time.sleep(0.005)
finally:
    p.terminate()
    p.wait(10)
EOF
}
AOT=0
if "$JAVA" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then AOT=1; fi
if [ "$AOT" = 1 ]; then
  log "training the AOT cache with real requests"
  TRAIN_PORT=$(free_port)
  # shellcheck disable=SC2046
  "$JAVA" "$GATEWAY_JVM" -XX:AOTCacheOutput="$WORK/app.aot" $(gateway_args "$TRAIN_PORT") -jar "$GATEWAY_JAR" > "$WORK/train.log" 2>&1 &
  TRAIN_PID=$!
  first_ok "http://127.0.0.1:$TRAIN_PORT" || { log "training run did not answer"; exit 1; }
  wrk -t1 -c4 -d5s -s "$WORK/json.lua" "http://127.0.0.1:$TRAIN_PORT/v1/predict" >/dev/null 2>&1
  kill -TERM "$TRAIN_PID"; wait "$TRAIN_PID" 2>/dev/null || true
  [ -s "$WORK/app.aot" ] || { log "no AOT cache written; see $WORK/train.log"; AOT=0; }
fi
for r in $(seq 1 "$ROUNDS"); do
  log "start-up round $r"
  time_first plain "$GATEWAY_JVM"
  if [ "$AOT" = 1 ]; then
    time_first aot "$GATEWAY_JVM" "-XX:AOTCache=$WORK/app.aot"
  fi
done
if [ "$AOT" = 1 ]; then
  log "training the AOT cache for SerialGC + C1"
  TRAIN_PORT=$(free_port)
  # shellcheck disable=SC2046
  "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$WORK/app-c1.aot" $(gateway_args "$TRAIN_PORT") -jar "$GATEWAY_JAR" > "$WORK/train-c1.log" 2>&1 &
  TRAIN_PID=$!
  first_ok "http://127.0.0.1:$TRAIN_PORT" && wrk -t1 -c4 -d5s -s "$WORK/json.lua" "http://127.0.0.1:$TRAIN_PORT/v1/predict" >/dev/null 2>&1
  kill -TERM "$TRAIN_PID"; wait "$TRAIN_PID" 2>/dev/null || true
  if [ -s "$WORK/app-c1.aot" ]; then
    for r in $(seq 1 "$ROUNDS"); do
      time_first aot-c1 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-XX:AOTCache=$WORK/app-c1.aot"
    done
  fi
fi

# --- the section ------------------------------------------------------------------------------
SECTION="$WORK/section.md"
python3 - "$RESULTS" "$STARTS" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$(machine)" \
  "$DURATION" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(getconf CLK_TCK)" \
  "$(grep -v '^#' "${GATEWAY_JVM#@}" | xargs)" > "$SECTION" <<'EOF'
import sys, statistics
results, starts, when, machine, duration, rounds, load, tck, jvm_flags = sys.argv[1:]
seconds = float(duration.rstrip("s"))
med = statistics.median
rows = [l.split() for l in open(results) if l.strip()]
by = {}
cpu = {}
for t, load_, r, rps, p50, p99, err, ticks in rows:
    by.setdefault((t, load_), []).append((float(rps), float(p50), float(p99), int(err)))
    if int(ticks) > 0 and float(rps) > 0:
        cpu.setdefault((t, load_), []).append(int(ticks) / float(tck) * 1e6 / (float(rps) * seconds))
label = {"container": "model container `/invocations` (CSV, no SageMaker front)",
         "endpoint": "InvokeEndpoint via local-aws (CSV): straight to the endpoint",
         "gateway": "gateway `POST /v1/predict` (JSON) -> InvokeEndpoint via local-aws",
         "gateway-sdk": "the same gateway with `mlops.gateway.endpoint.client=sdk` (the AWS SDK's client)"}
print("## Inference gateway: added latency, throughput, start-up\n")
print(f"Measured {when} on {machine}; load average before the report: {load}.  ")
print(f"Command: `scripts/bench-gateway.sh` (`./mlops bench gateway`): wrk `--latency`, {duration} per run, "
      f"{rounds} rounds alternating the targets after each was warmed up until the JIT compilers rested, medians; single-row requests from the anchor model's "
      "payloads (8 numeric features); one instance of each process; wrk, the gateway, local-aws and "
      "the model container share the same cores. The gateway's JVM flags (`inference-gateway/server/jvm.args`): "
      f"`{jvm_flags}`.\n")
for load_, title in (("c1", "one connection (latency)"), ("c16", "16 connections, 2 wrk threads (throughput)")):
    print(f"**{title}**\n")
    print("| path | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for t in ("container", "endpoint", "gateway", "gateway-sdk"):
        xs = by.get((t, load_), [])
        if not xs: continue
        print(f"| {label[t]} | {med([x[0] for x in xs]):,.0f} | {med([x[1] for x in xs]):.3f} | "
              f"{med([x[2] for x in xs]):.3f} | {sum(x[3] for x in xs)} |")
    print()
def m(t, l, i): return med([x[i] for x in by[(t, l)]])
added = m("gateway", "c1", 1) - m("endpoint", "c1", 1)
ratio = m("gateway", "c16", 0) / m("endpoint", "c16", 0)
print(f"- Added by the gateway at p50 (one connection, vs straight to the endpoint): **{added:.3f} ms** "
      f"(target: at most 0.5 ms).")
print(f"- Gateway throughput: **{100 * ratio:.0f} %** of straight to the endpoint at 16 connections "
      f"(target: at least 50 %); the gateway competes for the same 2 cores as local-aws and the container.")
c16 = {(t, int(r)): float(rps) for t, l_, r, rps, *_ in rows if l_ == "c16"}
per_round = sorted({r for t, r in c16 if t == "gateway" and ("endpoint", r) in c16})
if per_round:
    print("- Per round at 16 connections (requests/s, straight to the endpoint vs through the gateway): "
          + "; ".join(f"{c16['endpoint', r]:,.0f} vs {c16['gateway', r]:,.0f} "
                      f"({100 * c16['gateway', r] / c16['endpoint', r]:.0f} %)" for r in per_round)
          + ".")
for t in ("gateway", "gateway-sdk"):
    if (t, "c16") in cpu:
        how = ("signed POST, Vert.x's non-blocking client" if t == "gateway"
               else "SDK client, Apache HTTP client, worker thread")
        print(f"- CPU of the gateway process per request ({how}, 16 connections): "
              f"{med(cpu[(t, 'c16')]):.0f} µs (all its threads: HTTP server, checking, the "
              "InvokeEndpoint call, metrics).")
print()
srows = [l.split() for l in open(starts) if l.strip() and len(l.split()) == 2]
if srows:
    st = {}
    for k, v in srows:
        st.setdefault(k, []).append(float(v))
    names = {"plain": "plain JVM (`java @jvm.args -jar`)",
             "aot": "JDK 25 AOT cache trained with requests (`@jvm.args -XX:AOTCache`)",
             "aot-c1": "AOT cache + `-XX:+UseSerialGC -XX:TieredStopAtLevel=1`"}
    print("**Time to first response** (from `java -jar` to the first 200 from `/v1/predict`: start-up, "
          "policy and schema read from S3, first InvokeEndpoint)\n")
    print("| JVM | median ms | runs |")
    print("|---|---:|---|")
    for k in ("plain", "aot", "aot-c1"):
        if k in st:
            print(f"| {names[k]} | {med(st[k]):,.0f} | {', '.join(f'{v:.0f}' for v in st[k])} |")
EOF
cat "$SECTION"
if [ -n "${BENCH_OUT:-}" ]; then cp "$SECTION" "$BENCH_OUT"; fi
