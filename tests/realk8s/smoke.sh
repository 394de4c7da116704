#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Smoke check of the real fleet (ctest: realk8s_smoke, label realk8s): builds the control plane
# if this machine has none cached, starts the fleet, seeds it, checks it with kubectl through
# each context, runs Minato's own tests on it (MINATO_REALK8S_TESTS, set by ctest), checks the
# audit logs, compacts etcd, scales a cluster, and stops everything it started.
#   tests/realk8s/smoke.sh [DIR]     (default: a fresh temporary folder, removed afterwards)
# Exit 77 (ctest: skipped) on a machine without apt/dpkg, where nothing can be installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fleet=$here/fleet.sh

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "smoke: not a Debian machine (no apt-get/dpkg-query); skipped"
    exit 77
fi

t_all=$SECONDS
if [ -n "${1:-}" ]; then
    mkdir -p "$1"
    dir=$(cd "$1" && pwd)
    keep=1
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/minato-realk8s.XXXXXX")
    keep=${REALK8S_KEEP:-0}
fi
passed=0
failed=0
out=$(mktemp "${TMPDIR:-/tmp}/minato-realk8s-out.XXXXXX")

finish() {
    local rc=$?
    "$fleet" stop "$dir" || rc=1
    if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
        echo "smoke: logs of the failed run:"
        for f in "$dir"/logs/*.log; do
            [ -s "$f" ] || continue
            case "$f" in */openssl.log) continue ;; esac
            echo "---- $f (last 15 lines)"
            tail -n 15 "$f"
        done
    fi
    rm -f "$out"
    if [ "$keep" = 1 ]; then echo "smoke: kept $dir"; else rm -rf "$dir"; fi
    echo "smoke: total $((SECONDS - t_all)) s"
    echo "$passed passed, $failed failed"
    if [ "$rc" -eq 0 ] && [ "$failed" -ne 0 ]; then rc=1; fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

check() { # description command... ; the command's output is shown only when it fails
    local what=$1
    shift
    if "$@" >"$out" 2>&1; then
        passed=$((passed + 1))
        echo "ok - $what"
    else
        failed=$((failed + 1))
        echo "not ok - $what"
        sed 's/^/    /' "$out" | head -n 30
    fi
}

# kubectl as Minato would connect: the fleet's kubeconfig, one context, a private HOME.
kc() {
    local ctx=$1
    shift
    [ "$ctx" = real-exec ] && [ "$kubectl_exec_version" = v1beta1 ] && ctx=real-v1beta1
    kc_exactly "$ctx" "$@"
}
kc_exactly() { # the context as given, whatever this kubectl speaks
    local ctx=$1
    shift
    env -u KUBECONFIG HOME="$dir/home-smoke" kubectl --kubeconfig="$dir/kubeconfig" --context="$ctx" "$@"
}

# ---------------------------------------------------------------- build, start, seed
t0=$SECONDS
bin=$("$here/build-control-plane.sh" | tail -n1)
echo "smoke: control plane binaries in $bin ($((SECONDS - t0)) s)"
export REALK8S_BIN=$bin
t0=$SECONDS
"$fleet" start "$dir"
t_start=$((SECONDS - t0))
t0=$SECONDS
"$fleet" seed "$dir"
t_seed=$((SECONDS - t0))
echo "smoke: start ${t_start} s, seed ${t_seed} s"
"$fleet" status "$dir"
# shellcheck disable=SC1091
. "$dir/env"
mkdir -p "$dir/home-smoke"

# The exec protocol this kubectl speaks (tests/data/kubectl/generations.json): before 1.22 it
# refuses client.authentication.k8s.io/v1, so its checks of context real-exec go through
# real-v1beta1: the same cluster, user and RBAC, through the older protocol.
kubectl_minor=$(kubectl version --client -o json | jq -r '.clientVersion.minor' | grep -o '^[0-9]*')
exec_v1_since=$(jq -r '.capabilities["exec-credential-v1"].since' "$here/../data/kubectl/generations.json")
if [ "$kubectl_minor" -ge "$exec_v1_since" ]; then
    kubectl_exec_version=v1
else
    kubectl_exec_version=v1beta1
    echo "smoke: kubectl 1.$kubectl_minor predates exec v1 (1.$exec_v1_since): its real-exec checks use real-v1beta1"
fi

# ---------------------------------------------------------------- every context
nodes_ok() { # context count
    kc "$1" get nodes --no-headers | tee /dev/stderr | wc -l | grep -qx "$2"
}
pods_have() { # context pattern...
    local ctx=$1 listing
    shift
    listing=$(kc "$ctx" get pods -A --no-headers)
    printf '%s\n' "$listing"
    for p in "$@"; do grep -q -- "$p" <<<"$listing" || { echo "missing: $p"; return 1; }; done
}
hpas_failing() { # context: every HPA has ScalingActive=False or AbleToScale=False, as without metrics
    kc "$1" get hpa -A >&2
    kc "$1" get horizontalpodautoscalers.v2beta2.autoscaling -A -o json |
        jq -e '.items | length > 0 and all(.status.conditions | any(
            (.type == "ScalingActive" and .status == "False" and .reason == "FailedGetResourceMetric")
            or (.type == "AbleToScale" and .status == "False" and .reason == "FailedGetScale")))'
}
check "real-token: 4 nodes" nodes_ok real-token 4
check "real-cert: 4 nodes" nodes_ok real-cert 4
check "real-exec: 4 nodes" nodes_ok real-exec 4
check "real-token: pods incl. CrashLoopBackOff, ImagePullBackOff, ContainerCreating, Pending" \
    pods_have real-token CrashLoopBackOff ImagePullBackOff ContainerCreating Pending 'postgres-2 .*Running'
check "real-cert: pods incl. CrashLoopBackOff and the flannel DaemonSet" \
    pods_have real-cert CrashLoopBackOff 'kube-flannel-ds-' 'elasticsearch-2 .*Running'
check "real-exec: pods incl. ImagePullBackOff and kafka with bound PVCs" \
    pods_have real-exec ImagePullBackOff 'kafka-2 .*Running'
check "real-token: HPAs fail as without a metrics API (FailedGetResourceMetric)" hpas_failing real-token
check "real-cert: HPA (autoscaling/v1) fails as without a metrics API" hpas_failing real-cert
check "real-exec: HPAs incl. FailedGetScale" hpas_failing real-exec

runtimes() { # all three runtimes, kubelet skew, a NotReady node, a pressure condition
    local all
    all=$(for c in real-token real-cert real-exec; do kc "$c" get nodes -o json; done |
        jq -s '[.[].items[]]')
    jq -r '.[] | [.metadata.name, .status.nodeInfo.containerRuntimeVersion, .status.nodeInfo.kubeletVersion] | @tsv' <<<"$all"
    jq -e '[.[].status.nodeInfo.containerRuntimeVersion | split("://")[0]] | unique == ["containerd", "cri-o", "docker"]' <<<"$all" &&
        jq -e '[.[].status.nodeInfo.kubeletVersion] | unique | length >= 4' <<<"$all" &&
        jq -e '[.[] | select(any(.status.conditions[]; .type == "Ready" and .status == "False"))] | length == 1' <<<"$all" &&
        jq -e '[.[] | select(any(.status.conditions[]; (.type | endswith("Pressure")) and .status == "True"))] | length >= 1' <<<"$all" &&
        jq -e 'all(.[]; ((.spec.taints // []) | map(.key)) as $t
                        | any(.status.conditions[]; .type == "Ready" and .status == "True") == ($t | index("node.kubernetes.io/not-ready") == null))' <<<"$all"
}
check "nodes: containerd, cri-o and docker; kubelet skew; one NotReady; pressure; taints match" runtimes

calico() {
    kc real-token get ippools.crd.projectcalico.org &&
        kc real-token get ippools.crd.projectcalico.org default-ipv4-ippool -o jsonpath='{.spec.ipipMode}' | grep -qx Always &&
        kc real-token get bgppeers.crd.projectcalico.org --no-headers | wc -l | grep -qx 2 &&
        kc real-token get bgpconfigurations.crd.projectcalico.org default -o jsonpath='{.spec.asNumber}' | grep -qx 64512 &&
        kc real-token get ipamblocks.crd.projectcalico.org,blockaffinities.crd.projectcalico.org,caliconodestatuses.crd.projectcalico.org &&
        kc real-token get node token-worker-1 -o jsonpath='{.metadata.annotations.projectcalico\.org/IPv4Address}' | grep -qx 10.0.1.11/24 &&
        kc real-token get caliconodestatuses.crd.projectcalico.org token-worker-1 -o json |
            jq -e '[.status.bgp.peersV4[] | "\(.peerIP) \(.state)"] == ["10.0.1.10 Established", "10.0.1.1 Active"]'
}
check "real-token: Calico CRDs (all 8 registered on 1.20) with IPPools, BGP objects, node annotations, CalicoNodeStatus status" calico
flannel() {
    kc real-cert -n kube-flannel get configmap kube-flannel-cfg -o jsonpath='{.data.net-conf\.json}' | tee /dev/stderr |
        jq -e '.Network == "10.244.0.0/16" and .Backend.Type == "vxlan"' &&
        kc real-cert get node cert-node-1 -o jsonpath='{.metadata.annotations.flannel\.alpha\.coreos\.com/backend-type}' | grep -qx vxlan &&
        kc real-cert get node cert-node-1 -o json | jq -e 'any(.status.conditions[]; .reason == "FlannelIsUp")'
}
check "real-cert: flannel ConfigMap kube-flannel-cfg and node annotations" flannel
check "real-token: RuntimeClasses gvisor and kata" kc real-token get runtimeclasses.node.k8s.io gvisor kata
warnings() {
    local c n
    for c in real-token real-cert real-exec; do
        n=$(kc "$c" get events -A --field-selector type=Warning --no-headers | tee /dev/stderr | wc -l)
        [ "$n" -ge 3 ] || { echo "$c: only $n Warning events"; return 1; }
    done
}
check "Warning events in every cluster (kubelet-like, scheduler, HPA controller)" warnings

exec_plugin() { # context version suffix: kubectl ran that plugin, which saw that apiVersion
    local ctx=$1 version=$2 suffix=$3 before after
    before=$(cat "$dir/exec-plugin$suffix.count")
    kc_exactly "$ctx" get namespaces >/dev/null
    after=$(cat "$dir/exec-plugin$suffix.count")
    echo "exec plugin runs: $before -> $after"
    [ "$after" -gt "$before" ] &&
        grep -q "\"apiVersion\":\"client.authentication.k8s.io/$version\"" "$dir/exec-plugin$suffix.last-info"
}
exec_v1_refused() { # what generations.json says of a kubectl before 1.22
    if kc_exactly real-exec get namespaces >"$out.e" 2>&1; then cat "$out.e"; rm -f "$out.e"; return 1; fi
    cat "$out.e"
    grep -q 'invalid apiVersion "client.authentication.k8s.io/v1"' "$out.e"
    local rc=$?
    rm -f "$out.e"
    return "$rc"
}
check "real-v1beta1: 4 nodes" nodes_ok real-v1beta1 4
check "real-v1beta1: authenticates through the exec plugin (ExecCredential v1beta1)" \
    exec_plugin real-v1beta1 v1beta1 -v1beta1
if [ "$kubectl_exec_version" = v1 ]; then
    check "real-exec: authenticates through the exec plugin (ExecCredential v1)" exec_plugin real-exec v1 ""
else
    check "real-exec: kubectl 1.$kubectl_minor refuses the v1 plugin (invalid apiVersion), as generations.json says" \
        exec_v1_refused
fi
cert_only() { # the cert cluster accepts the client certificate, and nothing anonymous
    curl --silent --fail --cacert "$REALK8S_CERT_CA" --cert "$dir/cert/minato-cert.crt" \
        --key "$dir/cert/minato-cert.key" "$REALK8S_CERT_SERVER/api/v1/namespaces" >/dev/null &&
        [ "$(curl --silent --output /dev/null --write-out '%{http_code}' --cacert "$REALK8S_CERT_CA" \
            "$REALK8S_CERT_SERVER/api/v1/namespaces")" = 403 ] &&
        [ "$(curl --silent --output /dev/null --write-out '%{http_version}' --cacert "$REALK8S_CERT_CA" \
            --cert "$dir/cert/minato-cert.crt" --key "$dir/cert/minato-cert.key" \
            "$REALK8S_CERT_SERVER/version")" = 2 ]
}
check "real-cert: client certificate accepted, anonymous refused, HTTP/2" cert_only

forbidden() { # context args...: the request must fail with Forbidden
    if kc "$@" >"$out.f" 2>&1; then cat "$out.f"; rm -f "$out.f"; return 1; fi
    cat "$out.f"
    grep -q Forbidden "$out.f"
    local rc=$?
    rm -f "$out.f"
    return "$rc"
}
limited() {
    forbidden real-limited get pods -A &&
        forbidden real-limited get secrets -A &&
        forbidden real-limited get hpa -A &&
        forbidden real-limited get ippools.crd.projectcalico.org &&
        kc real-limited get pods -n default &&
        kc real-limited get deployments,statefulsets,daemonsets -A >/dev/null &&
        kc real-limited get nodes >/dev/null
}
check "real-limited: Forbidden on pods -A, secrets, HPAs, CRDs; allowed pods in default, workloads, nodes" limited

# ---------------------------------------------------------------- Minato itself
# The test executables named in MINATO_REALK8S_TESTS (colon-separated; ctest sets it) run
# against this fleet: the engine, `minato report`, `minato network` and the wire checks, each
# compared with kubectl (see tst_realfleet.cpp, tst_realreport.cpp, tst_realnetwork.cpp,
# tests/integration/tst_apiwirefidelity.cpp).
minato_test() { # executable: its QtTest output goes to logs/NAME.log
    env MINATO_REALK8S_DIR="$dir" QT_QPA_PLATFORM=offscreen "$1" >"$dir/logs/$(basename "$1").log" 2>&1
}
if [ -n "${MINATO_REALK8S_TESTS:-}" ]; then
    IFS=: read -r -a minato_tests <<<"$MINATO_REALK8S_TESTS"
    for exe in "${minato_tests[@]}"; do
        t0=$SECONDS
        if minato_test "$exe"; then
            passed=$((passed + 1))
            echo "ok - minato: $(basename "$exe") ($((SECONDS - t0)) s)"
        else
            failed=$((failed + 1))
            echo "not ok - minato: $(basename "$exe") ($((SECONDS - t0)) s)"
        fi
        grep -E '^(QINFO|FAIL|XFAIL|XPASS)|Loc: |^Totals' "$dir/logs/$(basename "$exe").log" | sed 's/^/    /' | cut -c1-240
    done
else
    echo "smoke: MINATO_REALK8S_TESTS unset, Minato's own tests not run (ctest -L realk8s runs them)"
fi

audit() { # the audit log records verb + userAgent; the Minato users only ever read
    local c log
    for c in token cert exec; do
        log=$(cluster_log "$c")
        [ -s "$log" ] || { echo "no audit log $log"; return 1; }
        jq -e -s --arg c "$c" '
            [.[] | select(.user.username | startswith("minato-"))] as $m
            | ($m | length > 0)
              and ($m | all(.verb == "get" or .verb == "list" or .verb == "watch"))
              and ($m | all(.userAgent | length > 0))' "$log"
    done
}
cluster_log() { local v="REALK8S_${1^^}_AUDIT_LOG"; printf '%s' "${!v}"; }
check "audit logs: Metadata level with verb and userAgent; minato-* users only get/list/watch" audit
minato_read_only() { # what Minato sent (user agent minato/…), as each apiserver logged it
    local c log
    for c in token cert exec; do
        log=$(cluster_log "$c")
        jq -s -r --arg c "$c" '[.[] | select(.userAgent | startswith("minato/"))] | group_by(.verb)
            | map("\($c): \(.[0].verb) \(length)") | .[]' "$log"
        jq -e -s '[.[] | select(.userAgent | startswith("minato/"))] as $m
            | ($m | length > 0) and ($m | all(.verb == "get" or .verb == "list" or .verb == "watch"))' "$log"
    done
}
if [ -n "${MINATO_REALK8S_TESTS:-}" ]; then
    check "audit logs: Minato (user agent minato/) sent only get, list and watch" minato_read_only
fi

compact_410() {
    local rv_token rv_exec code first c
    rv_token=$(kc real-token get --raw /api/v1/namespaces/default/configmaps | jq -r '.metadata.resourceVersion')
    rv_exec=$(kc real-exec get --raw /api/v1/namespaces/default/configmaps | jq -r '.metadata.resourceVersion')
    for c in token exec; do
        env -u KUBECONFIG HOME="$dir/home-smoke" kubectl --kubeconfig="$dir/admin.kubeconfig" --context="$c" \
            -n default create configmap smoke-compact --from-literal=k=v >/dev/null
    done
    "$fleet" compact "$dir" token
    code=$(curl --silent --output /dev/null --write-out '%{http_code}' --cacert "$REALK8S_TOKEN_CA" \
        -H "Authorization: Bearer $REALK8S_TOKEN_ADMIN_TOKEN" \
        "$REALK8S_TOKEN_SERVER/api/v1/namespaces/default/configmaps?resourceVersion=$rv_token&resourceVersionMatch=Exact")
    echo "token: list at compacted resourceVersion $rv_token: HTTP $code"
    # exec runs without the watch cache: the watch goes to etcd, which answers 410 in the stream.
    first=$(curl --silent --no-buffer --max-time 10 --cacert "$REALK8S_EXEC_CA" \
        -H "Authorization: Bearer $REALK8S_EXEC_ADMIN_TOKEN" \
        "$REALK8S_EXEC_SERVER/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=$rv_exec" | head -n1 || true)
    echo "exec: watch from compacted resourceVersion $rv_exec: $first"
    [ "$code" = 410 ] && jq -e '.type == "ERROR" and .object.code == 410' <<<"$first"
}
check "compact: list (token) and watch (exec) at a compacted resourceVersion answer 410 Gone" compact_410

scale_up() {
    local t0=$SECONDS n
    "$fleet" scale "$dir" exec 150
    n=$(kc real-exec get pods -A --field-selector=status.phase=Running --no-headers | wc -l)
    echo "running pods in exec: $n, scale took $((SECONDS - t0)) s"
    [ "$(kc real-exec get pods -A --no-headers | wc -l)" -eq 150 ] &&
        [ "$(kc real-exec -n bench get pods -o json | jq '[.items[] | select(.spec.nodeName != null and .status.phase == "Running")] | length')" -eq \
          "$(kc real-exec -n bench get deployment load -o jsonpath='{.spec.replicas}')" ]
}
check "scale: cluster exec grown to 150 pods, all bench pods bound and Running" scale_up

"$fleet" status "$dir"
pids_gone() {
    local name pid
    "$fleet" stop "$dir"
    while read -r name pid; do
        if [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null &&
            [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"$dir/"* ]]; then
            echo "$name ($pid) still running"
            return 1
        fi
    done <"$dir/pids.stopped"
}
check "stop: every process started is gone" pids_gone
