#!/usr/bin/env bash
# Two MPI "hosts" on this machine for docs/distributed.md's link measurements: network namespaces
# skh1 (10.77.0.1) and skh2 (10.77.0.2) joined by a veth pair, optionally shaped with tc's tbf, and
# an Open MPI launcher agent that "logs in" with `ip netns exec` instead of ssh. Needs root.
#   scripts/mpi-netns.sh up [RATE]      e.g. up 1gbit, up 10gbit, up (unshaped)
#   scripts/mpi-netns.sh run ARGS…      mpirun -np 2 across the two hosts, e.g. run sketch bench allreduce
#   scripts/mpi-netns.sh down
set -euo pipefail
agent=/tmp/sketch-netns-agent
hosts=/tmp/sketch-netns-hosts
case "${1:-}" in
  up)
    rate=${2:-}
    ip netns add skh1; ip netns add skh2
    ip link add skv1 type veth peer name skv2
    ip link set skv1 netns skh1; ip link set skv2 netns skh2
    ip -n skh1 addr add 10.77.0.1/24 dev skv1; ip -n skh2 addr add 10.77.0.2/24 dev skv2
    for n in skh1 skh2; do ip -n "$n" link set lo up; done
    ip -n skh1 link set skv1 up; ip -n skh2 link set skv2 up
    if [ -n "$rate" ]; then
      # A burst of a millisecond's worth of bytes at 10 Gbit/s, 128 kB below that.
      burst=128kb; [ "$rate" = 10gbit ] && burst=1mb
      ip netns exec skh1 tc qdisc add dev skv1 root tbf rate "$rate" burst "$burst" latency 100ms
      ip netns exec skh2 tc qdisc add dev skv2 root tbf rate "$rate" burst "$burst" latency 100ms
    fi
    cat > "$agent" <<'AGENT'
#!/bin/sh
# Open MPI launcher agent: runs the daemon's command line inside the host's namespace.
host=$1; shift
case "$host" in 10.77.0.1) ns=skh1 ;; 10.77.0.2) ns=skh2 ;; *) echo "unknown host $host" >&2; exit 1 ;; esac
exec ip netns exec "$ns" /bin/sh -c "$*"
AGENT
    chmod +x "$agent"
    printf "10.77.0.1 slots=1\n10.77.0.2 slots=1\n" > "$hosts" ;;
  run)
    shift
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    exec ip netns exec skh1 mpirun --hostfile "$hosts" --mca plm_rsh_agent "$agent" --mca btl tcp,self \
      --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 -np 2 "$@" ;;
  down)
    ip netns del skh1 2>/dev/null || true; ip netns del skh2 2>/dev/null || true
    rm -f "$agent" "$hosts" ;;
  *) echo "usage: $0 up [RATE] | run ARGS… | down" >&2; exit 64 ;;
esac
