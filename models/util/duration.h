// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringView>

#include <optional>

namespace minato {

// A duration as kubectl's --since and Prometheus write it: a sequence of number+unit pairs,
// "90s", "15m", "1h30m", "7d", "1.5h" (units ms, s, m, h, d, w). Milliseconds; nullopt when
// it does not parse or is negative.
std::optional<qint64> parseDuration(QStringView text);

} // namespace minato
