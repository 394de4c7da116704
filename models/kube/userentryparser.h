// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to minato_core (includes yaml-cpp through yamlnodereader.h).

#include "kube/kubeconfigfile.h"
#include "kube/yamlnodereader.h"

namespace minato::kube {

// Parses one `users[].user` body: static credentials, impersonation, exec plugin and the
// legacy auth-provider, with the checks client-go's validation and exec code apply.
class UserEntryParser
{
public:
    UserEntryParser(YamlNodeReader& reader, const KubeconfigLoadOptions& options, QString baseDir);

    UserEntry parse(const YAML::Node& body, const QString& name, const YAML::Node& item);

private:
    void parseClientCertificate(const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what);
    void parseTokenAndBasic(const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what);
    void parseImpersonation(const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what);
    std::optional<ExecConfig> parseExec(const YAML::Node& exec, const QString& what);
    void checkExecCommand(const ExecConfig& exec, const YAML::Node& where, const QString& what);
    std::optional<AuthProviderConfig> parseAuthProvider(const YAML::Node& node, const QString& what);
    void checkOidc(const AuthProviderConfig& provider, const YAML::Node& where, const QString& what);

    YamlNodeReader& m_reader;
    const KubeconfigLoadOptions& m_options;
    QString m_baseDir;
};

} // namespace minato::kube
