#!/usr/bin/env bash
# ./mlops bench [serve|gateway|drift|stack|all]: runs benchmarks and writes their tables into
# docs/benchmarks.md (each section between its own markers, so sections are refreshed independently).
# Called by ./mlops, which has already chosen JAVA_HOME and built the model container.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAVA="$JAVA_HOME/bin/java"
DOC="$ROOT/docs/benchmarks.md"
HISTORY="$ROOT/docs/benchmarks-history.md"
ANCHOR=${ANCHOR_DIR:-$ROOT/../shared/anchors/sagemaker-flask-stack}
CONTAINER_JAR="$ROOT/containers/model/target/model-container/model-container.jar"
WRK_ARGS=${WRK_ARGS:-"-t2 -c16 -d15s"}
ROUNDS=${ROUNDS:-3}

log() { echo "bench: $*" >&2; }
# shellcheck source=scripts/bench-lib.sh
. "$ROOT/scripts/bench-lib.sh"

# replace_section <name> <file with the new body>: swaps the text between the section's markers
replace_section() {
  local name=$1 body=$2 start="<!-- bench:$1:start -->" end="<!-- bench:$1:end -->"
  mkdir -p "$(dirname "$DOC")"
  [ -f "$DOC" ] || printf '# Benchmarks\n\nWritten by `./mlops bench`; each section says when, where and how it was measured. The sections\nthey replaced: [`benchmarks-history.md`](benchmarks-history.md).\n' > "$DOC"
  if ! grep -qF "$start" "$DOC"; then printf '\n%s\n%s\n' "$start" "$end" >> "$DOC"; fi
  # the section it replaces goes to the top of the history, where the figures READMEs cite from
  # earlier runs stay on record
  python3 - "$DOC" "$start" "$end" "$body" "$HISTORY" <<'EOF'
import os, sys
doc, start, end, body, history = sys.argv[1:]
text = open(doc).read()
new = open(body).read().rstrip("\n")
a = text.index(start) + len(start)
b = text.index(end)
old = text[a:b].strip("\n")
if old:
    head = "# Earlier benchmark runs\n\nSections `./mlops bench` replaced in `benchmarks.md`, newest first.\n"
    past = open(history).read() if os.path.exists(history) else head
    earlier = past[len(head):].strip("\n") if past.startswith(head) else past.strip("\n")
    open(history, "w").write(head + "\n" + old + "\n" + ("\n" + earlier + "\n" if earlier else ""))
open(doc, "w").write(text[:a] + "\n" + new + "\n" + text[b:])
EOF
}

wait_ping() { # wait_ping <port> <what>
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$1/ping" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "$2 did not come up on port $1"; return 1
}

# run_wrk <port> -> prints "rps p50_ms p99_ms errors"
run_wrk() {
  local out
  out=$(wrk $WRK_ARGS --latency -s "$ANCHOR/post.lua" "http://127.0.0.1:$1/invocations" 2>&1)
  python3 - "$out" <<'EOF'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not m: return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: errors += sum(int(x) for x in m.groups())
print(f"{rps:.0f} {ms('50'):.2f} {ms('99'):.2f} {errors}")
EOF
}

bench_serve() {
  need_wrk
  [ -f "$ANCHOR/model.json" ] || { log "seed stack not found at $ANCHOR (set ANCHOR_DIR)"; exit 1; }
  command -v gunicorn >/dev/null 2>&1 || { log "installing the seed stack's Debian packages"; bash "$ANCHOR/install.sh"; }
  local work ours_port floor_port seed_port
  pids=()
  work=$(mktemp -d)
  chmod 755 "$work" # nginx workers (www-data) reach the gunicorn socket through it
  mkdir -p "$work/ml/model"
  cp "$ANCHOR/model.json" "$work/ml/model/model.json"
  ours_port=$(free_port); floor_port=$(free_port); seed_port=$(free_port)
  # EXIT, not RETURN: a failing command under set -e leaves without returning
  trap 'kill "${pids[@]}" 2>/dev/null; PORT='"$seed_port"' RUN='"$work"'/seed bash '"$ANCHOR"'/serve.sh stop >/dev/null 2>&1; rm -rf '"$work" EXIT
  ML_ROOT="$work/ml" SAGEMAKER_BIND_TO_PORT=$ours_port "$JAVA" -jar "$CONTAINER_JAR" serve > "$work/serve.log" 2>&1 &
  local ours_pid=$!
  pids+=($ours_pid)
  SAGEMAKER_BIND_TO_PORT=$floor_port "$JAVA" -cp "$CONTAINER_JAR" dev.mlops.container.serve.HttpFloor > "$work/floor.log" 2>&1 &
  local floor_pid=$!
  pids+=($floor_pid)
  PORT=$seed_port RUN="$work/seed" bash "$ANCHOR/serve.sh" start >/dev/null
  wait_ping "$ours_port" "serve"; wait_ping "$floor_port" "floor"; wait_ping "$seed_port" "seed stack"

  # the seed stack answers the same rows: check before measuring that both agree
  local row ours seed
  row=$(head -n1 "$ANCHOR/payloads.txt")
  ours=$(curl -s -H 'Content-Type: text/csv' --data-binary "$row" "http://127.0.0.1:$ours_port/invocations")
  seed=$(curl -s -H 'Content-Type: text/csv' --data-binary "$row" "http://127.0.0.1:$seed_port/invocations")
  python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); assert abs(a-b)<1e-5, (a,b)" "$ours" "$seed" \
    || { log "serve and the seed stack disagree on the same row: $ours vs $seed"; exit 1; }

  # each JVM until its JIT compilers rest (compiling threads would take CPU from the measured run)
  WRK_ARGS="-t2 -c16 -d5s" warm_up serve 120 "$ours_pid" run_wrk "$ours_port"
  WRK_ARGS="-t2 -c16 -d5s" warm_up floor 120 "$floor_pid" run_wrk "$floor_port"
  log "warming up the seed stack for 5 s"
  WRK_ARGS="-t2 -c16 -d5s" run_wrk "$seed_port" >/dev/null

  local results="$work/results" r name port
  : > "$results"
  for r in $(seq 1 "$ROUNDS"); do
    for name in seed ours floor; do
      case $name in seed) port=$seed_port;; ours) port=$ours_port;; floor) port=$floor_port;; esac
      log "round $r: $name"
      echo "$name $r $(run_wrk "$port")" >> "$results"
    done
  done

  local body="$work/section.md"
  python3 - "$results" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(machine)" "$WRK_ARGS" "$ROUNDS" > "$body" <<'EOF'
import sys, statistics
path, when, machine, wrk, rounds = sys.argv[1:]
rows = [l.split() for l in open(path) if l.strip()]
by = {}
for name, r, rps, p50, p99, err in rows:
    by.setdefault(name, []).append((float(rps), float(p50), float(p99), int(err)))
label = {"seed": "seed stack (nginx + gunicorn + Flask + XGBoost 1.7, 2 workers)",
         "ours": "`serve` (Vert.x, tree walker)", "floor": "floor: `serve`'s HTTP stack, trivial handler"}
med = lambda xs: statistics.median(xs)
print("## Model server: `serve` vs the seed's stack\n")
print(f"Measured {when} on {machine}.  ")
print(f"Command: `./mlops bench serve` (wrk {wrk} --latency, single-row CSV from the seed's payloads.txt, "
      f"the seed's model.json served bare by both; each JVM warmed up until its JIT compilers rested; "
      f"{rounds} rounds alternating seed, ours, floor; medians).\n")
print("| server | requests/s | p50 ms | p99 ms | non-2xx or socket errors |")
print("|---|---:|---:|---:|---:|")
for name in ("seed", "ours", "floor"):
    xs = by[name]
    print(f"| {label[name]} | {med([x[0] for x in xs]):,.0f} | {med([x[1] for x in xs]):.2f} | "
          f"{med([x[2] for x in xs]):.2f} | {sum(x[3] for x in xs)} |")
ours, floor, seed = (med([x[0] for x in by[n]]) for n in ("ours", "floor", "seed"))
ours99, seed99 = med([x[2] for x in by["ours"]]), med([x[2] for x in by["seed"]])
print()
print(f"- `serve` reaches {100*ours/floor:.0f} % of the floor's requests/s (target: at least 80 %) and "
      f"{ours/seed:.1f}x the seed stack's; its p99 is {100*ours99/seed99:.1f} % of the seed stack's "
      f"(target: at most 10 %).")
print("- wrk and the servers share the same 2 cores, so the floor is the real limit of this machine.")
print("\nPer round (requests/s, p50 ms, p99 ms):\n")
print("| round | seed | ours | floor |")
print("|---|---|---|---|")
rounds_seen = sorted({int(r[1]) for r in rows})
for rn in rounds_seen:
    cells = []
    for name in ("seed", "ours", "floor"):
        x = [r for r in rows if r[0] == name and int(r[1]) == rn][0]
        cells.append(f"{float(x[2]):,.0f} / {float(x[3]):.2f} / {float(x[4]):.2f}")
    print(f"| {rn} | " + " | ".join(cells) + " |")
EOF
  replace_section serve "$body"
  cat "$body"
}

# run_extra <name>: a benchmark of its own script, its Markdown section put into the document
run_extra() {
  local name=$1 out="$ROOT/target/bench-$1.md"
  mkdir -p "$ROOT/target"
  rm -f "$out"
  case $name in
    drift) "$ROOT/scripts/bench-drift.sh" ;;
    *) BENCH_OUT="$out" "$ROOT/scripts/bench-$name.sh" ;;
  esac
  if [ "$name" = drift ]; then # its script prints tables only: say when, where and how
    { printf '## Drift monitor\n\n%s, machine: %s, command: `./mlops bench drift` (`scripts/bench-drift.sh`).\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(machine)"; cat "$ROOT/drift-monitor/target/bench-drift.md"; } > "$out"
  fi
  replace_section "$name" "$out"
}

what=${1:-all}
case "$what" in
  serve) bench_serve ;;
  gateway|drift|stack) run_extra "$what" ;;
  all)
    bench_serve
    for extra in stack gateway drift; do run_extra "$extra"; done ;;
  *) echo "usage: ./mlops bench [serve|gateway|drift|stack|all]" >&2; exit 2 ;;
esac
