#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Maintainer tool, not run by tests: regenerates this folder's CRDs from the upstream Calico
# crd.projectcalico.org/v1 CRDs (shared/fixtures/upstream/calico/crds-crd.projectcalico.org-v1,
# projectcalico/calico @87c15906, Apache-2.0), trimmed the way an older Calico release's CRDs
# looked so that Kubernetes 1.20 registers all of them:
#   - every `x-kubernetes-validations:` block (CEL rules; 1.20 does not know them)
#   - `default: ""` on secretKeyRef `name` (bgpconfigurations, bgppeers; 1.20 refuses it)
# Everything else (schemas, descriptions, printer columns) is unchanged.
#   usage: trim-for-1.20.sh [UPSTREAM_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
from=${1:-$here/../../../../shared/fixtures/upstream/calico/crds-crd.projectcalico.org-v1}
[ -d "$from" ] || { echo "no such folder: $from" >&2; exit 1; }
for f in "$from"/crd.projectcalico.org_*.yaml; do
    awk '
        function indent(s) { match(s, /^ */); return RLENGTH }
        skip >= 0 {
            if ($0 ~ /^ *$/ || indent($0) > skip) next
            skip = -1
        }
        /^ *x-kubernetes-validations:/ { skip = indent($0); next }
        /^ *default: ""$/ && prev ~ /^ *name:$/ { prev = $0; next }
        { prev = $0; print }
        BEGIN { skip = -1 }
    ' "$f" >"$here/$(basename "$f")"
done
