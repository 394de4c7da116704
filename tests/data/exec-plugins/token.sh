#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Test exec credential plugin: answers with a bearer token, the first argument or else $TOKEN.
# Optional environment, set through the kubeconfig exec env:
#   API_VERSION    apiVersion to answer with (default client.authentication.k8s.io/v1)
#   EXPIRES        status.expirationTimestamp
#   RUN_LOG        file that gets one line per run, so a test can count runs
#   EXEC_INFO_OUT  file that receives $KUBERNETES_EXEC_INFO as given
#   READ_STDIN     when set, read stdin to its end first (hangs unless stdin is closed)
#   STDERR_TEXT    written to stderr; a successful run's stderr must be ignored
set -eu

if [ -n "${RUN_LOG:-}" ]; then echo run >>"$RUN_LOG"; fi
if [ -n "${EXEC_INFO_OUT:-}" ]; then printf '%s' "${KUBERNETES_EXEC_INFO:-}" >"$EXEC_INFO_OUT"; fi
if [ -n "${READ_STDIN:-}" ]; then cat >/dev/null; fi
if [ -n "${STDERR_TEXT:-}" ]; then echo "$STDERR_TEXT" >&2; fi

token=${1:-${TOKEN:-}}
expiry=""
if [ -n "${EXPIRES:-}" ]; then expiry=",\"expirationTimestamp\":\"$EXPIRES\""; fi
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"%s}}\n' \
    "${API_VERSION:-client.authentication.k8s.io/v1}" "$token" "$expiry"
