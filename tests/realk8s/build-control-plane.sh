#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds a real Kubernetes control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler) from Debian 12's `kubernetes` source package, once per machine, and prints
# the folder holding the binaries as the last line of standard output (logs go to stderr).
#
#   tests/realk8s/build-control-plane.sh            build if needed, print the bin dir
#   tests/realk8s/build-control-plane.sh --deps     only install the packages the fleet needs
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/minato/kube-<source-package-version>/
#   bin/      the three binaries and a stamp (a hit costs a second or two)
#   src/      the unpacked source tree (kept so a recipe change rebuilds incrementally)
#   gocache/  the Go build cache, gopath/ the GOPATH-mode link, deb-src/ the downloaded package
# Why each build step is there: see tests/realk8s/README.md ("How the build works").
set -euo pipefail

# Bump when the build recipe changes: a stale bin/ is then rebuilt (incrementally).
readonly RECIPE=1
readonly KUBE_VERSION=v1.20.2
readonly BUILD_PACKAGES=(golang-go rsync make golang-github-modern-go-reflect2-dev
    golang-github-json-iterator-go-dev)
# What fleet.sh needs at run time.
readonly RUN_PACKAGES=(etcd-server etcd-client openssl curl jq iproute2 util-linux)
readonly TARGETS=(kube-apiserver kube-controller-manager kube-scheduler)

log() { printf 'build-control-plane: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_update() {
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        as_root apt-get update -qq >&2
        apt_updated=1
    fi
}

install_missing() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_update
        log "installing ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
}

# deb-src entries mirroring the machine's Debian deb entries (same archive, same suites).
have_deb_src() {
    apt-cache showsrc kubernetes 2>/dev/null | grep -q '^Version:'
}

setup_deb_src() {
    local f base out added=0
    shopt -s nullglob
    for f in /etc/apt/sources.list.d/*.sources; do
        base=$(basename "$f" .sources)
        case "$base" in minato-deb-src-*) continue ;; esac
        # Debian's own archive only: other vendors' repositories have no sources to offer.
        grep -Eq 'debian-archive-keyring|debian\.org' "$f" || continue
        grep -Eq '^Types:.*deb-src' "$f" && continue
        out=/etc/apt/sources.list.d/minato-deb-src-$base.sources
        sed -E 's/^Types:.*/Types: deb-src/' "$f" | as_root tee "$out" >/dev/null
        added=1
    done
    if [ -f /etc/apt/sources.list ] && grep -Eq '^deb[[:space:]].*debian' /etc/apt/sources.list &&
        ! grep -Eq '^deb-src[[:space:]]' /etc/apt/sources.list; then
        grep -E '^deb[[:space:]].*debian' /etc/apt/sources.list | sed -E 's/^deb/deb-src/' |
            as_root tee /etc/apt/sources.list.d/minato-deb-src.list >/dev/null
        added=1
    fi
    shopt -u nullglob
    [ "$added" -eq 1 ] || die "no Debian deb entry found to mirror as deb-src"
    log "added deb-src entries for Debian's archive"
    apt_updated=0
    apt_update
}

# The highest version of source package kubernetes that apt knows.
source_version() {
    local v best=""
    while read -r v; do
        if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
    done < <(apt-cache showsrc kubernetes | sed -n 's/^Version: //p')
    [ -n "$best" ] || die "apt-cache showsrc kubernetes found no version"
    printf '%s\n' "$best"
}

deps_only=0
case "${1:-}" in
    --deps) deps_only=1 ;;
    "") ;;
    *) echo "usage: $0 [--deps]" >&2; exit 2 ;;
esac

install_missing "${RUN_PACKAGES[@]}"
[ "$deps_only" -eq 1 ] && exit 0

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/minato
mkdir -p "$cache_root"

# The version names the cache; finding it needs deb-src entries (local once set up).
if [ -n "${MINATO_KUBE_SOURCE_VERSION:-}" ]; then
    version=$MINATO_KUBE_SOURCE_VERSION
else
    have_deb_src || { install_missing apt; setup_deb_src; }
    have_deb_src || die "apt knows no source package kubernetes even with deb-src entries"
    version=$(source_version)
fi
work=$cache_root/kube-$version
bin=$work/bin
stamp_want="recipe=$RECIPE version=$version kube=$KUBE_VERSION"

cache_hit() {
    local t
    [ -f "$bin/.stamp" ] && [ "$(cat "$bin/.stamp")" = "$stamp_want" ] || return 1
    for t in "${TARGETS[@]}"; do [ -x "$bin/$t" ] || return 1; done
}

if cache_hit; then
    log "cache hit: $bin"
    printf '%s\n' "$bin"
    exit 0
fi

# One build at a time per cache folder; whoever waited finds the result.
mkdir -p "$work"
exec 9>"$work/.lock"
flock 9
if cache_hit; then
    log "cache hit after waiting for another build: $bin"
    printf '%s\n' "$bin"
    exit 0
fi

install_missing "${BUILD_PACKAGES[@]}"
start=$SECONDS

# 1. The source package, downloaded once.
mkdir -p "$work/deb-src"
if ! compgen -G "$work/deb-src/kubernetes_*.orig.tar.gz" >/dev/null; then
    log "downloading source package kubernetes=$version"
    (cd "$work/deb-src" && apt-get source --download-only -qq "kubernetes=$version" >&2)
fi
src=$work/src
if [ ! -f "$src/.unpacked" ]; then
    log "unpacking the upstream tree"
    rm -rf "$src" "$src.tmp"
    mkdir -p "$src.tmp"
    orig=$(compgen -G "$work/deb-src/kubernetes_*.orig.tar.gz" | head -n1)
    tar -xzf "$orig" -C "$src.tmp" --strip-components=1
    mv "$src.tmp" "$src"
    touch "$src/.unpacked"
fi

# 2. GOPATH mode: Kubernetes 1.20 does not build in module mode from this tree.
gopath=$work/gopath
mkdir -p "$gopath/src/k8s.io"
ln -sfn "$src" "$gopath/src/k8s.io/kubernetes"
export GOPATH=$gopath GOCACHE=$work/gocache GO111MODULE=off GOPROXY=off GOFLAGS="" CGO_ENABLED=0
export GOTOOLCHAIN=local
pkgdir=$gopath/src/k8s.io/kubernetes

# 3. Replace the vendored reflect2 1.0.1 and json-iterator 1.1.10 with Debian's 1.0.2 and
#    1.1.12: the old ones corrupt memory under Go >= 1.18 (apiserver panics on maps).
replace_vendored() {
    local pkg=$1 import=$2 from
    from=$(dpkg -L "$pkg" | grep -E "/src/$import\$" | head -n1)
    if [ -z "$from" ] || [ ! -d "$from" ]; then die "$pkg does not ship $import"; fi
    rsync -a --delete --exclude='*_test.go' "$from/" "$src/vendor/$import/"
}
replace_vendored golang-github-modern-go-reflect2-dev github.com/modern-go/reflect2
replace_vendored golang-github-json-iterator-go-dev github.com/json-iterator/go

# 4. The generated OpenAPI definitions are not in the tarball.
if [ ! -f "$src/pkg/generated/openapi/zz_generated.openapi.go" ]; then
    log "generating OpenAPI definitions (make gen_openapi)"
    (cd "$pkgdir" && make gen_openapi >&2)
fi

# 5. Build, with the version stamped (else /version says v0.0.0).
ldflags="-s -w"
for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version \
    k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=20"
    ldflags+=" -X $p.gitTreeState=archive -X $p.buildDate=1970-01-01T00:00:00Z"
done
rm -rf "$bin.tmp"
mkdir -p "$bin.tmp"
log "go build ${TARGETS[*]} (a few minutes from nothing, about one incremental)"
(cd "$pkgdir" && go build -ldflags "$ldflags" -o "$bin.tmp/" \
    ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler >&2)
"$bin.tmp/kube-apiserver" --version >&2
printf '%s\n' "$stamp_want" >"$bin.tmp/.stamp"
rm -rf "$bin"
mv "$bin.tmp" "$bin"
log "built in $((SECONDS - start)) s: $bin"
printf '%s\n' "$bin"
