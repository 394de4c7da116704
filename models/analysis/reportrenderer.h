// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/outputformat.h"

#include "analysis/clustersummary.h"

#include <QJsonObject>

#include <optional>

namespace minato::analysis {

// `minato report` output: a table with one line per cluster and, below it, what is failing
// where; or the same facts as a JSON or YAML document (stable keys, for scripts).
class ReportRenderer
{
public:
    using Format = OutputFormat;

    static QJsonObject document(const QList<ClusterSummary>& clusters);
    static QJsonObject clusterObject(const ClusterSummary& cluster);
    static QString table(const QList<ClusterSummary>& clusters);
    static QString render(Format format, const QList<ClusterSummary>& clusters);
    // A report document (document() plus whatever sections a caller adds) as JSON or YAML.
    static QString renderDocument(Format format, const QJsonObject& document);

private:
    static QJsonObject baseObject(const ClusterSummary& cluster);
};

} // namespace minato::analysis
