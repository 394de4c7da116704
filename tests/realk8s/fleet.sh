#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A real Kubernetes 1.20 fleet on loopback: one etcd, three kube-apiservers (each with its own
# controller-manager and scheduler), seeded like real team clusters. See README.md here.
#
#   fleet.sh start   DIR                  certificates, etcd, 3 clusters, kubeconfigs, RBAC
#   fleet.sh seed    DIR                  nodes, workloads, pod statuses, HPAs, CNI objects, events
#   fleet.sh status  DIR                  processes, memory, readiness, etcd revision
#   fleet.sh compact DIR [CLUSTER]        etcd compaction at the current revision (prints it)
#   fleet.sh scale   DIR CLUSTER PODS     grow CLUSTER to PODS pods (Deployment bench/load)
#   fleet.sh stop    DIR                  stop what start started, by the PIDs in DIR/pids
#
# CLUSTER is token, cert or exec (the contexts real-token, real-cert, real-exec and
# real-v1beta1, the same exec user through the older protocol; real-limited
# is a second user on cluster token). Everything listens on 127.0.0.1 only, on free ports.
# Environment: REALK8S_BIN (skip the build; a folder with the three binaries),
# REALK8S_NO_WATCH_CACHE (clusters whose apiserver runs with --watch-cache=false, default
# "exec": there a watch from a compacted resourceVersion is answered 410 by etcd itself).
# jq programs are single-quoted on purpose: their $names are jq variables.
# shellcheck disable=SC2016
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
readonly here
readonly CLUSTERS=(token cert exec)
readonly CALICO_CLUSTER=token FLANNEL_CLUSTER=cert LIMITED_CLUSTER=token

log() { printf 'fleet: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# ------------------------------------------------------------------------------ helpers

set_dir() { # DIR [create]
    [ -n "${1:-}" ] || usage
    case "$1" in *[!A-Za-z0-9_./+-]*) die "DIR may only contain [A-Za-z0-9_./+-]: $1" ;; esac
    if [ "${2:-}" = create ]; then mkdir -p "$1"; fi
    [ -d "$1" ] || die "no such folder: $1"
    dir=$(cd "$1" && pwd)
}

load_env() {
    [ -f "$dir/env" ] || die "$dir/env is missing: was 'fleet.sh start $dir' run?"
    # shellcheck disable=SC1091
    . "$dir/env"
}

cluster_var() { # cluster field -> value of REALK8S_<CLUSTER>_<FIELD>
    local name
    name="REALK8S_$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')_$2"
    printf '%s' "${!name}"
}

check_cluster() {
    local c=${1#real-}
    case " ${CLUSTERS[*]} " in *" $c "*) printf '%s' "$c" ;; *) die "unknown cluster '$1' (token, cert, exec)" ;; esac
}

# kubectl as the fleet admin, never touching the caller's kubeconfig or HOME.
kube() {
    local c=$1
    shift
    env -u KUBECONFIG HOME="$dir/home" kubectl --kubeconfig="$dir/admin.kubeconfig" --context="$c" "$@"
}

# curl as the fleet admin: api CLUSTER METHOD PATH [curl args...]; prints the body, fails on >= 400.
api() {
    local c=$1 method=$2 path=$3
    shift 3
    curl --silent --show-error --fail --cacert "$(cluster_var "$c" CA)" \
        -H "Authorization: Bearer $(cluster_var "$c" ADMIN_TOKEN)" -X "$method" "$@" \
        "$(cluster_var "$c" SERVER)$path"
}

# Many requests in one curl (HTTP/2, parallel). Input file: JSON array of
# {method, path, body, type}. 404 (the object went away meanwhile) and 409 (a create that an
# earlier seed already made) count as done.
bulk() {
    local c=$1 requests=$2 cfg out bad
    [ "$(jq 'length' "$requests")" -gt 0 ] || return 0
    cfg=$(mktemp "$dir/tmp/bulk.XXXXXX")
    out=$(mktemp "$dir/tmp/bulk.XXXXXX")
    jq -r --arg base "$(cluster_var "$c" SERVER)" --arg ca "$(cluster_var "$c" CA)" \
        --arg auth "Authorization: Bearer $(cluster_var "$c" ADMIN_TOKEN)" '
        map([ "url = \(($base + .path) | tojson)",
              "request = \(.method | tojson)",
              "header = \(("Content-Type: " + (.type // "application/json")) | tojson)",
              "header = \($auth | tojson)",
              "cacert = \($ca | tojson)",
              "data-binary = \(.body | tojson | tojson)",
              "output = \"/dev/null\"",
              "write-out = \"%{http_code} %{url_effective}\\n\"" ] | join("\n"))
        | join("\nnext\n")' "$requests" >"$cfg"
    curl --no-progress-meter --show-error --http2 --parallel --parallel-max 16 -K "$cfg" >"$out" || true
    rm -f "$cfg"
    bad=$(grep -v -E '^(2[0-9][0-9]|404|409) ' "$out" || true)
    rm -f "$out"
    if [ -n "$bad" ]; then
        log "cluster $c: failed requests:"
        printf '%s\n' "$bad" | head -n 5 >&2
        return 1
    fi
}

# Run the jq library on stdin or files.
rjq() { jq -L "$here/lib" "$@"; }

alive() { # pid -> running (not a zombie) and started by this fleet (its command line names DIR)
    local state
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    case "$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" in *"$dir/"*) return 0 ;; esac
    return 1
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# A free TCP port on 127.0.0.1 in 20000-31999 (below the ephemeral range); sets $port.
taken=" "
free_port() {
    local p i
    for i in $(seq 1 500); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
        case "$taken" in *" $p "*) continue ;; esac
        if [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]; then
            taken+="$p "
            port=$p
            return 0
        fi
        : "$i"
    done
    die "no free port found"
}

launch() { # name command... ; records "name pid" in DIR/pids
    local name=$1
    shift
    "$@" </dev/null >"$dir/logs/$name.log" 2>&1 &
    printf '%s %s\n' "$name" "$!" >>"$dir/pids"
}

wait_for() { # description seconds pid-name command... ; bounded polling with a deadline
    local what=$1 secs=$2 name=$3 deadline pid
    shift 3
    deadline=$((SECONDS + secs))
    pid=$(awk -v n="$name" '$1 == n {print $2}' "$dir/pids" 2>/dev/null | tail -n1)
    until "$@" >/dev/null 2>&1; do
        if [ -n "$pid" ] && ! alive "$pid"; then
            tail -n 20 "$dir/logs/$name.log" >&2 || true
            die "$name exited while waiting for $what"
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${secs}s waiting for $what"
        sleep 0.2
    done
}

http_code_is() { # code url curl-args...
    local want=$1 url=$2
    shift 2
    [ "$(curl --silent --output /dev/null --write-out '%{http_code}' "$@" "$url")" = "$want" ]
}

# ------------------------------------------------------------------------------ start

pki_ca() { # dir common-name
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=$2" \
        -keyout "$1/ca.key" -out "$1/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" 2>>"$dir/logs/openssl.log"
}

pki_cert() { # dir name subject extensions
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "$3" \
        -keyout "$1/$2.key" -out "$1/$2.csr" 2>>"$dir/logs/openssl.log"
    printf '%s\n' "$4" >"$1/$2.ext"
    openssl x509 -req -sha256 -days 825 -in "$1/$2.csr" -CA "$1/ca.crt" -CAkey "$1/ca.key" \
        -CAcreateserial -extfile "$1/$2.ext" -out "$1/$2.crt" 2>>"$dir/logs/openssl.log"
    rm -f "$1/$2.csr" "$1/$2.ext"
}

b64() { base64 -w0 <"$1"; }

write_component_kubeconfig() { # file server ca token user
    cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $2
    certificate-authority: $3
users:
- name: $5
  user:
    token: $4
contexts:
- name: local
  context: {cluster: local, user: $5}
current-context: local
EOF
}

write_exec_plugin() {
    cat >"$dir/exec-plugin.sh" <<EOF
#!/usr/bin/env bash
# client-go exec credential plugin of the contexts real-exec (v1) and real-v1beta1
# (written by fleet.sh start). exec-plugin.sh [v1|v1beta1] prints a
# client.authentication.k8s.io/<version> ExecCredential with the token in
# $dir/exec-plugin.token, valid for the seconds in $dir/exec-plugin.ttl (default 300).
# Counts its runs in $dir/exec-plugin<suffix>.count and keeps the last KUBERNETES_EXEC_INFO in
# $dir/exec-plugin<suffix>.last-info (suffix "" for v1, "-v1beta1"), so tests can tell
# which client ran which plugin version.
set -euo pipefail
d=$dir
version=\${1:-v1}
case "\$version" in
    v1) suffix= ;;
    v1beta1) suffix=-v1beta1 ;;
    *) echo "exec-plugin.sh: unknown ExecCredential version \$version" >&2; exit 1 ;;
esac
(
    flock 9
    n=\$(cat "\$d/exec-plugin\$suffix.count" 2>/dev/null || echo 0)
    echo \$((n + 1)) >"\$d/exec-plugin\$suffix.count"
) 9>"\$d/exec-plugin.lock"
printf '%s\n' "\${KUBERNETES_EXEC_INFO:-}" >"\$d/exec-plugin\$suffix.last-info"
ttl=\$(cat "\$d/exec-plugin.ttl" 2>/dev/null || echo 300)
token=\$(cat "\$d/exec-plugin.token")
expires=\$(date -u -d "+\${ttl} seconds" +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/%s","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "\$version" "\$token" "\$expires"
EOF
    chmod 755 "$dir/exec-plugin.sh"
}

write_kubeconfigs() {
    local c
    {
        printf 'apiVersion: v1\nkind: Config\npreferences: {}\ncurrent-context: real-token\nclusters:\n'
        for c in "${CLUSTERS[@]}"; do
            printf -- '- name: real-%s\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n' \
                "$c" "$(cluster_var "$c" SERVER)" "$(b64 "$dir/$c/ca.crt")"
        done
        printf 'users:\n'
        printf -- '- name: real-token\n  user:\n    token: %s\n' "$(cat "$dir/token/minato-token.token")"
        printf -- '- name: real-cert\n  user:\n    client-certificate-data: %s\n    client-key-data: %s\n' \
            "$(b64 "$dir/cert/minato-cert.crt")" "$(b64 "$dir/cert/minato-cert.key")"
        printf -- '- name: real-exec\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n'
        printf '      command: %s\n      args: [v1]\n      env: null\n' "$dir/exec-plugin.sh"
        printf '      interactiveMode: Never\n      provideClusterInfo: false\n'
        # The same identity through the older protocol: what kubectl before 1.22 speaks, and
        # what many plugins in the field still print. No interactiveMode: v1beta1 defaults it.
        printf -- '- name: real-v1beta1\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n'
        printf '      command: %s\n      args: [v1beta1]\n      env: null\n' "$dir/exec-plugin.sh"
        printf -- '- name: real-limited\n  user:\n    token: %s\n' "$(cat "$dir/token/minato-limited.token")"
        printf 'contexts:\n'
        for c in token cert exec; do
            printf -- '- name: real-%s\n  context:\n    cluster: real-%s\n    user: real-%s\n' "$c" "$c" "$c"
        done
        printf -- '- name: real-v1beta1\n  context:\n    cluster: real-exec\n    user: real-v1beta1\n'
        printf -- '- name: real-limited\n  context:\n    cluster: real-%s\n    user: real-limited\n    namespace: default\n' \
            "$LIMITED_CLUSTER"
    } >"$dir/kubeconfig"
    {
        printf 'apiVersion: v1\nkind: Config\npreferences: {}\ncurrent-context: token\nclusters:\n'
        for c in "${CLUSTERS[@]}"; do
            printf -- '- name: %s\n  cluster:\n    server: %s\n    certificate-authority: %s\n' \
                "$c" "$(cluster_var "$c" SERVER)" "$dir/$c/ca.crt"
        done
        printf 'users:\n'
        for c in "${CLUSTERS[@]}"; do
            printf -- '- name: admin-%s\n  user:\n    token: %s\n' "$c" "$(cluster_var "$c" ADMIN_TOKEN)"
        done
        printf 'contexts:\n'
        for c in "${CLUSTERS[@]}"; do
            printf -- '- name: %s\n  context:\n    cluster: %s\n    user: admin-%s\n' "$c" "$c" "$c"
        done
    } >"$dir/admin.kubeconfig"
    chmod 600 "$dir/kubeconfig" "$dir/admin.kubeconfig"
}

start_failed() {
    log "start failed; stopping what was started (logs stay in $dir/logs)"
    cmd_stop || true
}

cmd_start() {
    local bin c cd token etcd_port etcd_peer_port watch_cache no_watch_cache=${REALK8S_NO_WATCH_CACHE-exec}
    if [ -e "$dir/pids" ]; then
        die "$dir/pids exists: a fleet may be running there (fleet.sh stop $dir first)"
    fi
    if [ -n "$(ls -A "$dir")" ] && [ ! -e "$dir/.realk8s-fleet" ]; then
        die "$dir is not empty and not a fleet folder"
    fi
    local t0=$SECONDS
    if [ -n "${REALK8S_BIN:-}" ]; then
        bin=$REALK8S_BIN
    else
        bin=$("$here/build-control-plane.sh" | tail -n1)
    fi
    for c in kube-apiserver kube-controller-manager kube-scheduler; do
        [ -x "$bin/$c" ] || die "no $c in $bin"
    done
    for c in etcd etcdctl openssl curl jq ss flock kubectl; do
        command -v "$c" >/dev/null || die "$c is missing (tests/realk8s/build-control-plane.sh --deps installs it)"
    done

    # A fresh folder (everything in it was made by an earlier start).
    find "$dir" -mindepth 1 -delete
    touch "$dir/.realk8s-fleet"
    mkdir -p "$dir/logs" "$dir/home" "$dir/tmp" "$dir/etcd"
    chmod 700 "$dir/etcd"
    trap start_failed EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    free_port
    etcd_port=$port
    free_port
    etcd_peer_port=$port
    {
        printf 'REALK8S_DIR=%s\nREALK8S_BIN=%s\n' "$dir" "$bin"
        printf 'REALK8S_ETCD_ENDPOINT=http://127.0.0.1:%s\n' "$etcd_port"
        printf 'REALK8S_KUBECONFIG=%s\nREALK8S_ADMIN_KUBECONFIG=%s\n' "$dir/kubeconfig" "$dir/admin.kubeconfig"
        printf 'REALK8S_CONTEXTS="real-token real-cert real-exec real-v1beta1 real-limited"\n'
        printf 'REALK8S_CLUSTERS="%s"\n' "${CLUSTERS[*]}"
        printf 'REALK8S_CALICO_CLUSTER=%s\nREALK8S_FLANNEL_CLUSTER=%s\nREALK8S_LIMITED_CLUSTER=%s\n' \
            "$CALICO_CLUSTER" "$FLANNEL_CLUSTER" "$LIMITED_CLUSTER"
        printf 'REALK8S_EXEC_PLUGIN=%s\nREALK8S_EXEC_PLUGIN_COUNT=%s\nREALK8S_EXEC_PLUGIN_V1BETA1_COUNT=%s\n' \
            "$dir/exec-plugin.sh" "$dir/exec-plugin.count" "$dir/exec-plugin-v1beta1.count"
    } >"$dir/env"

    # Audit: every request's verb, user, userAgent and object at Metadata level, one JSON a line.
    cat >"$dir/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
EOF

    log "certificates and tokens"
    for c in "${CLUSTERS[@]}"; do
        cd=$dir/$c
        mkdir -p "$cd"
        pki_ca "$cd" "realk8s-$c-ca"
        pki_cert "$cd" apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
            'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
            'extendedKeyUsage=serverAuth' \
            'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local')"
        openssl genrsa -out "$cd/sa.key" 2048 2>>"$dir/logs/openssl.log"
        openssl rsa -in "$cd/sa.key" -pubout -out "$cd/sa.pub" 2>>"$dir/logs/openssl.log"
        for token in admin controller-manager scheduler; do
            openssl rand -hex 24 >"$cd/$token.token"
        done
        {
            printf '%s,realk8s-admin,realk8s-admin,"system:masters"\n' "$(cat "$cd/admin.token")"
            # --use-service-account-credentials=false: the controllers act as this user.
            printf '%s,system:kube-controller-manager,system:kube-controller-manager,"system:masters"\n' \
                "$(cat "$cd/controller-manager.token")"
            printf '%s,system:kube-scheduler,system:kube-scheduler\n' "$(cat "$cd/scheduler.token")"
        } >"$cd/tokens.csv"
        watch_cache=true
        case " $no_watch_cache " in *" $c "*) watch_cache=false ;; esac
        free_port
        {
            printf 'REALK8S_%s_PORT=%s\n' "${c^^}" "$port"
            printf 'REALK8S_%s_WATCH_CACHE=%s\n' "${c^^}" "$watch_cache"
            printf 'REALK8S_%s_SERVER=https://127.0.0.1:%s\n' "${c^^}" "$port"
            printf 'REALK8S_%s_CA=%s\n' "${c^^}" "$cd/ca.crt"
            printf 'REALK8S_%s_ADMIN_TOKEN=%s\n' "${c^^}" "$(cat "$cd/admin.token")"
            printf 'REALK8S_%s_AUDIT_LOG=%s\n' "${c^^}" "$cd/audit.log"
            printf 'REALK8S_%s_ETCD_PREFIX=/cluster-%s\n' "${c^^}" "$c"
        } >>"$dir/env"
    done
    # The users Minato connects as (see rbac.yaml).
    openssl rand -hex 24 >"$dir/token/minato-token.token"
    openssl rand -hex 24 >"$dir/token/minato-limited.token"
    openssl rand -hex 24 >"$dir/exec/minato-exec.token"
    printf '%s,minato-token,minato-token,"minato:readers"\n' "$(cat "$dir/token/minato-token.token")" >>"$dir/token/tokens.csv"
    printf '%s,minato-limited,minato-limited,"minato:limited"\n' "$(cat "$dir/token/minato-limited.token")" >>"$dir/token/tokens.csv"
    printf '%s,minato-exec,minato-exec,"minato:readers"\n' "$(cat "$dir/exec/minato-exec.token")" >>"$dir/exec/tokens.csv"
    pki_cert "$dir/cert" minato-cert "/O=minato:readers/CN=minato-cert" "$(printf '%s\n' \
        'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
        'extendedKeyUsage=clientAuth')"
    cp "$dir/exec/minato-exec.token" "$dir/exec-plugin.token"
    echo 0 >"$dir/exec-plugin.count"
    echo 0 >"$dir/exec-plugin-v1beta1.count"
    chmod 600 "$dir"/*/*.key "$dir"/*/*.token "$dir"/*/tokens.csv "$dir/exec-plugin.token" "$dir/env"
    {
        printf 'REALK8S_USER_TOKEN=minato-token\nREALK8S_USER_CERT=minato-cert\n'
        printf 'REALK8S_USER_EXEC=minato-exec\nREALK8S_USER_LIMITED=minato-limited\n'
    } >>"$dir/env"
    load_env
    write_exec_plugin
    write_kubeconfigs

    log "etcd on 127.0.0.1:$etcd_port"
    launch etcd etcd --name=realk8s --data-dir="$dir/etcd" \
        --listen-client-urls="http://127.0.0.1:$etcd_port" \
        --advertise-client-urls="http://127.0.0.1:$etcd_port" \
        --listen-peer-urls="http://127.0.0.1:$etcd_peer_port" \
        --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster="realk8s=http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster-state=new --logger=zap --log-outputs=stderr
    wait_for etcd 30 etcd http_code_is 200 "http://127.0.0.1:$etcd_port/health"

    for c in "${CLUSTERS[@]}"; do
        cd=$dir/$c
        local extra=()
        [ "$c" = cert ] && extra+=(--client-ca-file="$cd/ca.crt")
        log "kube-apiserver $c on 127.0.0.1:$(cluster_var "$c" PORT)"
        launch "apiserver-$c" "$bin/kube-apiserver" \
            --etcd-servers="http://127.0.0.1:$etcd_port" --etcd-prefix="/cluster-$c" \
            --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
            --secure-port="$(cluster_var "$c" PORT)" --insecure-port=0 \
            --cert-dir="$cd/serving" --tls-cert-file="$cd/apiserver.crt" --tls-private-key-file="$cd/apiserver.key" \
            --token-auth-file="$cd/tokens.csv" --authorization-mode=RBAC "${extra[@]}" \
            --service-account-issuer=https://kubernetes.default.svc.cluster.local \
            --service-account-key-file="$cd/sa.pub" --service-account-signing-key-file="$cd/sa.key" \
            --service-cluster-ip-range=10.96.0.0/24 --allow-privileged=true --profiling=false \
            --audit-policy-file="$dir/audit-policy.yaml" --audit-log-path="$cd/audit.log" \
            --watch-cache="$(cluster_var "$c" WATCH_CACHE)" --event-ttl=24h
    done
    for c in "${CLUSTERS[@]}"; do
        wait_for "apiserver $c (GET /api/v1/namespaces/default = 200)" 90 "apiserver-$c" \
            http_code_is 200 "$(cluster_var "$c" SERVER)/api/v1/namespaces/default" \
            --cacert "$(cluster_var "$c" CA)" -H "Authorization: Bearer $(cluster_var "$c" ADMIN_TOKEN)"
        kube "$c" apply -f "$here/rbac.yaml" >/dev/null
    done

    for c in "${CLUSTERS[@]}"; do
        cd=$dir/$c
        write_component_kubeconfig "$cd/controller-manager.kubeconfig" "$(cluster_var "$c" SERVER)" \
            "$cd/ca.crt" "$(cat "$cd/controller-manager.token")" system:kube-controller-manager
        write_component_kubeconfig "$cd/scheduler.kubeconfig" "$(cluster_var "$c" SERVER)" \
            "$cd/ca.crt" "$(cat "$cd/scheduler.token")" system:kube-scheduler
        launch "controller-manager-$c" "$bin/kube-controller-manager" \
            --kubeconfig="$cd/controller-manager.kubeconfig" --leader-elect=false --port=0 --secure-port=0 \
            --service-account-private-key-file="$cd/sa.key" --root-ca-file="$cd/ca.crt" \
            --use-service-account-credentials=false \
            --controllers='*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-route,-service' \
            --cluster-signing-cert-file="$cd/ca.crt" --cluster-signing-key-file="$cd/ca.key" \
            --cluster-name="realk8s-$c" --kube-api-qps=100 --kube-api-burst=200
        launch "scheduler-$c" "$bin/kube-scheduler" \
            --kubeconfig="$cd/scheduler.kubeconfig" --leader-elect=false --port=0 --secure-port=0 \
            --kube-api-qps=100 --kube-api-burst=200
    done
    # The controller-manager is working once the default ServiceAccount has its token.
    for c in "${CLUSTERS[@]}"; do
        wait_for "controller-manager $c (default ServiceAccount token)" 60 "controller-manager-$c" \
            sa_has_token "$c"
    done
    trap - EXIT INT TERM
    log "started in $((SECONDS - t0)) s; kubeconfig $dir/kubeconfig, env $dir/env"
}

sa_has_token() {
    api "$1" GET /api/v1/namespaces/default/serviceaccounts/default | jq -e '(.secrets // []) | length > 0'
}

# ------------------------------------------------------------------------------ stop

cmd_stop() {
    local stage name pid left deadline
    if [ ! -f "$dir/pids" ]; then
        log "nothing to stop in $dir"
        return 0
    fi
    # Controllers first, then the apiservers, then etcd; each by the PID start recorded.
    for stage in 'controller-manager-|scheduler-' 'apiserver-' 'etcd'; do
        while read -r name pid; do
            if printf '%s' "$name" | grep -qE "^($stage)" && alive "$pid"; then
                kill -TERM "$pid" 2>/dev/null || true
            fi
        done <"$dir/pids"
        deadline=$((SECONDS + 20))
        while :; do
            left=0
            while read -r name pid; do
                if printf '%s' "$name" | grep -qE "^($stage)" && alive "$pid"; then left=$((left + 1)); fi
            done <"$dir/pids"
            [ "$left" -gt 0 ] || break
            if [ "$SECONDS" -ge "$deadline" ]; then
                while read -r name pid; do
                    if printf '%s' "$name" | grep -qE "^($stage)" && alive "$pid"; then
                        log "$name ($pid) ignored SIGTERM; SIGKILL"
                        kill -KILL "$pid" 2>/dev/null || true
                    fi
                done <"$dir/pids"
                sleep 0.5
                break
            fi
            sleep 0.2
        done
    done
    mv "$dir/pids" "$dir/pids.stopped"
    log "stopped"
}

# ------------------------------------------------------------------------------ status

cmd_status() {
    local name pid kib total=0 c code
    load_env
    [ -f "$dir/pids" ] || { echo "not running (no $dir/pids)"; return 1; }
    printf '%-28s %8s %10s\n' PROCESS PID RSS_MiB
    while read -r name pid; do
        if alive "$pid"; then
            kib=$(rss_kib "$pid")
            total=$((total + kib))
            printf '%-28s %8s %10s\n' "$name" "$pid" "$((kib / 1024))"
        else
            printf '%-28s %8s %10s\n' "$name" "$pid" "DEAD"
        fi
    done <"$dir/pids"
    printf '%-28s %8s %10s\n' total "" "$((total / 1024))"
    for c in "${CLUSTERS[@]}"; do
        code=$(curl --silent --output /dev/null --write-out '%{http_code}' --cacert "$(cluster_var "$c" CA)" \
            -H "Authorization: Bearer $(cluster_var "$c" ADMIN_TOKEN)" "$(cluster_var "$c" SERVER)/readyz" || true)
        printf 'cluster %-6s %s  /readyz %s\n' "$c" "$(cluster_var "$c" SERVER)" "$code"
    done
    ETCDCTL_API=3 etcdctl --endpoints="$REALK8S_ETCD_ENDPOINT" endpoint status -w json 2>/dev/null |
        jq -r --arg e "$REALK8S_ETCD_ENDPOINT" '.[0].Status | "etcd \($e) revision \(.header.revision) db \(.dbSize / 1048576 | floor) MiB"' ||
        echo "etcd: no answer"
}

# ------------------------------------------------------------------------------ compact

cmd_compact() {
    local rev
    load_env
    [ -z "${1:-}" ] || check_cluster "$1" >/dev/null
    # One etcd serves all clusters: its revision, and so the compaction, is fleet-wide.
    # Afterwards older resourceVersions answer 410 Gone wherever etcd answers: a list at an
    # exact resourceVersion, a continue token, and watches on clusters without the watch
    # cache (REALK8S_NO_WATCH_CACHE, default exec). With the watch cache (token, cert), a
    # watch is served from the cache's own window, as on a real apiserver.
    rev=$(ETCDCTL_API=3 etcdctl --endpoints="$REALK8S_ETCD_ENDPOINT" endpoint status -w json |
        jq -e '.[0].Status.header.revision')
    ETCDCTL_API=3 etcdctl --endpoints="$REALK8S_ETCD_ENDPOINT" compact "$rev" --physical >&2
    printf '%s\n' "$rev"
}

# ------------------------------------------------------------------------------ seed

cluster_cni() {
    case "$1" in
        "$CALICO_CLUSTER") echo calico ;;
        "$FLANNEL_CLUSTER") echo flannel ;;
        *) echo none ;;
    esac
}

node_rows() { # cluster -> nodes.txt rows as JSON objects, one per line
    local c=$1 cni
    cni=$(cluster_cni "$c")
    grep -v -E '^[[:space:]]*(#|$)' "$here/seed/nodes.txt" |
        jq -R -c --arg c "$c" --arg cni "$cni" '
            split("|") | select(.[0] == $c)
            | {cluster: .[0], name: .[1], role: .[2], runtime: .[3], kubelet: .[4], os: .[5], kernel: .[6],
               arch: .[7], ready: .[8], pressure: .[9], zone: .[10], ip: .[11], cidr: .[12],
               labels: (.[13] // ""), cni: $cni}'
}

seed_nodes() { # cluster rows-file ; create Nodes, then write their status as a kubelet would
    local c=$1 rows=$2 row name status subresource=1
    # kubectl learned --subresource in 1.24; an older one (Debian's 1.20) goes through curl.
    case "$(env -u KUBECONFIG HOME="$dir/home" kubectl patch --help 2>/dev/null || true)" in
        *--subresource*) ;;
        *) subresource=0 ;;
    esac
    rjq -s 'include "realk8s"; {apiVersion: "v1", kind: "List", items: map(node_object)}' "$rows" |
        kube "$c" apply -f - >/dev/null
    while read -r row; do
        name=$(jq -r '.name' <<<"$row")
        status=$(rjq -c 'include "realk8s"; node_status(now)' <<<"$row")
        if [ "$subresource" -eq 1 ]; then
            kube "$c" patch node "$name" --subresource=status --type=merge -p "$status" >/dev/null
        else
            api "$c" PATCH "/api/v1/nodes/$name/status" -H 'Content-Type: application/merge-patch+json' \
                --data-binary "$status" >/dev/null
        fi
        # Admission put node.kubernetes.io/not-ready on every new Node; keep only the real taints.
        kube "$c" patch node "$name" --type=merge \
            -p "$(rjq -c 'include "realk8s"; {spec: {taints: (node_taints | if . == [] then null else . end)}}' <<<"$row")" >/dev/null
    done <"$rows"
}

# One pass of the fake kubelet: status (and events) for every bound pod that has none yet.
# Prints "done" when every workload has all its pods and every pod is bound and given a
# status, or is meant to stay Pending (state Unschedulable) and the scheduler said so.
kubelet_pass() {
    local c=$1 with_events=$2 ns_path=${3:-} work
    work=$(mktemp -d "$dir/tmp/pass.XXXXXX")
    api "$c" GET "/apis/apps/v1${ns_path}/deployments" >"$work/deploy.json"
    api "$c" GET "/apis/apps/v1${ns_path}/statefulsets" >"$work/sts.json"
    api "$c" GET "/apis/apps/v1${ns_path}/daemonsets" >"$work/ds.json"
    api "$c" GET "/api/v1${ns_path}/pods" >"$work/pods.json"
    api "$c" GET /api/v1/nodes >"$work/nodes.json"
    rjq -n --slurpfile p "$work/pods.json" --slurpfile n "$work/nodes.json" --argjson ev "$with_events" \
        'include "realk8s"; {pods: $p[0].items, nodes: $n[0].items} | pod_patches(now; $ev)' >"$work/patches.json"
    jq '[.[] | {method: "PATCH", path: "/api/v1/namespaces/\(.namespace)/pods/\(.name)/status",
                type: "application/merge-patch+json", body: .patch}]' "$work/patches.json" >"$work/req.json"
    bulk "$c" "$work/req.json"
    rjq 'include "realk8s"; [.[] | .events | to_entries[] | .key as $i | .value | event_object($i)
         | {method: "POST", path: "/api/v1/namespaces/\(.metadata.namespace)/events", body: .}]' \
        "$work/patches.json" >"$work/events.json"
    bulk "$c" "$work/events.json"
    jq -n --slurpfile d "$work/deploy.json" --slurpfile s "$work/sts.json" --slurpfile ds "$work/ds.json" \
        --slurpfile p "$work/pods.json" --slurpfile patched "$work/patches.json" '
        ($d[0].items | all(.status.observedGeneration == .metadata.generation
                           and (.status.replicas // 0) == .spec.replicas))
        and ($s[0].items | all((.status.observedGeneration // 0) >= .metadata.generation
                               and (.status.replicas // 0) == .spec.replicas))
        and ($ds[0].items | all(.status.observedGeneration == .metadata.generation
                                and .status.desiredNumberScheduled > 0
                                and .status.currentNumberScheduled == .status.desiredNumberScheduled))
        and ($p[0].items | all(.metadata.deletionTimestamp != null
                               or (.spec.nodeName != null and .status.containerStatuses != null)
                               or (.metadata.annotations["realk8s.minato.dev/state"] == "Unschedulable"
                                   and any(.status.conditions[]?; .type == "PodScheduled" and .status == "False"))))
        and ($patched[0] | length == 0)
        | if . then "done" else "more" end' -r
    rm -rf "$work"
}

settle() { # cluster seconds with-events [namespace-path]
    local c=$1 secs=$2 with_events=$3 ns_path=${4:-} deadline
    deadline=$((SECONDS + secs))
    while [ "$(kubelet_pass "$c" "$with_events" "$ns_path")" != "done" ]; do
        [ "$SECONDS" -lt "$deadline" ] || die "cluster $c: workloads did not settle in ${secs}s"
        sleep 1
    done
}

hpas_reported() { # every HPA has conditions from the real HPA controller
    api "$1" GET /apis/autoscaling/v2beta2/horizontalpodautoscalers |
        jq -e '.items | all((.status.conditions // []) | length > 0)'
}

seed_cluster() {
    local c=$1 t0=$SECONDS rows
    rows=$(mktemp "$dir/tmp/nodes.XXXXXX")
    node_rows "$c" >"$rows"
    seed_nodes "$c" "$rows"
    if [ "$c" = "$CALICO_CLUSTER" ]; then
        kube "$c" apply -f "$here/calico-crds" >/dev/null
        local crds=() f
        for f in "$here"/calico-crds/crd.projectcalico.org_*.yaml; do
            f=${f##*_}
            crds+=("crd/${f%.yaml}.crd.projectcalico.org")
        done
        kube "$c" wait --for condition=established --timeout=60s "${crds[@]}" >/dev/null
        # --validate=false: kubectl 1.32 cannot validate IPAMBlock allocations (nullable items).
        kube "$c" apply --validate=false -f "$here/seed/calico.yaml" >/dev/null
        # CalicoNodeStatus has a status subresource, so the apiserver dropped the .status of
        # what was applied; calico-node writes it through .../status, and so does seed (curl:
        # kubectl before 1.24 has no --subresource). kubectl only converts the YAML here.
        kube "$c" create --dry-run=client --validate=false -o json -f "$here/seed/calico.yaml" |
            jq -s '[.[] | if .kind == "List" then .items[] else . end
                    | select(.kind == "CalicoNodeStatus" and .status != null)
                    | {method: "PATCH", type: "application/merge-patch+json", body: {status: .status},
                       path: "/apis/crd.projectcalico.org/v1/caliconodestatuses/\(.metadata.name)/status"}]' >"$rows.status"
        bulk "$c" "$rows.status"
        rm -f "$rows.status"
    fi
    local manifests=(-f "$here/seed/common.yaml" -f "$here/seed/$c.yaml")
    [ "$c" = "$FLANNEL_CLUSTER" ] && manifests+=(-f "$here/seed/kube-flannel.yml")
    kube "$c" apply "${manifests[@]}" >/dev/null
    settle "$c" 180 true
    rjq -s 'include "realk8s"; [.[] | node_events(now) | to_entries[] | .key as $i | .value | event_object($i)
            | {method: "POST", path: "/api/v1/namespaces/default/events", body: .}]' "$rows" >"$rows.events"
    bulk "$c" "$rows.events"
    rm -f "$rows" "$rows.events"
    wait_for "HPA conditions in cluster $c" 60 "controller-manager-$c" hpas_reported "$c"
    log "cluster $c seeded in $((SECONDS - t0)) s"
}

cmd_seed() {
    local c pids=() failed=0 i=0 t0=$SECONDS
    load_env
    [ -f "$dir/pids" ] || die "the fleet in $dir is not running"
    for c in "${CLUSTERS[@]}"; do
        seed_cluster "$c" >"$dir/logs/seed-$c.log" 2>&1 &
        pids+=("$!")
    done
    for c in "${CLUSTERS[@]}"; do
        if ! wait "${pids[$i]}"; then
            failed=1
            log "seeding cluster $c failed:"
            tail -n 20 "$dir/logs/seed-$c.log" >&2
        fi
        i=$((i + 1))
    done
    [ "$failed" -eq 0 ] || die "seed failed"
    log "seeded in $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------------------ scale

count_pods_outside_bench() {
    api "$1" GET /api/v1/pods | jq '[.items[] | select(.metadata.namespace != "bench")] | length'
}

daemonsets_cover_nodes() { # every DaemonSet has a current pod on every node
    local n
    n=$(api "$1" GET /api/v1/nodes | jq '.items | length')
    api "$1" GET /apis/apps/v1/daemonsets | jq -e --argjson n "$n" \
        '.items | all(.status.desiredNumberScheduled == $n and .status.currentNumberScheduled == $n)'
}

cmd_scale() {
    local c want others replicas nodes_needed have i rows t0=$SECONDS
    load_env
    c=$(check_cluster "${1:-}")
    want=${2:-}
    case "$want" in '' | *[!0-9]*) die "PODS must be a number" ;; esac
    kube "$c" apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: bench
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: load
  namespace: bench
  labels: {app: load}
spec:
  replicas: 0
  selector:
    matchLabels: {app: load}
  template:
    metadata:
      labels: {app: load, team: bench}
    spec:
      automountServiceAccountToken: false
      containers:
      - name: load
        image: registry.example.com/bench/load:1.0.0
EOF
    others=$(count_pods_outside_bench "$c")
    replicas=$((want > others ? want - others : 0))
    # Kubelets' usual 110 pods a node, 10 of them left for DaemonSet pods.
    nodes_needed=$(((replicas + 99) / 100))
    have=$(api "$c" GET "/api/v1/nodes?labelSelector=realk8s.minato.dev%2Fbench%3Dtrue" | jq '.items | length')
    if [ "$nodes_needed" -gt "$have" ]; then
        rows=$(mktemp "$dir/tmp/bench-nodes.XXXXXX")
        for ((i = have + 1; i <= nodes_needed; i++)); do
            jq -n -c --arg c "$c" --arg i "$i" --arg cni "$(cluster_cni "$c")" '{cluster: $c,
                name: "bench-\($c)-\($i)", role: "worker",
                runtime: "containerd://1.4.3", kubelet: "v1.20.2", os: "Ubuntu 20.04.2 LTS",
                kernel: "5.4.0-66-generic", arch: "amd64", ready: "True", pressure: "-", zone: "bench",
                ip: "10.200.\($i | tonumber / 250 | floor).\($i | tonumber % 250 + 1)",
                cidr: "10.\($i | tonumber / 250 | floor + 100).\($i | tonumber % 250).0/24",
                labels: "realk8s.minato.dev/bench=true", cni: $cni, pods: "110"}'
        done >"$rows"
        rjq -s 'include "realk8s"; {apiVersion: "v1", kind: "List", items: map(node_object)}' "$rows" |
            kube "$c" apply -f - >/dev/null
        rjq -s 'include "realk8s"; map(
                {method: "PATCH", path: "/api/v1/nodes/\(.name)/status", type: "application/merge-patch+json",
                 body: node_status(now)},
                {method: "PATCH", path: "/api/v1/nodes/\(.name)", type: "application/merge-patch+json",
                 body: {spec: {taints: null}}})' "$rows" >"$rows.req"
        bulk "$c" "$rows.req"
        rm -f "$rows" "$rows.req"
        # The DaemonSets (every seeded one runs on every node) get their pods onto the new
        # nodes first; then the bench Deployment fills up to PODS.
        wait_for "DaemonSet pods on the new nodes of cluster $c" 120 "controller-manager-$c" \
            daemonsets_cover_nodes "$c"
        settle "$c" 120 false
        others=$(count_pods_outside_bench "$c")
        replicas=$((want > others ? want - others : 0))
    fi
    log "cluster $c: $others pods outside bench; scaling bench/load to $replicas"
    kube "$c" -n bench scale deployment load --replicas="$replicas" >/dev/null
    # Without a kubelet, deleted pods stay Terminating: finish them as a kubelet would.
    local deadline=$((SECONDS + 120 + replicas / 10)) state
    while :; do
        api "$c" GET "/api/v1/namespaces/bench/pods" |
            jq '[.items[] | select(.metadata.deletionTimestamp != null)
                 | {method: "DELETE", path: "/api/v1/namespaces/bench/pods/\(.metadata.name)",
                    body: {kind: "DeleteOptions", apiVersion: "v1", gracePeriodSeconds: 0}}]' >"$dir/tmp/reap.json"
        bulk "$c" "$dir/tmp/reap.json"
        state=$(kubelet_pass "$c" false /namespaces/bench)
        if [ "$state" = "done" ] &&
            [ "$(api "$c" GET /api/v1/namespaces/bench/pods | jq '.items | length')" -eq "$replicas" ]; then
            break
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "cluster $c: bench/load did not reach $replicas pods"
        sleep 1
    done
    rm -f "$dir/tmp/reap.json"
    log "cluster $c: $((others + replicas)) pods, bench/load $replicas bound and running, in $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------------------ main

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case "$cmd" in
    start) set_dir "${1:-}" create; cmd_start ;;
    seed) set_dir "${1:-}"; cmd_seed ;;
    stop) set_dir "${1:-}"; cmd_stop ;;
    status) set_dir "${1:-}"; cmd_status ;;
    compact) set_dir "${1:-}"; cmd_compact "${2:-}" ;;
    scale) set_dir "${1:-}"; cmd_scale "${2:-}" "${3:-}" ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
