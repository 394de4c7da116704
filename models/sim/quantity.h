// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace minato::sim {

// Kubernetes resource quantities ("250m", "1.5", "512Mi", "10G") as plain doubles in base
// units (cores, bytes, counts), and back into the forms the API server and metrics-server print.
class Quantity
{
public:
    static std::optional<double> parse(QStringView text);
    // "183m", or "2" when the value is whole: what the HPA controller writes for averageValue.
    static QString formatMilli(double value);
    // metrics-server's forms: CPU in nanocores ("183251142n"), memory in KiB ("124520Ki").
    static QString formatNanocores(double cores);
    static QString formatKibibytes(double bytes);
    // "512Mi" when exact in a binary unit, plain bytes otherwise.
    static QString formatBytes(double bytes);
};

} // namespace minato::sim
