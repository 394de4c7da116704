// SPDX-License-Identifier: Apache-2.0
#include "kube/apiclient.h"
#include "kube/curltransfer.h"
#include "kube/readonlyguard.h"

#include "testhttpresponder.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

const QString Ssar = QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
const QString Ssrr = QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");

// Every verb kubectl or a proxy could send, plus spellings that must not sneak through.
const QList<QByteArray> Methods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
    "get", "post", "Get", "GET ", " GET", "GET\r\n", "POST\r\nX: y", "", "WATCH", "LIST", "DELETECOLLECTION" };

struct PathCase
{
    const char* name;
    QString path;
    bool getAllowed;
    bool postAllowed;
};

QList<PathCase> pathCases()
{
    return {
        { "core-list", QStringLiteral("/api/v1/pods"), true, false },
        { "namespaced-list", QStringLiteral("/api/v1/namespaces/default/pods"), true, false },
        { "object", QStringLiteral("/apis/apps/v1/namespaces/web/deployments/frontend"), true, false },
        { "scale-subresource", QStringLiteral("/apis/apps/v1/namespaces/web/deployments/frontend/scale"), true, false },
        { "status-subresource", QStringLiteral("/api/v1/namespaces/web/pods/p/status"), true, false },
        { "log-subresource", QStringLiteral("/api/v1/namespaces/web/pods/p/log"), true, false },
        { "namespace-named-proxy", QStringLiteral("/api/v1/namespaces/proxy/pods"), true, false },
        { "pod-named-exec", QStringLiteral("/api/v1/namespaces/web/pods/exec"), true, false },
        { "version", QStringLiteral("/version"), true, false },
        { "discovery", QStringLiteral("/apis"), true, false },
        { "openapi", QStringLiteral("/openapi/v3/apis/apps/v1"), true, false },
        { "escaped-name", QStringLiteral("/api/v1/namespaces/web/configmaps/a%3Ab"), true, false },
        { "ssar", Ssar, true, true },
        { "ssrr", Ssrr, true, true },
        { "ssar-trailing-slash", Ssar + QLatin1Char('/'), true, false },
        { "ssar-named", Ssar + QStringLiteral("/x"), true, false },
        { "ssar-v1beta1", QStringLiteral("/apis/authorization.k8s.io/v1beta1/selfsubjectaccessreviews"), true, false },
        { "subjectaccessreviews", QStringLiteral("/apis/authorization.k8s.io/v1/subjectaccessreviews"), true, false },
        { "tokenreviews", QStringLiteral("/apis/authentication.k8s.io/v1/tokenreviews"), true, false },
        { "pods-collection", QStringLiteral("/api/v1/namespaces/web/pods"), true, false },
        { "ssar-dotdot", QStringLiteral("/apis/authorization.k8s.io/v1/../v1/selfsubjectaccessreviews"), false, false },
        { "pod-exec", QStringLiteral("/api/v1/namespaces/web/pods/p/exec"), false, false },
        { "pod-attach", QStringLiteral("/api/v1/namespaces/web/pods/p/attach"), false, false },
        { "pod-portforward", QStringLiteral("/api/v1/namespaces/web/pods/p/portforward"), false, false },
        { "pod-proxy", QStringLiteral("/api/v1/namespaces/web/pods/p/proxy/admin"), false, false },
        { "service-proxy", QStringLiteral("/api/v1/namespaces/web/services/s/proxy"), false, false },
        { "prometheus-query-range",
            QStringLiteral("/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy/api/v1/query_range"), true,
            false },
        { "prometheus-query", QStringLiteral("/api/v1/namespaces/monitoring/services/prom/proxy/api/v1/query"), true,
            false },
        { "prometheus-admin", QStringLiteral("/api/v1/namespaces/monitoring/services/prom/proxy/api/v1/admin/tsdb/snapshot"),
            false, false },
        { "prometheus-query-deeper",
            QStringLiteral("/api/v1/namespaces/monitoring/services/prom/proxy/api/v1/query_range/x"), false, false },
        { "pod-proxy-query", QStringLiteral("/api/v1/namespaces/monitoring/pods/prom/proxy/api/v1/query"), false, false },
        { "prometheus-query-dotdot",
            QStringLiteral("/api/v1/namespaces/monitoring/services/prom/proxy/api/v1/../../../../pods/p/exec"), false,
            false },
        { "node-proxy", QStringLiteral("/api/v1/nodes/n1/proxy/configz"), false, false },
        { "legacy-proxy", QStringLiteral("/api/v1/proxy/namespaces/web/pods/p"), false, false },
        { "escaped-exec", QStringLiteral("/api/v1/namespaces/web/pods/p/%65xec"), false, false },
        { "dotdot", QStringLiteral("/api/v1/../../etc"), false, false },
        { "escaped-dotdot", QStringLiteral("/api/v1/%2e%2e/x"), false, false },
        { "escaped-slash", QStringLiteral("/api/v1/namespaces/a%2Fb/pods"), false, false },
        { "bad-escape", QStringLiteral("/api/v1/pods%zz"), false, false },
        { "query-in-path", QStringLiteral("/api/v1/pods?watch=1"), false, false },
        { "fragment", QStringLiteral("/api/v1/pods#x"), false, false },
        { "crlf", QStringLiteral("/api/v1/pods\r\nX-Evil: 1"), false, false },
        { "space", QStringLiteral("/api/v1/pods HTTP/1.1"), false, false },
        { "relative", QStringLiteral("api/v1/pods"), false, false },
        { "absolute-url", QStringLiteral("https://evil.example/api"), false, false },
        { "empty", QString(), false, false },
        { "non-ascii", QStringLiteral("/api/v1/namespaces/\u00e9/pods"), false, false },
    };
}

} // namespace

class TestReadOnlyGuard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ApiReply>(); }

    void everyMethodAndPath_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        for (const PathCase& c : pathCases()) {
            for (const QByteArray& method : Methods) {
                bool allowed = false;
                if (method == "GET")
                    allowed = c.getAllowed;
                else if (method == "POST")
                    allowed = c.postAllowed;
                QTest::addRow("%s %s", QByteArray(method).replace("\r\n", "\\r\\n").constData(), c.name)
                    << method << c.path << allowed;
            }
        }
    }
    void everyMethodAndPath()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        QCOMPARE(isAllowedRequest(method, path), allowed);

        ApiRequest request = ApiRequest::get(QStringLiteral("c"), path);
        request.method = method;
        const Expected<VettedRequest> vetted = vetRequest(request);
        QCOMPARE(vetted.hasValue(), allowed);
        if (!allowed) {
            QCOMPARE(vetted.error().kind, ErrorKind::Refused);
        } else {
            QCOMPARE(vetted->isPost(), method == "POST");
            QCOMPARE(vetted->request().path, path);
        }
    }

    void vetChecksMoreThanVerbAndPath_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("watch");
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<bool>("allowed");
        const QByteArray json = "application/json";
        const QByteArray review = R"({"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1"})";
        QTest::newRow("get") << QByteArray("GET") << QStringLiteral("/api/v1/pods") << QByteArray() << false << json
                             << true;
        QTest::newRow("watch") << QByteArray("GET") << QStringLiteral("/api/v1/pods") << QByteArray() << true << json
                               << true;
        QTest::newRow("get-with-body") << QByteArray("GET") << QStringLiteral("/api/v1/pods") << review << false << json
                                       << false;
        QTest::newRow("ssar-post") << QByteArray("POST") << Ssar << review << false << json << true;
        QTest::newRow("ssar-post-watch") << QByteArray("POST") << Ssar << review << true << json << false;
        QTest::newRow("accept-table") << QByteArray("GET") << QStringLiteral("/api/v1/pods") << QByteArray() << false
                                      << QByteArray("application/json;as=Table;v=v1;g=meta.k8s.io, application/json")
                                      << true;
        QTest::newRow("accept-smuggles-header")
            << QByteArray("GET") << QStringLiteral("/api/v1/pods") << QByteArray() << false
            << QByteArray("application/json\r\nX-HTTP-Method-Override: DELETE") << false;
    }
    void vetChecksMoreThanVerbAndPath()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(bool, watch);
        QFETCH(QByteArray, accept);
        QFETCH(bool, allowed);
        ApiRequest request
            = watch ? ApiRequest::watch(QStringLiteral("c"), path) : ApiRequest::get(QStringLiteral("c"), path);
        request.method = method;
        request.body = body;
        request.accept = accept;
        const Expected<VettedRequest> vetted = vetRequest(request);
        QCOMPARE(vetted.hasValue(), allowed);
        if (!allowed)
            QCOMPARE(vetted.error().kind, ErrorKind::Refused);
    }

    // The guard sits before the network: a refused request creates no curl handle and opens no
    // connection. A control GET sent after the refused ones, through the same worker queue,
    // reaches the listening server; when it arrives, anything the refused requests had sent
    // would have arrived before it.
    void refusedRequestsNeverReachTheNetwork()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(200, R"({"kind":"PodList","items":[]})"));
        });

        ApiClient client;
        ClusterEndpoint endpoint;
        endpoint.name = QStringLiteral("local");
        endpoint.server = QUrl(QString::fromLatin1(server.baseUrl()));
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);

        const quint64 handlesBefore = CurlTransfer::handlesCreated();
        QList<RequestId> refused;
        for (const QByteArray& method : Methods) {
            if (method == "GET")
                continue;
            ApiRequest request
                = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/namespaces/web/pods/p"));
            request.method = method;
            refused << client.submit(request);
        }
        ApiRequest exec
            = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/namespaces/web/pods/p/exec"));
        exec.query = { { QStringLiteral("command"), QStringLiteral("sh") } };
        refused << client.submit(exec);
        ApiRequest watchPost = ApiRequest::watch(QStringLiteral("local"), Ssar);
        watchPost.method = "POST";
        refused << client.submit(watchPost);

        QTRY_COMPARE(replies.size() + finished.size(), refused.size());
        for (const QList<QVariant>& args : replies + finished) {
            const auto reply = args.at(0).value<ApiReply>();
            QVERIFY(refused.contains(reply.id));
            QVERIFY(reply.error);
            QCOMPARE(reply.error->kind, ErrorKind::Refused);
            QCOMPARE(reply.httpStatus, 0);
        }
        QCOMPARE(CurlTransfer::handlesCreated(), handlesBefore);
        QCOMPARE(server.connectionCount(), 0);

        replies.clear();
        const RequestId control
            = client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QTRY_COMPARE(replies.size(), 1);
        const auto reply = replies.at(0).at(0).value<ApiReply>();
        QCOMPARE(reply.id, control);
        QVERIFY(reply.isOk());
        QCOMPARE(CurlTransfer::handlesCreated(), handlesBefore + 1);
        QCOMPARE(server.connectionCount(), 1);
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests().first().method, QByteArray("GET"));
        QCOMPARE(server.requests().first().target, QByteArray("/api/v1/pods"));
    }

    // The two creates Minato may send go out as plain POSTs with their body, nothing else.
    void selfReviewPostIsSent()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(201, request.body));
        });
        ApiClient client;
        ClusterEndpoint endpoint;
        endpoint.name = QStringLiteral("local");
        endpoint.server = QUrl(QString::fromLatin1(server.baseUrl()));
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);

        ApiRequest request = ApiRequest::get(QStringLiteral("local"), Ssar);
        request.method = "POST";
        request.body = R"({"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1",)"
                       R"("spec":{"resourceAttributes":{"verb":"list","resource":"pods"}}})";
        client.submit(request);
        QTRY_COMPARE(replies.size(), 1);
        const auto reply = replies.at(0).at(0).value<ApiReply>();
        QVERIFY2(reply.isOk(), qPrintable(reply.error ? reply.error->message : QString()));
        QCOMPARE(reply.httpStatus, 201);
        QCOMPARE(server.requests().size(), 1);
        const TestHttpResponder::Request& seen = server.requests().first();
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.body, request.body);
        QCOMPARE(seen.header("Content-Type"), QByteArray("application/json"));
    }
};

QTEST_GUILESS_MAIN(TestReadOnlyGuard)
#include "tst_readonlyguard.moc"
