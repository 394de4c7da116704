// SPDX-License-Identifier: Apache-2.0
// The decoder's envelopes: List pages, watch event lines (BOOKMARK, ERROR 410), recorded
// responses of a real API server, broken input, and sharing through the StringPool.
#include "objectfixtures.h"

#include "fleet/projectiondecoder.h"

#include <QTest>

using namespace minato;
using namespace minato::fleet;

namespace {

// The body of a recorded HTTP/1.1 response; chunked bodies are de-chunked.
QByteArray httpBody(const QByteArray& recording)
{
    const qsizetype headerEnd
        = recording.indexOf("\r\n\r\n") >= 0 ? recording.indexOf("\r\n\r\n") + 4 : recording.indexOf("\n\n") + 2;
    const QByteArray headers = recording.left(headerEnd);
    QByteArray rest = recording.mid(headerEnd);
    if (!headers.contains("Transfer-Encoding: chunked"))
        return rest.trimmed();
    QByteArray body;
    while (!rest.isEmpty()) {
        const qsizetype lineEnd = rest.indexOf('\n');
        bool ok = false;
        const qsizetype size = rest.left(lineEnd).trimmed().toLongLong(&ok, 16);
        if (!ok || size == 0)
            break;
        body += rest.mid(lineEnd + 1, size);
        rest = rest.mid(lineEnd + 1 + size).mid(rest.mid(lineEnd + 1 + size).startsWith("\r\n") ? 2 : 1);
    }
    return body;
}

} // namespace

class TestProjectionDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listPage()
    {
        ProjectionDecoder decoder;
        const Expected<ProjectionList<PodInfo>> list
            = decoder.decodeList<PodInfo>(readFixture(QStringLiteral("list_pods_page.json")));
        MINATO_REQUIRE(list);
        QCOMPARE(list->items.size(), qsizetype(3));
        QCOMPARE(list->resourceVersion, QByteArray("48214800"));
        QVERIFY(list->continueToken.startsWith("eyJ2IjoibWV0YS5rOHMuaW8vdjEi"));
        QCOMPARE(list->remainingItemCount, qint64(1234));
        QCOMPARE(list->items.at(0).status.toString(), QStringLiteral("CrashLoopBackOff"));
        QCOMPARE(list->items.at(1).status.toString(), QStringLiteral("OOMKilled"));
        QCOMPARE(list->items.at(2).status.toString(), QStringLiteral("ImagePullBackOff"));
    }

    void listItemsTakeTheListKind()
    {
        // Items of a List carry no kind; "DeploymentList" says what they are.
        ProjectionDecoder decoder;
        const auto list = decoder.decodeList<WorkloadInfo>(readFixture(QStringLiteral("list_deployments.json")));
        MINATO_REQUIRE(list);
        QCOMPARE(list->items.size(), qsizetype(1));
        QCOMPARE(list->items.at(0).kind, WorkloadKind::Deployment);
        QCOMPARE(list->items.at(0).meta.name, QStringLiteral("icx-db"));
        QVERIFY(list->continueToken.isEmpty());
        QCOMPARE(list->remainingItemCount, qint64(-1));

        // Also when the server writes items before kind (none does; the decoder must not care).
        const QByteArray reordered
            = R"({"items":[{"metadata":{"name":"a"},"spec":{"replicas":2}}],"kind":"StatefulSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":"9"}})";
        const auto late = decoder.decodeList<WorkloadInfo>(reordered);
        MINATO_REQUIRE(late);
        QCOMPARE(late->items.at(0).kind, WorkloadKind::StatefulSet);
        QCOMPARE(late->items.at(0).desired, 2);
        QCOMPARE(late->resourceVersion, QByteArray("9"));
    }

    void recordedListResponse()
    {
        // A real kube-apiserver List response (client-go's golden recording).
        const QByteArray body = httpBody(
            readFixture(QStringLiteral("upstream:client-go/dynamic-golden-response/responses_list.http-recording")));
        ProjectionDecoder decoder;
        const auto list = decoder.decodeList<NamespaceInfo>(body);
        MINATO_REQUIRE(list);
        QCOMPARE(list->resourceVersion, QByteArray("222"));
        QCOMPARE(list->items.size(), qsizetype(1));
        QCOMPARE(list->items.at(0).meta.name, QStringLiteral("foobar"));
        QCOMPARE(list->items.at(0).meta.namespaceName.toString(), QStringLiteral("default"));
        QCOMPARE(list->items.at(0).meta.uid, QUuid(QStringLiteral("a6bb38b5-67ca-4d0d-bd87-da746a94c8a5")));
        QCOMPARE(list->items.at(0).meta.resourceVersion.toByteArray(), QByteArray("207"));
    }

    void recordedWatchStream()
    {
        // A real chunked watch stream: one ADDED, then the initial-events-end BOOKMARK.
        const QByteArray body = httpBody(
            readFixture(QStringLiteral("upstream:client-go/dynamic-golden-response/responses_events.http-recording")));
        const QList<QByteArray> lines = body.trimmed().split('\n');
        QCOMPARE(lines.size(), qsizetype(2));
        ProjectionDecoder decoder;
        const auto added = decoder.decodeWatchEvent<NamespaceInfo>(lines.at(0));
        MINATO_REQUIRE(added);
        QCOMPARE(added->type, WatchEventType::Added);
        QCOMPARE(added->object.meta.name, QStringLiteral("foobar"));
        QCOMPARE(added->resourceVersion, QByteArray("217"));
        const auto bookmark = decoder.decodeWatchEvent<NamespaceInfo>(lines.at(1));
        MINATO_REQUIRE(bookmark);
        QCOMPARE(bookmark->type, WatchEventType::Bookmark);
        QCOMPARE(bookmark->resourceVersion, QByteArray("964"));
        QVERIFY(bookmark->initialEventsEnd);
    }

    void watchLines_data()
    {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("resourceVersion");
        QTest::addColumn<QString>("detail"); // the pod's status, or "code reason"
        QTest::newRow("added") << 0 << int(WatchEventType::Added) << QByteArray("48213377") << "CrashLoopBackOff";
        QTest::newRow("modified") << 1 << int(WatchEventType::Modified) << QByteArray("48214901") << "CrashLoopBackOff";
        QTest::newRow("deleted") << 2 << int(WatchEventType::Deleted) << QByteArray("48214902") << "Terminating";
        QTest::newRow("bookmark") << 3 << int(WatchEventType::Bookmark) << QByteArray("48214950") << "";
        QTest::newRow("error 410") << 4 << int(WatchEventType::Error) << QByteArray() << "410 Expired";
    }
    void watchLines()
    {
        QFETCH(int, line);
        QFETCH(int, type);
        QFETCH(QByteArray, resourceVersion);
        QFETCH(QString, detail);
        const QList<QByteArray> lines = readFixture(QStringLiteral("watch_pods.jsonl")).split('\n');
        ProjectionDecoder decoder;
        const Expected<WatchEvent<PodInfo>> event = decoder.decodeWatchEvent<PodInfo>(lines.at(line) + '\n');
        MINATO_REQUIRE(event);
        QCOMPARE(int(event->type), type);
        QCOMPARE(event->resourceVersion, resourceVersion);
        if (event->type == WatchEventType::Error) {
            QCOMPARE(QString::number(event->status.code) + QLatin1Char(' ') + event->status.reason, detail);
            QCOMPARE(event->status.message, QStringLiteral("too old resource version: 48100000 (48214000)"));
            QCOMPARE(event->status.status, QStringLiteral("Failure"));
        } else if (event->type == WatchEventType::Bookmark) {
            QVERIFY(event->initialEventsEnd);
            QVERIFY(event->object.meta.name.isEmpty()); // a bookmark is not an object
        } else {
            QCOMPARE(event->object.status.toString(), detail);
            QVERIFY(!event->initialEventsEnd);
        }
        if (line == 1)
            QCOMPARE(event->object.restarts, quint32(7));
    }

    void emptyAndNullItems()
    {
        ProjectionDecoder decoder;
        for (const QByteArray& json :
            { QByteArray(R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[]})"),
                QByteArray(
                    R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":null})") }) {
            const auto list = decoder.decodeList<PodInfo>(json);
            MINATO_REQUIRE(list);
            QCOMPARE(list->items.size(), qsizetype(0));
            QCOMPARE(list->resourceVersion, QByteArray("5"));
        }
    }

    void malformed_data()
    {
        QTest::addColumn<int>("entry"); // 0 list, 1 object, 2 watch line
        QTest::addColumn<QByteArray>("json");
        const QByteArray page = readFixture(QStringLiteral("list_pods_page.json"));
        const QByteArray pod = readFixture(QStringLiteral("pod_crashloop.json"));
        QTest::newRow("list cut in the middle") << 0 << page.left(page.size() / 2);
        QTest::newRow("list cut inside a string") << 0 << page.left(page.indexOf("CrashLoopBackOff") + 5);
        QTest::newRow("object cut") << 1 << pod.left(pod.size() - 40);
        QTest::newRow("empty body") << 0 << QByteArray();
        QTest::newRow("html error page") << 0 << QByteArray("<html><body>502 Bad Gateway</body></html>");
        QTest::newRow("not an object") << 1 << QByteArray("[1,2,3]");
        QTest::newRow("a bare string") << 1 << QByteArray("\"pod\"");
        QTest::newRow("items is an object") << 0 << QByteArray(R"({"kind":"PodList","items":{"a":1}})");
        QTest::newRow("an item is a string")
            << 0 << QByteArray(R"({"kind":"PodList","items":[{"metadata":{"name":"a"}},"b"]})");
        QTest::newRow("trailing garbage") << 1 << QByteArray(R"({"metadata":{"name":"a"}} {"metadata":{}})");
        QTest::newRow("invalid literal") << 1 << QByteArray(R"({"metadata":{"name":"a"},"spec":{"hostNetwork":tru}})");
        QTest::newRow("unclosed brackets") << 1 << QByteArray(R"({"metadata":{"labels":{"a":"b"})");
        QTest::newRow("unknown watch type") << 2 << QByteArray(R"({"type":"SOMETHING","object":{}})");
        QTest::newRow("watch without object") << 2 << QByteArray(R"({"type":"ADDED"})");
        QTest::newRow("watch line cut") << 2 << QByteArray(R"({"type":"ADDED","object":{"metadata":{"name":"a")");
        QTest::newRow("binary") << 1 << QByteArray("\x00\x01\x02\xff\xfe", 5);
    }
    void malformed()
    {
        QFETCH(int, entry);
        QFETCH(QByteArray, json);
        ProjectionDecoder decoder;
        KubeError error;
        if (entry == 0) {
            const auto result = decoder.decodeList<PodInfo>(json);
            QVERIFY(!result);
            error = result.error();
        } else if (entry == 1) {
            const auto result = decoder.decodeObject<PodInfo>(json);
            QVERIFY(!result);
            error = result.error();
        } else {
            const auto result = decoder.decodeWatchEvent<PodInfo>(json);
            QVERIFY(!result);
            error = result.error();
        }
        QCOMPARE(error.kind, ErrorKind::Parse);
        QVERIFY2(error.message.startsWith(QStringLiteral("cannot decode ")), qPrintable(error.message));
        // The decoder stays usable after a failure.
        MINATO_REQUIRE(decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_crashloop.json"))));
    }

    void wrongScalarTypesAreAbsentValues()
    {
        // Lenient by design: a value of the wrong type reads as absent, the object survives.
        const QByteArray json
            = R"({"metadata":{"name":"odd","namespace":7,"uid":null,"labels":{"a":1,"b":"c"},"creationTimestamp":"yesterday"},
            "spec":{"containers":"none","nodeName":["x"],"hostNetwork":"true"},
            "status":{"phase":42,"containerStatuses":[{"name":"c","restartCount":"six","ready":"yes"}],"podIP":"10.0.0.300"}})";
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(json);
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->meta.name, QStringLiteral("odd"));
        QVERIFY(pod->meta.namespaceName.isNull());
        QVERIFY(pod->meta.uid.isNull());
        QCOMPARE(pod->meta.labels.toString(), QStringLiteral("b=c"));
        QCOMPARE(pod->meta.creationTimestamp, qint64(0));
        QVERIFY(pod->nodeName.isNull());
        QVERIFY(!pod->isHostNetwork());
        QCOMPARE(pod->phase, PodPhase::Unknown);
        QVERIFY(pod->podIP.isNull());
        QCOMPARE(pod->restarts, quint32(0));
    }

    void inputBuffers()
    {
        const QByteArray fixture = readFixture(QStringLiteral("pod_crashloop.json"));
        ProjectionDecoder decoder;
        // Spare capacity: parsed in place. Raw data without capacity: copied first.
        QByteArray roomy;
        roomy.reserve(fixture.size() + ProjectionDecoder::Padding);
        roomy.append(fixture);
        MINATO_REQUIRE(decoder.decodeObject<PodInfo>(roomy));
        const QByteArray raw = QByteArray::fromRawData(fixture.constData(), fixture.size());
        const Expected<PodInfo> fromRaw = decoder.decodeObject<PodInfo>(raw);
        MINATO_REQUIRE(fromRaw);
        QCOMPARE(fromRaw->status.toString(), QStringLiteral("CrashLoopBackOff"));
        // A slice of a larger buffer, as a watch line inside a chunk is.
        const QByteArray chunk = readFixture(QStringLiteral("watch_pods.jsonl"));
        const QByteArray line = QByteArray::fromRawData(chunk.constData(), chunk.indexOf('\n'));
        MINATO_REQUIRE(decoder.decodeWatchEvent<PodInfo>(line));
    }

    void podsShareTheirShapeAndLabels()
    {
        // Two healthy pods of one ReplicaSet: one shape, one label set, interned strings.
        const QByteArray pod = readFixture(QStringLiteral("upstream:k9s/render-testdata/p1.json"));
        QByteArray second = pod;
        second.replace("nginx-7fb78fb6d8-2w75j", "nginx-7fb78fb6d8-other");
        const QByteArray list = "{\"kind\":\"PodList\",\"items\":[" + pod + "," + second + "]}";
        auto pool = std::make_shared<StringPool>();
        ProjectionDecoder decoder(pool);
        auto decoded = decoder.decodeList<PodInfo>(list);
        MINATO_REQUIRE(decoded);
        const PodInfo& a = decoded->items.at(0);
        const PodInfo& b = decoded->items.at(1);
        QVERIFY(a.meta.name != b.meta.name);
        QCOMPARE(a.shape.data(), b.shape.data());
        QVERIFY(a.meta.labels == b.meta.labels);
        QCOMPARE(a.nodeName.identity(), b.nodeName.identity());
        QCOMPARE(pool->sharedValueCount(), qsizetype(1));

        // A restart gives a pod its own shape; dropping the projections lets purge() free all.
        const QByteArray restarted = QByteArray(pod).replace("\"restartCount\": 0", "\"restartCount\": 3");
        const Expected<PodInfo> c = decoder.decodeObject<PodInfo>(restarted);
        MINATO_REQUIRE(c);
        QVERIFY(c->shape.data() != a.shape.data());
        QCOMPARE(pool->sharedValueCount(), qsizetype(2));
        decoded = ProjectionList<PodInfo> {};
        QVERIFY(pool->purge() > 0);
        QCOMPARE(pool->sharedValueCount(), qsizetype(1)); // c's shape is still in use
    }
};

QTEST_GUILESS_MAIN(TestProjectionDecoder)
#include "tst_projectiondecoder.moc"
