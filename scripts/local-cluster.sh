#!/usr/bin/env bash
# A FlowGrain cluster on this machine: a private redis-server, 3 silos and 2 client gateways, all on loopback,
# with Redis membership and Redis window storage as in production. Ctrl-C stops everything it started.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/local-cluster.sh [--demo] [--silos N] [--gateways M] [--redis-port PORT] [--dir DIR]

Starts redis-server (or uses the one already answering on --redis-port), N silos (default 3) and M gateways in
client mode (default 2), waits until each answers /readyz, prints where they listen, and stops them all on
Ctrl-C or when any of them exits.

  --demo             also run FlowGen: 8 simulated nodes reporting every 2 s, spread over every gateway
  --silos N          number of silos (HTTP on 8090, 8091, ...; silo ports 11111+, gateway ports 30000+)
  --gateways M       number of gateways (gRPC on 7443, 7444, ...; console and HTTP API on 8081, 8083, ...)
  --redis-port PORT  Redis port (default 6379)
  --dir DIR          where Redis keeps its files and every process its log (default ./.local-cluster)
  -h, --help         this text

Needs the .NET 10 SDK and redis-server (apt-get install redis-server).
EOF
}

demo=false silos=3 gateways=2 redis_port=6379 dir=.local-cluster
while [[ $# -gt 0 ]]; do
  case "$1" in
    --demo) demo=true ;;
    --silos) silos="${2:?--silos needs a number}"; shift ;;
    --gateways) gateways="${2:?--gateways needs a number}"; shift ;;
    --redis-port) redis_port="${2:?--redis-port needs a port}"; shift ;;
    --dir) dir="${2:?--dir needs a directory}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "local-cluster: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$silos" "$gateways" "$redis_port"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster: '$n' is not a positive number" >&2; exit 2; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pids=()

stop_all() {
  trap - EXIT INT TERM
  if [[ ${#pids[@]} -gt 0 ]]; then
    echo "local-cluster: stopping ${#pids[@]} processes"
    # Gateways and FlowGen first (they were started last), then silos, then Redis: each hands over gracefully.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
      kill -TERM "${pids[i]}" 2>/dev/null || true
      rc=0
      wait "${pids[i]}" 2>/dev/null || rc=$?
      [[ $rc -eq 0 || $rc -eq 143 ]] || echo "local-cluster: process ${pids[i]} exited with code $rc (see the logs in $dir)" >&2
    done
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Each child runs in its own session, so Ctrl-C reaches only this script, which then stops them in order: Redis
# must outlive the silos' last checkpoints.
start() { setsid "$@" & }

redis_answers() { redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG; }

if redis_answers; then
  echo "local-cluster: using the Redis already answering on 127.0.0.1:$redis_port"
else
  command -v redis-server >/dev/null || { echo "local-cluster: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
  start redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --save '' \
    --logfile "$dir/redis.log"
  pids+=($!)
  for _ in $(seq 1 100); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "local-cluster: redis-server did not answer on $redis_port (see $dir/redis.log)" >&2; exit 1; }
  echo "local-cluster: redis-server on 127.0.0.1:$redis_port (data and logs in $dir)"
fi

echo "local-cluster: building (Release)"
for project in Silo Gateway FlowGen; do
  dotnet build "$root/src/$project" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
done
bin() { echo "$root/src/$1/bin/Release/net10.0/$2.dll"; }

cluster=(--Cluster:Membership=Redis "--Cluster:Redis=127.0.0.1:$redis_port" --Cluster:ClusterId=local --Storage:Provider=Redis)

wait_ready() { # name pid http-port log
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$3/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "local-cluster: $1 exited during start-up; its log, $4:" >&2; tail -20 "$4" >&2; exit 1; }
    sleep 0.2
  done
  echo "local-cluster: $1 not ready after 120 s (see $4)" >&2
  exit 1
}

for ((i = 0; i < silos; i++)); do
  log="$dir/silo-$i.log"
  start dotnet "$(bin Silo FlowGrain.Silo)" "${cluster[@]}" --Silo:ListenAddress=127.0.0.1 "--Silo:HttpPort=$((8090 + i))" \
    "--Cluster:SiloPort=$((11111 + i))" "--Cluster:GatewayPort=$((30000 + i))" >"$log" 2>&1
  pids+=($!)
  wait_ready "silo $i" $! $((8090 + i)) "$log"
  echo "local-cluster: silo $i ready (health on http://127.0.0.1:$((8090 + i))/readyz, log $log)"
done

targets=()
for ((j = 0; j < gateways; j++)); do
  log="$dir/gateway-$j.log"
  start dotnet "$(bin Gateway FlowGrain.Gateway)" "${cluster[@]}" --Gateway:Mode=Client --Gateway:ListenAddress=127.0.0.1 \
    "--Gateway:GrpcPort=$((7443 + j))" "--Gateway:HttpPort=$((8081 + 2 * j))" >"$log" 2>&1
  pids+=($!)
  wait_ready "gateway $j" $! $((8081 + 2 * j)) "$log"
  targets+=("127.0.0.1:$((7443 + j))")
  echo "local-cluster: gateway $j ready: console http://127.0.0.1:$((8081 + 2 * j)), collector and gRPC APIs 127.0.0.1:$((7443 + j)) (log $log)"
done

if $demo; then
  log="$dir/flowgen.log"
  start dotnet "$(bin FlowGen flowgen)" --target "$(IFS=,; echo "${targets[*]}")" --nodes 8 --interval 2s --duration forever >"$log" 2>&1
  pids+=($!)
  echo "local-cluster: demo traffic from 8 simulated nodes (log $log)"
fi

echo "local-cluster: running; Ctrl-C stops everything"
# Stay up while everything runs; the first process to exit ends the session (and stops the rest).
wait -n "${pids[@]}" || true
echo "local-cluster: a process exited; see the logs in $dir" >&2
exit 1
