// SPDX-License-Identifier: Apache-2.0
// Replaced by the simulator's sources.
