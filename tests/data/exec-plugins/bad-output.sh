#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Test exec credential plugin that answers wrongly, as selected by MODE:
#   not-json     plain text
#   no-status    an ExecCredential without status
#   empty-status a status with neither token nor certificate
#   api-version  a token under client.authentication.k8s.io/v1beta1, also echoed to stderr
#                (a careless plugin), to check the error does not repeat it
set -eu

case "${MODE:-}" in
    not-json) echo "Please log in first" ;;
    no-status) echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}' ;;
    empty-status) echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}' ;;
    api-version)
        echo "issued token $TOKEN" >&2
        printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$TOKEN"
        ;;
    *) echo "unknown MODE" >&2; exit 2 ;;
esac
