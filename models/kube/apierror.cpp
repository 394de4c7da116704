// SPDX-License-Identifier: Apache-2.0
#include "apierror.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <curl/curl.h>

namespace minato::kube {

namespace {

// A Status body is small; anything larger is not one, and is not worth parsing for a message.
constexpr qsizetype MaxStatusBody = 64 * 1024;

struct StatusFields
{
    bool isStatus = false;
    QString message;
    QString reason;
    int code = 0;
    int retryAfterSeconds = 0;
};

StatusFields parseStatus(const QByteArray& body)
{
    StatusFields fields;
    if (body.isEmpty() || body.size() > MaxStatusBody)
        return fields;
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.value(QLatin1String("kind")).toString() != QLatin1String("Status"))
        return fields;
    fields.isStatus = true;
    fields.message = object.value(QLatin1String("message")).toString();
    fields.reason = object.value(QLatin1String("reason")).toString();
    fields.code = object.value(QLatin1String("code")).toInt();
    fields.retryAfterSeconds
        = object.value(QLatin1String("details")).toObject().value(QLatin1String("retryAfterSeconds")).toInt();
    return fields;
}

// RFC 9110: delay-seconds or an HTTP-date. Negative or unparsable values count as absent.
int parseRetryAfter(const QByteArray& value, const QDateTime& now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return 0;
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds > 0 ? static_cast<int>(std::min<qlonglong>(seconds, 24 * 3600)) : 0;
    // HTTP dates always end in "GMT", which Qt's RFC 2822 parser does not take as a zone.
    QString date = QString::fromLatin1(trimmed);
    if (date.endsWith(QLatin1String(" GMT")))
        date = date.chopped(4) + QLatin1String(" +0000");
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!when.isValid())
        return 0;
    const qint64 delta = now.secsTo(when);
    return delta > 0 ? static_cast<int>(std::min<qint64>(delta, 24 * 3600)) : 0;
}

ErrorKind kindForCurlCode(int code)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return ErrorKind::Timeout;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_WRITE_ERROR: // only our own callbacks fail a write
        return ErrorKind::Cancelled;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        return ErrorKind::Tls;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
        return ErrorKind::Config;
    default: // resolve, connect, send/receive, HTTP/2 framing, proxy handshake …
        return ErrorKind::Network;
    }
}

QString messageForCurlKind(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Timeout:
        return QStringLiteral("The API server did not answer in time");
    case ErrorKind::Cancelled:
        return QStringLiteral("The request was cancelled");
    case ErrorKind::Tls:
        return QStringLiteral("TLS handshake with the API server failed");
    case ErrorKind::Config:
        return QStringLiteral("The request could not be built from the cluster settings");
    default:
        return QStringLiteral("Cannot reach the API server");
    }
}

ErrorKind kindForStatus(int httpStatus, const QString& reason)
{
    if (reason == QLatin1String("Expired") || reason == QLatin1String("Gone"))
        return ErrorKind::Gone;
    switch (httpStatus) {
    case 401:
        return ErrorKind::Unauthorized;
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 410:
        return ErrorKind::Gone;
    case 429:
        return ErrorKind::Throttled;
    default:
        // 5xx, and anything a read-only client does not expect (400, 405, 406, 3xx …):
        // callers that care look at httpStatus.
        return ErrorKind::Server;
    }
}

// Non-Status bodies (a proxy's HTML page, a load balancer's text) are shown shortened.
QString shortBody(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300)
        text += QStringLiteral(" …");
    return text;
}

} // namespace

std::optional<KubeError> toKubeError(const TransferOutcome& outcome, const QDateTime& now)
{
    if (outcome.curlCode != CURLE_OK) {
        const ErrorKind kind = kindForCurlCode(outcome.curlCode);
        KubeError error = KubeError::make(kind, messageForCurlKind(kind), outcome.curlMessage);
        if (error.detail.isEmpty())
            error.detail = QString::fromUtf8(curl_easy_strerror(static_cast<CURLcode>(outcome.curlCode)));
        error.httpStatus = outcome.httpStatus;
        return error;
    }
    if (outcome.httpStatus >= 200 && outcome.httpStatus < 300)
        return std::nullopt;

    const StatusFields status = parseStatus(outcome.body);
    // A watch ERROR event has no HTTP status of its own; its Status object carries the code.
    const int code = outcome.httpStatus != 0 ? outcome.httpStatus : status.code;
    KubeError error;
    error.kind = kindForStatus(code, status.reason);
    error.httpStatus = code;
    if (!status.message.isEmpty())
        error.message = status.message;
    else
        error.message = QStringLiteral("The API server answered HTTP %1").arg(code);
    error.detail = status.isStatus ? status.reason : shortBody(outcome.body);
    error.retryAfterSeconds = parseRetryAfter(outcome.retryAfter, now);
    if (error.retryAfterSeconds == 0)
        error.retryAfterSeconds = std::max(0, status.retryAfterSeconds);
    return error;
}

} // namespace minato::kube
