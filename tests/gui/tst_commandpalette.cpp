// SPDX-License-Identifier: Apache-2.0
// The command palette on its own: fuzzy matches best first, ':' narrows to kinds, the arrow
// keys move the choice and Enter runs it, Escape closes without running anything.
#include "commandpalette.h"

#include <QLineEdit>
#include <QListWidget>
#include <QTest>

namespace {

QStringList listed(const CommandPalette& palette)
{
    QStringList out;
    for (int i = 0; i < palette.list()->count(); ++i)
        out << palette.list()->item(i)->text().section(QStringLiteral("    — "), 0, 0);
    return out;
}

} // namespace

class TestCommandPalette : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_host = std::make_unique<QWidget>();
        m_host->resize(900, 700);
        m_palette = new CommandPalette(m_host.get());
        m_ran.clear();
        auto entry = [this](const QString& text, const QString& hint) {
            return CommandPalette::Entry { text, hint, [this, text] { m_ran << text; } };
        };
        m_palette->setEntries({ entry(QStringLiteral("Group by team"), QStringLiteral("Alt+T")),
            entry(QStringLiteral("Group by environment"), QStringLiteral("Alt+E")),
            entry(QStringLiteral("Show managedFields"), QStringLiteral("Alt+M")),
            entry(QStringLiteral(":daemonsets"), QStringLiteral("ds")),
            entry(QStringLiteral(":deployments"), QStringLiteral("deploy dp")),
            entry(QStringLiteral(":pods"), QStringLiteral("po")),
            entry(QStringLiteral("payments-prod"), QStringLiteral("cluster payments prod")) });
        m_host->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_host.get()));
        m_host->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_host.get()));
    }
    void cleanup() { m_host.reset(); }

    void fuzzyOrderAndEnterRuns()
    {
        m_palette->open();
        QVERIFY(m_palette->isVisible());
        QCOMPARE(m_palette->list()->count(), 7);
        QTRY_COMPARE(QApplication::focusWidget(), m_palette->queryEdit());

        // Word starts beat scattered letters: "ge" is Group by Environment first.
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("ge"));
        QCOMPARE(listed(*m_palette).value(0), QStringLiteral("Group by environment"));
        QVERIFY(listed(*m_palette).indexOf(QStringLiteral("Group by environment"))
            < listed(*m_palette).indexOf(QStringLiteral("Group by team")));
        QVERIFY(!listed(*m_palette).contains(QStringLiteral(":pods")));

        // Down moves the choice; Enter runs it and closes the palette.
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Down);
        const QString second = listed(*m_palette).value(1);
        QVERIFY(!second.isEmpty());
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Return);
        QCOMPARE(m_ran, QStringList { second });
        QVERIFY(!m_palette->isVisible());
    }

    void colonNarrowsToKinds()
    {
        m_palette->open(QStringLiteral(":"));
        QCOMPARE(listed(*m_palette),
            QStringList({ QStringLiteral(":daemonsets"), QStringLiteral(":deployments"), QStringLiteral(":pods") }));
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("dp"));
        QCOMPARE(listed(*m_palette).value(0), QStringLiteral(":deployments"));
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Return);
        QCOMPARE(m_ran, QStringList { QStringLiteral(":deployments") });

        // A cluster name is no kind: nothing matches, Enter runs nothing.
        m_palette->open(QStringLiteral(":"));
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("payments"));
        QCOMPARE(m_palette->list()->count(), 0);
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Return);
        QCOMPARE(m_ran.size(), 1);
    }

    // Any other kind the clusters serve: the typed text itself, after the listed kinds.
    void colonOpensAnyKindByName()
    {
        QStringList opened;
        m_palette->setOpenAnyKind([&opened](const QString& text) { opened << text; });
        m_palette->open(QStringLiteral(":"));
        QCOMPARE(m_palette->list()->count(), 3); // nothing typed: only the listed kinds
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("dp"));
        QCOMPARE(listed(*m_palette).value(0), QStringLiteral(":deployments"));
        QCOMPARE(listed(*m_palette).last(), QStringLiteral(":dp"));
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Return);
        QCOMPARE(m_ran, QStringList { QStringLiteral(":deployments") });
        QVERIFY(opened.isEmpty());

        m_palette->open(QStringLiteral(":"));
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("ipamblocks.crd.projectcalico.org"));
        QCOMPARE(listed(*m_palette), QStringList { QStringLiteral(":ipamblocks.crd.projectcalico.org") });
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Return);
        QCOMPARE(opened, QStringList { QStringLiteral("ipamblocks.crd.projectcalico.org") });
        QCOMPARE(m_ran.size(), 1);

        // Without ':' the palette searches everything; typed text is no kind.
        m_palette->open();
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("zzz"));
        QCOMPARE(m_palette->list()->count(), 0);
    }

    void escapeCloses()
    {
        m_palette->open();
        QTest::keyClicks(m_palette->queryEdit(), QStringLiteral("team"));
        QTest::keyClick(m_palette->queryEdit(), Qt::Key_Escape);
        QVERIFY(!m_palette->isVisible());
        QVERIFY(m_ran.isEmpty());
    }

private:
    std::unique_ptr<QWidget> m_host;
    CommandPalette* m_palette = nullptr;
    QStringList m_ran;
};

QTEST_MAIN(TestCommandPalette)
#include "tst_commandpalette.moc"
