// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace minato::sim {

// Request accounting for the whole fleet: counts by cluster, verb and path template
// ("/api/v1/namespaces/{namespace}/pods"), with mutating requests (POST, PUT, PATCH, DELETE)
// counted apart so tests can assert that a client never tried to change a cluster.
// Thread-safe: the server writes on its I/O thread, the GUI or a test reads from its own.
class RequestStats
{
public:
    explicit RequestStats(const QStringList& clusterNames);

    void record(int cluster, const QString& verb, const QString& pathTemplate, bool mutating);

    qint64 total() const;
    qint64 mutating() const;
    qint64 count(int cluster, const QString& verb, const QString& pathTemplate) const;
    // {"total":…,"mutating":…,"clusters":[{"name","total","mutating","requests":[{verb,path,count}],
    //  "mutatingRequests":[…]}]}
    QByteArray toJson() const;

private:
    using Key = std::pair<QString, QString>; // verb, path template
    struct Cluster
    {
        QString name;
        qint64 total = 0;
        qint64 mutating = 0;
        std::map<Key, qint64> requests;
        std::map<Key, qint64> mutatingRequests;
    };

    mutable std::mutex m_mutex;
    std::vector<Cluster> m_clusters;
};

} // namespace minato::sim
