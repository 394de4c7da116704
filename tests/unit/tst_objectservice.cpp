// SPDX-License-Identifier: Apache-2.0
// ObjectService over a scripted transport: one GET per question, answers only to the asker,
// identical questions in flight sharing a request, a short-lived cache, cancellation, and no
// answer to a caller that is gone.
#include "fleet/objectservice.h"

#include "faketransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

namespace {

struct Answers
{
    QList<QByteArray> bodies;
    ObjectService::Done collect()
    {
        return [this](const kube::ApiReply& reply) { bodies << (reply.isOk() ? reply.body : "error:"_ba); };
    }
};

const QString Pod = u"/api/v1/namespaces/shop/pods/web-1"_s;

} // namespace

class TestObjectService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersOnlyTheAsker()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers mine;
        Answers other;
        service.get({ u"alpha"_s, Pod }, this, mine.collect());
        service.get({ u"alpha"_s, u"/api/v1/nodes/n1"_s }, this, other.collect());
        QCOMPARE(transport.submitted.size(), 2);
        QCOMPARE(transport.submitted.at(0).request.endpoint, u"alpha"_s);
        QCOMPARE(transport.submitted.at(0).request.method, "GET"_ba);
        transport.reply(transport.submitted.at(0).request.id, "pod");
        QCOMPARE(mine.bodies, QList<QByteArray> { "pod" });
        QVERIFY(other.bodies.isEmpty());
        QCOMPARE(service.pendingCount(), 1);
    }

    void identicalQuestionsShareOneRequest()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers a;
        Answers b;
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        service.get({ u"alpha"_s, Pod }, this, b.collect());
        service.get({ u"beta"_s, Pod }, this, b.collect()); // another cluster: its own request
        QCOMPARE(transport.submitted.size(), 2);
        transport.reply(transport.submitted.at(0).request.id, "one");
        QCOMPARE(a.bodies, QList<QByteArray> { "one" });
        QCOMPARE(b.bodies, QList<QByteArray> { "one" });
    }

    void answersAreCachedBriefly()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers a;
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        transport.reply(transport.last().id, "v1");
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        QCOMPARE(transport.submitted.size(), 1); // served from memory …
        QCOMPARE(a.bodies.size(), 1); // … but never from inside get()
        QTRY_COMPARE(a.bodies.size(), 2);
        QCOMPARE(a.bodies.last(), "v1"_ba);

        // Not cacheable: the server is asked, and its answer refreshes the cache for others.
        ObjectService::Request fresh { u"alpha"_s, Pod };
        fresh.cacheable = false;
        service.get(fresh, this, a.collect());
        QCOMPARE(transport.submitted.size(), 2);
        transport.reply(transport.last().id, "v2");
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        QCOMPARE(transport.submitted.size(), 2);
        QTRY_COMPARE(a.bodies.size(), 4);
        QCOMPARE(a.bodies.last(), "v2"_ba);

        // With the cache off every question is a request.
        service.setCacheTtl(std::chrono::milliseconds(0));
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        QCOMPARE(transport.submitted.size(), 3);
    }

    void errorsAreNotCached()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers a;
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        transport.fail(transport.last().id, FakeTransport::error(ErrorKind::NotFound, 404));
        QCOMPARE(a.bodies, QList<QByteArray> { "error:" });
        service.get({ u"alpha"_s, Pod }, this, a.collect());
        QCOMPARE(transport.submitted.size(), 2);
    }

    void cancellingTheLastAskerCancelsTheRequest()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers a;
        Answers b;
        const ObjectService::Ticket first = service.get({ u"alpha"_s, Pod }, this, a.collect());
        const ObjectService::Ticket second = service.get({ u"alpha"_s, Pod }, this, b.collect());
        const kube::RequestId id = transport.last().id;
        service.cancel(first);
        QVERIFY(transport.isOpen(id)); // b still waits
        service.cancel(second);
        QVERIFY(!transport.isOpen(id));
        QCOMPARE(transport.cancelled, QList<kube::RequestId> { id });
        QCOMPARE(service.pendingCount(), 0);
    }

    void aCallerThatIsGoneHearsNothing()
    {
        FakeTransport transport;
        ObjectService service(&transport);
        Answers a;
        auto* context = new QObject;
        service.get({ u"alpha"_s, Pod }, context, a.collect());
        delete context;
        transport.reply(transport.last().id, "late");
        QVERIFY(a.bodies.isEmpty());
        QCOMPARE(service.pendingCount(), 0);
    }

    void theDestructorCancelsWhatIsInFlight()
    {
        FakeTransport transport;
        Answers a;
        {
            ObjectService service(&transport);
            service.get({ u"alpha"_s, Pod }, this, a.collect());
        }
        QCOMPARE(transport.openCount(), 0);
        QCOMPARE(transport.cancelled.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestObjectService)
#include "tst_objectservice.moc"
