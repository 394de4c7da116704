// SPDX-License-Identifier: Apache-2.0
// The runtime policies by version: the skew window of the API server's release, dockershim and
// cri-dockerd, cri-o's minor against the kubelet's, containerd's support horizon and CRI v1.
#include "analysis/runtimepolicy.h"

#include <QTest>

using namespace minato::analysis;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(minato::analysis::SupportLevel)

class TestRuntimePolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<int>("patch");
        QTest::newRow("kubelet") << u"v1.30.2"_s << 1 << 30 << 2;
        QTest::newRow("eks") << u"v1.29.3-eks-ae9a62a"_s << 1 << 29 << 3;
        QTest::newRow("k3s containerd") << u"1.7.11-k3s2"_s << 1 << 7 << 11;
        QTest::newRow("openshift cri-o") << u"1.28.4-5.rhaos4.15.git1a2b3c4.el9"_s << 1 << 28 << 4;
        QTest::newRow("gke plus") << u"v1.27+"_s << 1 << 27 << -1;
        QTest::newRow("garbage") << u"docker"_s << -1 << -1 << -1;
        QTest::newRow("major only") << u"2"_s << -1 << -1 << -1;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(int, patch);
        const DottedVersion v = DottedVersion::parse(text);
        QCOMPARE(v.major, major);
        QCOMPARE(v.minor, minor);
        QCOMPARE(v.patch, patch);
    }

    // The policy of the server's release: n-2 before 1.28, n-3 from 1.28; never newer.
    void kubeletSkewByServerRelease_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("kubelet");
        QTest::addColumn<SupportLevel>("level");
        QTest::newRow("same") << u"v1.29.4"_s << u"v1.29.4"_s << SupportLevel::Supported;
        QTest::newRow("1.27 allows two: at the limit") << u"v1.27.9"_s << u"v1.25.16"_s << SupportLevel::Warning;
        QTest::newRow("1.27 does not allow three") << u"v1.27.9"_s << u"v1.24.17"_s << SupportLevel::Unsupported;
        QTest::newRow("1.28 allows three: at the limit") << u"v1.28.0"_s << u"v1.25.16"_s << SupportLevel::Warning;
        QTest::newRow("1.28, two behind") << u"v1.28.0"_s << u"v1.26.1"_s << SupportLevel::Supported;
        QTest::newRow("1.31, four behind") << u"v1.31.2"_s << u"v1.27.3"_s << SupportLevel::Unsupported;
        QTest::newRow("kubelet newer") << u"v1.27.9"_s << u"v1.28.7+f1b5f6c"_s << SupportLevel::Unsupported;
        QTest::newRow("no server version") << QString() << u"v1.28.7"_s << SupportLevel::Unknown;
    }
    void kubeletSkewByServerRelease()
    {
        QFETCH(QString, server);
        QFETCH(QString, kubelet);
        QFETCH(SupportLevel, level);
        const PolicyVerdict verdict = kubeletSkew(server, kubelet);
        QCOMPARE(verdict.level, level);
        QVERIFY(!verdict.reason.isEmpty());
    }

    void skewReasonsNameThePolicy()
    {
        QCOMPARE(kubeletSkew(u"v1.27.9", u"v1.24.17").reason,
            u"kubelet v1.24.17 is 3 minor(s) behind the API server v1.27.9; the 1.27 skew policy allows 2"_s);
        QCOMPARE(kubeletSkew(u"v1.28.0", u"v1.25.16").reason,
            u"kubelet v1.25.16 is 3 minor(s) behind the API server v1.28.0, all the 1.28 skew policy allows: upgrade "
            u"the nodes before the control plane"_s);
    }

    void kubeProxy()
    {
        QCOMPARE(kubeProxySkew(u"v1.29.4", u"", u"v1.29.4").level, SupportLevel::Unknown); // deprecated, often empty
        QCOMPARE(kubeProxySkew(u"v1.29.4", u"v1.29.4", u"v1.29.4").level, SupportLevel::Supported);
        QCOMPARE(kubeProxySkew(u"v1.29.4", u"v1.30.0", u"v1.29.4").level, SupportLevel::Unsupported);
        QCOMPARE(kubeProxySkew(u"v1.31.0", u"v1.28.0", u"v1.28.0").level, SupportLevel::Warning);
    }

    void runtimes_data()
    {
        QTest::addColumn<QString>("runtime");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("kubelet");
        QTest::addColumn<QString>("server");
        QTest::addColumn<SupportLevel>("level");
        QTest::addColumn<QString>("says");
        QTest::newRow("dockershim before 1.24") << u"docker"_s << u"20.10.21"_s << u"v1.23.17"_s << u"v1.23.17"_s
                                                << SupportLevel::Warning << u"migrate before upgrading"_s;
        QTest::newRow("dockershim under a 1.24+ server") << u"docker"_s << u"20.10.21"_s << u"v1.23.17"_s
                                                         << u"v1.26.15"_s << SupportLevel::Unsupported
                                                         << u"cannot be upgraded"_s;
        QTest::newRow("cri-dockerd") << u"docker"_s << u"24.0.7"_s << u"v1.28.3"_s << u"v1.28.3"_s
                                     << SupportLevel::Warning << u"cri-dockerd"_s;
        QTest::newRow("cri-o matching") << u"cri-o"_s << u"1.28.4-5.rhaos4.15"_s << u"v1.28.7+f1b5f6c"_s
                                        << u"v1.28.7"_s << SupportLevel::Supported << u"matches"_s;
        QTest::newRow("cri-o a minor behind") << u"cri-o"_s << u"1.27.1"_s << u"v1.28.7"_s << u"v1.28.7"_s
                                              << SupportLevel::Unsupported << u"cri-o 1.28"_s;
        QTest::newRow("containerd 1.5 on kubelet 1.26: no CRI v1") << u"containerd"_s << u"1.5.18"_s << u"v1.26.3"_s
                                                                    << u"v1.26.3"_s << SupportLevel::Unsupported
                                                                    << u"CRI v1"_s;
        QTest::newRow("containerd 1.6.14 on 1.26: no CRI v1") << u"containerd"_s << u"1.6.14"_s << u"v1.26.3"_s
                                                              << u"v1.26.3"_s << SupportLevel::Unsupported << u"CRI v1"_s;
        QTest::newRow("containerd 1.7 past its end of life") << u"containerd"_s << u"1.7.13"_s << u"v1.29.4"_s
                                                             << u"v1.29.4"_s << SupportLevel::Unsupported
                                                             << u"end of life on 2026-03-10"_s;
        QTest::newRow("containerd 2.2 past a tentative date") << u"containerd"_s << u"2.2.0"_s << u"v1.33.1"_s
                                                              << u"v1.33.1"_s << SupportLevel::Warning << u"tentative"_s;
        QTest::newRow("containerd newer than the table") << u"containerd"_s << u"2.3.1"_s << u"v1.34.0"_s
                                                         << u"v1.34.0"_s << SupportLevel::Supported << u"newer"_s;
        QTest::newRow("an unknown runtime") << u"frakti"_s << u"1.1"_s << u"v1.12.0"_s << u"v1.12.0"_s
                                            << SupportLevel::Unknown << u"no support policy"_s;
    }
    void runtimes()
    {
        QFETCH(QString, runtime);
        QFETCH(QString, version);
        QFETCH(QString, kubelet);
        QFETCH(QString, server);
        QFETCH(SupportLevel, level);
        QFETCH(QString, says);
        const PolicyVerdict verdict = runtimeSupport(runtime, version, kubelet, server, QDate(2026, 12, 7));
        QCOMPARE(verdict.level, level);
        QVERIFY2(verdict.reason.contains(says), qPrintable(verdict.reason));
    }

    // The horizon moves with the date: 1.7 was supported, then a warning in its last 90 days.
    void containerdHorizonMovesWithTheDate()
    {
        QCOMPARE(runtimeSupport(u"containerd", u"1.7.13", u"v1.29.4", u"v1.29.4", QDate(2025, 6, 1)).level,
            SupportLevel::Supported);
        QCOMPARE(runtimeSupport(u"containerd", u"1.7.13", u"v1.29.4", u"v1.29.4", QDate(2026, 1, 15)).level,
            SupportLevel::Warning);
        QCOMPARE(containerdEndOfLife(1, 6), QDate(2025, 7, 23));
        QVERIFY(!containerdEndOfLife(2, 3).isValid());
    }
};

QTEST_GUILESS_MAIN(TestRuntimePolicy)
#include "tst_runtimepolicy.moc"
