// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/clusterdriver.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>

// A cluster whose content and faults a test controls directly: seeded by a function, never
// changing on its own unless the test installs onAdvance.
class SimTestDriver : public minato::sim::ClusterDriver
{
public:
    using Writer = std::function<void(minato::sim::ObjectSink&)>;

    SimTestDriver(QString name, QString gitVersion, Writer seed)
        : m_name(std::move(name))
        , m_gitVersion(std::move(gitVersion))
        , m_seed(std::move(seed))
    { }

    QString name() const override { return m_name; }
    QString gitVersion() const override { return m_gitVersion; }
    void seed(minato::sim::ObjectSink& sink) override
    {
        if (m_seed)
            m_seed(sink);
    }
    void advance(std::chrono::milliseconds, minato::sim::ObjectSink& sink) override
    {
        if (onAdvance)
            onAdvance(sink);
    }
    const minato::sim::ApiFaults& faults() const override { return m_faults; }
    minato::sim::ApiFaults& mutableFaults() { return m_faults; }

    Writer onAdvance;

    static QJsonObject pod(const QString& nameSpace, const QString& name, const QJsonObject& labels = {},
        const QString& node = QStringLiteral("node-1"), const QString& phase = QStringLiteral("Running"))
    {
        return QJsonObject {
            { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("Pod") },
            { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("namespace"), nameSpace },
                    { QStringLiteral("labels"), labels } } },
            { QStringLiteral("spec"),
                QJsonObject { { QStringLiteral("nodeName"), node },
                    { QStringLiteral("containers"),
                        QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("app") },
                            { QStringLiteral("image"), QStringLiteral("nginx:1.25") } } } } } },
            { QStringLiteral("status"), QJsonObject { { QStringLiteral("phase"), phase } } },
        };
    }

    static QJsonObject clusterObject(
        const QString& apiVersion, const QString& kind, const QString& name, const QJsonObject& spec = {})
    {
        return QJsonObject { { QStringLiteral("apiVersion"), apiVersion }, { QStringLiteral("kind"), kind },
            { QStringLiteral("metadata"), QJsonObject { { QStringLiteral("name"), name } } },
            { QStringLiteral("spec"), spec } };
    }

private:
    QString m_name;
    QString m_gitVersion;
    Writer m_seed;
    minato::sim::ApiFaults m_faults;
};
