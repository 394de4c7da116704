// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonValue>
#include <QStringList>

namespace minato::fleet {

// How a report document (built as JSON) reads as YAML.
struct JsonYamlStyle
{
    // Keys in this order first, the rest alphabetically (QJsonObject's own order). Empty:
    // alphabetical throughout.
    QStringList keyOrder;
    // Double-quote every string. Otherwise only strings YAML would read back as a bool,
    // null or number are quoted.
    bool quoteEveryString = false;
};

// Block-style YAML of a JSON value, ending with a newline. The one writer behind every
// headless report's -o yaml.
QString jsonToYaml(const QJsonValue& value, const JsonYamlStyle& style = {});

} // namespace minato::fleet
