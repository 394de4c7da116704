// SPDX-License-Identifier: Apache-2.0
#include "requeststats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::sim {

namespace {

    // Paths of unknown URLs are client-chosen; bound how many distinct ones are kept.
    constexpr std::size_t MaxDistinctPaths = 2000;

    QJsonArray toArray(const std::map<std::pair<QString, QString>, qint64>& counts)
    {
        QJsonArray array;
        for (const auto& [key, count] : counts) {
            array.append(QJsonObject { { QStringLiteral("verb"), key.first }, { QStringLiteral("path"), key.second },
                { QStringLiteral("count"), count } });
        }
        return array;
    }

} // namespace

RequestStats::RequestStats(const QStringList& clusterNames)
{
    for (const QString& name : clusterNames)
        m_clusters.push_back(Cluster { name, 0, 0, {}, {} });
}

void RequestStats::record(int cluster, const QString& verb, const QString& pathTemplate, bool mutating)
{
    std::lock_guard lock(m_mutex);
    Cluster& entry = m_clusters.at(std::size_t(cluster));
    ++entry.total;
    auto& counts = mutating ? entry.mutatingRequests : entry.requests;
    Key key { verb, pathTemplate };
    if (counts.size() >= MaxDistinctPaths && counts.find(key) == counts.end())
        key.second = QStringLiteral("(other)");
    ++counts[key];
    if (mutating)
        ++entry.mutating;
}

qint64 RequestStats::total() const
{
    std::lock_guard lock(m_mutex);
    qint64 sum = 0;
    for (const Cluster& cluster : m_clusters)
        sum += cluster.total;
    return sum;
}

qint64 RequestStats::mutating() const
{
    std::lock_guard lock(m_mutex);
    qint64 sum = 0;
    for (const Cluster& cluster : m_clusters)
        sum += cluster.mutating;
    return sum;
}

qint64 RequestStats::count(int cluster, const QString& verb, const QString& pathTemplate) const
{
    std::lock_guard lock(m_mutex);
    const Cluster& entry = m_clusters.at(std::size_t(cluster));
    const Key key { verb, pathTemplate };
    for (const auto* counts : { &entry.requests, &entry.mutatingRequests }) {
        const auto it = counts->find(key);
        if (it != counts->end())
            return it->second;
    }
    return 0;
}

QByteArray RequestStats::toJson() const
{
    std::lock_guard lock(m_mutex);
    QJsonArray clusters;
    qint64 total = 0;
    qint64 mutating = 0;
    for (const Cluster& cluster : m_clusters) {
        total += cluster.total;
        mutating += cluster.mutating;
        clusters.append(QJsonObject { { QStringLiteral("name"), cluster.name },
            { QStringLiteral("total"), cluster.total }, { QStringLiteral("mutating"), cluster.mutating },
            { QStringLiteral("requests"), toArray(cluster.requests) },
            { QStringLiteral("mutatingRequests"), toArray(cluster.mutatingRequests) } });
    }
    return QJsonDocument(QJsonObject { { QStringLiteral("total"), total }, { QStringLiteral("mutating"), mutating },
                             { QStringLiteral("clusters"), clusters } })
        .toJson(QJsonDocument::Indented);
}

} // namespace minato::sim
