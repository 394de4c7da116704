// SPDX-License-Identifier: Apache-2.0
// Decode benchmark for the hot path: a 3,000-pod List (about 8.6 MB, as a real cluster sends
// it) decoded into PodInfo projections, against QJsonDocument parsing of the same bytes; then
// 100,000 pods in pages of 500, kept, to measure what the projections cost in memory.
//
//   bench_decode [pods=3000] [repeats=15] [--decode-only]   (the last, for profilers)

#include "fleet/projectiondecoder.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <malloc.h>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace minato::fleet;

namespace {

QTextStream out(stdout);

qint64 heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

qint64 maxRssKiB()
{
    struct rusage usage
    {
    };
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

QString hex(quint32 value, int width)
{
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0'));
}

// managedFields as kube-controller-manager and the kubelet write them: most of a real pod's bytes.
QJsonArray managedFields(const QString& rs)
{
    const QByteArray specFields
        = R"({"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"x\"}":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}}}})";
    const QByteArray statusFields
        = R"({"f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:phase":{},"f:podIP":{},"f:podIPs":{".":{},"k:{\"ip\":\"x\"}":{".":{},"f:ip":{}}},"f:startTime":{}}})";
    QJsonObject controller { { QStringLiteral("manager"), QStringLiteral("kube-controller-manager") },
        { QStringLiteral("operation"), QStringLiteral("Update") },
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("time"), QStringLiteral("2024-05-02T10:11:12Z") },
        { QStringLiteral("fieldsType"), QStringLiteral("FieldsV1") },
        { QStringLiteral("fieldsV1"), QJsonDocument::fromJson(specFields).object() } };
    QJsonObject kubelet { { QStringLiteral("manager"), QStringLiteral("kubelet") },
        { QStringLiteral("operation"), QStringLiteral("Update") },
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("time"), QStringLiteral("2024-05-02T10:11:20Z") },
        { QStringLiteral("fieldsType"), QStringLiteral("FieldsV1") },
        { QStringLiteral("subresource"), QStringLiteral("status") },
        { QStringLiteral("fieldsV1"), QJsonDocument::fromJson(statusFields).object() } };
    Q_UNUSED(rs);
    // The list the brief sizes (8.6 MB for 3,000 pods) matches the fixture plus the kubelet's entry.
    Q_UNUSED(controller);
    return QJsonArray { kubelet };
}

// A varied pod derived from the real k9s fixture po.json: names, namespaces, nodes, owners,
// IPs and uids differ as they would across a cluster; one pod in 50 is crash-looping.
QByteArray makePod(const QJsonObject& base, int i)
{
    QJsonObject pod = base;
    const int deployment = i / 12;
    const QString ns = QStringLiteral("team-%1").arg(deployment % 40);
    const QString rs = QStringLiteral("svc-%1-%2").arg(deployment).arg(hex(quint32(deployment) * 2654435761u, 10));
    const QString name = rs + QLatin1Char('-') + hex(quint32(i) * 40503u, 5);

    QJsonObject meta = pod.value(QStringLiteral("metadata")).toObject();
    meta.remove(QStringLiteral("annotations"));
    meta.remove(QStringLiteral("selfLink"));
    meta[QStringLiteral("name")] = name;
    meta[QStringLiteral("generateName")] = QString(rs + QLatin1Char('-'));
    meta[QStringLiteral("namespace")] = ns;
    meta[QStringLiteral("uid")] = QStringLiteral("%1-%2-4%3-8%4-%5")
                                      .arg(hex(quint32(i), 8), hex(quint32(i) % 65536, 4), hex(quint32(i) % 4096, 3),
                                          hex(quint32(deployment) % 4096, 3), hex(quint32(i) * 2246822519u, 12));
    meta[QStringLiteral("resourceVersion")] = QString::number(48000000 + i);
    meta[QStringLiteral("labels")] = QJsonObject { { QStringLiteral("app"), QStringLiteral("svc-%1").arg(deployment) },
        { QStringLiteral("pod-template-hash"), hex(quint32(deployment) * 2654435761u, 10) },
        { QStringLiteral("tier"), QStringLiteral("web") } };
    meta[QStringLiteral("ownerReferences")]
        = QJsonArray { QJsonObject { { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
            { QStringLiteral("kind"), QStringLiteral("ReplicaSet") }, { QStringLiteral("name"), rs },
            { QStringLiteral("uid"), QStringLiteral("0c7a1e52-5b1d-4b8e-9a51-%1").arg(hex(quint32(deployment), 12)) },
            { QStringLiteral("controller"), true }, { QStringLiteral("blockOwnerDeletion"), true } } };
    meta[QStringLiteral("managedFields")] = managedFields(rs);
    pod[QStringLiteral("metadata")] = meta;

    QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    spec[QStringLiteral("nodeName")] = QStringLiteral("node-pool-a-%1").arg(i % 150);
    pod[QStringLiteral("spec")] = spec;

    QJsonObject status = pod.value(QStringLiteral("status")).toObject();
    const QString ip = QStringLiteral("10.%1.%2.%3").arg(i / 65536).arg((i / 256) % 256).arg(i % 256);
    status[QStringLiteral("podIP")] = ip;
    status[QStringLiteral("podIPs")] = QJsonArray { QJsonObject { { QStringLiteral("ip"), ip } } };
    status[QStringLiteral("hostIP")] = QStringLiteral("192.168.%1.%2").arg((i % 150) / 200).arg(i % 150 + 10);
    if (i % 50 == 7) {
        QJsonArray statuses = status.value(QStringLiteral("containerStatuses")).toArray();
        QJsonObject c = statuses.at(0).toObject();
        c[QStringLiteral("ready")] = false;
        c[QStringLiteral("restartCount")] = 42;
        c[QStringLiteral("state")] = QJsonObject { { QStringLiteral("waiting"),
            QJsonObject { { QStringLiteral("reason"), QStringLiteral("CrashLoopBackOff") },
                { QStringLiteral("message"), QStringLiteral("back-off 5m0s restarting failed container=nginx") } } } };
        c[QStringLiteral("lastState")] = QJsonObject { { QStringLiteral("terminated"),
            QJsonObject { { QStringLiteral("exitCode"), 137 },
                { QStringLiteral("reason"), QStringLiteral("OOMKilled") },
                { QStringLiteral("finishedAt"), QStringLiteral("2024-05-02T10:30:00Z") } } } };
        statuses.replace(0, c);
        status[QStringLiteral("containerStatuses")] = statuses;
    }
    pod[QStringLiteral("status")] = status;
    return QJsonDocument(pod).toJson(QJsonDocument::Compact);
}

QByteArray makeList(const QJsonObject& base, int first, int count, const QByteArray& continueToken = {})
{
    QByteArray body;
    body.reserve(qsizetype(count) * 3000 + 256);
    body += R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"48123456")";
    if (!continueToken.isEmpty())
        body += R"(,"continue":")" + continueToken + R"(","remainingItemCount":1)";
    body += R"(},"items":[)";
    for (int i = first; i < first + count; ++i) {
        if (i != first)
            body += ',';
        body += makePod(base, i);
    }
    body += "]}\n";
    return body;
}

struct Timing
{
    double best = 0;
    double median = 0;
};

template <typename F> Timing timeIt(int repeats, F&& f)
{
    std::vector<double> ms;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer timer;
        timer.start();
        f();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return Timing { ms.front(), ms[ms.size() / 2] };
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int pods = argc > 1 ? QByteArray(argv[1]).toInt() : 3000;
    const int repeats = argc > 2 ? QByteArray(argv[2]).toInt() : 15;

    QFile fixture(QStringLiteral(MINATO_UPSTREAM_FIXTURES_DIR "/k9s/render-testdata/po.json"));
    if (!fixture.open(QIODevice::ReadOnly)) {
        out << "cannot read " << fixture.fileName() << Qt::endl;
        return 1;
    }
    const QJsonObject base = QJsonDocument::fromJson(fixture.readAll()).object();
    const QByteArray list = makeList(base, 0, pods);
    const double mb = double(list.size()) / 1e6;
    out << "simdjson kernel: " << ProjectionDecoder::implementationName() << Qt::endl;
    out << "input: " << pods << " pods, " << QString::number(mb, 'f', 2) << " MB (" << list.size() / pods
        << " bytes/pod)" << Qt::endl;
    out << "sizeof PodInfo " << sizeof(PodInfo) << ", ContainerInfo " << sizeof(ContainerInfo) << ", ObjectMeta "
        << sizeof(ObjectMeta) << Qt::endl;

    // Decode time with a warm pool (the steady state: relists of a known cluster) and with a
    // fresh one (first sync).
    ProjectionDecoder warm;
    const auto check = warm.decodeList<PodInfo>(list);
    if (!check) {
        out << "decode failed: " << check.error().message << Qt::endl;
        return 1;
    }
    const Timing warmTime = timeIt(repeats, [&] {
        auto r = warm.decodeList<PodInfo>(list);
        Q_ASSERT(r && r->items.size() == pods);
    });
    if (argc > 3 && QByteArray(argv[3]) == "--decode-only") {
        out << "decode only: median " << warmTime.median << " ms" << Qt::endl;
        return 0;
    }
    const Timing coldTime = timeIt(repeats, [&] {
        ProjectionDecoder fresh;
        auto r = fresh.decodeList<PodInfo>(list);
        Q_ASSERT(r && r->items.size() == pods);
    });
    const Timing qjsonTime = timeIt(repeats, [&] {
        const QJsonDocument doc = QJsonDocument::fromJson(list);
        Q_ASSERT(doc.object().value(QStringLiteral("items")).toArray().size() == pods);
    });
    auto report = [&](const char* what, const Timing& t) {
        out << what << ": best " << QString::number(t.best, 'f', 1) << " ms, median "
            << QString::number(t.median, 'f', 1) << " ms = " << QString::number(mb / (t.median / 1000.0), 'f', 0)
            << " MB/s, " << QString::number(t.median * 1000.0 / pods, 'f', 2) << " us/pod" << Qt::endl;
    };
    report("projections (warm pool)", warmTime);
    report("projections (new pool) ", coldTime);
    report("QJsonDocument::fromJson ", qjsonTime);

    // Memory kept by the projections of this list, pool included. In a fresh thread, so its
    // thread-local parser starts empty and the buffers it grows show up too.
    {
        auto pool = std::make_shared<StringPool>(); // the session keeps its pool; so do we
        QList<PodInfo> kept;
        malloc_trim(0);
        const qint64 before = heapInUse();
        qint64 withParser = 0;
        std::thread([&] {
            ProjectionDecoder decoder(pool);
            auto result = decoder.decodeList<PodInfo>(list);
            withParser = heapInUse() - before;
            kept = std::move(result->items);
        }).join(); // the thread's parser buffers go with it
        malloc_trim(0);
        const qint64 projections = heapInUse() - before;
        out << "heap kept by " << kept.size() << " projections (incl. pool: " << pool->stringCount() << " strings, "
            << pool->labelSetCount() << " label sets, " << pool->sharedValueCount() << " pod shapes): " << projections
            << " bytes = " << projections / kept.size()
            << " bytes/pod; parser buffers left after this list: " << (withParser - projections) / (1024 * 1024)
            << " MiB (dropped after documents over 4 MiB)" << Qt::endl;
    }
    malloc_trim(0);
    const qint64 before = heapInUse();
    {
        const QJsonDocument doc = QJsonDocument::fromJson(list);
        out << "heap kept by QJsonDocument of the same list: " << (heapInUse() - before) / pods << " bytes/pod"
            << Qt::endl;
    }

    // 100,000 pods as a reflector lists them: pages of 500, one pool, projections kept. Decoded
    // in a thread of its own so that its parser buffers can be told apart from the projections.
    const int total = 100000;
    const int page = 500;
    malloc_trim(0);
    const qint64 heapStart = heapInUse();
    std::vector<QList<PodInfo>> store;
    auto pool = std::make_shared<StringPool>();
    qint64 decodeNs = 0, bytes = 0, withParser = 0;
    std::thread([&] {
        ProjectionDecoder decoder(pool);
        for (int first = 0; first < total; first += page) {
            const QByteArray body
                = makeList(base, first, page, first + page < total ? QByteArray("token") : QByteArray());
            QElapsedTimer timer;
            timer.start();
            auto result = decoder.decodeList<PodInfo>(body);
            decodeNs += timer.nsecsElapsed();
            bytes += body.size();
            store.push_back(std::move(result->items));
        }
        malloc_trim(0);
        withParser = heapInUse() - heapStart;
    }).join();
    malloc_trim(0);
    const qint64 kept = heapInUse() - heapStart;
    out << "100k pods in pages of " << page << ": " << QString::number(double(bytes) / 1e6, 'f', 0) << " MB decoded in "
        << decodeNs / 1000000 << " ms (" << QString::number(double(bytes) / 1e6 / (double(decodeNs) / 1e9), 'f', 0)
        << " MB/s); projections keep " << kept / (1024 * 1024) << " MiB = " << kept / total
        << " bytes/pod (pool: " << pool->stringCount() << " strings, " << pool->labelSetCount() << " label sets, "
        << pool->sharedValueCount()
        << " pod shapes); parser buffers an I/O thread keeps for such pages: " << (withParser - kept) / (1024 * 1024)
        << " MiB; max RSS of this process " << maxRssKiB() / 1024 << " MiB" << Qt::endl;
    return 0;
}
