// SPDX-License-Identifier: Apache-2.0
#include "kube/apiclient.h"

#include "testapifixture.h"
#include "testhttpresponder.h"

#include <QPointer>
#include <QTest>

using namespace minato;
using namespace minato::kube;
using namespace testapi;

namespace {

const QByteArray Added
    = R"({"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"10"}}})";
const QByteArray Modified
    = R"({"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"11"}}})";
const QByteArray Bookmark
    = R"({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12"}}})";

ApiRequest podWatch()
{
    return ApiRequest::watch(QStringLiteral("local"), QStringLiteral("/api/v1/pods"),
        { { QStringLiteral("watch"), QStringLiteral("1") }, { QStringLiteral("resourceVersion"), QStringLiteral("9") },
            { QStringLiteral("allowWatchBookmarks"), QStringLiteral("true") } });
}

QByteArray joined(const QSignalSpy& data)
{
    QByteArray all;
    for (const QList<QVariant>& args : data)
        all += args.at(2).toByteArray();
    return all;
}

} // namespace

class TestApiStreams : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiReply>();
        qRegisterMetaType<RequestId>("minato::kube::RequestId");
    }

    // Chunks and events do not line up: the client hands on complete lines only.
    void watchDeliversCompleteLines()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        QPointer<QTcpSocket> stream;
        server.setHandler([&stream](const TestHttpResponder::Request&, QTcpSocket* socket) {
            stream = socket;
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk(Added.left(20)));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        ApiRequest request = podWatch();
        request.generation = 3;
        const RequestId id = client.submit(request);

        QTRY_VERIFY(stream);
        stream->write(TestHttpResponder::chunk(Added.mid(20) + "\n" + Modified.left(30)));
        QTRY_COMPARE(joined(data), Added + "\n");
        stream->write(TestHttpResponder::chunk(Modified.mid(30) + "\n" + Bookmark + "\n"));
        QTRY_COMPARE(joined(data), Added + "\n" + Modified + "\n" + Bookmark + "\n");
        for (const QList<QVariant>& args : std::as_const(data)) {
            QCOMPARE(args.at(0).value<RequestId>(), id);
            QCOMPARE(args.at(1).value<quint64>(), quint64(3));
            QVERIFY(args.at(2).toByteArray().endsWith('\n'));
        }
        QVERIFY(finished.isEmpty());

        stream->write(TestHttpResponder::chunk(Added)); // the last line without its newline
        stream->write("0\r\n\r\n");
        const ApiReply reply = onlyReply(finished);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(reply.id, id);
        QCOMPARE(reply.generation, quint64(3));
        QCOMPARE(reply.kind, RequestKind::Watch);
        QCOMPARE(reply.contentType, QByteArray("application/json;stream=watch"));
        QVERIFY(reply.body.isEmpty());
        QCOMPARE(joined(data), Added + "\n" + Modified + "\n" + Bookmark + "\n" + Added + "\n");
        const TestHttpResponder::Request& seen = server.requests().first();
        QCOMPARE(seen.target, QByteArray("/api/v1/pods?watch=1&resourceVersion=9&allowWatchBookmarks=true"));
    }

    // A watch that starts with 410 Gone is an error with its Status, not stream data.
    void watchErrorIsNotStreamed()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        const QByteArray gone
            = R"json({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)json"
              R"json("message":"too old resource version: 9 (120)","reason":"Expired","code":410})json";
        server.setHandler([&gone](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(410, gone));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        client.submit(podWatch());
        const ApiReply reply = onlyReply(finished);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Gone);
        QCOMPARE(reply.error->message, QStringLiteral("too old resource version: 9 (120)"));
        QCOMPARE(reply.body, gone);
        QVERIFY(data.isEmpty());
    }

    void cancelEndsTheWatchAndTheConnection()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk(Added + "\n"));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        const RequestId id = client.submit(podWatch());
        QTRY_COMPARE(data.size(), 1);
        client.cancel(id);
        const ApiReply reply = onlyReply(finished);
        QCOMPARE(reply.id, id);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Cancelled);
        // A half-read HTTP/1.1 response cannot be reused: the connection goes.
        QTRY_COMPARE(server.openConnectionCount(), 0);
        client.cancel(id); // already gone: ignored
        QTest::qWait(0);
        QCOMPARE(finished.size(), 0);
    }

    void silentWatchStalls()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk(Added + "\n"));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        ApiRequest request = podWatch();
        request.stallTimeout = std::chrono::milliseconds(300);
        client.submit(request);
        const ApiReply reply = onlyReply(finished);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Timeout);
        QCOMPARE(data.size(), 1);
        QVERIFY2(reply.elapsedMs >= 250, qPrintable(QString::number(reply.elapsedMs)));
        QTRY_COMPARE(server.openConnectionCount(), 0);
    }

    // A watch that keeps talking is not a stall, however long it lasts.
    void talkingWatchDoesNotStall()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        QPointer<QTcpSocket> stream;
        server.setHandler([&stream](const TestHttpResponder::Request&, QTcpSocket* socket) {
            stream = socket;
            socket->write(TestHttpResponder::streamHead());
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        ApiRequest request = podWatch();
        request.stallTimeout = std::chrono::milliseconds(400);
        client.submit(request);
        QTRY_VERIFY(stream);
        for (int i = 1; i <= 6; ++i) { // 6 × 150 ms: longer than the stall timeout in total
            stream->write(TestHttpResponder::chunk(Bookmark + "\n"));
            QTRY_COMPARE(data.size(), i);
            QTest::qWait(150);
        }
        QVERIFY(finished.isEmpty());
        stream->write("0\r\n\r\n");
        QVERIFY(onlyReply(finished).isOk());
    }

    void exec401OnWatchIsRetried()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            if (request.header("Authorization") != "Bearer fresh") {
                socket->write(TestHttpResponder::response(401, UnauthorizedStatus));
                return;
            }
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk(Added + "\n") + "0\r\n\r\n");
        });
        FakeCredentialSource source;
        source.tokens = { "stale", "fresh" };
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        client.setEndpoint(endpoint);
        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        client.submit(podWatch());
        const ApiReply reply = onlyReply(finished);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QVERIFY(reply.retriedAfterAuthRefresh);
        QCOMPARE(joined(data), Added + "\n"); // nothing of the 401 leaked into the stream
    }

    void removingAnEndpointCancelsItsRequests()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::streamHead());
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        client.setEndpoint(endpointFor(server.baseUrl(), QStringLiteral("other")));
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        const RequestId mine = client.submit(podWatch());
        ApiRequest otherWatch = podWatch();
        otherWatch.endpoint = QStringLiteral("other");
        client.submit(otherWatch);
        QTRY_COMPARE(server.requests().size(), 2);
        client.removeEndpoint(QStringLiteral("local"));
        const ApiReply reply = onlyReply(finished);
        QCOMPARE(reply.id, mine);
        QCOMPARE(reply.error->kind, ErrorKind::Cancelled);
        QTRY_COMPARE(server.openConnectionCount(), 1);
        QCOMPARE(finished.size(), 0);
    }

    // Destroying the client with open watches stops the I/O thread cleanly: every connection
    // is closed, nothing is delivered afterwards, nothing crashes.
    void shutdownWithOpenWatches()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk(Added + "\n"));
        });
        auto client = std::make_unique<ApiClient>();
        client->setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy data(client.get(), &ApiClient::streamDataAvailable);
        for (int i = 0; i < 5; ++i)
            client->submit(podWatch());
        QTRY_COMPARE(data.size(), 5);
        QCOMPARE(server.openConnectionCount(), 5);
        client.reset();
        QTRY_COMPARE(server.openConnectionCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiStreams)
#include "tst_apistreams.moc"
