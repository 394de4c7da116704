// SPDX-License-Identifier: Apache-2.0
#include "kubeerror.h"

namespace minato {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Config:
        return QStringLiteral("config");
    case ErrorKind::Credentials:
        return QStringLiteral("credentials");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Tls:
        return QStringLiteral("tls");
    case ErrorKind::Unauthorized:
        return QStringLiteral("unauthorized");
    case ErrorKind::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorKind::NotFound:
        return QStringLiteral("not-found");
    case ErrorKind::Gone:
        return QStringLiteral("gone");
    case ErrorKind::Throttled:
        return QStringLiteral("throttled");
    case ErrorKind::Server:
        return QStringLiteral("server");
    case ErrorKind::Parse:
        return QStringLiteral("parse");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Refused:
        return QStringLiteral("refused");
    }
    return QStringLiteral("unknown");
}

} // namespace minato
