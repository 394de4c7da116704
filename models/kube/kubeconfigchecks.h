// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to minato_core (includes yaml-cpp through yamlnodereader.h).

#include "kube/yamlnodereader.h"

#include <QDateTime>

namespace minato::kube {

// Checks shared by the cluster, user and fleet-manual parsers: path resolution the way
// client-go's ResolvePaths does it, and reading and validating PEM files and inline data.
class KubeconfigChecks
{
public:
    // Empty and absolute paths stay; relative ones join `baseDir`, like filepath.Join.
    static QString resolvePath(const QString& baseDir, const QString& path);

    // client-go does not expand "~" in kubeconfig paths; warn, since the file will not be found.
    static void warnTilde(
        YamlNodeReader& reader, const QString& rawPath, const YAML::Node& where, const QString& what, const char* key);

    // Reads a referenced file; "<missingCode>" when absent or unreadable.
    static std::optional<QByteArray> readReferencedFile(YamlNodeReader& reader, const QString& path,
        const YAML::Node& where, const QString& what, const char* key, const QString& missingCode);

    // certificate-invalid / certificate-expired for CA bundles and client certificates.
    static bool checkCertificate(YamlNodeReader& reader, const QByteArray& pem, const YAML::Node& where,
        const QString& what, const char* key, const QDateTime& now);
    // key-invalid for client keys.
    static bool checkPrivateKey(
        YamlNodeReader& reader, const QByteArray& pem, const YAML::Node& where, const QString& what, const char* key);
};

} // namespace minato::kube
