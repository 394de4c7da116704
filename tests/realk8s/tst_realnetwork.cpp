// SPDX-License-Identifier: Apache-2.0
// The built `minato network` against a real Kubernetes 1.20 fleet (tests/realk8s): -o json of
// every context, -o table, and -o dot of real-token. The expected values come from the seed
// (seed/calico.yaml, seed/nodes.txt, seed/token.yaml, the upstream seed/kube-flannel.yml) and
// from Calico's and flannel's documented rules, each stated where it is checked; counts and
// names are also compared with kubectl through the same contexts.
// Needs a started and seeded fleet in MINATO_REALK8S_DIR: smoke.sh runs it that way.
#include "realfleet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// "10.0.1.0/24" → (network, prefix); nullopt when it is no IPv4 CIDR.
std::optional<std::pair<quint32, int>> ipv4Cidr(const QString& text)
{
    const QStringList parts = text.split(u'/');
    const QStringList octets = parts.first().split(u'.');
    if (octets.size() != 4)
        return std::nullopt;
    quint32 address = 0;
    for (const QString& o : octets) {
        bool ok = false;
        const uint v = o.toUInt(&ok);
        if (!ok || v > 255)
            return std::nullopt;
        address = address << 8 | v;
    }
    const int prefix = parts.size() > 1 ? parts.at(1).toInt() : 32;
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    return std::make_pair(address & mask, prefix);
}

bool cidrContains(const QString& outer, const QString& inner)
{
    const auto a = ipv4Cidr(outer);
    const auto b = ipv4Cidr(inner);
    if (!a || !b || b->second < a->second)
        return false;
    const quint32 mask = a->second == 0 ? 0 : ~quint32(0) << (32 - a->second);
    return (b->first & mask) == a->first;
}

QString networkOf(const QString& interfaceCidr) // "10.0.2.13/24" → "10.0.2.0/24"
{
    const auto c = ipv4Cidr(interfaceCidr);
    if (!c)
        return {};
    return u"%1.%2.%3.%4/%5"_s.arg(c->first >> 24)
        .arg(c->first >> 16 & 255)
        .arg(c->first >> 8 & 255)
        .arg(c->first & 255)
        .arg(c->second);
}

QStringList strings(const QJsonValue& array)
{
    QStringList out;
    for (const QJsonValue& v : array.toArray())
        out << v.toString();
    return out;
}

QJsonObject meta(const QJsonValue& object)
{
    return object.toObject().value(u"metadata").toObject();
}

QString name(const QJsonValue& object)
{
    return meta(object).value(u"name").toString();
}

QJsonObject spec(const QJsonValue& object)
{
    return object.toObject().value(u"spec").toObject();
}

// The six Calico kinds Minato watches (minato report names them in `forbidden`).
const QStringList CalicoResources { u"ippools"_s, u"bgpconfigurations"_s, u"bgppeers"_s, u"felixconfigurations"_s,
    u"blockaffinities"_s, u"caliconodestatuses"_s };

} // namespace

class TestRealNetwork : public QObject
{
    Q_OBJECT
private:
    std::optional<RealFleet> m_fleet;
    Run m_json;
    QJsonObject m_document;

    Run minato(const QStringList& arguments) const
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_fleet->path(u"home-realnetwork"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_fleet->path(u"home-realnetwork"_s));
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MINATO_BINARY),
            QStringList { u"network"_s, u"--kubeconfig"_s, m_fleet->kubeconfig(), u"--timeout"_s, u"90"_s } + arguments);
        Run run;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            run.err = "minato network did not finish in 120 s";
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    QJsonObject cluster(const QString& context) const
    {
        for (const QJsonValue& c : m_document.value(u"clusters").toArray())
            if (c.toObject().value(u"name").toString() == context)
                return c.toObject();
        return {};
    }

    QJsonArray items(const QString& context, const QString& path) const
    {
        QString error;
        const auto result = m_fleet->rawItems(context, path, &error);
        if (!result)
            qWarning("kubectl %s %s: %s", qPrintable(context), qPrintable(path), qPrintable(error));
        return result.value_or(QJsonArray());
    }
    QJsonArray calico(const QString& resource) const
    {
        return items(u"real-token"_s, u"/apis/crd.projectcalico.org/v1/"_s + resource);
    }

    static QJsonObject byName(const QJsonArray& array, const QString& key, const QString& wanted)
    {
        for (const QJsonValue& v : array)
            if (v.toObject().value(key).toString() == wanted)
                return v.toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fleet = RealFleet::fromEnvironment();
        if (!m_fleet)
            QFAIL("MINATO_REALK8S_DIR names no started fleet; run this through tests/realk8s/smoke.sh");
        m_json = minato({ u"-o"_s, u"json"_s });
        QJsonParseError error;
        m_document = QJsonDocument::fromJson(m_json.out, &error).object();
        QVERIFY2(!m_document.isEmpty(), qPrintable(error.errorString() + u": "_s + QString::fromUtf8(m_json.err)));
        for (const QJsonValue& v : m_document.value(u"clusters").toArray()) {
            const QJsonObject c = v.toObject();
            qInfo("%s: CNI %s, mode %s, MTU %d, %lld findings", qPrintable(c.value(u"name").toString()),
                qPrintable(c.value(u"cni").toString()), qPrintable(c.value(u"mode").toString()),
                c.value(u"mtu").toObject().value(u"effective").toInt(), qlonglong(c.value(u"findings").toArray().size()));
        }
    }

    // Every context is printed (none selected away, none crashed); real-limited is Degraded, so
    // the exit status is 2, as for minato report.
    void everyContextAndExitStatus()
    {
        QStringList names;
        for (const QJsonValue& c : m_document.value(u"clusters").toArray())
            names << c.toObject().value(u"name").toString();
        names.sort();
        QCOMPARE(names, QStringList({ u"real-cert"_s, u"real-exec"_s, u"real-limited"_s, u"real-token"_s, u"real-v1beta1"_s }));
        QCOMPARE(m_json.exitCode, 2);
    }

    // ------------------------------------------------------------------ Calico (real-token)

    void calicoCluster()
    {
        const QJsonObject c = cluster(u"real-token"_s);
        QCOMPARE(c.value(u"cni").toString(), u"Calico"_s);
        QCOMPARE(c.value(u"canal").toBool(), false); // no flannel net-conf.json in cluster token
        // The calico-node DaemonSet of seed/token.yaml runs docker.io/calico/node:v3.17.2.
        QString image;
        for (const QJsonValue& ds : items(u"real-token"_s, u"/apis/apps/v1/namespaces/kube-system/daemonsets"_s))
            if (name(ds) == u"calico-node"_s)
                image = spec(spec(ds).value(u"template")).value(u"containers").toArray().first().toObject().value(u"image").toString();
        QCOMPARE(image, u"docker.io/calico/node:v3.17.2"_s);
        QCOMPARE(c.value(u"version").toString(), u"v3.17.2"_s);
        // The only enabled pool encapsulates with IPIP Always; the disabled VXLAN pool allocates
        // nothing, so it is neither a mode nor a pod range.
        QCOMPARE(c.value(u"mode").toString(), u"IPIP Always"_s);
        QCOMPARE(strings(c.value(u"podCidrs")), QStringList { u"192.168.0.0/16"_s });
        // BGPConfiguration default serviceClusterIPs.
        QCOMPARE(strings(c.value(u"serviceCidrs")), QStringList { u"10.96.0.0/12"_s });
        QCOMPARE(c.value(u"overlaps").toArray().size(), 0);
    }

    void calicoPools()
    {
        const QJsonArray pools = cluster(u"real-token"_s).value(u"pools").toArray();
        const QJsonArray theirs = calico(u"ippools"_s);
        QCOMPARE(pools.size(), theirs.size());
        QCOMPARE(pools.size(), 2);

        struct Expected
        {
            QString name, cidr;
            int blockSize;
            QString ipip, vxlan;
            bool nat, disabled;
            QString selector;
            int selected;
            qint64 blocks, used;
        };
        // selectedNodes: all() takes the four nodes; a disabled pool selects none.
        // blocks: 2^(blockSize - prefix) = 2^(26-16) and 2^(28-20).
        // blocksUsed: the four confirmed BlockAffinities 192.168.{0..3}.0/26 lie in the default pool.
        const QList<Expected> expected {
            { u"default-ipv4-ippool"_s, u"192.168.0.0/16"_s, 26, u"Always"_s, u"Never"_s, true, false, u"all()"_s, 4,
                1024, 4 },
            { u"edge-vxlan-pool"_s, u"10.48.0.0/20"_s, 28, u"Never"_s, u"CrossSubnet"_s, false, true,
                u"topology.kubernetes.io/zone == \"eu-west-1c\""_s, 0, 256, 0 },
        };
        const QJsonArray affinities = calico(u"blockaffinities"_s);
        for (int i = 0; i < expected.size(); ++i) {
            const Expected& e = expected.at(i);
            const QJsonObject p = pools.at(i).toObject(); // sorted by name
            QCOMPARE(p.value(u"name").toString(), e.name);
            QCOMPARE(p.value(u"cidr").toString(), e.cidr);
            QCOMPARE(p.value(u"blockSize").toInt(), e.blockSize);
            QCOMPARE(p.value(u"ipipMode").toString(), e.ipip);
            QCOMPARE(p.value(u"vxlanMode").toString(), e.vxlan);
            QCOMPARE(p.value(u"natOutgoing").toBool(), e.nat);
            QCOMPARE(p.value(u"disabled").toBool(), e.disabled);
            QCOMPARE(p.value(u"nodeSelector").toString(), e.selector);
            QCOMPARE(p.value(u"selectedNodes").toInt(), e.selected);
            QCOMPARE(qint64(p.value(u"blocks").toDouble()), e.blocks);
            QCOMPARE(qint64(p.value(u"blocksUsed").toDouble()), e.used);

            // The same through kubectl, as the token user.
            QJsonObject mine;
            for (const QJsonValue& v : theirs)
                if (name(v) == e.name)
                    mine = spec(v);
            QVERIFY2(!mine.isEmpty(), qPrintable(e.name));
            QCOMPARE(mine.value(u"cidr").toString(), e.cidr);
            QCOMPARE(mine.value(u"blockSize").toInt(), e.blockSize);
            QCOMPARE(mine.value(u"ipipMode").toString(), e.ipip);
            QCOMPARE(mine.value(u"vxlanMode").toString(), e.vxlan);
            QCOMPARE(mine.value(u"natOutgoing").toBool(), e.nat);
            QCOMPARE(mine.value(u"disabled").toBool(), e.disabled);
            int used = 0;
            for (const QJsonValue& a : affinities)
                if (spec(a).value(u"state").toString() == u"confirmed"_s
                    && spec(a).value(u"deleted").toString() != u"true"_s
                    && cidrContains(e.cidr, spec(a).value(u"cidr").toString()))
                    ++used;
            QCOMPARE(qint64(used), e.used);
        }
    }

    // Nodes: the address and subnet from calico-node's projectcalico.org/IPv4Address (the
    // seed writes InternalIP/24; token-worker-3 sits in 10.0.2.0/24, the others in
    // 10.0.1.0/24), the group from the zone label, the blocks from the BlockAffinities and the
    // pod CIDRs from spec.podCIDRs.
    void calicoNodes()
    {
        const QJsonArray nodes = cluster(u"real-token"_s).value(u"nodes").toArray();
        const QJsonArray theirs = items(u"real-token"_s, u"/api/v1/nodes"_s);
        QCOMPARE(nodes.size(), theirs.size());
        const QMap<QString, QString> subnets { { u"token-cp-1"_s, u"10.0.1.0/24"_s },
            { u"token-worker-1"_s, u"10.0.1.0/24"_s }, { u"token-worker-2"_s, u"10.0.1.0/24"_s },
            { u"token-worker-3"_s, u"10.0.2.0/24"_s } };
        const QJsonArray affinities = calico(u"blockaffinities"_s);
        for (const QJsonValue& v : theirs) {
            const QString node = name(v);
            const QJsonObject n = byName(nodes, u"name"_s, node);
            QVERIFY2(!n.isEmpty(), qPrintable(node));
            const QString calicoAddress
                = meta(v).value(u"annotations").toObject().value(u"projectcalico.org/IPv4Address").toString();
            QCOMPARE(n.value(u"address").toString(), calicoAddress.section(u'/', 0, 0));
            QCOMPARE(n.value(u"subnet").toString(), networkOf(calicoAddress));
            QCOMPARE(n.value(u"subnet").toString(), subnets.value(node));
            QCOMPARE(n.value(u"group").toString(),
                meta(v).value(u"labels").toObject().value(u"topology.kubernetes.io/zone").toString());
            QCOMPARE(n.value(u"pool").toString(), u"default-ipv4-ippool"_s);
            QStringList blocks;
            for (const QJsonValue& a : affinities)
                if (spec(a).value(u"node").toString() == node && spec(a).value(u"state").toString() == u"confirmed"_s)
                    blocks << spec(a).value(u"cidr").toString();
            QCOMPARE(strings(n.value(u"blocks")), blocks);
            QCOMPARE(strings(n.value(u"podCIDRs")), strings(spec(v).value(u"podCIDRs")));
        }
    }

    // BGPConfiguration default: AS 64512, nodeToNodeMeshEnabled false, so no mesh sessions.
    // A route reflector is a node with a route-reflector cluster ID: calico-node's annotation
    // projectcalico.org/RouteReflectorClusterID, which the seed gives the node labelled
    // route-reflector=true (token-cp-1, cluster ID 224.0.0.1). The ToR BGPPeer's peerIP
    // 10.0.1.1 is no node's address, so it is a router outside the cluster with the peer's AS.
    void calicoBgp()
    {
        const QJsonObject c = cluster(u"real-token"_s);
        const QJsonObject bgp = c.value(u"bgp").toObject();
        QCOMPARE(bgp.value(u"enabled").toBool(), true); // calico-config calico_backend: bird
        QCOMPARE(bgp.value(u"asNumber").toInteger(), 64512);
        QCOMPARE(bgp.value(u"nodeToNodeMesh").toBool(), false);
        QCOMPARE(bgp.value(u"meshSessions").toInteger(), 0);

        QStringList reflectors;
        for (const QJsonValue& v : items(u"real-token"_s, u"/api/v1/nodes"_s))
            if (meta(v).value(u"annotations").toObject().contains(u"projectcalico.org/RouteReflectorClusterID"))
                reflectors << name(v);
        QCOMPARE(reflectors, QStringList { u"token-cp-1"_s });
        QCOMPARE(strings(bgp.value(u"routeReflectors")), reflectors);
        QCOMPARE(byName(c.value(u"nodes").toArray(), u"name"_s, u"token-cp-1"_s).value(u"routeReflectorClusterID").toString(),
            u"224.0.0.1"_s);

        const QJsonArray routers = bgp.value(u"routers").toArray();
        QCOMPARE(routers.size(), 1);
        const QJsonObject tor = routers.first().toObject();
        QCOMPARE(tor.value(u"address").toString(), u"10.0.1.1"_s);
        QCOMPARE(tor.value(u"asNumber").toInteger(), 64600);
        QCOMPARE(strings(tor.value(u"peers")), QStringList { u"tor-switch-eu-west-1a"_s });

        QCOMPARE(calico(u"bgppeers"_s).size(), 2);
        QCOMPARE(bgp.value(u"nodesReportingStatus").toInt(), calico(u"caliconodestatuses"_s).size());
        QCOMPARE(bgp.value(u"nodesReportingStatus").toInt(), 2); // token-cp-1 and token-worker-1
    }

    // BGPPeers resolved into sessions as confd does:
    // - peer-with-route-reflectors (nodeSelector all(), peerSelector route-reflector == 'true'):
    //   every node except the reflector itself peers with token-cp-1;
    // - tor-switch-eu-west-1a (nodeSelector zone eu-west-1a, peerIP 10.0.1.1, AS 64600): the
    //   two nodes of that zone, token-cp-1 and token-worker-1.
    // States from the seeded CalicoNodeStatus: token-cp-1 reports 10.0.1.11 and 10.0.1.12
    // Established, 10.0.2.13 Connect, the ToR Established; token-worker-1 reports the reflector
    // Established and the ToR Active. token-worker-2's session is known from the reflector's side.
    void calicoSessions()
    {
        const QJsonArray sessions = cluster(u"real-token"_s).value(u"bgp").toObject().value(u"sessions").toArray();
        QStringList ours;
        for (const QJsonValue& v : sessions) {
            const QJsonObject s = v.toObject();
            ours << QStringList { s.value(u"node").toString(), s.value(u"peer").toString(), s.value(u"kind").toString(),
                s.value(u"source").toString(), s.value(u"state").toString(), s.value(u"since").toString() }
                        .join(u' ');
        }
        ours.sort();
        QStringList expected {
            u"token-worker-1 token-cp-1 node peer-with-route-reflectors Established 2021-01-28"_s,
            u"token-worker-2 token-cp-1 node peer-with-route-reflectors Established 2021-01-28"_s,
            u"token-worker-3 token-cp-1 node peer-with-route-reflectors Connect 2021-01-30"_s,
            u"token-cp-1 10.0.1.1 external tor-switch-eu-west-1a Established 2021-01-28"_s,
            u"token-worker-1 10.0.1.1 external tor-switch-eu-west-1a Active 2021-01-31"_s,
        };
        expected.sort();
        QCOMPARE(ours, expected);

        // Each state as kubectl reads the CalicoNodeStatus objects: a session is down when
        // either end says so.
        QHash<QString, QString> nodeByAddress;
        for (const QJsonValue& v : items(u"real-token"_s, u"/api/v1/nodes"_s))
            nodeByAddress.insert(
                meta(v).value(u"annotations").toObject().value(u"projectcalico.org/IPv4Address").toString().section(u'/', 0, 0),
                name(v));
        QHash<QString, QString> reported; // "a|b" (sorted node names, or node|router) → state
        for (const QJsonValue& status : calico(u"caliconodestatuses"_s)) {
            const QString self = spec(status).value(u"node").toString();
            const QJsonArray peers = status.toObject()
                                         .value(u"status")
                                         .toObject()
                                         .value(u"bgp")
                                         .toObject()
                                         .value(u"peersV4")
                                         .toArray();
            QVERIFY2(!peers.isEmpty(), qPrintable(self + u": CalicoNodeStatus without status.bgp.peersV4 (seed)"_s));
            for (const QJsonValue& p : peers) {
                const QString ip = p.toObject().value(u"peerIP").toString();
                const QString state = p.toObject().value(u"state").toString();
                QStringList pair { self, nodeByAddress.value(ip, ip) };
                if (nodeByAddress.contains(ip))
                    pair.sort();
                const QString key = pair.join(u'|');
                if (!reported.contains(key) || state != u"Established"_s)
                    reported.insert(key, state);
            }
        }
        for (const QJsonValue& v : sessions) {
            const QJsonObject s = v.toObject();
            QStringList pair { s.value(u"node").toString(), s.value(u"peer").toString() };
            if (s.value(u"kind").toString() != u"external"_s)
                pair.sort();
            QVERIFY2(reported.contains(pair.join(u'|')), qPrintable(pair.join(u" – ")));
            QCOMPARE(s.value(u"state").toString(), reported.value(pair.join(u'|')));
        }
    }

    // IPIP Always encapsulates every pair, inside a subnet and across (Calico's ipipMode), so
    // all 4·3 ordered pairs are IPIP. Overhead 20 bytes (Felix: outer IPv4 header). No MTU is
    // configured (calico-config veth_mtu "0" is auto, FelixConfiguration default sets no
    // ipipMTU), so pods get 1500 − 20 = 1480.
    void calicoPathsAndMtu()
    {
        const QJsonObject c = cluster(u"real-token"_s);
        const QJsonObject paths = c.value(u"paths").toObject();
        QCOMPARE(paths.value(u"total").toInteger(), 12);
        QCOMPARE(paths.value(u"IPIP").toInteger(), 12);
        QCOMPARE(paths.keys(), QStringList({ u"IPIP"_s, u"total"_s }));
        const QJsonObject mtu = c.value(u"mtu").toObject();
        QCOMPARE(mtu.value(u"configured").toInt(), 0);
        QCOMPARE(mtu.value(u"overhead").toInt(), 20);
        QCOMPARE(mtu.value(u"hostMtu").toInt(), 1500);
        QCOMPARE(mtu.value(u"effective").toInt(), 1480);
        QCOMPARE(mtu.value(u"tooLarge").toBool(), false);
    }

    // The findings the seed must produce, and only those:
    // - encapsulation-in-subnet (info), pool default-ipv4-ippool: IPIP Always, and 3 of its 6
    //   node pairs share 10.0.1.0/24 (token-cp-1, -worker-1, -worker-2), which CrossSubnet
    //   would route natively;
    // - route-reflector-spof (warning), token-cp-1: the mesh is off and 224.0.0.1 has one
    //   reflector;
    // - bgp-session-down (warning) for each reporting node with a session not Established
    //   between Ready nodes: token-cp-1 (token-worker-3 Connect), token-worker-1 (the ToR
    //   10.0.1.1, AS 64600, Active).
    // Not produced: no configured MTU (mtu-too-large), mesh off (mesh-too-large), 4 of 1024
    // blocks (pool-exhaustion), 192.168.0.0/16 overlaps neither 10.96.0.0/12 nor the node
    // subnets (pool-overlap), natOutgoing true on the only enabled pool (nat-outgoing-off),
    // all() selects every node (node-without-pod-cidr), no flannel (mixed-cni), and no other
    // cluster of the fleet uses 192.168.0.0/16 or 10.96.0.0/12 (cidr-overlap-fleet).
    void calicoFindings()
    {
        const QJsonArray findings = cluster(u"real-token"_s).value(u"findings").toArray();
        QStringList ours;
        for (const QJsonValue& v : findings) {
            const QJsonObject f = v.toObject();
            ours << QStringList { f.value(u"rule").toString(), f.value(u"severity").toString(), f.value(u"kind").toString(),
                f.value(u"name").toString() }
                        .join(u' ');
        }
        ours.sort();
        QStringList expected { u"network.encapsulation-in-subnet info IPPool default-ipv4-ippool"_s,
            u"network.route-reflector-spof warning Node token-cp-1"_s,
            u"network.bgp-session-down warning Node token-cp-1"_s,
            u"network.bgp-session-down warning Node token-worker-1"_s };
        expected.sort();
        QCOMPARE(ours, expected);

        QHash<QString, QString> uids; // the objects' UIDs as kubectl reads them
        for (const QJsonValue& v : items(u"real-token"_s, u"/api/v1/nodes"_s))
            uids.insert(u"Node/"_s + name(v), meta(v).value(u"uid").toString());
        for (const QJsonValue& v : calico(u"ippools"_s))
            uids.insert(u"IPPool/"_s + name(v), meta(v).value(u"uid").toString());
        for (const QJsonValue& v : findings) {
            const QJsonObject f = v.toObject();
            const QString object = f.value(u"kind").toString() + u'/' + f.value(u"name").toString();
            QCOMPARE(f.value(u"uid").toString(), uids.value(object));
            QCOMPARE(f.value(u"cluster").toString(), u"real-token"_s);
            const QJsonObject evidence = f.value(u"evidence").toObject();
            const QString rule = f.value(u"rule").toString();
            if (rule == u"network.encapsulation-in-subnet"_s) {
                QCOMPARE(evidence.value(u"ipipMode").toString(), u"Always"_s);
                QCOMPARE(evidence.value(u"pairsInOneSubnet").toString(), u"3"_s);
                QCOMPARE(evidence.value(u"pairs").toString(), u"6"_s);
                QCOMPARE(evidence.value(u"overhead").toString(), u"20 bytes"_s);
            } else if (rule == u"network.route-reflector-spof"_s) {
                QCOMPARE(evidence.value(u"routeReflectorClusterID").toString(), u"224.0.0.1"_s);
            } else if (object == u"Node/token-cp-1"_s) {
                QCOMPARE(evidence.value(u"sessions").toString(), u"1"_s);
                QVERIFY2(evidence.value(u"peers").toString().contains(u"token-worker-3 Connect since 2021-01-30"_s),
                    qPrintable(evidence.value(u"peers").toString()));
            } else {
                QCOMPARE(evidence.value(u"sessions").toString(), u"1"_s);
                QVERIFY2(evidence.value(u"peers").toString().contains(u"10.0.1.1 (AS 64600) Active since 2021-01-31"_s),
                    qPrintable(evidence.value(u"peers").toString()));
            }
        }
    }

    // ------------------------------------------------------------------ flannel (real-cert)

    // Upstream kube-flannel.yml: net-conf.json Network 10.244.0.0/16, Backend.Type vxlan, no
    // SubnetLen (flannel's default 24), no DirectRouting, no MTU. VXLAN costs 50 bytes, so
    // 1450. Every pair of the 4 nodes is VXLAN. Pod CIDRs per node from spec.podCIDRs.
    void flannel()
    {
        const QJsonObject c = cluster(u"real-cert"_s);
        QCOMPARE(c.value(u"cni").toString(), u"flannel"_s);
        QCOMPARE(c.value(u"mode").toString(), u"vxlan"_s);
        QVERIFY2(!c.contains(u"bgp"_s), "no Calico in cluster cert");
        QCOMPARE(c.value(u"pools").toArray().size(), 0);

        const QJsonObject cm = m_fleet->kubectl(u"real-cert"_s,
                                          { u"-n"_s, u"kube-flannel"_s, u"get"_s, u"configmap"_s, u"kube-flannel-cfg"_s,
                                              u"-o"_s, u"json"_s })
                                   .json();
        const QJsonObject netConf
            = QJsonDocument::fromJson(cm.value(u"data"_s).toObject().value(u"net-conf.json").toString().toUtf8()).object();
        QCOMPARE(netConf.value(u"Network").toString(), u"10.244.0.0/16"_s);
        QCOMPARE(netConf.value(u"Backend").toObject().value(u"Type").toString(), u"vxlan"_s);
        QVERIFY(!netConf.contains(u"SubnetLen"_s));

        const QJsonObject f = c.value(u"flannel").toObject();
        QCOMPARE(f.value(u"source").toString(), u"kube-flannel/kube-flannel-cfg"_s);
        QCOMPARE(f.value(u"network").toString(), u"10.244.0.0/16"_s);
        QCOMPARE(f.value(u"subnetLen").toInt(), 24);
        QCOMPARE(f.value(u"backend").toString(), u"vxlan"_s);
        QCOMPARE(f.value(u"directRouting").toBool(), false);
        QCOMPARE(strings(c.value(u"podCidrs")), QStringList { u"10.244.0.0/16"_s });

        // The flannel DaemonSet's container image tag (upstream: ghcr.io/flannel-io/flannel:v0.28.9).
        QString image;
        for (const QJsonValue& ds : items(u"real-cert"_s, u"/apis/apps/v1/namespaces/kube-flannel/daemonsets"_s))
            if (name(ds) == u"kube-flannel-ds"_s)
                image = spec(spec(ds).value(u"template")).value(u"containers").toArray().first().toObject().value(u"image").toString();
        QCOMPARE(image, u"ghcr.io/flannel-io/flannel:v0.28.9"_s);
        QCOMPARE(c.value(u"version").toString(), u"v0.28.9"_s);

        const QJsonObject paths = c.value(u"paths").toObject();
        QCOMPARE(paths.value(u"total").toInteger(), 12);
        QCOMPARE(paths.value(u"VXLAN").toInteger(), 12);
        const QJsonObject mtu = c.value(u"mtu").toObject();
        QCOMPARE(mtu.value(u"configured").toInt(), 0);
        QCOMPARE(mtu.value(u"overhead").toInt(), 50);
        QCOMPARE(mtu.value(u"effective").toInt(), 1450);

        // nodes.txt: cert-master-1 10.244.0.0/24, cert-node-{1,2,3} 10.244.{1,2,3}.0/24; the
        // address is flannel's public-ip annotation (the InternalIP).
        const QJsonArray nodes = c.value(u"nodes").toArray();
        const QJsonArray theirs = items(u"real-cert"_s, u"/api/v1/nodes"_s);
        QCOMPARE(nodes.size(), theirs.size());
        QCOMPARE(nodes.size(), 4);
        const QMap<QString, QString> cidrs { { u"cert-master-1"_s, u"10.244.0.0/24"_s },
            { u"cert-node-1"_s, u"10.244.1.0/24"_s }, { u"cert-node-2"_s, u"10.244.2.0/24"_s },
            { u"cert-node-3"_s, u"10.244.3.0/24"_s } };
        for (const QJsonValue& v : theirs) {
            const QJsonObject n = byName(nodes, u"name"_s, name(v));
            QVERIFY2(!n.isEmpty(), qPrintable(name(v)));
            QCOMPARE(strings(n.value(u"podCIDRs")), strings(spec(v).value(u"podCIDRs")));
            QCOMPARE(strings(n.value(u"podCIDRs")), QStringList { cidrs.value(name(v)) });
            QCOMPARE(n.value(u"address").toString(),
                meta(v).value(u"annotations").toObject().value(u"flannel.alpha.coreos.com/public-ip").toString());
        }
        // Backend set, every node with a podCIDR, 10.244.0.0/16 used by no other cluster.
        QCOMPARE(c.value(u"findings").toArray().size(), 0);
    }

    // ------------------------------------------------------------------ no CNI (real-exec)

    void noCni_data()
    {
        QTest::addColumn<QString>("context");
        QTest::newRow("real-exec") << u"real-exec"_s;
        QTest::newRow("real-v1beta1") << u"real-v1beta1"_s;
    }
    // Cluster exec has no Calico object, no Calico or flannel node annotation and no flannel
    // ConfigMap: nothing to recognise, so no pools, ranges, BGP, flannel or findings.
    void noCni()
    {
        QFETCH(QString, context);
        const QJsonObject c = cluster(context);
        QCOMPARE(c.value(u"cni").toString(), u"unknown"_s);
        QCOMPARE(c.value(u"version").toString(), QString());
        QCOMPARE(c.value(u"pools").toArray().size(), 0);
        QCOMPARE(c.value(u"podCidrs").toArray().size(), 0);
        QCOMPARE(c.value(u"serviceCidrs").toArray().size(), 0);
        QVERIFY(!c.contains(u"bgp"_s));
        QVERIFY(!c.contains(u"flannel"_s));
        QCOMPARE(c.value(u"findings").toArray().size(), 0);
        QCOMPARE(c.value(u"nodes").toArray().size(), items(context, u"/api/v1/nodes"_s).size());
        const QJsonObject paths = c.value(u"paths").toObject();
        for (const QString& encapsulated : { u"IPIP"_s, u"VXLAN"_s, u"WireGuard"_s, u"UDP"_s })
            QVERIFY2(!paths.contains(encapsulated), qPrintable(encapsulated));
        // No CNI known, so no encapsulation known: nothing to subtract from the MTU.
        QCOMPARE(c.value(u"mtu").toObject().value(u"overhead").toInt(), 0);
        // real-exec and real-v1beta1 are one cluster seen through two exec protocols.
        QJsonObject exec = cluster(u"real-exec"_s);
        QJsonObject mine = c;
        exec.remove(u"name"_s);
        mine.remove(u"name"_s);
        QCOMPARE(mine, exec);
    }

    // ------------------------------------------------------------------ limited user

    // real-limited may read nodes and DaemonSets but no Calico kind (kubectl is refused
    // each of them). It still sees Calico from the node annotations and calico-node; what it
    // cannot read must be said, not replaced by Calico's defaults (mesh on, no encapsulation).
    void limitedCalicoForbidden()
    {
        for (const QString& resource : CalicoResources) {
            QString error;
            QVERIFY2(!m_fleet->rawItems(u"real-limited"_s, u"/apis/crd.projectcalico.org/v1/"_s + resource, &error),
                qPrintable(resource));
            QVERIFY2(error.contains(u"Forbidden"_s), qPrintable(error));
        }
        const QJsonObject c = cluster(u"real-limited"_s);
        QVERIFY2(!c.isEmpty(), m_json.err.constData());
        QCOMPARE(c.value(u"cni").toString(), u"Calico"_s);
        QCOMPARE(c.value(u"version").toString(), u"v3.17.2"_s);
        QCOMPARE(c.value(u"nodes").toArray().size(), items(u"real-limited"_s, u"/api/v1/nodes"_s).size());
        QCOMPARE(c.value(u"pools").toArray().size(), 0); // none readable
        QCOMPARE(c.value(u"findings").toArray().size(), 0); // nothing to judge from

        const QStringList forbidden = strings(c.value(u"forbidden"));
        QStringList missing;
        for (const QString& resource : CalicoResources)
            if (!forbidden.contains(resource))
                missing << resource;
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));

        QCOMPARE(c.value(u"state").toString(), u"Degraded"_s);
        // The cluster's BGPConfiguration turns the mesh off and its pool encapsulates (see
        // calicoBgp, calicoPathsAndMtu): unreadable, they must come out as unknown, not as
        // Calico's defaults (mesh on, direct paths).
        const QJsonObject bgp = c.value(u"bgp").toObject();
        QCOMPARE(bgp.value(u"known").toBool(true), false);
        QVERIFY(!bgp.contains(u"nodeToNodeMesh"_s));
        QVERIFY(!bgp.contains(u"asNumber"_s));
        QCOMPARE(c.value(u"paths").toObject().value(u"total").toInt(-1), 0);
        QVERIFY(!c.value(u"paths").toObject().contains(u"direct"_s));
        QVERIFY(c.value(u"mode").toString().startsWith(u"unknown"_s));
    }

    // ------------------------------------------------------------------ table and dot

    void table()
    {
        const Run run = minato({ u"-o"_s, u"table"_s });
        QCOMPARE(run.exitCode, 2); // real-limited Degraded, as with -o json
        const QString out = QString::fromUtf8(run.out);
        const QStringList lines = out.split(u'\n');
        QVERIFY2(lines.first().contains(QRegularExpression(u"^CLUSTER +CNI +MODE +PATHS +MTU +POD CIDRS +BGP"_s)),
            qPrintable(out));
        const QMap<QString, QString> rows { // the fleet matrix: cluster, CNI, mode, paths, MTU, pod CIDRs
            { u"real-token"_s, u"Calico v3\\.17\\.2 +IPIP Always +IPIP 12/12 +1480 +192\\.168\\.0\\.0/16 "_s },
            { u"real-cert"_s, u"flannel v0\\.28\\.9 +vxlan +VXLAN 12/12 +1450 +10\\.244\\.0\\.0/16 "_s },
            { u"real-exec"_s, u"unknown "_s },
            { u"real-v1beta1"_s, u"unknown "_s },
            { u"real-limited"_s, u"Calico v3\\.17\\.2 "_s },
        };
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            const QRegularExpression row(u"^"_s + it.key() + u" +"_s + it.value());
            QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&row](const QString& l) { return row.match(l).hasMatch(); }),
                qPrintable(it.key() + u"\n"_s + out));
        }
        const QStringList must {
            u"real-token: Calico IPIP Always"_s,
            u"AS 64512, 4 nodes"_s,
            u"MTU 1480"_s,
            u"10.0.1.1 AS 64600"_s,
            u"real-cert: flannel vxlan"_s,
            u"FLANNEL kube-flannel/kube-flannel-cfg Network 10.244.0.0/16, SubnetLen 24, Backend vxlan"_s,
            u"MTU 1450"_s,
            u"WARNING network.bgp-session-down Node/token-cp-1"_s,
            u"WARNING network.bgp-session-down Node/token-worker-1"_s,
            u"WARNING network.route-reflector-spof Node/token-cp-1"_s,
            u"INFO network.encapsulation-in-subnet IPPool/default-ipv4-ippool"_s,
        };
        for (const QString& text : must)
            QVERIFY2(out.contains(text), qPrintable(text + u"\n"_s + out));
        const QList<QRegularExpression> patterns {
            QRegularExpression(u"^ +default-ipv4-ippool +192\\.168\\.0\\.0/16 +IPIP Always +yes +4/1024 +4$"_s),
            QRegularExpression(u"^ +edge-vxlan-pool +10\\.48\\.0\\.0/20 +disabled +no +0/256 +0$"_s),
            QRegularExpression(u"^ +token-worker-3 +token-cp-1 +node +peer-with-route-reflectors +Connect +2021-01-30$"_s),
            QRegularExpression(u"^ +token-worker-1 +10\\.0\\.1\\.1 AS 64600 +external +tor-switch-eu-west-1a +Active +2021-01-31$"_s),
        };
        for (const QRegularExpression& p : patterns)
            QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [&p](const QString& l) { return p.match(l).hasMatch(); }),
                qPrintable(p.pattern() + u"\n"_s + out));
    }

    // One cluster as a Graphviz graph: its four nodes and only those, the route reflector as
    // a double octagon, the ToR router with its AS, the IPIP paths with their 20 bytes, and
    // sessions coloured: Established (green) and down (red).
    void dot()
    {
        const Run run = minato({ u"-o"_s, u"dot"_s, u"--context"_s, u"real-token"_s });
        QCOMPARE(run.exitCode, 0); // only real-token is printed, and it is Live
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.startsWith(u"graph \"real-token\" {\n"_s), qPrintable(out));
        QVERIFY2(out.endsWith(u"}\n"_s), qPrintable(out));
        QCOMPARE(out.count(u'{'), out.count(u'}'));
        const QStringList lines = out.split(u'\n');
        const auto line = [&lines](const QString& start) {
            for (const QString& l : lines)
                if (l.trimmed().startsWith(start))
                    return l;
            return QString();
        };
        for (const QString& node : { u"token-cp-1"_s, u"token-worker-1"_s, u"token-worker-2"_s, u"token-worker-3"_s })
            QVERIFY2(!line(u"\""_s + node + u"\" [label="_s).isEmpty(), qPrintable(node + u"\n"_s + out));
        QVERIFY2(line(u"\"token-cp-1\" [label="_s).contains(u"shape=doubleoctagon"_s), qPrintable(out));
        QVERIFY2(line(u"\"token-worker-1\" [label="_s).contains(u"shape=ellipse"_s), qPrintable(out));
        QVERIFY2(line(u"\"token-worker-3\" [label="_s).contains(u"10.0.2.13"_s), qPrintable(out));
        QVERIFY2(out.contains(u"10.0.1.1\\nAS 64600"_s), qPrintable(out));
        for (const char* other : { "cert-", "exec-" })
            QVERIFY2(!out.contains(QLatin1String(other)), other);
        QStringList edges;
        for (const QString& l : lines)
            if (l.contains(u" -- "_s))
                edges << l;
        const QString ipip = u"IPIP "_s + QChar(0x2212) + u"20 B"_s;
        QVERIFY2(std::any_of(edges.cbegin(), edges.cend(), [&ipip](const QString& e) { return e.contains(ipip); }),
            qPrintable(out));
        for (const QString& e : std::as_const(edges))
            QVERIFY2(!e.contains(u"VXLAN"_s) && !e.contains(u"direct"_s), qPrintable(e));
        QVERIFY2(std::any_of(edges.cbegin(), edges.cend(), [](const QString& e) { return e.contains(u"forestgreen"_s); }),
            qPrintable(out));
        QVERIFY2(std::any_of(edges.cbegin(), edges.cend(), [](const QString& e) { return e.contains(u"red3"_s); }),
            qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestRealNetwork)
#include "tst_realnetwork.moc"
