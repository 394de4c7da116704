// SPDX-License-Identifier: Apache-2.0
// RFC 7386 JSON merge patch: the examples of the RFC's appendix A whose target and patch are
// objects (the only shape a manifest patch has), plus a nested form of the non-object ones.
#include "export/jsonmergepatch.h"

#include <QJsonDocument>
#include <QTest>

using namespace minato::changes;

namespace {

QJsonObject parse(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestJsonMergePatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfcExamples_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("result");
        QTest::newRow("replace") << R"({"a":"b"})"
                                 << R"({"a":"c"})"
                                 << R"({"a":"c"})";
        QTest::newRow("add") << R"({"a":"b"})"
                             << R"({"b":"c"})"
                             << R"({"a":"b","b":"c"})";
        QTest::newRow("remove only key") << R"({"a":"b"})"
                                         << R"({"a":null})"
                                         << R"({})";
        QTest::newRow("remove one key") << R"({"a":"b","b":"c"})"
                                        << R"({"a":null})"
                                        << R"({"b":"c"})";
        QTest::newRow("array by scalar") << R"({"a":["b"]})"
                                         << R"({"a":"c"})"
                                         << R"({"a":"c"})";
        QTest::newRow("scalar by array") << R"({"a":"c"})"
                                         << R"({"a":["b"]})"
                                         << R"({"a":["b"]})";
        QTest::newRow("nested") << R"({"a":{"b":"c"}})"
                                << R"({"a":{"b":"d","c":null}})"
                                << R"({"a":{"b":"d"}})";
        QTest::newRow("arrays replace") << R"({"a":[{"b":"c"}]})"
                                        << R"({"a":[1]})"
                                        << R"({"a":[1]})";
        QTest::newRow("target null kept") << R"({"e":null})"
                                          << R"({"a":1})"
                                          << R"({"a":1,"e":null})";
        QTest::newRow("non-object becomes object") << R"({"x":[1,2]})"
                                                   << R"({"x":{"a":"b","c":null}})"
                                                   << R"({"x":{"a":"b"}})";
        QTest::newRow("null on absent path") << R"({})"
                                             << R"({"a":{"bb":{"ccc":null}}})"
                                             << R"({"a":{"bb":{}}})";
    }
    void rfcExamples()
    {
        QFETCH(QString, target);
        QFETCH(QString, patch);
        QFETCH(QString, result);
        const QJsonObject merged
            = applyMergePatch(parse(target.toUtf8().constData()), parse(patch.toUtf8().constData()));
        QCOMPARE(QJsonDocument(merged).toJson(QJsonDocument::Compact),
            QJsonDocument(parse(result.toUtf8().constData())).toJson(QJsonDocument::Compact));
    }
};

QTEST_GUILESS_MAIN(TestJsonMergePatch)
#include "tst_jsonmergepatch.moc"
