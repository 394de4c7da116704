#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sessions benchmark, one command (docs/performance.md):
#
#   tests/bench/run-sessions.sh BUILD_DIR [--real] [--sim-only]
#
# 1. minato-sim (a separate process) serving 50 clusters × 2,000 pods from
#    tests/bench/sessions.yaml, at the speed that gives about 1,000 watch events/s; bench_sessions
#    runs the engine against it, then kubectl 8 at a time (-o json and -o name; the first also
#    sequentially): the kubectl on PATH, the plain upstream build beside it where the machine has
#    one (kubectl.1.NN next to a wrapper), and Debian's 1.20 from BUILD_DIR/kubectl-debian.
# 2. With --real: a real fleet (tests/realk8s/fleet.sh) in a temporary folder, three clusters
#    scaled to 3,000 pods each through the API, the same measurements, then the fleet is stopped.
#
# It builds nothing: build bench_sessions (and minato-sim) in BUILD_DIR first. Markdown tables go
# to stdout; progress to stderr. Environment: SIM_CLUSTERS, SIM_PODS, SIM_SPEED, REAL_PODS, WINDOW.
# Exit status: 0 when every budget in the tables is met, non-zero when one is missed or a run
# failed (both runs still happen).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?usage: run-sessions.sh BUILD_DIR [--real] [--sim-only]}
shift
real=0
sim=1
for arg in "$@"; do
    case $arg in
    --real) real=1 ;;
    --sim-only) real=0 ;;
    --real-only) real=1 sim=0 ;;
    *) echo "unknown argument $arg" >&2; exit 1 ;;
    esac
done
bench=$build/tests/bench/bench_sessions
[ -x "$bench" ] || { echo "$bench is missing: cmake --build $build --target bench_sessions" >&2; exit 1; }

machine() {
    local cpu cores mem
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    cores=$(grep -c '^processor' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    echo "Machine: $cpu, $cores logical cores, $mem RAM; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "kubectl: $(kubectl version --client 2>/dev/null | head -1)"
    echo
}

# The kubectls to compare with: PATH's first; where it is a wrapper (the gcloud SDK's dispatcher
# asks the server for its version before it runs the real binary), the plain build of the same
# minor beside it; Debian's kubernetes-client as the ctest fixture unpacked it.
kubectls=(--kubectl "$(command -v kubectl)")
real_kubectl=$(readlink -f "$(command -v kubectl)")
minor=$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n1)
if [ -x "$real_kubectl.1.$minor" ]; then
    kubectls+=(--kubectl "$real_kubectl.1.$minor")
fi
if [ -x "$build/kubectl-debian/current/usr/bin/kubectl" ]; then
    kubectls+=(--kubectl "$build/kubectl-debian/current/usr/bin/kubectl")
fi

machine
rc=0
if [ "$sim" = 1 ]; then
    "$bench" --scenario "$here/sessions.yaml" --clusters "${SIM_CLUSTERS:-50}" --pods "${SIM_PODS:-2000}" \
        --speed "${SIM_SPEED:-1}" --window "${WINDOW:-30}" "${kubectls[@]}" || rc=$?
fi

if [ "$real" = 1 ]; then
    dir=$(mktemp -d /tmp/minato-bench-real.XXXXXX)
    fleet=$root/tests/realk8s/fleet.sh
    stop() { "$fleet" stop "$dir" >&2 || true; rm -rf "$dir"; }
    trap stop EXIT
    "$fleet" start "$dir" >&2
    "$fleet" seed "$dir" >&2
    pods=${REAL_PODS:-3000}
    for cluster in token cert exec; do
        "$fleet" scale "$dir" "$cluster" "$pods" >&2
    done
    # real-limited is left out: its pods are Forbidden by design (a Degraded cluster). Cluster exec
    # is read through real-v1beta1, the exec protocol every kubectl compared here speaks (1.20
    # refuses v1 plugins).
    "$bench" --kubeconfig "$dir/kubeconfig" --context 'real-[tcv]*' --window "${WINDOW:-30}" "${kubectls[@]}" \
        --title "real kube-apiserver v1.20.2: 3 clusters × $pods pods (tests/realk8s)" || rc=$?
fi
[ "$rc" -eq 0 ] || echo "run-sessions: a budget was missed or a run failed (exit $rc)" >&2
exit "$rc"
