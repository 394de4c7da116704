// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <optional>
#include <string_view>

namespace minato {

// Kubernetes timestamps ("2019-08-09T05:12:19Z", MicroTime "2002-01-01T01:01:01.000002Z",
// or with a numeric offset) as seconds since the Unix epoch, UTC. A hand-rolled parser because
// the decoders call it for every condition of every pod: QDateTime::fromString costs about a
// microsecond and allocates; this does neither. Fractions are truncated (tables show seconds).
std::optional<qint64> parseRfc3339(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int year, unsigned month, unsigned day);

} // namespace minato
