// SPDX-License-Identifier: Apache-2.0
// The YAML of a full object: stable key order, managedFields toggle, Secret redaction, and a
// round trip through yaml-cpp back to the same data as the JSON.
#include "objectfixtures.h"

#include "fleet/yamlrender.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace minato;
using namespace minato::fleet;

namespace {

// A YAML node as JSON, resolving plain scalars the way YAML 1.2's core schema does; quoted
// scalars are strings whatever they look like.
QJsonValue toJson(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject object;
        for (const auto& entry : node)
            object.insert(QString::fromStdString(entry.first.as<std::string>()), toJson(entry.second));
        return object;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const auto& item : node)
            array.append(toJson(item));
        return array;
    }
    case YAML::NodeType::Null:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString text = QString::fromStdString(node.Scalar());
        if (node.Tag() == "!")
            return text; // quoted or block scalar
        if (text == QLatin1StringView("true") || text == QLatin1StringView("false"))
            return text == QLatin1StringView("true");
        static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
        static const QRegularExpression real(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
        if (integer.match(text).hasMatch())
            return text.toLongLong();
        if (real.match(text).hasMatch())
            return text.toDouble();
        return text;
    }
    case YAML::NodeType::Undefined:
        break;
    }
    return QJsonValue::Undefined;
}

QString render(const QByteArray& json, YamlRenderOptions options = {})
{
    const Expected<QString> yaml = renderYaml(json, options);
    if (!yaml) {
        qWarning("%s", qPrintable(yaml.error().message));
        return QString();
    }
    return *yaml;
}

// The top-level keys, and the keys directly under "metadata", in output order.
QStringList keysAt(const QString& yaml, const QString& indent)
{
    QStringList keys;
    static const QRegularExpression key(QStringLiteral("^(\\s*)([^\\s:#-][^:]*):( |$)"));
    for (const QString& line : yaml.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = key.match(line);
        if (m.hasMatch() && m.captured(1) == indent)
            keys.append(m.captured(2));
    }
    return keys;
}

QStringList metadataKeys(const QString& yaml)
{
    const qsizetype start = yaml.indexOf(QLatin1StringView("\nmetadata:\n"));
    const qsizetype end = yaml.indexOf(QRegularExpression(QStringLiteral("\n[^ ]")), start + 1);
    return keysAt(yaml.mid(start, end - start), QStringLiteral("  "));
}

} // namespace

class TestYamlRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stableOrder()
    {
        const QString yaml
            = render(readFixture(QStringLiteral("upstream:k8s-api/roundtrip-testdata/apps.v1.Deployment.json")));
        QCOMPARE(keysAt(yaml, QString()),
            (QStringList { QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"),
                QStringLiteral("spec"), QStringLiteral("status") }));
        QCOMPARE(metadataKeys(yaml),
            (QStringList { QStringLiteral("name"), QStringLiteral("generateName"), QStringLiteral("namespace"),
                QStringLiteral("uid"), QStringLiteral("resourceVersion"), QStringLiteral("generation"),
                QStringLiteral("creationTimestamp"), QStringLiteral("deletionTimestamp"),
                QStringLiteral("deletionGracePeriodSeconds"), QStringLiteral("labels"), QStringLiteral("annotations"),
                QStringLiteral("ownerReferences"), QStringLiteral("finalizers"), QStringLiteral("selfLink") }));
        // Nested maps are alphabetical: spec keys of a Deployment.
        const QString spec = yaml.mid(yaml.indexOf(QLatin1StringView("\nspec:\n")));
        QStringList specKeys = keysAt(spec.left(spec.indexOf(QLatin1StringView("\nstatus:"))), QStringLiteral("  "));
        QStringList sorted = specKeys;
        sorted.sort();
        QCOMPARE(specKeys, sorted);
    }

    void orderDoesNotDependOnInput()
    {
        const QByteArray a
            = R"({"status":{"phase":"Active"},"metadata":{"uid":"u","name":"n","labels":{"b":"2","a":"1"}},"kind":"Namespace","apiVersion":"v1","zeta":1,"alpha":2})";
        const QByteArray b
            = R"({"apiVersion":"v1","alpha":2,"kind":"Namespace","zeta":1,"metadata":{"labels":{"a":"1","b":"2"},"name":"n","uid":"u"},"status":{"phase":"Active"}})";
        const QString yaml = render(a);
        QCOMPARE(yaml, render(b));
        // "n" is a YAML 1.1 boolean (no), so it is quoted.
        QCOMPARE(yaml,
            QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"n\"\n  uid: u\n  labels:\n    a: "
                           "\"1\"\n    b: \"2\"\n"
                           "status:\n  phase: Active\nalpha: 2\nzeta: 1\n"));
    }

    void managedFieldsToggle()
    {
        const QByteArray json = readFixture(QStringLiteral("upstream:k8s-api/roundtrip-testdata/core.v1.Pod.json"));
        const QString without = render(json);
        YamlRenderOptions keep;
        keep.dropManagedFields = false;
        const QString with = render(json, keep);
        // Only the object's own managedFields go (the synthetic pod template has some too).
        QVERIFY(!metadataKeys(without).contains(QStringLiteral("managedFields")));
        QVERIFY(with.contains(QLatin1StringView("\n  managedFields:\n")));
        QCOMPARE(metadataKeys(with).constLast(), QStringLiteral("managedFields")); // last in metadata
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("dropManagedFields");
        for (const char* name : { "upstream:k8s-api/roundtrip-testdata/core.v1.Pod.json",
                 "upstream:k8s-api/roundtrip-testdata/core.v1.Node.json",
                 "upstream:k8s-api/roundtrip-testdata/apps.v1.Deployment.json",
                 "upstream:k8s-api/roundtrip-testdata/autoscaling.v2.HorizontalPodAutoscaler.json",
                 "upstream:k8s-api/roundtrip-testdata/events.k8s.io.v1.Event.json",
                 "upstream:k8s-api/roundtrip-testdata/core.v1.ConfigMap.json", "upstream:k9s/render-testdata/dp.json",
                 "upstream:k9s/render-testdata/ds.json", "upstream:k9s/render-testdata/hpa.json",
                 "upstream:k9s/xray-testdata/cilium.json", "cm_kube_flannel_cfg.json", "cm_canal_config.json",
                 "cm_other.json", "pod_evicted.json", "calico_nodestatus.json", "node_flannel.json" }) {
            QTest::newRow(name) << QString::fromLatin1(name) << false;
        }
        QTest::newRow("pod without managedFields")
            << QStringLiteral("upstream:k8s-api/roundtrip-testdata/core.v1.Pod.json") << true;
    }
    void roundTrip()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, dropManagedFields);
        const QByteArray json = readFixture(fixture);
        YamlRenderOptions options;
        options.dropManagedFields = dropManagedFields;
        const QString yaml = render(json, options);
        QVERIFY(!yaml.isEmpty());

        QJsonObject expected = QJsonDocument::fromJson(json).object();
        if (dropManagedFields) {
            QJsonObject meta = expected.value(QStringLiteral("metadata")).toObject();
            meta.remove(QStringLiteral("managedFields"));
            expected.insert(QStringLiteral("metadata"), meta);
        }
        const QJsonValue back = toJson(YAML::Load(yaml.toStdString()));
        QCOMPARE(QJsonDocument(back.toObject()).toJson(), QJsonDocument(expected).toJson());
    }

    void scalarsSurviveTheTrip_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* s : { "true", "false", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "", "123",
                 "-1", "+1", "0x1f", "0o17", "017", "1_000", "1.5", ".5", "1e3", "1E-3", ".inf", "-.Inf", ".NaN",
                 "12:30:45", "2024-05-02", "2019-08-09T05:12:19Z", "1.2.3", "v1.29.3", "=", "<<", "-", "?", "a: b",
                 "- x", "#c", "foo #bar", " lead", "trail ", "'q", "\"dq", "@x", "%x", "*x", "&x", "!x", "|x", ">x",
                 "`x", "[x", "{x", "x,y", "x:y", "?x", ":x", "café ☕", "tab\there", "ctl\x01z", "line1\nline2\n",
                 "line1\nline2", "two\n\n", "\nleading", "  indented\nx\n", "a\r\nb\r\n",
                 "{\"json\":\"in a string\"}\n", "k8s.io/initial-events-end", "100m", "512Mi", "0", "00", "1.0" }) {
            QTest::newRow(s) << QString::fromUtf8(s);
        }
    }
    void scalarsSurviveTheTrip()
    {
        QFETCH(QString, text);
        QJsonObject object { { QStringLiteral("apiVersion"), QStringLiteral("v1") }, { QStringLiteral("value"), text },
            { QStringLiteral("data"), QJsonObject { { text.isEmpty() ? QStringLiteral("empty") : text, text } } } };
        const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
        const QString yaml = render(json);
        const YAML::Node node = YAML::Load(yaml.toStdString());
        QCOMPARE(toJson(node).toObject(), object);
    }

    void numbersKeepTheirType()
    {
        const QByteArray json
            = R"({"apiVersion":"v1","int":42,"neg":-7,"big":18446744073709551615,"real":0.1,"whole":2.0,"exp":1e300,"flag":true,"nothing":null,"empty":{},"list":[]})";
        const QString yaml = render(json);
        QVERIFY(yaml.contains(QLatin1StringView("int: 42\n")));
        QVERIFY(yaml.contains(QLatin1StringView("real: 0.1\n")));
        QVERIFY(yaml.contains(QLatin1StringView("whole: 2.0\n")));
        QVERIFY(yaml.contains(QLatin1StringView("big: 18446744073709551615\n")));
        QVERIFY(yaml.contains(QLatin1StringView("nothing: null\n")));
        QVERIFY(yaml.contains(QLatin1StringView("empty: {}\n")));
        QVERIFY(yaml.contains(QLatin1StringView("list: []\n")));
        QVERIFY(yaml.contains(QLatin1StringView("flag: true\n")));
        const YAML::Node node = YAML::Load(yaml.toStdString());
        QCOMPARE(node["exp"].as<double>(), 1e300);
        QCOMPARE(node["neg"].as<int>(), -7);
    }

    void multiLineStringsAreBlocks()
    {
        const QString yaml = render(readFixture(QStringLiteral("cm_kube_flannel_cfg.json")));
        QVERIFY2(yaml.contains(QLatin1StringView("  net-conf.json: |\n    {\n      \"Network\": \"10.244.0.0/16\",")),
            qPrintable(yaml));
    }

    void secretsAreRedacted()
    {
        const QByteArray secret
            = R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"type":"Opaque","data":{"password":"aHVudGVyMg=="},"stringData":{"user":"admin"}})";
        const QString yaml = render(secret);
        QVERIFY(!yaml.contains(QLatin1StringView("aHVudGVyMg==")));
        QVERIFY(!yaml.contains(QLatin1StringView("admin")));
        QVERIFY(yaml.contains(QLatin1StringView("password: <redacted>")));
        YamlRenderOptions reveal;
        reveal.redactSecretData = false;
        QVERIFY(render(secret, reveal).contains(QLatin1StringView("aHVudGVyMg==")));
    }

    void invalidJsonIsAnError()
    {
        const Expected<QString> yaml = renderYaml(QByteArray(R"({"kind": "Pod", "metadata": {)"));
        QVERIFY(!yaml);
        QCOMPARE(yaml.error().kind, ErrorKind::Parse);
    }

    void needsQuotes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("quoted");
        QTest::newRow("word") << "nginx" << false;
        QTest::newRow("image") << "nginx:1.25" << false;
        QTest::newRow("bool") << "true" << true;
        QTest::newRow("yaml 1.1 bool") << "on" << true;
        QTest::newRow("int") << "80" << true;
        QTest::newRow("hex") << "0xff" << true;
        QTest::newRow("timestamp") << "2024-05-02T10:00:00Z" << true;
        QTest::newRow("version") << "v1" << false;
        QTest::newRow("hex-looking word") << "deadbeef" << false;
        QTest::newRow("empty") << "" << true;
    }
    void needsQuotes()
    {
        QFETCH(QString, text);
        QFETCH(bool, quoted);
        QCOMPARE(yamlNeedsQuotes(text), quoted);
    }
};

QTEST_GUILESS_MAIN(TestYamlRender)
#include "tst_yamlrender.moc"
