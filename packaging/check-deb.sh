#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the Debian package from a configured and built tree, checks its contents and control
# data, then runs the packaged binary: installed with apt-get when running as root (and removed
# again, with any dependency it pulled in), or extracted into a temporary folder otherwise.
# Usage: check-deb.sh BUILD_DIR CPACK APP_ID EXPECT_SIM(0|1)
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 BUILD_DIR CPACK APP_ID EXPECT_SIM" >&2
    exit 2
fi
build_dir=$1 cpack=$2 app_id=$3 expect_sim=$4

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out_dir=$build_dir/packaging/deb-check
rm -rf "$out_dir"
mkdir -p "$out_dir"
tmp=$(mktemp -d)
installed_by_us=()

cleanup() {
    if [ ${#installed_by_us[@]} -gt 0 ]; then
        echo "== removing what this test installed: ${installed_by_us[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 "${installed_by_us[@]}" \
            || echo "WARNING: apt-get remove ${installed_by_us[*]} failed; remove it by hand"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "== $cpack -G DEB (config $build_dir/CPackConfig.cmake, output $out_dir)"
(cd "$build_dir" && "$cpack" -G DEB --config "$build_dir/CPackConfig.cmake" -B "$out_dir")

shopt -s nullglob
debs=("$out_dir"/*.deb)
shopt -u nullglob
if [ ${#debs[@]} -ne 1 ]; then
    echo "FAIL: expected exactly one .deb in $out_dir, found ${#debs[@]}"
    exit 1
fi
deb=${debs[0]}
echo "== package: $(basename "$deb")"

# --- Contents -------------------------------------------------------------------------------------
contents=$(dpkg-deb -c "$deb")
expected=(
    ./usr/bin/minato
    "./usr/share/applications/$app_id.desktop"
    "./usr/share/metainfo/$app_id.metainfo.xml"
    "./usr/share/icons/hicolor/scalable/apps/$app_id.svg"
)
[ "$expect_sim" = 1 ] && expected+=(./usr/bin/minato-sim)
for path in "${expected[@]}"; do
    if grep -qE "[[:space:]]${path//./\\.}\$" <<<"$contents"; then
        echo "ok: contains ${path#.}"
    else
        fail "package does not contain ${path#.}"
    fi
done
[ "$expect_sim" = 1 ] || echo "note: minato-sim is not a target yet, so it is not expected in the package"
outside=$(awk '{print $6}' <<<"$contents" | grep -vE '^\./$|^\./usr(/|$)' || true)
[ -z "$outside" ] || fail "files outside /usr: $outside"

# --- Control data ---------------------------------------------------------------------------------
info=$(dpkg-deb -I "$deb")
echo "== control:"
sed -n '/^ [A-Z][A-Za-z-]*:/,$p' <<<"$info"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = minato ] || fail "Package is not minato"
depends=$(field Depends)
if [ -z "$depends" ]; then
    fail "no Depends line"
else
    for dep in libqt6sql6-sqlite libqt6svg6 libqt6gui6 libc6; do
        grep -qE "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep"
    done
fi

dpkg-deb -x "$deb" "$tmp/root"
if command -v appstreamcli >/dev/null 2>&1; then
    echo "== appstreamcli validate-tree --no-net (extracted package)"
    appstreamcli validate-tree --no-net "$tmp/root" || fail "appstreamcli validate-tree rejected the package tree"
fi

# --- Run the packaged binary ----------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    # Two checkouts on one machine must not install and remove the package under each other.
    lock=/run/lock/minato-packaging-test.lock
    [ -d /run/lock ] || lock=/tmp/minato-packaging-test.lock
    exec 9>"$lock"
    flock -w 600 9 || { echo "FAIL: another packaging test still holds $lock"; exit 1; }
fi
if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W -f='${Status}' minato 2>/dev/null | grep -q 'install ok installed'; then
    apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
    # What apt would install for us (minato and any missing dependency) is what we remove later.
    mapfile -t to_install < <(apt-get -s "${apt_opts[@]}" install "$deb" | awk '$1 == "Inst" && $3 !~ /^\[/ {print $2}')
    echo "== root: apt-get install $deb (installs: ${to_install[*]:-nothing?})"
    installed_by_us=(minato)
    if ! DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "$deb"; then
        fail "apt-get install of the package failed"
        exit 1
    fi
    for p in "${to_install[@]}"; do
        [ "$p" = minato ] || installed_by_us+=("$p")
    done
    [ ${#installed_by_us[@]} -eq 1 ] || echo "note: the install pulled in ${installed_by_us[*]:1} (removed again afterwards)"
    bin_dir=/usr/bin
else
    if [ "$(id -u)" -ne 0 ]; then
        echo "== not root: running the binary from the package extracted with dpkg-deb -x (not installed)"
    else
        echo "== minato is already installed on this machine: leaving it alone and running the binary from the extracted package"
    fi
    bin_dir=$tmp/root/usr/bin
fi

# Runs BINARY ARGS..., requires exit code 0 and output matching PATTERN.
check_run() {
    local pattern=$1
    shift
    local output rc=0
    echo "== $* (QT_QPA_PLATFORM=offscreen)"
    output=$(env QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
        XDG_CACHE_HOME="$tmp/cache" timeout 60 "$@" 2>&1) || rc=$?
    printf '%s\n' "$output" | sed 's/^/    /'
    if [ "$rc" -ne 0 ]; then
        fail "'$*' exited with $rc"
    elif ! grep -q -- "$pattern" <<<"$output"; then
        fail "'$*' printed nothing matching '$pattern'"
    else
        echo "ok: exit 0, output mentions '$pattern'"
    fi
}
check_run Usage "$bin_dir/minato" --help
check_run contexts "$bin_dir/minato" contexts --help

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "package $(basename "$deb") is complete and its binary runs"
