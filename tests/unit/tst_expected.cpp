// SPDX-License-Identifier: Apache-2.0
#include "util/expected.h"

#include <QTest>

using namespace minato;

class TestExpected : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void holdsValue()
    {
        Expected<int> e(42);
        QVERIFY(e.hasValue());
        QCOMPARE(*e, 42);
        QCOMPARE(e.valueOr(7), 42);
    }
    void holdsError()
    {
        Expected<QString> e(KubeError::make(ErrorKind::Forbidden, QStringLiteral("pods is forbidden")));
        QVERIFY(!e);
        QCOMPARE(e.error().kind, ErrorKind::Forbidden);
        QCOMPARE(e.valueOr(QStringLiteral("fallback")), QStringLiteral("fallback"));
        QCOMPARE(errorKindName(e.error().kind), QStringLiteral("forbidden"));
    }
};

QTEST_GUILESS_MAIN(TestExpected)
#include "tst_expected.moc"
