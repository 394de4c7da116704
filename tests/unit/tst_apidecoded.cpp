// SPDX-License-Identifier: Apache-2.0
// The decoder hook of the transport: bodies and watch lines are decoded in the I/O thread,
// decoded watch data is batched, and comes before the stream's end; requests without a
// decoder behave as before. Also ApiRouter, which hands answers to their requesters.
#include "kube/apiclient.h"
#include "kube/apireceiver.h"
#include "kube/apirouter.h"

#include "testapifixture.h"
#include "testhttpresponder.h"

#include <QPointer>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace minato;
using namespace minato::kube;
using namespace testapi;

namespace {

// Records what it decoded and in which thread.
struct LinesPayload : DecodedPayload
{
    QList<QByteArray> lines;
    Qt::HANDLE thread = nullptr;
};

class LineDecoder : public PayloadDecoder
{
public:
    std::atomic<int> calls { 0 };

    DecodedPayloadPtr decodeBody(const QByteArray& body) override
    {
        ++calls;
        auto payload = std::make_shared<LinesPayload>();
        payload->lines = body.split('\n');
        payload->thread = QThread::currentThreadId();
        return payload;
    }
    DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override
    {
        ++calls;
        auto payload = std::make_shared<LinesPayload>();
        for (const QByteArray& line : lines.split('\n')) {
            if (!line.isEmpty())
                payload->lines << line;
        }
        payload->thread = QThread::currentThreadId();
        return payload;
    }
};

const LinesPayload& linesOf(const DecodedPayloadPtr& payload)
{
    return static_cast<const LinesPayload&>(*payload);
}

QList<QByteArray> allLines(const QSignalSpy& spy, RequestId id)
{
    QList<QByteArray> lines;
    for (const QList<QVariant>& args : spy) {
        for (const DecodedStreamChunk& chunk : args.at(0).value<QList<DecodedStreamChunk>>()) {
            if (chunk.id == id)
                lines += linesOf(chunk.payload).lines;
        }
    }
    return lines;
}

class Recorder : public ApiReceiver
{
public:
    QList<ApiReply> replies;
    QList<QByteArray> lines;
    QList<ApiReply> ends;
    void replyArrived(const ApiReply& reply) override { replies << reply; }
    void streamDataArrived(RequestId, quint64, const DecodedPayloadPtr& payload) override
    {
        lines += linesOf(payload).lines;
    }
    void streamEnded(const ApiReply& reply) override { ends << reply; }
};

ApiRequest watchWith(std::shared_ptr<PayloadDecoder> decoder)
{
    ApiRequest request = ApiRequest::watch(
        QStringLiteral("local"), QStringLiteral("/api/v1/pods"), { { QStringLiteral("watch"), QStringLiteral("1") } });
    request.decoder = std::move(decoder);
    return request;
}

} // namespace

class TestApiDecoded : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiReply>();
        qRegisterMetaType<QList<DecodedStreamChunk>>();
    }

    void bodyIsDecodedInTheIoThread()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(200, "a\nb\nc"));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        ApiRequest request = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods"));
        auto decoder = std::make_shared<LineDecoder>();
        request.decoder = decoder;
        client.submit(request);
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QVERIFY(reply.decoded);
        QVERIFY(reply.body.isEmpty()); // the bytes stay behind in the I/O thread
        QCOMPARE(linesOf(reply.decoded).lines, (QList<QByteArray> { "a", "b", "c" }));
        QVERIFY(linesOf(reply.decoded).thread != QThread::currentThreadId());
        QCOMPARE(decoder->calls.load(), 1);
    }

    // Error bodies are Status objects for apierror, not documents for the decoder.
    void errorBodiesAreNotDecoded()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(401, UnauthorizedStatus));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        ApiRequest request = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods"));
        auto decoder = std::make_shared<LineDecoder>();
        request.decoder = decoder;
        client.submit(request);
        const ApiReply reply = onlyReply(replies);
        QCOMPARE(reply.error->kind, ErrorKind::Unauthorized);
        QVERIFY(!reply.decoded);
        QCOMPARE(reply.body, UnauthorizedStatus);
        QCOMPARE(decoder->calls.load(), 0);
    }

    // Chunks written quickly one after another reach the receiver as one batch, and the
    // batch comes before streamFinished; no raw stream data is emitted.
    void watchLinesAreDecodedAndBatched()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        QPointer<QTcpSocket> stream;
        server.setHandler([&stream](const TestHttpResponder::Request&, QTcpSocket* socket) {
            stream = socket;
            socket->write(TestHttpResponder::streamHead());
        });
        ApiClient client;
        client.setStreamBatchInterval(300);
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy raw(&client, &ApiClient::streamDataAvailable);
        QSignalSpy decoded(&client, &ApiClient::streamDecodedAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        QList<int> order; // 1: data, 2: end
        connect(&client, &ApiClient::streamDecodedAvailable, this, [&order] { order << 1; });
        connect(&client, &ApiClient::streamFinished, this, [&order] { order << 2; });
        const RequestId id = client.submit(watchWith(std::make_shared<LineDecoder>()));
        QTRY_VERIFY(stream);
        for (int i = 0; i < 5; ++i) {
            stream->write(TestHttpResponder::chunk("event-" + QByteArray::number(i) + "\n"));
            stream->flush();
            QTest::qWait(10);
        }
        QTRY_COMPARE(allLines(decoded, id).size(), 5);
        QVERIFY2(decoded.size() <= 2, qPrintable(QString::number(decoded.size())));
        QCOMPARE(allLines(decoded, id).first(), QByteArray("event-0"));
        QCOMPARE(allLines(decoded, id).last(), QByteArray("event-4"));
        for (const QList<QVariant>& args : std::as_const(decoded)) {
            for (const DecodedStreamChunk& chunk : args.at(0).value<QList<DecodedStreamChunk>>())
                QVERIFY(linesOf(chunk.payload).thread != QThread::currentThreadId());
        }

        // The last line and the end together: the pending batch goes first, at once.
        order.clear();
        stream->write(TestHttpResponder::chunk("event-5\n"));
        stream->write("0\r\n\r\n");
        const ApiReply end = onlyReply(finished);
        QVERIFY2(end.isOk(), qPrintable(describe(end)));
        QCOMPARE(allLines(decoded, id).size(), 6);
        QCOMPARE(order, (QList<int> { 1, 2 }));
        QVERIFY(raw.isEmpty());
    }

    void routerHandsAnswersToTheirRequesters()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            if (request.target.contains("watch=1")) {
                socket->write(TestHttpResponder::streamHead());
                socket->write(TestHttpResponder::chunk("w1\nw2\n"));
                socket->write("0\r\n\r\n");
            } else {
                socket->write(TestHttpResponder::response(200, "body-of-" + request.path()));
            }
        });
        ApiClient client;
        client.setStreamBatchInterval(10);
        ApiRouter router(&client);
        router.setEndpoint(endpointFor(server.baseUrl()));
        Recorder a;
        Recorder b;
        Recorder w;
        router.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/a")), &a);
        router.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/b")), &b);
        router.submit(watchWith(std::make_shared<LineDecoder>()), &w);
        QTRY_COMPARE(a.replies.size() + b.replies.size() + w.ends.size(), 3);
        QCOMPARE(a.replies.first().body, QByteArray("body-of-/a"));
        QCOMPARE(b.replies.first().body, QByteArray("body-of-/b"));
        QCOMPARE(w.lines, (QList<QByteArray> { "w1", "w2" }));
        QVERIFY(w.ends.first().isOk());
        QCOMPARE(router.pendingCount(), 0);
    }

    // After cancel the receiver hears nothing more, not even the cancellation.
    void routerCancelSilencesTheReceiver()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::streamHead());
            socket->write(TestHttpResponder::chunk("w1\n"));
        });
        ApiClient client;
        client.setStreamBatchInterval(10);
        ApiRouter router(&client);
        router.setEndpoint(endpointFor(server.baseUrl()));
        Recorder w;
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        const RequestId id = router.submit(watchWith(std::make_shared<LineDecoder>()), &w);
        QTRY_COMPARE(w.lines.size(), 1);
        router.cancel(id);
        QTRY_COMPARE(finished.size(), 1); // the client did end it
        QVERIFY(w.ends.isEmpty());
        QCOMPARE(router.pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiDecoded)
#include "tst_apidecoded.moc"
