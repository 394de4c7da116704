// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigchecks.h"

#include "kube/pemcheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace minato::kube {

QString KubeconfigChecks::resolvePath(const QString& baseDir, const QString& path)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

void KubeconfigChecks::warnTilde(
    YamlNodeReader& reader, const QString& rawPath, const YAML::Node& where, const QString& what, const char* key)
{
    if (!rawPath.startsWith(QLatin1Char('~')))
        return;
    reader.report(Severity::Warning, QStringLiteral("path-tilde"),
        QStringLiteral("%1: \"%2\" starts with '~', which kubectl does not expand; it is read "
                       "relative to the kubeconfig's folder")
            .arg(what, QString::fromUtf8(key)),
        where);
}

std::optional<QByteArray> KubeconfigChecks::readReferencedFile(YamlNodeReader& reader, const QString& path,
    const YAML::Node& where, const QString& what, const char* key, const QString& missingCode)
{
    const QFileInfo info(path);
    QString problem;
    if (!info.exists()) {
        problem = QStringLiteral("does not exist");
    } else if (!info.isFile()) {
        problem = QStringLiteral("is not a regular file");
    } else {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            return file.readAll();
        problem = QStringLiteral("cannot be read (%1)").arg(file.errorString());
    }
    reader.report(Severity::Error, missingCode,
        QStringLiteral("%1: %2 file %3 %4").arg(what, QString::fromUtf8(key), path, problem), where);
    return std::nullopt;
}

bool KubeconfigChecks::checkCertificate(YamlNodeReader& reader, const QByteArray& pem, const YAML::Node& where,
    const QString& what, const char* key, const QDateTime& now)
{
    const QString problem = PemCheck::certificateProblem(pem);
    if (!problem.isEmpty()) {
        reader.report(Severity::Error, QStringLiteral("certificate-invalid"),
            QStringLiteral("%1: %2 is not a PEM X.509 certificate: %3").arg(what, QString::fromUtf8(key), problem),
            where);
        return false;
    }
    const std::optional<QDateTime> expiry = PemCheck::earliestExpiry(pem);
    if (expiry && *expiry < now) {
        reader.report(Severity::Warning, QStringLiteral("certificate-expired"),
            QStringLiteral("%1: %2 expired on %3").arg(what, QString::fromUtf8(key), expiry->toString(Qt::ISODate)),
            where);
    }
    return true;
}

bool KubeconfigChecks::checkPrivateKey(
    YamlNodeReader& reader, const QByteArray& pem, const YAML::Node& where, const QString& what, const char* key)
{
    const QString problem = PemCheck::privateKeyProblem(pem);
    if (problem.isEmpty())
        return true;
    reader.report(Severity::Error, QStringLiteral("key-invalid"),
        QStringLiteral("%1: %2 is not a usable PEM private key: %3").arg(what, QString::fromUtf8(key), problem), where);
    return false;
}

} // namespace minato::kube
