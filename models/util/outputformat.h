// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <optional>

namespace minato {

// The -o of the headless commands (minato contexts, minato report), as kubectl spells them.
enum class OutputFormat
{
    Table,
    Yaml,
    Json
};

inline std::optional<OutputFormat> parseOutputFormat(const QString& name)
{
    if (name == QLatin1String("table"))
        return OutputFormat::Table;
    if (name == QLatin1String("yaml"))
        return OutputFormat::Yaml;
    if (name == QLatin1String("json"))
        return OutputFormat::Json;
    return std::nullopt;
}

} // namespace minato
