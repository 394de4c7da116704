// SPDX-License-Identifier: Apache-2.0
// The same client checks against minato-sim and, when MINATO_REALK8S_DIR names a running
// tests/realk8s fleet, against a genuine kube-apiserver 1.20: response headers, Status bodies
// (404, 403, 401, 410, 400, 504) byte for byte, list metadata, discovery documents, /version,
// watch framing and bookmarks, and 410 Expired after a compaction. Whatever differs either
// was corrected in models/sim or is listed in tests/realk8s/README.md with the reason.
#include "../realk8s/realfleet.h"
#include "../unit/simtestclient.h"
#include "../unit/simtestdriver.h"
#include "../unit/simtestfleet.h"

#include "sim/objectsink.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>

#include <functional>

using namespace minato::sim;
using namespace Qt::StringLiterals;

namespace {

const QString ConfigMaps = u"configmaps"_s;

// One API server as the checks see it.
struct WireTarget
{
    quint16 port = 0;
    QByteArray ca;
    QByteArray reader; // may list everything
    QByteArray limited; // forbidden to list pods cluster-wide
    quint16 limitedPort = 0;
    bool bookmarksWithin3s = false; // the sim's interval is shortened; 1.20 sent none in 75 s
    // The compaction checks: a server (no watch cache in front of etcd), its reader token, and a
    // way to make `before` (a resourceVersion and a continue token taken before) expire.
    quint16 expiryPort = 0;
    QByteArray expiryCa;
    QByteArray expiryToken;
    std::function<void()> compact;
};

// What kube-apiserver 1.20 answers, byte for byte (trailing newline aside).
const QByteArray MissingConfigMap = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
                                    R"("message":"configmaps \"minato-nope\" not found","reason":"NotFound",)"
                                    R"("details":{"name":"minato-nope","kind":"configmaps"},"code":404})";
const QByteArray Unauthorized = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
                                R"("message":"Unauthorized","reason":"Unauthorized","code":401})";
const QByteArray ListTooOld
    = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
      R"("message":"The resourceVersion for the provided list is too old.","reason":"Expired","code":410})";
const QByteArray NotFoundPath = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
                                R"("message":"the server could not find the requested resource",)"
                                R"("reason":"NotFound","details":{},"code":404})";
const QString ForbiddenPattern
    = uR"(^\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Failure","message":"pods is forbidden: )"
      uR"(User \\"[^"\\]+\\" cannot list resource \\"pods\\" in API group \\"\\" at the cluster scope",)"
      uR"("reason":"Forbidden","details":\{"kind":"pods"\},"code":403\}$)"_s;
const QString TooLargePattern
    = uR"(^\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Failure",)"
      uR"("message":"Timeout: Too large resource version: 999999999, current: \d+",)"
      uR"("reason":"Timeout","details":\{"causes":\[\{"reason":"ResourceVersionTooLarge",)"
      uR"("message":"Too large resource version"\}\],"retryAfterSeconds":1\},"code":504\}$)"_s;
const QByteArray ZeroVersionContinue = R"({"v":"meta.k8s.io/v1","rv":0,"start":"a"})";

void seedCluster(ObjectSink& sink)
{
    for (const char* ns : { "default", "kube-system", "kube-public", "shop", "web" })
        sink.put(u"namespaces"_s, SimTestDriver::clusterObject(u"v1"_s, u"Namespace"_s, QString::fromLatin1(ns)));
    sink.put(u"pods"_s, SimTestDriver::pod(u"shop"_s, u"web-1"_s));
}

QJsonObject configMap(const QString& name)
{
    return QJsonObject { { u"apiVersion"_s, u"v1"_s }, { u"kind"_s, u"ConfigMap"_s },
        { u"metadata"_s, QJsonObject { { u"name"_s, name }, { u"namespace"_s, u"default"_s } } } };
}

bool isUuid(const QByteArray& text)
{
    return !QUuid::fromString(QString::fromLatin1(text)).isNull();
}

// Keys of a JSON object in the order the body has them (QJsonObject would sort them).
QStringList topLevelKeys(const QByteArray& body)
{
    QStringList keys;
    int depth = 0;
    bool inString = false;
    qsizetype start = -1;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"') {
                inString = false;
                if (depth == 1 && start >= 0) {
                    qsizetype j = i + 1;
                    while (j < body.size() && (body.at(j) == ' ' || body.at(j) == '\n'))
                        ++j;
                    if (j < body.size() && body.at(j) == ':')
                        keys << QString::fromUtf8(body.mid(start, i - start));
                }
                start = -1;
            }
        } else if (c == '"') {
            inString = true;
            start = i + 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return keys;
}

} // namespace

class TestApiWireFidelity : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimTestFleet> m_sim;
    std::optional<RealFleet> m_real;
    QHash<QString, WireTarget> m_targets;

    WireTarget target()
    {
        QFETCH_GLOBAL(QString, server);
        return m_targets.value(server);
    }
    SimTestClient client(const WireTarget& t, const QByteArray& token) const
    {
        return SimTestClient(t.port, t.ca, token);
    }
    SimTestClient limited(const WireTarget& t) const { return SimTestClient(t.limitedPort, t.ca, t.limited); }

    WireTarget simTarget()
    {
        FleetOptions options = SimTestFleet::defaults();
        options.bookmarkInterval = std::chrono::milliseconds(1000);
        options.limits.maxEventsPerResource = 5; // a few writes compact history, as etcd compaction does
        m_sim = std::make_unique<SimTestFleet>(QList<SimTestDriver::Writer> { seedCluster, seedCluster }, options);
        m_sim->setFaults([](ApiFaults& faults) { faults.forbiddenResources = { u"pods"_s }; }, 1);
        const FleetInfo& info = m_sim->info();
        WireTarget t;
        t.port = info.clusters[0].port;
        t.ca = info.caCertificate;
        t.reader = info.clusters[0].token;
        // The second cluster stands in for the limited user: same CA, pods forbidden.
        t.limited = info.clusters[1].token;
        t.limitedPort = info.clusters[1].port;
        t.bookmarksWithin3s = true;
        t.expiryPort = t.port;
        t.expiryCa = t.ca;
        t.expiryToken = t.reader;
        t.compact = [this] {
            m_sim->change([](ObjectStore& store) {
                for (int i = 0; i < 8; ++i) {
                    store.put(ConfigMaps, configMap(u"churn-%1"_s.arg(i)));
                    store.put(
                        u"namespaces"_s, SimTestDriver::clusterObject(u"v1"_s, u"Namespace"_s, u"churn-%1"_s.arg(i)));
                }
            });
        };
        return t;
    }

    static QByteArray fileText(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // tokens.csv: token,user,uid,"groups"
    static QByteArray tokenOf(const QString& tokensCsv, const QByteArray& user)
    {
        for (const QByteArray& line : fileText(tokensCsv).split('\n')) {
            const QList<QByteArray> fields = line.split(',');
            if (fields.size() >= 2 && fields.at(1) == user)
                return fields.at(0);
        }
        return {};
    }

    WireTarget realTarget()
    {
        const RealFleet& fleet = *m_real;
        WireTarget t;
        t.port = quint16(fleet.value(u"TOKEN_PORT"_s).toUInt());
        t.ca = fileText(fleet.value(u"TOKEN_CA"_s));
        const QString tokens = fleet.path(u"token/tokens.csv"_s);
        t.reader = tokenOf(tokens, fleet.value(u"USER_TOKEN"_s).toLatin1());
        t.limited = tokenOf(tokens, fleet.value(u"USER_LIMITED"_s).toLatin1());
        t.limitedPort = t.port;
        // exec runs without the watch cache, so its watches reach etcd and meet the compaction.
        t.expiryPort = quint16(fleet.value(u"EXEC_PORT"_s).toUInt());
        t.expiryToken = fleet.value(u"EXEC_ADMIN_TOKEN"_s).toLatin1();
        t.compact = [this] {
            const QString name = u"wirefidelity-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());
            // Two writes: a watch from X starts at X + 1, which a compaction at X + 1 keeps.
            QVERIFY(m_real->admin(u"exec"_s, { u"-n"_s, u"default"_s, u"create"_s, u"configmap"_s, name }).ok());
            QVERIFY(m_real->admin(u"exec"_s, { u"-n"_s, u"default"_s, u"delete"_s, u"configmap"_s, name }).ok());
            const RealFleet::Result compact = m_real->fleetScript(u"compact"_s, { u"exec"_s });
            QVERIFY2(compact.ok(), compact.err.constData());
        };
        t.expiryCa = fileText(fleet.value(u"EXEC_CA"_s));
        return t;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_targets.insert(u"minato-sim"_s, simTarget());
        m_real = RealFleet::fromEnvironment();
        if (m_real)
            m_targets.insert(u"kube-apiserver-1.20"_s, realTarget());
        for (const WireTarget& t : std::as_const(m_targets))
            QVERIFY(t.port && !t.ca.isEmpty() && !t.reader.isEmpty() && !t.limited.isEmpty());
        qInfo("servers checked: %s", qPrintable(m_targets.keys().join(u", "_s)));
    }

    void initTestCase_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("minato-sim") << u"minato-sim"_s;
        if (!qEnvironmentVariableIsEmpty("MINATO_REALK8S_DIR"))
            QTest::newRow("kube-apiserver-1.20") << u"kube-apiserver-1.20"_s;
    }

    // Every non-watch answer: JSON, no caching, an audit id, the APF headers once authenticated.
    void responseHeaders()
    {
        const WireTarget t = target();
        const auto list = client(t, t.reader).get("/api/v1/namespaces?limit=1");
        QCOMPARE(list.status, 200);
        QCOMPARE(list.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(list.headers.value("cache-control"), QByteArray("no-cache, private"));
        QVERIFY2(isUuid(list.headers.value("audit-id")), list.headers.value("audit-id").constData());
        QVERIFY(isUuid(list.headers.value("x-kubernetes-pf-flowschema-uid")));
        QVERIFY(isUuid(list.headers.value("x-kubernetes-pf-prioritylevel-uid")));
        QVERIFY(QLocale::c()
                    .toDateTime(QString::fromLatin1(list.headers.value("date")), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
                    .isValid());
        QVERIFY(!list.headers.contains("x-content-type-options"));

        const auto refused = client(t, "not-a-token").get("/api/v1/namespaces");
        QCOMPARE(refused.status, 401);
        QVERIFY(isUuid(refused.headers.value("audit-id")));
        QVERIFY(!refused.headers.contains("x-kubernetes-pf-flowschema-uid")); // answered before APF

        const auto forbidden = limited(t).get("/api/v1/pods");
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(forbidden.headers.value("x-content-type-options"), QByteArray("nosniff"));
        QVERIFY(isUuid(forbidden.headers.value("x-kubernetes-pf-flowschema-uid")));
    }

    // metav1.Status bodies byte for byte (Go field order, details only where the server sets them).
    void statusBodies()
    {
        const WireTarget t = target();
        const auto missing = client(t, t.reader).get("/api/v1/namespaces/default/configmaps/minato-nope");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body.trimmed(), MissingConfigMap);

        const auto refused = client(t, "not-a-token").get("/api/v1/namespaces");
        QCOMPARE(refused.body.trimmed(), Unauthorized);

        const auto forbidden = limited(t).get("/api/v1/pods");
        static const QRegularExpression message(ForbiddenPattern);
        QVERIFY2(message.match(QString::fromUtf8(forbidden.body.trimmed())).hasMatch(), forbidden.body.constData());
    }

    // Under /api and served groups a Status; a group nobody serves falls through to Go's
    // text/plain NotFound.
    void notFoundShapes()
    {
        const WireTarget t = target();
        SimTestClient c = client(t, t.reader);
        for (const char* path : { "/api/v1/nosuchthings", "/apis/apps/v9", "/apis/apps/v1/nosuchthings" }) {
            const auto r = c.get(path);
            QCOMPARE(r.status, 404);
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            QCOMPARE(r.body.trimmed(), NotFoundPath);
        }
        for (const char* path :
            { "/apis/nosuch.example.com/v1", "/apis/nosuch.example.com/v1/things", "/apis/nosuch.example.com" }) {
            const auto r = c.get(path);
            QCOMPARE(r.status, 404);
            QCOMPARE(r.headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
            QCOMPARE(r.body, QByteArray("404 page not found\n"));
        }
    }

    void listMetadataAndPaging()
    {
        const WireTarget t = target();
        SimTestClient c = client(t, t.reader);
        const qsizetype total = c.get("/api/v1/namespaces").json().value(u"items").toArray().size();
        QVERIFY(total >= 3);
        const auto first = c.get("/api/v1/namespaces?limit=1");
        QCOMPARE(topLevelKeys(first.body), QStringList({ u"kind"_s, u"apiVersion"_s, u"metadata"_s, u"items"_s }));
        const QJsonObject list = first.json();
        QCOMPARE(list.value(u"kind").toString(), u"NamespaceList"_s);
        const QJsonObject meta = list.value(u"metadata").toObject();
        QCOMPARE(meta.keys(), QStringList({ u"continue"_s, u"remainingItemCount"_s, u"resourceVersion"_s }));
        bool numeric = false;
        meta.value(u"resourceVersion").toString().toULongLong(&numeric);
        QVERIFY(numeric);
        QCOMPARE(meta.value(u"remainingItemCount").toInteger(), total - 1);
        const QJsonObject item = list.value(u"items").toArray().first().toObject();
        QVERIFY(!item.contains(u"kind") && !item.contains(u"apiVersion")); // items carry no TypeMeta
        const auto rest
            = c.get("/api/v1/namespaces?limit=500&continue=" + meta.value(u"continue").toString().toLatin1());
        QCOMPARE(rest.status, 200);
        QCOMPARE(rest.json().value(u"items").toArray().size(), total - 1);
        QCOMPARE(rest.json().value(u"metadata").toObject().keys(), QStringList({ u"resourceVersion"_s }));
    }

    void discoveryDocuments()
    {
        const WireTarget t = target();
        SimTestClient c = client(t, t.reader);
        const auto api = c.get("/api");
        QCOMPARE(api.json(),
            QJsonObject({ { u"kind"_s, u"APIVersions"_s }, { u"versions"_s, QJsonArray { u"v1"_s } },
                { u"serverAddressByClientCIDRs"_s,
                    QJsonArray { QJsonObject { { u"clientCIDR"_s, u"0.0.0.0/0"_s },
                        { u"serverAddress"_s, u"127.0.0.1:%1"_s.arg(t.port) } } } } }));

        const QJsonObject groups = c.get("/apis").json();
        QCOMPARE(groups.value(u"kind").toString(), u"APIGroupList"_s);
        QCOMPARE(groups.value(u"apiVersion").toString(), u"v1"_s);
        QStringList names;
        for (const QJsonValue& g : groups.value(u"groups").toArray()) {
            const QJsonObject group = g.toObject();
            QCOMPARE(group.keys(), QStringList({ u"name"_s, u"preferredVersion"_s, u"versions"_s }));
            names << group.value(u"name").toString();
            QJsonArray versions = group.value(u"versions").toArray();
            QVERIFY(!versions.isEmpty());
            for (const QJsonValue& v : versions)
                QCOMPARE(v.toObject().value(u"groupVersion").toString(),
                    names.last() + u'/' + v.toObject().value(u"version").toString());
            QVERIFY(versions.contains(group.value(u"preferredVersion")));
        }
        for (const QString& expected : { u"apps"_s, u"events.k8s.io"_s, u"autoscaling"_s, u"apiregistration.k8s.io"_s })
            QVERIFY2(names.contains(expected), qPrintable(expected));

        const QJsonObject apps = c.get("/apis/apps").json();
        QCOMPARE(apps.value(u"kind").toString(), u"APIGroup"_s);
        QCOMPARE(apps.value(u"apiVersion").toString(), u"v1"_s);
        QCOMPARE(apps.value(u"preferredVersion").toObject().value(u"groupVersion").toString(), u"apps/v1"_s);

        for (const char* path : { "/apis/apps/v1", "/api/v1" }) {
            const QJsonObject resources = c.get(path).json();
            QCOMPARE(resources.value(u"kind").toString(), u"APIResourceList"_s);
            // The core group's list has no apiVersion; the others have "v1".
            QCOMPARE(resources.contains(u"apiVersion"), QByteArray(path).startsWith("/apis/"));
            QCOMPARE(resources.value(u"groupVersion").toString(), QString::fromLatin1(path).section(u'/', 2));
            QHash<QString, QJsonObject> byName;
            for (const QJsonValue& r : resources.value(u"resources").toArray()) {
                const QJsonObject resource = r.toObject();
                for (const char* key : { "name", "singularName", "namespaced", "kind", "verbs" })
                    QVERIFY2(resource.contains(QLatin1StringView(key)), key);
                byName.insert(resource.value(u"name").toString(), resource);
            }
            // Subresources follow their resource, with the kind they answer with.
            const QStringList subresources = QByteArray(path).startsWith("/apis/")
                ? QStringList { u"deployments/status"_s, u"deployments/scale"_s, u"statefulsets/scale"_s }
                : QStringList { u"pods/status"_s, u"pods/log"_s, u"pods/eviction"_s, u"nodes/status"_s };
            for (const QString& name : subresources) {
                QVERIFY2(byName.contains(name), qPrintable(name));
                QCOMPARE(byName.value(name).value(u"singularName").toString(), QString());
            }
        }
        const QJsonObject scale = [&] {
            for (const QJsonValue& r : c.get("/apis/apps/v1").json().value(u"resources").toArray())
                if (r.toObject().value(u"name").toString() == u"deployments/scale"_s)
                    return r.toObject();
            return QJsonObject();
        }();
        QCOMPARE(scale.value(u"group").toString(), u"autoscaling"_s);
        QCOMPARE(scale.value(u"version").toString(), u"v1"_s);
        QCOMPARE(scale.value(u"kind").toString(), u"Scale"_s);
    }

    // json.MarshalIndent of version.Info: Go field order, two-space indent.
    void versionDocument()
    {
        const WireTarget t = target();
        const auto version = client(t, t.reader).get("/version");
        QCOMPARE(version.status, 200);
        QVERIFY2(version.body.startsWith("{\n  \"major\": \""), version.body.constData());
        QCOMPARE(topLevelKeys(version.body),
            QStringList({ u"major"_s, u"minor"_s, u"gitVersion"_s, u"gitCommit"_s, u"gitTreeState"_s, u"buildDate"_s,
                u"goVersion"_s, u"compiler"_s, u"platform"_s }));
    }

    // One JSON object per line, never split across chunks; ADDED objects carry kind and
    // apiVersion; a BOOKMARK carries nothing but its resourceVersion; the server ends the
    // chunked body at timeoutSeconds.
    void watchFramingAndBookmarks()
    {
        const WireTarget t = target();
        SimTestClient c = client(t, t.reader);
        const qsizetype total = c.get("/api/v1/namespaces").json().value(u"items").toArray().size();
        auto watch = c.watch("/api/v1/namespaces?watch=1&allowWatchBookmarks=true&timeoutSeconds=3");
        QCOMPARE(watch->status(), 200);
        int added = 0;
        int bookmarks = 0;
        for (QJsonObject event = watch->next(); !event.isEmpty(); event = watch->next()) {
            const QString type = event.value(u"type").toString();
            const QJsonObject object = event.value(u"object").toObject();
            QCOMPARE(event.keys(), QStringList({ u"object"_s, u"type"_s }));
            QCOMPARE(object.value(u"kind").toString(), u"Namespace"_s);
            QCOMPARE(object.value(u"apiVersion").toString(), u"v1"_s);
            if (type == u"BOOKMARK"_s) {
                ++bookmarks;
                QCOMPARE(object.keys(), QStringList({ u"apiVersion"_s, u"kind"_s, u"metadata"_s }));
                QCOMPARE(object.value(u"metadata").toObject().keys(), QStringList({ u"resourceVersion"_s }));
            } else {
                QCOMPARE(type, u"ADDED"_s);
                ++added;
            }
        }
        QVERIFY(watch->ended());
        QCOMPARE(added, total);
        qInfo("%d ADDED, %d BOOKMARK", added, bookmarks);
        if (t.bookmarksWithin3s)
            QVERIFY(bookmarks > 0);
        const QByteArray raw = watch->rawChunks();
        QVERIFY(raw.endsWith('\n'));
        for (const QByteArray& line : raw.split('\n')) {
            if (!line.isEmpty())
                QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        }
    }

    void expiredAfterCompaction()
    {
        const WireTarget t = target();
        SimTestClient c(t.expiryPort, t.expiryCa, t.expiryToken);
        const QByteArray before = c.get("/api/v1/namespaces/default/configmaps")
                                      .json()
                                      .value(u"metadata")
                                      .toObject()
                                      .value(u"resourceVersion")
                                      .toString()
                                      .toLatin1();
        const QByteArray token = c.get("/api/v1/namespaces?limit=1")
                                     .json()
                                     .value(u"metadata")
                                     .toObject()
                                     .value(u"continue")
                                     .toString()
                                     .toLatin1();
        QVERIFY(!before.isEmpty() && !token.isEmpty());
        t.compact();

        auto watch = c.watch("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=" + before);
        QCOMPARE(watch->status(), 200);
        const QJsonObject error = watch->next();
        QCOMPARE(error.value(u"type").toString(), u"ERROR"_s);
        const QJsonObject status = error.value(u"object").toObject();
        QCOMPARE(status.value(u"kind").toString(), u"Status"_s);
        QCOMPARE(status.value(u"code").toInt(), 410);
        QCOMPARE(status.value(u"reason").toString(), u"Expired"_s);
        // etcd's wording (1.20 without the watch cache) or the watch cache's.
        const QString message = status.value(u"message").toString();
        QVERIFY2(message == u"The resourceVersion for the provided watch is too old."_s
                || message.startsWith(u"too old resource version: "_s + QString::fromLatin1(before)),
            qPrintable(message));
        QVERIFY(watch->next(std::chrono::seconds(5)).isEmpty());
        QVERIFY(watch->ended());

        const auto exact
            = c.get("/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact&resourceVersion=" + before);
        QCOMPARE(exact.status, 410);
        QCOMPARE(exact.body.trimmed(), ListTooOld);

        const auto stale = c.get("/api/v1/namespaces?limit=1&continue=" + token);
        QCOMPARE(stale.status, 410);
        QVERIFY(!stale.json().value(u"metadata").toObject().value(u"continue").toString().isEmpty());
        QVERIFY(stale.json()
                    .value(u"message")
                    .toString()
                    .startsWith(u"The provided continue parameter is too old to display a consistent list result."_s));
    }

    void resourceVersionErrors()
    {
        const WireTarget t = target();
        SimTestClient c = client(t, t.reader);
        const auto future = c.get("/api/v1/namespaces?resourceVersion=999999999");
        QCOMPARE(future.status, 504);
        const QString body = QString::fromUtf8(future.body.trimmed());
        static const QRegularExpression tooLarge(TooLargePattern);
        QVERIFY2(tooLarge.match(body).hasMatch(), qPrintable(body));

        const QByteArray zero
            = ZeroVersionContinue.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const auto invalid = c.get("/api/v1/namespaces?limit=1&continue=" + zero);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(invalid.json().value(u"reason").toString(), u"BadRequest"_s);
        QCOMPARE(invalid.json().value(u"message").toString(),
            u"invalid continue token: continue key is not valid: incorrect encoded start resourceVersion "
            "(version meta.k8s.io/v1)"_s);
    }
};

QTEST_GUILESS_MAIN(TestApiWireFidelity)
#include "tst_apiwirefidelity.moc"
