#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Validates the desktop entry and the AppStream metainfo, and checks they agree with each
# other and with the project version.
# Usage: validate-metadata.sh DESKTOP_FILE METAINFO_FILE APP_ID VERSION
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 DESKTOP_FILE METAINFO_FILE APP_ID VERSION" >&2
    exit 2
fi
desktop=$1 metainfo=$2 app_id=$3 version=$4
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    fail "$1 not found: install the Debian package $2 (.ci/quickstart does)"
    return 1
}

if need desktop-file-validate desktop-file-utils; then
    echo "== desktop-file-validate $(basename "$desktop")"
    desktop-file-validate "$desktop" || fail "desktop-file-validate rejected $desktop"
fi
if need appstreamcli appstream; then
    echo "== appstreamcli validate --no-net $(basename "$metainfo")"
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli rejected $metainfo"
fi

# The file names, the icon and the launchable must all use the one application id.
[ "$(basename "$desktop")" = "$app_id.desktop" ] || fail "desktop file is not named $app_id.desktop"
[ "$(basename "$metainfo")" = "$app_id.metainfo.xml" ] || fail "metainfo is not named $app_id.metainfo.xml"
grep -qx "Icon=$app_id" "$desktop" || fail "desktop entry lacks Icon=$app_id"
grep -q "<id>$app_id</id>" "$metainfo" || fail "metainfo id is not $app_id"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "metainfo launchable is not $app_id.desktop"
# A release entry must exist for the version project() declares.
grep -q "<release version=\"$version\"" "$metainfo" \
    || fail "metainfo has no <release version=\"$version\"> entry (project version); add one"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "desktop entry and metainfo are valid for $app_id $version"
