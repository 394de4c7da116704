#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Test exec credential plugin: writes its first argument to stderr and exits with the second
# (default 1), the way a plugin reports an expired login.
echo "${1:-failed}" >&2
exit "${2:-1}"
