// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace minato::sim {

namespace {

    std::string str(const QString& text)
    {
        return text.toStdString();
    }

} // namespace

QByteArray KubeconfigWriter::render(const QList<KubeconfigEntry>& entries, const QByteArray& caCertificatePem)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "v1";
    out << YAML::Key << "kind" << YAML::Value << "Config";
    out << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap << YAML::EndMap;
    if (!entries.isEmpty())
        out << YAML::Key << "current-context" << YAML::Value << str(entries.constFirst().name);

    out << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
    for (const KubeconfigEntry& entry : entries) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << str(entry.name);
        out << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "server" << YAML::Value << str(entry.server);
        if (!caCertificatePem.isEmpty())
            out << YAML::Key << "certificate-authority-data" << YAML::Value
                << caCertificatePem.toBase64().toStdString();
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;

    out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
    for (const KubeconfigEntry& entry : entries) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << str(entry.name);
        out << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "token" << YAML::Value << entry.token.toStdString();
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;

    out << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
    for (const KubeconfigEntry& entry : entries) {
        out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << str(entry.name);
        out << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "cluster" << YAML::Value << str(entry.name);
        out << YAML::Key << "user" << YAML::Value << str(entry.name);
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

Expected<bool> KubeconfigWriter::write(
    const QString& path, const QList<KubeconfigEntry>& entries, const QByteArray& caCertificatePem)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return KubeError::make(ErrorKind::Config, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(render(entries, caCertificatePem));
    if (!file.commit())
        return KubeError::make(ErrorKind::Config, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace minato::sim
