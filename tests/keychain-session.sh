#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs a command (a keychain test) against a real but throwaway Secret Service: a private
# D-Bus session bus with gnome-keyring-daemon, whose login keyring is created and unlocked
# with a fixed password in a fresh temporary HOME. Never touches the caller's keyring or
# session bus, works without any existing session (CI runs as root with none), and removes
# everything it created. Usage: keychain-session.sh <test-binary> [args...]
set -u

if [ $# -eq 0 ]; then
    echo "usage: $0 command [args...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "keychain-session: $tool not found (install dbus and gnome-keyring)" >&2
        exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minato-keychain.XXXXXX") || exit 2
mkdir -m 700 "$tmp/home" "$tmp/runtime"

# The keyring daemon normally leaves with the bus, but one that was still starting when the
# bus went away never notices. Whatever still carries this session's runtime directory in its
# environment was started here; stop exactly those processes, then remove the tree.
cleanup() {
    pids=""
    for environ in /proc/[0-9]*/environ; do
        if tr '\0' '\n' <"$environ" 2>/dev/null | grep -Fqx "XDG_RUNTIME_DIR=$tmp/runtime"; then
            pid=${environ#/proc/}
            pids="$pids ${pid%/environ}"
        fi
    done
    if [ -n "$pids" ]; then
        kill $pids 2>/dev/null
        tries=0
        while [ $tries -lt 50 ] && running $pids; do
            sleep 0.1
            tries=$((tries + 1))
        done
    fi
    rm -rf "$tmp"
}
# Whether any of the pids is still running; a zombie waiting for init to reap it is not.
running() {
    for pid in "$@"; do
        if [ -r "/proc/$pid/stat" ] && ! grep -q ') [ZX] ' "/proc/$pid/stat" 2>/dev/null; then
            return 0
        fi
    done
    return 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The desktop variables go so qtkeychain picks the Secret Service rather than KWallet, the
# display ones so no unlock prompt can appear on a developer's screen.
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP DESKTOP_SESSION \
    KDE_FULL_SESSION GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# Everything the daemon and libsecret look at points into the temporary tree. These go to
# dbus-run-session only, so this shell and cleanup's helpers never match what it searches for.
# gnome-keyring-daemon forks and returns once its control socket is up; a client that
# arrives before it owns the bus name is handed to it by D-Bus activation.
env HOME="$tmp/home" \
    XDG_DATA_HOME="$tmp/home/.local/share" \
    XDG_CONFIG_HOME="$tmp/home/.config" \
    XDG_CACHE_HOME="$tmp/home/.cache" \
    XDG_RUNTIME_DIR="$tmp/runtime" \
    MINATO_KEYCHAIN_SESSION=1 \
    dbus-run-session -- sh -c '
    printf "%s" "test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 2
    exec "$@"' keychain-session "$@"
