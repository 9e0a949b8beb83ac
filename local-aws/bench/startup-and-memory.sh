#!/usr/bin/env bash
# Measures local-aws: time from `java -jar` to the ready line (first start on an empty data folder,
# again on an empty folder with the class data archive the first run wrote, then a restart), and
# memory once one endpoint (one instance of the model container's `serve`) is InService and idle. Uses the packaged jars; build first:
#   ./mvnw -pl local-aws -am install -DskipTests
# The JVM runs with -XX:+AutoCreateSharedArchive (a class data archive, as the testkit uses).
# Prints a Markdown table. Runs everything on 127.0.0.1 and stops what it started.
# With --throughput (and wrk installed) it also compares InvokeEndpoint through local-aws with the
# serve process called directly (8 s each after 8 s of warm-up, 32 connections, one CSV row per
# request).
set -euo pipefail
THROUGHPUT=${1:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/local-aws/target/local-aws/local-aws.jar"
[ -f "$JAR" ] || { echo "build local-aws first: ./mvnw -pl local-aws -am install -DskipTests" >&2; exit 1; }
DATA=$(mktemp -d /tmp/local-aws-bench.XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

start() { # starts local-aws, sets PID, EP and MS (milliseconds to the ready line)
  : > "$DATA/out.log"
  local t0; t0=$(now_ms)
  "$JAVA" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$DATA/local-aws.jsa" -jar "$JAR" --port 0 --postgres-port 0 --data "$DATA/data" >> "$DATA/out.log" 2>&1 &
  PID=$!
  until grep -q "local-aws ready on" "$DATA/out.log"; do
    kill -0 "$PID" 2>/dev/null || { cat "$DATA/out.log" >&2; exit 1; }
    sleep 0.02
  done
  local t1; t1=$(now_ms)
  EP=$(sed -n 's/.*local-aws ready on //p' "$DATA/out.log" | head -n1)
  MS=$((t1 - t0))
}

stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

sm() { # sm <Action> <json>
  curl -sf -X POST "$EP/" -H "X-Amz-Target: SageMaker.$1" -H "Content-Type: application/x-amz-json-1.1" -d "$2"
}

wait_status() { # wait_status <Describe action> <json> <field> <value>
  for _ in $(seq 1 600); do
    s=$(sm "$1" "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)['$3'])")
    [ "$s" = "$4" ] && return 0
    case "$s" in Failed|Stopped) echo "$1: $s" >&2; sm "$1" "$2" >&2; exit 1;; esac
    sleep 0.5
  done
  echo "timed out waiting for $4" >&2; exit 1
}

kib() { # proportional set size of a process (shared pages split), in KiB
  awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}
rss() { ps -o rss= -p "$1" | tr -d ' '; }

start; first=$MS   # also writes the class data archive
stop
rm -rf "$DATA/data"
start; cold=$MS
stop
start; warm=$MS

# data and a model: the real preprocess and train jobs on txhousing
curl -sf -X PUT "$EP/mlops-artifacts/bench/data/txhousing.csv" -H "Content-Type: text/csv" --data-binary @"$ROOT/data/txhousing/txhousing.csv" >/dev/null
curl -sf -X PUT "$EP/mlops-artifacts/bench/schema/schema.json" -H "Content-Type: application/json" --data-binary @"$ROOT/data/txhousing/schema.json" >/dev/null
IMG=000000000000.dkr.ecr.us-east-1.amazonaws.com/mlops-model:latest
ROLE=arn:aws:iam::000000000000:role/sagemaker
OUT=s3://mlops-artifacts/bench/pre
sm CreateProcessingJob "{\"ProcessingJobName\":\"bench-pre\",\"RoleArn\":\"$ROLE\",
  \"AppSpecification\":{\"ImageUri\":\"$IMG\",\"ContainerArguments\":[\"preprocess\"]},
  \"ProcessingResources\":{\"ClusterConfig\":{\"InstanceCount\":1,\"InstanceType\":\"ml.m5.large\",\"VolumeSizeInGB\":1}},
  \"ProcessingInputs\":[
    {\"InputName\":\"data\",\"S3Input\":{\"S3Uri\":\"s3://mlops-artifacts/bench/data/\",\"LocalPath\":\"/opt/ml/processing/input/data\",\"S3DataType\":\"S3Prefix\",\"S3InputMode\":\"File\"}},
    {\"InputName\":\"schema\",\"S3Input\":{\"S3Uri\":\"s3://mlops-artifacts/bench/schema/\",\"LocalPath\":\"/opt/ml/processing/input/schema\",\"S3DataType\":\"S3Prefix\",\"S3InputMode\":\"File\"}}],
  \"ProcessingOutputConfig\":{\"Outputs\":[
    {\"OutputName\":\"train\",\"S3Output\":{\"S3Uri\":\"$OUT/train\",\"LocalPath\":\"/opt/ml/processing/output/train\",\"S3UploadMode\":\"EndOfJob\"}},
    {\"OutputName\":\"validation\",\"S3Output\":{\"S3Uri\":\"$OUT/validation\",\"LocalPath\":\"/opt/ml/processing/output/validation\",\"S3UploadMode\":\"EndOfJob\"}},
    {\"OutputName\":\"schema\",\"S3Output\":{\"S3Uri\":\"$OUT/schema\",\"LocalPath\":\"/opt/ml/processing/output/schema\",\"S3UploadMode\":\"EndOfJob\"}}]}}" >/dev/null
wait_status DescribeProcessingJob '{"ProcessingJobName":"bench-pre"}' ProcessingJobStatus Completed
chan() { echo "{\"ChannelName\":\"$1\",\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"$OUT/$1\"}}}"; }
sm CreateTrainingJob "{\"TrainingJobName\":\"bench-train\",\"RoleArn\":\"$ROLE\",
  \"AlgorithmSpecification\":{\"TrainingImage\":\"$IMG\",\"TrainingInputMode\":\"File\"},
  \"HyperParameters\":{\"num_round\":\"50\"},
  \"InputDataConfig\":[$(chan train),$(chan validation),$(chan schema)],
  \"OutputDataConfig\":{\"S3OutputPath\":\"s3://mlops-artifacts/bench/models\"},
  \"ResourceConfig\":{\"InstanceCount\":1,\"InstanceType\":\"ml.m5.large\",\"VolumeSizeInGB\":1},
  \"StoppingCondition\":{\"MaxRuntimeInSeconds\":3600}}" >/dev/null
wait_status DescribeTrainingJob '{"TrainingJobName":"bench-train"}' TrainingJobStatus Completed

sm CreateModel "{\"ModelName\":\"bench\",\"ExecutionRoleArn\":\"$ROLE\",\"PrimaryContainer\":{\"Image\":\"$IMG\",\"ModelDataUrl\":\"s3://mlops-artifacts/bench/models/bench-train/output/model.tar.gz\"}}" >/dev/null
sm CreateEndpointConfig "{\"EndpointConfigName\":\"bench\",\"ProductionVariants\":[{\"VariantName\":\"main\",\"ModelName\":\"bench\",\"InitialInstanceCount\":1,\"InstanceType\":\"ml.m5.large\",\"InitialVariantWeight\":1}],
  \"DataCaptureConfig\":{\"EnableCapture\":true,\"InitialSamplingPercentage\":100,\"DestinationS3Uri\":\"s3://mlops-capture/bench\",\"CaptureOptions\":[{\"CaptureMode\":\"Input\"},{\"CaptureMode\":\"Output\"}]}}" >/dev/null
t0=$(now_ms)
sm CreateEndpoint '{"EndpointName":"bench","EndpointConfigName":"bench"}' >/dev/null
wait_status DescribeEndpoint '{"EndpointName":"bench"}' EndpointStatus InService
endpoint_ms=$(( $(now_ms) - t0 ))
for _ in $(seq 1 20); do
  curl -sf -X POST "$EP/endpoints/bench/invocations" -H "Content-Type: text/csv" -d "Abilene,2010,6,150,21000000,800,5.5" >/dev/null
done
sleep 10 # idle

serve_pid=$(python3 -c "import json; print(json.load(open('$DATA/data/sagemaker/state/endpoints/bench.json'))['LocalAwsPids'][0])")
pg_pss=0
for p in $(pgrep -f -- "$DATA/data/postgres" || true); do pg_pss=$((pg_pss + $(kib "$p"))); done

echo "| measure | value |"
echo "|---|---|"
echo "| start to ready, first run (empty folder, no class data archive yet) | ${first} ms |"
echo "| start to ready, empty data folder (initdb, buckets, queues) | ${cold} ms |"
echo "| start to ready, restart on the same folder | ${warm} ms |"
echo "| CreateEndpoint to InService (1 instance) | ${endpoint_ms} ms |"
echo "| local-aws JVM RSS, one idle endpoint | $(( $(rss "$PID") / 1024 )) MiB |"
echo "| PostgreSQL processes, PSS total | $(( pg_pss / 1024 )) MiB |"
echo "| endpoint serve process RSS | $(( $(rss "$serve_pid") / 1024 )) MiB |"

if [ "$THROUGHPUT" = "--throughput" ] && command -v wrk >/dev/null; then
  serve_port=$(sed -n 's/.* on port \([0-9]*\)$/\1/p' "$DATA"/data/sagemaker/endpoints/bench/*/instance-0.log | head -n1)
  cat > "$DATA/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "Abilene,2010,6,150,21000000,800,5.5"
wrk.headers["Content-Type"] = "text/csv"
LUA
  rps() { wrk -t2 -c32 -d8s -s "$DATA/post.lua" "$1" | awk '/Requests\/sec/ {printf "%d", $2} /Latency/ {lat=$2} END {printf " req/s, mean latency %s", lat}'; }
  # warm both paths first: the JIT, the connection pools
  rps "http://127.0.0.1:$serve_port/invocations" >/dev/null
  rps "$EP/endpoints/bench/invocations" >/dev/null
  echo "| serve directly (wrk -t2 -c32) | $(rps "http://127.0.0.1:$serve_port/invocations") |"
  echo "| through local-aws InvokeEndpoint (wrk -t2 -c32) | $(rps "$EP/endpoints/bench/invocations") |"
fi
