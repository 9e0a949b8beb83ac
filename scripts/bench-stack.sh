#!/usr/bin/env bash
# bench-stack.sh: what a newcomer waits for, measured on the real thing. Each round starts
# `./mlops up --auto-approve --quiet` on a fresh data folder and free ports, and records:
#   ready      seconds from the command to "The system is up" (services built already)
#   services   seconds until each one answered its readiness check (local-aws, orchestrator, ...)
#   first run  the upload's pipeline run: each step's duration, and upload -> serving in prod
#   predict    latency of the first prediction through the gateway once prod serves
#   memory     resident set of each process once the first model serves (model endpoints included)
# then stops the stack with SIGTERM (handled like Ctrl-C). Prints a Markdown section; writes it
# to $BENCH_OUT when set. Env: ROUNDS (2). Called by ./mlops bench, which has chosen JAVA_HOME.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROUNDS=${ROUNDS:-2}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-stack.XXXXXX")
RESULTS="$WORK/results.jsonl"
log() { echo "bench-stack: $*" >&2; }
JAVA="$JAVA_HOME/bin/java"
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"

UP_PID=""
stop_stack() {
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2>/dev/null; then
    # SIGTERM, which ./mlops up handles as it handles Ctrl-C: a background job ignores SIGINT (bash
    # starts asynchronous commands with SIGINT ignored, and an ignored signal cannot be trapped)
    # to up.sh alone: the reader stamping its lines must outlive it, or up.sh dies of SIGPIPE
    # while it stops the services
    pkill -TERM -P "$UP_PID" -f scripts/up.sh 2>/dev/null || true
    # up to 30 s for it to stop its services (a zombie still answers kill -0: ask ps)
    for _ in $(seq 1 300); do
      case "$(ps -o stat= -p "$UP_PID" 2>/dev/null)" in "" | Z*) break ;; esac
      sleep 0.1
    done
    kill -9 -- -"$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
  fi
  UP_PID=""
}
trap 'stop_stack; rm -rf "$WORK"' EXIT

# building is not what this measures: build first what ./mlops up would
for jar in containers/model/target/model-container/model-container.jar local-aws/target/local-aws/local-aws.jar \
  pipeline-orchestrator/target/quarkus-app/quarkus-run.jar inference-gateway/server/target/quarkus-app/quarkus-run.jar \
  drift-monitor/target/quarkus-app/quarkus-run.jar; do
  if [ ! -f "$jar" ]; then
    log "building the services first (not measured)"
    "$ROOT/mlops" build -q >/dev/null || { log "./mlops build failed"; exit 1; }
    break
  fi
done

for round in $(seq 1 "$ROUNDS"); do
  DATA="$WORK/data-$round" OUT="$WORK/up-$round.log"
  export MLOPS_AWS_PORT=$(free_port) MLOPS_GATEWAY_PORT=$(free_port)
  export MLOPS_ORCHESTRATOR_PORT=$(free_port) MLOPS_DRIFT_PORT=$(free_port)
  log "round $round: ./mlops up on fresh data ($DATA)"
  start=$(date +%s.%N)
  # each output line stamped with seconds since the start, to read the services' readiness off it
  setsid bash -c "'$ROOT/mlops' up --auto-approve --quiet --data '$DATA' 2>&1 | while IFS= read -r l; do
      printf '%s %s\n' \"\$(date +%s.%N)\" \"\$l\"; done > '$OUT'" &
  UP_PID=$!
  python3 - "$OUT" "$start" "$DATA" "$RESULTS" "$round" "$UP_PID" <<'EOF'
import json, os, re, subprocess, sys, time, urllib.request
out, start, data, results, rnd, up_pid = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])

def up_alive():
    try:
        os.kill(up_pid, 0)
        return True
    except OSError:
        return False
ports = {k: os.environ["MLOPS_%s_PORT" % k.upper()] for k in ("aws", "gateway", "orchestrator", "drift")}
deadline = time.time() + 900

def lines():
    try:
        return open(out).read().splitlines()
    except FileNotFoundError:
        return []

def stamp(pattern):
    for l in lines():
        t, _, text = l.partition(" ")
        if re.search(pattern, text):
            return float(t) - start
    return None

while stamp(r"The system is up") is None:
    if time.time() > deadline or not up_alive():
        sys.exit("the stack did not come up:\n" + "\n".join(lines()[-30:]))
    time.sleep(0.2)
row = {"round": int(rnd), "ready": stamp(r"The system is up"), "services": {}}
for name in ("local-aws", "orchestrator", "drift-monitor", "gateway"):
    row["services"][name] = stamp(re.escape(name) + r" is ready")
uploaded = time.time()

token = open(os.path.join(data, "admin-token")).read().strip()
orch = "http://127.0.0.1:%s" % ports["orchestrator"]
def admin(path):
    req = urllib.request.Request(orch + "/admin" + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())

run = None
while time.time() < deadline:
    runs = admin("/runs?limit=1")
    if runs and runs[0]["status"] in ("succeeded", "failed", "rejected", "cancelled"):
        run = runs[0]
        break
    time.sleep(0.5)
if run is None or run["status"] != "succeeded":
    sys.exit("the first run did not succeed: %s" % (run and run.get("failure_reason")))
row["first_run_seconds"] = run["duration_seconds"]
row["upload_to_prod"] = time.time() - uploaded
row["steps"] = {s["step"]: s.get("duration_seconds") for s in run["steps"]}

body = json.dumps({"instances": [{"city": "Austin", "year": 2015, "month": 6, "sales": 3300,
                                  "volume": 1100000000, "listings": 5500, "inventory": 2.6}]}).encode()
gw = "http://127.0.0.1:%s/v1/predict" % ports["gateway"]
t0 = time.time()
while True:
    try:
        req = urllib.request.Request(gw, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            if r.status == 200:
                break
    except Exception:
        if time.time() - t0 > 60:
            sys.exit("the gateway did not answer 200 within 60 s of the run's end")
        time.sleep(0.1)
row["first_prediction_after_run_ms"] = (time.time() - t0) * 1000
t1 = time.perf_counter()
with urllib.request.urlopen(urllib.request.Request(gw, data=body, headers={"Content-Type": "application/json"}), timeout=10) as r:
    r.read()
row["second_prediction_ms"] = (time.perf_counter() - t1) * 1000

# resident memory of the stack's processes, found by what is on their command lines: the services
# by their ports, local-aws by its data folder, endpoints by the data folder in their environment
def rss_mib(pid):
    try:
        for l in open("/proc/%s/status" % pid):
            if l.startswith("VmRSS:"):
                return int(l.split()[1]) / 1024
    except OSError:
        return None
procs = []
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        cmd = open("/proc/%s/cmdline" % pid, "rb").read().decode(errors="replace").split("\0")
        env = open("/proc/%s/environ" % pid, "rb").read().decode(errors="replace")
    except OSError:
        continue
    if cmd and cmd[0].endswith("java"):
        procs.append((pid, cmd, env))
mem = {}
for name, key in (("orchestrator", "orchestrator"), ("drift-monitor", "drift"), ("gateway", "gateway")):
    flag = "-Dquarkus.http.port=%s" % ports[key]
    mem[name] = next((rss_mib(p) for p, cmd, _ in procs if flag in cmd), None)
mem["local-aws"] = next((rss_mib(p) for p, cmd, _ in procs
                         if any(a.endswith("local-aws.jar") for a in cmd) and ports["aws"] in cmd), None)
endpoints = [rss_mib(p) for p, cmd, env in procs
             if "serve" in cmd and any("model-container" in a for a in cmd) and data in env]
mem["model endpoints"] = sum(endpoints)
mem["endpoint count"] = len(endpoints)
row["rss_mib"] = mem
with open(results, "a") as f:
    f.write(json.dumps(row) + "\n")
print("bench-stack: round %s: ready %.1f s, upload -> prod %.1f s" % (rnd, row["ready"], row["upload_to_prod"]), file=sys.stderr)
EOF
  stop_stack
done

SECTION="$WORK/section.md"
python3 - "$RESULTS" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  "$(machine)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" > "$SECTION" <<'EOF'
import json, statistics, sys
results, when, machine, load = sys.argv[1:]
rows = [json.loads(l) for l in open(results) if l.strip()]
med = statistics.median
def rng(f, fmt="%.1f"):
    vals = sorted(f(r) for r in rows if f(r) is not None)
    if not vals:
        return "n/a"
    return (fmt % med(vals)) + ("" if len(vals) < 2 else " (" + (fmt % vals[0]) + "-" + (fmt % vals[-1]) + ")")
print("## The whole stack: `./mlops up`\n")
print("%s, machine: %s, load average before: %s, %d rounds; command: `./mlops bench stack` (`scripts/bench-stack.sh`)." % (when, machine, load, len(rows)))
print("Each round: `./mlops up --auto-approve --quiet` on a fresh data folder (services already built), the bundled")
print("txhousing uploaded, the first run followed to prod. Medians, with the range over rounds.\n")
print("| what | seconds |")
print("|---|---|")
print("| `./mlops up` to \"The system is up\" | %s |" % rng(lambda r: r["ready"]))
for s in ("local-aws", "orchestrator", "drift-monitor", "gateway"):
    print("| &nbsp;&nbsp;%s ready | %s |" % (s, rng(lambda r, s=s: r["services"].get(s))))
print("| upload to the first model serving in prod (auto-approved) | %s |" % rng(lambda r: r["upload_to_prod"]))
print("| &nbsp;&nbsp;the pipeline run itself | %s |" % rng(lambda r: r["first_run_seconds"]))
for step in rows[0]["steps"]:
    print("| &nbsp;&nbsp;&nbsp;&nbsp;%s | %s |" % (step, rng(lambda r, st=step: r["steps"].get(st))))
print("\n| what | value |")
print("|---|---|")
print("| first prediction through the gateway after the run ended | %s ms |" % rng(lambda r: r["first_prediction_after_run_ms"], "%.0f"))
print("| the next one (cold caches, one request) | %s ms |" % rng(lambda r: r["second_prediction_ms"], "%.1f"))
for name in ("local-aws", "orchestrator", "drift-monitor", "gateway", "model endpoints"):
    print("| resident memory: %s | %s MiB |" % (name, rng(lambda r, n=name: r["rss_mib"].get(n), "%.0f")))
print("| model endpoint processes | %s |" % rng(lambda r: r["rss_mib"].get("endpoint count"), "%.0f"))
EOF
cat "$SECTION"
if [ -n "${BENCH_OUT:-}" ]; then cp "$SECTION" "$BENCH_OUT"; fi
