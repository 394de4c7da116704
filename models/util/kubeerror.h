// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMetaType>
#include <QString>

namespace minato {

// What went wrong, typed so that callers decide (relist, back off, mark the cluster) without
// parsing text. Messages never contain secrets.
enum class ErrorKind {
    Config, // the kubeconfig or fleet file is wrong
    Credentials, // an exec plugin or keychain lookup failed
    Network,
    Tls,
    Unauthorized,
    Forbidden,
    NotFound,
    Gone,
    Throttled,
    Server,
    Parse,
    Cancelled,
    Timeout,
    Refused, // a request Minato itself refuses to send (anything that could mutate a cluster)
};

struct KubeError
{
    ErrorKind kind = ErrorKind::Server;
    int httpStatus = 0;
    QString message; // one line for people
    QString detail; // more context: stderr of a plugin, a Status body's reason …
    int retryAfterSeconds = 0; // Throttled (and some 5xx): how long the server asked us to wait, 0 if it did not say

    static KubeError make(ErrorKind kind, QString message, QString detail = {})
    {
        return KubeError { kind, 0, std::move(message), std::move(detail) };
    }
};

QString errorKindName(ErrorKind kind);

} // namespace minato

Q_DECLARE_METATYPE(minato::KubeError)
