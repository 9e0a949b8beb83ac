# Helpers shared by the benchmark scripts (sourced, not run). Needs $JAVA and a log function.

# a free TCP port on loopback
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# one line saying where a benchmark ran: cores, CPU model, memory, kernel, JDK
machine() {
  local cpu
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
  echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr), $("$JAVA" -version 2>&1 | sed -n 1p)"
}

# wrk, from Debian when it is missing
need_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  log "wrk is missing; installing it from Debian (apt-get install wrk)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || { log "cannot install wrk: run 'apt-get install wrk'"; exit 1; }
}

# a process and all its descendants, one pid a line
process_tree() {
  local p=$1 c
  echo "$p"
  for c in $(pgrep -P "$p" 2>/dev/null); do process_tree "$c"; done
}

# CPU ticks the JIT compiler threads of these processes and their descendants have used
jit_ticks() {
  local p
  for p in "$@"; do process_tree "$p"; done | sort -u | while read -r p; do cat /proc/"$p"/task/*/stat 2>/dev/null; done |
    awk '/\((C1|C2) CompilerThre/ { sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# warm_up <label> <max seconds> "<pids>" <command...>: runs the load command (a few seconds each)
# until the JIT compilers of the processes rest (under 2 % of a core during one run), at least
# twice, at most for <max seconds>: CPU the compilers take during a measured run would count
# against the process measured and slow the others
warm_up() {
  local label=$1 max=$2 pids
  read -r -a pids <<< "$3"
  shift 3
  local start=$SECONDS runs=0 before after t0 tck
  tck=$(getconf CLK_TCK)
  while :; do
    before=$(jit_ticks "${pids[@]}")
    t0=$SECONDS
    "$@" >/dev/null 2>&1 || true
    after=$(jit_ticks "${pids[@]}")
    runs=$((runs + 1))
    log "warming up $label: $((SECONDS - start)) s, the JIT took $(( (after - before) * 1000 / tck )) ms of CPU in the last $((SECONDS - t0)) s"
    if [ "$runs" -ge 2 ] && [ $(( (after - before) * 100 )) -le $(( 2 * tck * (SECONDS - t0) )) ]; then break; fi
    if [ $((SECONDS - start)) -ge "$max" ]; then log "warming up $label: the JIT still compiles after $max s; measuring anyway"; break; fi
  done
}
