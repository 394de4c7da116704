#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Test exec credential plugin that never answers in time. Appends its own pid and the pid of
# a child it spawned to $PID_FILE, so a test can check a timeout killed both.
sleep 60 &
echo "$$ $!" >>"$PID_FILE"
wait
