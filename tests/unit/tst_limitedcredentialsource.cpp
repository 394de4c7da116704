// SPDX-License-Identifier: Apache-2.0
// LimitedCredentialSource: at most N credential requests in the inner source at a time, the
// rest in order, one request per key however often it is asked for.
#include "kube/limitedcredentialsource.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

// Answers only when the test says so, like a slow exec plugin.
class ManualSource : public CredentialSource
{
    Q_OBJECT
public:
    QStringList asked;
    QStringList invalidated;
    void request(const QString& key, const ExecConfig&, const ClusterEntry&) override { asked << key; }
    void invalidate(const QString& key) override { invalidated << key; }
    void answer(const QString& key)
    {
        ExecCredential credential;
        credential.token = "token-for-" + key.toUtf8();
        Q_EMIT credentialAvailable(key, credential);
    }
    void refuse(const QString& key)
    {
        Q_EMIT credentialFailed(key, KubeError::make(ErrorKind::Credentials, QStringLiteral("plugin failed")));
    }
};

} // namespace

class TestLimitedCredentialSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsAFewAtATime()
    {
        ManualSource inner;
        LimitedCredentialSource limited(&inner, 3);
        QSignalSpy available(&limited, &CredentialSource::credentialAvailable);
        QSignalSpy failed(&limited, &CredentialSource::credentialFailed);
        for (int i = 0; i < 8; ++i)
            limited.request(QStringLiteral("ctx-%1").arg(i), {}, {});
        QCOMPARE(inner.asked, (QStringList { u"ctx-0"_qs, u"ctx-1"_qs, u"ctx-2"_qs }));
        QCOMPARE(limited.runningCount(), 3);
        QCOMPARE(limited.waitingCount(), 5);

        inner.answer(QStringLiteral("ctx-1"));
        QCOMPARE(available.size(), 1);
        QCOMPARE(available.first().at(0).toString(), u"ctx-1"_qs);
        // The next one starts from the event loop, after the answer has been delivered.
        QTRY_COMPARE(inner.asked.size(), 4);
        QCOMPARE(inner.asked.last(), u"ctx-3"_qs);
        QCOMPARE(limited.runningCount(), 3);

        inner.refuse(QStringLiteral("ctx-0"));
        QCOMPARE(failed.size(), 1);
        QTRY_COMPARE(inner.asked.size(), 5);
        QCOMPARE(limited.runningCount(), 3);
    }

    void oneRequestPerKey()
    {
        ManualSource inner;
        LimitedCredentialSource limited(&inner, 1);
        limited.request(QStringLiteral("a"), {}, {});
        limited.request(QStringLiteral("a"), {}, {}); // running: not asked again
        limited.request(QStringLiteral("b"), {}, {});
        limited.request(QStringLiteral("b"), {}, {}); // waiting: not queued twice
        QCOMPARE(inner.asked, QStringList { u"a"_qs });
        QCOMPARE(limited.waitingCount(), 1);
        inner.answer(QStringLiteral("a"));
        QTRY_COMPARE(inner.asked, (QStringList { u"a"_qs, u"b"_qs }));
        QCOMPARE(limited.waitingCount(), 0);
    }

    void invalidatePassesThrough()
    {
        ManualSource inner;
        LimitedCredentialSource limited(&inner, 2);
        limited.invalidate(QStringLiteral("a"));
        QCOMPARE(inner.invalidated, QStringList { u"a"_qs });
    }
};

QTEST_GUILESS_MAIN(TestLimitedCredentialSource)
#include "tst_limitedcredentialsource.moc"
