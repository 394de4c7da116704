// SPDX-License-Identifier: Apache-2.0
#include "readonlyguard.h"

#include <QStringList>
#include <QUrl>

namespace minato::kube {

namespace {

const QString SelfSubjectAccessReviews = QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
const QString SelfSubjectRulesReviews = QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// RFC 3986 path characters only: no query, fragment, whitespace, control or non-ASCII
// characters, and every '%' starts a valid escape. Anything else is a caller bug or an attempt
// to smuggle something past the checks below.
bool hasOnlyPathCharacters(const QString& path)
{
    static const QString allowed = QStringLiteral("-._~!$&'()*+,;=:@/");
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar c = path.at(i);
        if (c == u'%') {
            if (i + 2 >= path.size() || !isHex(path.at(i + 1)) || !isHex(path.at(i + 2)))
                return false;
            continue;
        }
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum && !allowed.contains(c))
            return false;
    }
    return true;
}

// The path segments with percent-escapes decoded, so "%2e%2e" counts as "..".
QStringList decodedSegments(const QString& path)
{
    QStringList segments = path.mid(1).split(u'/');
    for (QString& segment : segments)
        segment = QUrl::fromPercentEncoding(segment.toLatin1());
    return segments;
}

// The one proxied read Minato makes: Prometheus' query API behind a Service
// (/api/v1/namespaces/<ns>/services/<name>/proxy/api/v1/query_range), for HPA history. Its query
// endpoints only read the TSDB; everything else behind a service proxy stays refused.
bool isPrometheusQuery(const QStringList& segments, const QStringList& rest)
{
    return segments.at(0) == u"api" && segments.size() == 10 && rest.size() == 6 && rest.at(0) == u"services"
        && rest.at(2) == u"proxy" && rest.at(3) == u"api" && rest.at(4) == u"v1"
        && (rest.at(5) == u"query_range" || rest.at(5) == u"query");
}

// pods/exec, pods/attach, pods/portforward and the proxy subresources are "connect" verbs:
// a GET there can run commands or reach into workloads, which a read-only client never needs.
bool isConnectSubresource(const QStringList& segments)
{
    qsizetype prefix = 0;
    if (segments.size() >= 2 && segments.at(0) == u"api")
        prefix = 2; // api/v1
    else if (segments.size() >= 3 && segments.at(0) == u"apis")
        prefix = 3; // apis/<group>/<version>
    else
        return false;
    QStringList rest = segments.mid(prefix);
    if (!rest.isEmpty() && rest.first() == u"proxy")
        return true; // the legacy /api/v1/proxy/... paths
    if (rest.size() >= 3 && rest.at(0) == u"namespaces")
        rest = rest.mid(2); // namespaces/<ns>/<resource>/...
    if (rest.size() < 3)
        return false;
    if (isPrometheusQuery(segments, rest))
        return false;
    const QString& subresource = rest.at(2);
    return subresource == u"exec" || subresource == u"attach" || subresource == u"portforward"
        || subresource == u"proxy";
}

bool isWellFormedPath(const QString& path)
{
    if (!path.startsWith(u'/') || !hasOnlyPathCharacters(path))
        return false;
    const QStringList segments = decodedSegments(path);
    for (const QString& segment : segments) {
        if (segment == u"." || segment == u".." || segment.contains(u'/'))
            return false;
    }
    return true;
}

KubeError refusal(const ApiRequest& request, const QString& why)
{
    KubeError error = KubeError::make(ErrorKind::Refused,
        QStringLiteral("Minato is read-only and refused to send %1 %2")
            .arg(QString::fromLatin1(request.method.left(16)), request.path.left(200)),
        why);
    return error;
}

} // namespace

bool isAllowedRequest(const QByteArray& method, const QString& path)
{
    if (!isWellFormedPath(path))
        return false;
    // Methods are case-sensitive tokens (RFC 9110): "get" is not GET, and we send neither
    // anything we did not check.
    if (method == "GET")
        return !isConnectSubresource(decodedSegments(path));
    if (method == "POST")
        return path == SelfSubjectAccessReviews || path == SelfSubjectRulesReviews;
    return false;
}

Expected<VettedRequest> vetRequest(const ApiRequest& request)
{
    if (!isAllowedRequest(request.method, request.path))
        return refusal(request, QStringLiteral("only GET, and POST to the self-review endpoints, are allowed"));
    const bool post = request.method == "POST";
    if (!post && !request.body.isEmpty())
        return refusal(request, QStringLiteral("a GET carries no body"));
    if (post && request.kind != RequestKind::Get)
        return refusal(request, QStringLiteral("only a GET can be a watch"));
    for (const char c : request.accept) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return refusal(request, QStringLiteral("control character in the Accept header"));
    }
    return VettedRequest(request, post);
}

} // namespace minato::kube
