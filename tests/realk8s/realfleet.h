// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "kubectlgeneration.h"

#include <optional>

// A running fleet of tests/realk8s (fleet.sh start + seed), found through MINATO_REALK8S_DIR,
// and kubectl pointed at it the way the preamble asks: explicit --kubeconfig and --context,
// a private HOME. Every change a test makes to the fleet goes through admin() (kubectl as
// system:masters), never through Minato. A kubectl that predates exec v1 (generations.json)
// reads cluster exec through real-v1beta1, the same user through the older protocol.
class RealFleet
{
public:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QString elapsed; // for messages
        bool ok() const { return exitCode == 0; }
        QJsonObject json() const;
    };

    // Empty when MINATO_REALK8S_DIR is unset or holds no fleet `env`, or no kubectl answers
    // (error() of kubectlGeneration() says why).
    static std::optional<RealFleet> fromEnvironment();
    const KubectlGeneration& kubectlGeneration() const { return m_kubectl; }
    // The context kubectl uses for one of Minato's: itself, unless this kubectl cannot speak
    // its exec protocol.
    QString kubectlContext(const QString& context) const;

    QString dir() const { return m_dir; }
    QString kubeconfig() const { return m_dir + QStringLiteral("/kubeconfig"); }
    // REALK8S_<KEY> from DIR/env, e.g. value("EXEC_AUDIT_LOG").
    QString value(const QString& key) const { return m_env.value(QStringLiteral("REALK8S_") + key); }
    QString path(const QString& name) const { return m_dir + QLatin1Char('/') + name; }

    // kubectl through one of Minato's contexts (real-token …), as that user.
    Result kubectl(const QString& context, const QStringList& arguments) const;
    // kubectl as system:masters on a cluster (token, cert, exec), for test setup.
    Result admin(const QString& cluster, const QStringList& arguments, const QByteArray& input = {}) const;
    // tests/realk8s/fleet.sh SUBCOMMAND DIR ARGS…
    Result fleetScript(const QString& subcommand, const QStringList& arguments) const;

    // `kubectl get --raw PATH` as the context's user: the items of a collection, or empty with
    // the error when the request failed.
    std::optional<QJsonArray> rawItems(const QString& context, const QString& path, QString* error = nullptr) const;

private:
    static Result run(
        const QString& program, const QStringList& arguments, const QString& home, const QByteArray& input = {});

    QString m_dir;
    QHash<QString, QString> m_env;
    KubectlGeneration m_kubectl;
    std::shared_ptr<QTemporaryDir> m_home;
};
