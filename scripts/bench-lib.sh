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
