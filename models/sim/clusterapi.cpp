// SPDX-License-Identifier: Apache-2.0
#include "clusterapi.h"

#include "apidocuments.h"
#include "apistatus.h"
#include "collectionrequest.h"
#include "continuetoken.h"
#include "kubestatemetrics.h"
#include "objectstore.h"
#include "requeststats.h"
#include "tablewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

namespace minato::sim {

namespace {

    const QByteArray JsonType = "application/json";

    ApiResponse reply(int status, QByteArray body, QByteArray contentType = JsonType)
    {
        ApiResponse response;
        response.status = status;
        response.body = std::move(body);
        response.contentType = std::move(contentType);
        return response;
    }

    ApiResponse failure(int code, const QString& reason, const QString& message, const QJsonObject& details = {})
    {
        return reply(code, ApiStatus::failure(code, reason, message, details));
    }

    ApiResponse pageNotFound()
    {
        return reply(404, ApiStatus::pageNotFound(), ApiStatus::pageNotFoundType());
    }

    QByteArray decodeComponent(QByteArray text)
    {
        text.replace('+', ' ');
        return QByteArray::fromPercentEncoding(text);
    }

    bool isTrue(const QByteArray& value)
    {
        return value == "true" || value == "1";
    }

    QJsonObject resourceDetails(const ResourceInfo& info, const QByteArray& name = {})
    {
        QJsonObject details;
        if (!name.isEmpty())
            details.insert(QStringLiteral("name"), QString::fromUtf8(name));
        if (!info.group.isEmpty())
            details.insert(QStringLiteral("group"), info.group);
        details.insert(QStringLiteral("kind"), info.plural);
        return details;
    }

    // Namespaced endpoints answer anonymous requests only for these, as kubeadm's RBAC allows.
    bool isPublicPath(const QByteArray& path)
    {
        return path == "/version" || path == "/healthz" || path == "/livez" || path == "/readyz"
            || path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/");
    }

} // namespace

struct ClusterApi::Route
{
    QByteArray path;
    QList<QByteArray> segments;
    QMap<QByteArray, QByteArray> query;
    QString verb = QStringLiteral("get");
    QString pathTemplate;
    bool mutating = false;
    // Set for /api/v1/... and /apis/<group>/<version>/... below the group-version itself.
    bool isResource = false;
    int resource = -1;
    QString group;
    QString version;
    QByteArray plural;
    QByteArray nameSpace;
    QByteArray name;
    QByteArray subresource;
    bool watch = false;
};

ClusterApi::ClusterApi(int index, ClusterIdentity identity, ObjectStore& store, RequestStats& stats, FaultSource faults)
    : m_index(index)
    , m_identity(std::move(identity))
    , m_store(store)
    , m_stats(stats)
    , m_faults(std::move(faults))
    , m_discovery(
          store.catalog(), [this](int resource) { return isServed(resource); },
          [this](int resource) {
              return m_store.catalog().at(resource).origin != ResourceOrigin::Aggregated
                  || m_faults().metricsApiAvailable;
          })
{ }

bool ClusterApi::isServed(int resource) const
{
    const ResourceInfo& info = m_store.catalog().at(resource);
    return info.origin != ResourceOrigin::CustomResource || m_store.hasCustomResourceDefinition(info);
}

ApiResponse ClusterApi::handle(const ApiRequest& request)
{
    Route route;
    const qsizetype question = request.target.indexOf('?');
    route.path = question < 0 ? request.target : request.target.left(question);
    if (question >= 0) {
        for (const QByteArray& pair : request.target.mid(question + 1).split('&')) {
            const qsizetype equals = pair.indexOf('=');
            if (!pair.isEmpty())
                route.query.insert(decodeComponent(equals < 0 ? pair : pair.left(equals)),
                    equals < 0 ? QByteArray() : decodeComponent(pair.mid(equals + 1)));
        }
    }
    for (const QByteArray& segment : route.path.split('/')) {
        if (!segment.isEmpty())
            route.segments.append(QByteArray::fromPercentEncoding(segment));
    }

    // The admin endpoint is the simulator's own: never faulted, never counted.
    if (route.path == "/minato-sim/requests")
        return reply(200, m_stats.toJson());

    const ApiFaults& faults = m_faults();
    if (faults.unreachable) {
        ApiResponse dropped;
        dropped.dropConnection = true;
        return dropped;
    }
    // kube-state-metrics' endpoint, served on the same listener for the tests' Prometheus. It is
    // not the apiserver API, so like kube-state-metrics it needs no token; only this exact path
    // skips authentication, and it is not counted as an API request.
    if (route.path == "/metrics") {
        if (request.method != "GET" && request.method != "HEAD")
            return reply(405, "method not allowed\n", "text/plain; charset=utf-8");
        return reply(200, KubeStateMetrics::render(m_store), KubeStateMetrics::contentType());
    }
    ApiResponse response = this->route(request, route);
    m_stats.record(m_index, route.verb,
        route.pathTemplate.isEmpty() ? QString::fromUtf8(route.path) : route.pathTemplate, route.mutating);
    response.delayMs = faults.extraLatencyMs;
    return response;
}

ApiResponse ClusterApi::route(const ApiRequest& request, Route& route)
{
    const QList<QByteArray>& s = route.segments;
    const ResourceCatalog& catalog = m_store.catalog();

    // Work out the resource, if any, before anything can fail, so every request is counted
    // under its verb and path template.
    int rest = -1;
    if (s.size() >= 2 && s[0] == "api" && s[1] == "v1") {
        route.version = QStringLiteral("v1");
        rest = 2;
    } else if (s.size() >= 3 && s[0] == "apis") {
        route.group = QString::fromUtf8(s[1]);
        route.version = QString::fromUtf8(s[2]);
        rest = 3;
    }
    if (rest >= 0 && s.size() > rest) {
        route.isResource = true;
        QList<QByteArray> r = s.mid(rest);
        if (r.constFirst() == "watch") {
            route.watch = true;
            r.removeFirst();
        }
        if (r.size() >= 3 && r[0] == "namespaces"
            && catalog.indexOf(route.group, route.version, QString::fromUtf8(r[2])) >= 0) {
            route.nameSpace = r[1];
            r = r.mid(2);
        }
        if (!r.isEmpty()) {
            route.plural = r.value(0);
            route.name = r.value(1);
            route.subresource = r.mid(2).join('/');
        }
        route.resource = catalog.indexOf(route.group, route.version, QString::fromUtf8(route.plural));
        QString prefix = route.group.isEmpty() ? QStringLiteral("/api/v1")
                                               : QStringLiteral("/apis/%1/%2").arg(route.group, route.version);
        if (!route.nameSpace.isEmpty())
            prefix += QStringLiteral("/namespaces/{namespace}");
        route.pathTemplate = prefix + QLatin1Char('/') + QString::fromUtf8(route.plural);
        if (!route.name.isEmpty())
            route.pathTemplate += QStringLiteral("/{name}");
        if (!route.subresource.isEmpty())
            route.pathTemplate += QLatin1Char('/') + QString::fromUtf8(route.subresource);
        if (route.resource < 0)
            route.pathTemplate = QString::fromUtf8(route.path);
        route.watch = route.watch || isTrue(route.query.value("watch"));
    }
    const QByteArray& method = request.method;
    if (method == "GET" || method == "HEAD") {
        if (route.isResource)
            route.verb = route.name.isEmpty() ? (route.watch ? QStringLiteral("watch") : QStringLiteral("list"))
                                              : QStringLiteral("get");
    } else {
        route.mutating = method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
        if (method == "POST")
            route.verb = QStringLiteral("create");
        else if (method == "PUT")
            route.verb = QStringLiteral("update");
        else if (method == "PATCH")
            route.verb = QStringLiteral("patch");
        else if (method == "DELETE")
            route.verb = route.isResource && route.name.isEmpty() ? QStringLiteral("deletecollection")
                                                                  : QStringLiteral("delete");
        else
            route.verb = QString::fromLatin1(method).toLower();
    }

    // Authentication comes first, as in the apiserver's filter chain.
    const ApiFaults& faults = m_faults();
    if (request.authorization.isEmpty()) {
        if (!isPublicPath(route.path))
            return failure(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
    } else if (faults.tokenRevoked || request.authorization != "Bearer " + m_identity.token) {
        return failure(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
    }

    if (route.path == "/healthz" || route.path == "/livez" || route.path == "/readyz")
        return reply(200, "ok", "text/plain; charset=utf-8");

    if (faults.throttled) {
        ApiResponse response = failure(429, QStringLiteral("TooManyRequests"),
            QStringLiteral("Too many requests, please try again later."),
            QJsonObject { { QStringLiteral("retryAfterSeconds"), faults.retryAfterSeconds } });
        response.retryAfterSeconds = faults.retryAfterSeconds;
        return response;
    }

    if (route.mutating) {
        // minato-sim is a read-only fleet: anything that could change a cluster is refused here.
        return failure(405, QStringLiteral("MethodNotAllowed"),
            QStringLiteral("the server does not allow this method on the requested resource"),
            route.resource >= 0 ? resourceDetails(catalog.at(route.resource), route.name) : QJsonObject {});
    }
    if (method != "GET" && method != "HEAD")
        return failure(405, QStringLiteral("MethodNotAllowed"),
            QStringLiteral("the server does not allow this method on the requested resource"));

    if (route.isResource)
        return resourceRequest(request, route);

    const QByteArray& path = route.path;
    if (path == "/version")
        return version();
    const bool aggregatedDiscovery = request.accept.contains("as=APIGroupDiscoveryList");
    const QByteArray discoveryVersion = request.accept.contains("v=v2;") || request.accept.endsWith("v=v2")
        ? "apidiscovery.k8s.io/v2"
        : "apidiscovery.k8s.io/v2beta1";
    const QByteArray discoveryType = "application/json;g=apidiscovery.k8s.io;v="
        + discoveryVersion.mid(discoveryVersion.indexOf('/') + 1) + ";as=APIGroupDiscoveryList";
    if (path == "/api" || path == "/api/") {
        if (aggregatedDiscovery)
            return reply(200, m_discovery.aggregated(true, discoveryVersion), discoveryType);
        return reply(200, m_discovery.apiVersions(m_serverAddress));
    }
    if (path == "/apis" || path == "/apis/") {
        if (aggregatedDiscovery)
            return reply(200, m_discovery.aggregated(false, discoveryVersion), discoveryType);
        return reply(200, m_discovery.groupList());
    }
    if (s.size() == 2 && s[0] == "api" && s[1] == "v1")
        return reply(200, m_discovery.resourceList({}, QStringLiteral("v1")));
    if (s.size() == 2 && s[0] == "apis") {
        const QByteArray body = m_discovery.group(route.group.isEmpty() ? QString::fromUtf8(s[1]) : route.group);
        return body.isEmpty() ? pageNotFound() : reply(200, body);
    }
    if (s.size() == 3 && s[0] == "apis") {
        if (route.group == QLatin1String("metrics.k8s.io") && !faults.metricsApiAvailable)
            return failure(503, QStringLiteral("ServiceUnavailable"),
                QStringLiteral("the server is currently unable to handle the request"));
        const QByteArray body = m_discovery.resourceList(route.group, route.version);
        if (body.isEmpty())
            return notFound(route);
        return reply(200, body);
    }
    if (path == "/openapi/v2") {
        // client-go asks for protobuf first and falls back only on 406, 403 or 404.
        if (!request.accept.isEmpty() && !request.accept.contains("application/json")
            && !request.accept.contains("*/*"))
            return failure(406, QStringLiteral("NotAcceptable"),
                QStringLiteral("only the following media types are accepted: application/json"));
        return reply(200, ApiDocuments::openApiV2());
    }
    if (path == "/" || path.isEmpty()) {
        QJsonArray paths { QStringLiteral("/api"), QStringLiteral("/api/v1"), QStringLiteral("/apis") };
        for (const QString& group : catalog.groups()) {
            if (!group.isEmpty())
                paths.append(QString(QStringLiteral("/apis/") + group));
        }
        for (const char* other : { "/healthz", "/livez", "/openapi/v2", "/readyz", "/version" })
            paths.append(QString::fromLatin1(other));
        return reply(200, QJsonDocument(QJsonObject { { QStringLiteral("paths"), paths } }).toJson());
    }
    return reply(404, ApiStatus::notFoundPath());
}

// A group the server does not serve has no API handler at all: the request falls through to
// Go's NotFound (text/plain). Under /api or a served group, the handler answers with a Status.
ApiResponse ClusterApi::notFound(const Route& route) const
{
    if (!route.group.isEmpty() && m_discovery.group(route.group).isEmpty())
        return pageNotFound();
    return reply(404, ApiStatus::notFoundPath());
}

ApiResponse ClusterApi::version() const
{
    if (!m_identity.versionInfo.isEmpty())
        return reply(200, ApiStatus::versionInfo(m_identity.versionInfo));
    QString git = m_identity.gitVersion.isEmpty() ? QStringLiteral("v1.29.4") : m_identity.gitVersion;
    const QStringList parts = git.mid(git.startsWith(QLatin1Char('v')) ? 1 : 0).split(QLatin1Char('.'));
    const QJsonObject info { { QStringLiteral("major"), parts.value(0) }, { QStringLiteral("minor"), parts.value(1) },
        { QStringLiteral("gitVersion"), git },
        { QStringLiteral("gitCommit"), QStringLiteral("0000000000000000000000000000000000000000") },
        { QStringLiteral("gitTreeState"), QStringLiteral("clean") },
        { QStringLiteral("buildDate"), QStringLiteral("2024-01-01T00:00:00Z") },
        { QStringLiteral("goVersion"), QStringLiteral("go1.22.2") },
        { QStringLiteral("compiler"), QStringLiteral("gc") },
        { QStringLiteral("platform"), QStringLiteral("linux/amd64") } };
    return reply(200, ApiStatus::versionInfo(info));
}

ApiResponse ClusterApi::forbidden(const Route& route) const
{
    const ResourceInfo& info = m_store.catalog().at(route.resource);
    QString subject = info.plural;
    if (!route.name.isEmpty())
        subject += QStringLiteral(" \"%1\"").arg(QString::fromUtf8(route.name));
    const QString scope = route.nameSpace.isEmpty()
        ? QStringLiteral("at the cluster scope")
        : QStringLiteral("in the namespace \"%1\"").arg(QString::fromUtf8(route.nameSpace));
    const QString message
        = QStringLiteral("%1 is forbidden: User \"%2\" cannot %3 resource \"%4\" in API group \"%5\" %6")
              .arg(subject, m_identity.userName, route.verb, info.plural, info.group, scope);
    return failure(403, QStringLiteral("Forbidden"), message, resourceDetails(info, route.name));
}

ApiResponse ClusterApi::resourceRequest(const ApiRequest& request, const Route& route)
{
    const ResourceCatalog& catalog = m_store.catalog();
    const bool groupServed = route.group.isEmpty() || !m_discovery.resourceList(route.group, route.version).isEmpty();
    if (route.group == QLatin1String("metrics.k8s.io") && route.version == QLatin1String("v1beta1")
        && !m_faults().metricsApiAvailable)
        return failure(503, QStringLiteral("ServiceUnavailable"),
            QStringLiteral("the server is currently unable to handle the request"));
    if (route.resource < 0 || !groupServed || !isServed(route.resource))
        return notFound(route);
    const ResourceInfo& info = catalog.at(route.resource);
    // A namespaced object is only addressable inside its namespace; a cluster-scoped one never is.
    if (info.namespaced ? route.nameSpace.isEmpty() && !route.name.isEmpty() : !route.nameSpace.isEmpty())
        return reply(404, ApiStatus::notFoundPath());
    if (m_faults().forbiddenResources.contains(info.key()))
        return forbidden(route);
    if (!route.subresource.isEmpty() && route.subresource != "status")
        return reply(404, ApiStatus::notFoundPath());
    if (!info.verbs.contains(route.verb))
        return failure(405, QStringLiteral("MethodNotAllowed"),
            QStringLiteral("the server does not allow this method on the requested resource"),
            resourceDetails(info, route.name));
    if (!route.name.isEmpty())
        return get(request, route);
    if (route.watch)
        return watch(request, route);
    return list(request, route);
}

ApiResponse ClusterApi::get(const ApiRequest& request, const Route& route)
{
    const ResourceInfo& info = m_store.catalog().at(route.resource);
    const ObjectPtr object = m_store.get(route.resource, route.nameSpace, route.name);
    if (!object) {
        const QString what = info.group.isEmpty() ? info.plural : info.plural + QLatin1Char('.') + info.group;
        return failure(404, QStringLiteral("NotFound"),
            QStringLiteral("%1 \"%2\" not found").arg(what, QString::fromUtf8(route.name)),
            resourceDetails(info, route.name));
    }
    const QByteArray table = TableWriter::negotiate(request.accept);
    if (!table.isEmpty())
        return reply(
            200, TableWriter(m_store, route.resource, table, route.query.value("includeObject")).single(object), table);
    return reply(200, m_store.catalog().typePrefix(route.resource) + object->body.mid(1));
}

ApiResponse ClusterApi::list(const ApiRequest& request, const Route& route)
{
    CollectionRequest collection(m_store, route.resource, route.nameSpace, route.query);
    const QByteArray table = TableWriter::negotiate(request.accept);
    if (table.isEmpty())
        return collection.list();
    const auto writer
        = std::make_shared<TableWriter>(m_store, route.resource, table, route.query.value("includeObject"));
    collection.setListEncoder(
        [writer](const QList<ObjectPtr>& items, const QByteArray& listMeta) { return writer->list(items, listMeta); });
    ApiResponse response = collection.list();
    if (response.status == 200)
        response.contentType = table;
    return response;
}

ApiResponse ClusterApi::watch(const ApiRequest& request, const Route& route)
{
    CollectionRequest collection(m_store, route.resource, route.nameSpace, route.query);
    const QByteArray table = TableWriter::negotiate(request.accept);
    if (!table.isEmpty()) {
        // Each event's object becomes a one-row Table, as the apiserver does for kubectl get -w.
        const auto writer
            = std::make_shared<TableWriter>(m_store, route.resource, table, route.query.value("includeObject"));
        collection.setObjectEncoder([writer](const ObjectPtr& object) { return writer->single(object); });
    }
    return collection.watch();
}

} // namespace minato::sim
