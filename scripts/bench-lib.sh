# Helpers shared by the benchmark scripts (sourced, not run). Needs $JAVA.

# a free TCP port on loopback
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# one line saying where a benchmark ran: cores, CPU model, memory, kernel, JDK
machine() {
  local cpu
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
  echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr), $("$JAVA" -version 2>&1 | sed -n 1p)"
}
