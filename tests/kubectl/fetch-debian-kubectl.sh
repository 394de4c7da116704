#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# fetch-debian-kubectl.sh DIR MINOR
# Debian 12's kubectl (package kubernetes-client) for the kubectl comparisons, without
# installing it: `apt-get download` + `dpkg-deb -x` into DIR/<package version>, once per
# version; DIR/current points at it. Checks that the binary is kubectl 1.MINOR.
set -euo pipefail
dir=${1:?usage: fetch-debian-kubectl.sh DIR MINOR}
minor=${2:?usage: fetch-debian-kubectl.sh DIR MINOR}
mkdir -p "$dir"

version=$(apt-cache policy kubernetes-client 2>/dev/null | awk '/Candidate:/ { print $2 }')
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    echo "fetch-debian-kubectl: apt knows no kubernetes-client package; run apt-get update (as root) first" >&2
    exit 1
fi
target=$dir/$version
if [ -x "$target/usr/bin/kubectl" ]; then
    echo "fetch-debian-kubectl: kubernetes-client $version already in $target"
else
    tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    # As root, apt's download sandbox user cannot write into our folder; the download is
    # still verified against the signed lists.
    if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "kubernetes-client=$version"); then
        echo "fetch-debian-kubectl: apt-get download kubernetes-client=$version failed (stale lists? apt-get update)" >&2
        exit 1
    fi
    dpkg-deb -x "$tmp"/kubernetes-client_*.deb "$tmp/root"
    mv "$tmp/root" "$target"
    echo "fetch-debian-kubectl: kubernetes-client $version unpacked into $target"
fi
ln -sfn "$version" "$dir/current"
kubectl=$dir/current/usr/bin/kubectl
got=$("$kubectl" version --client -o json | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n1)
if [ "$got" != "$minor" ]; then
    echo "fetch-debian-kubectl: $kubectl is kubectl 1.$got, not 1.$minor as the ctest names say" >&2
    exit 1
fi
"$kubectl" version --client
