// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fixture access for the projection tests: "name.json" is tests/data/objects/name.json;
// "upstream:k9s/render-testdata/po.json" is a file of shared/fixtures/upstream.

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QString>
#include <QTest>

inline QByteArray readFixture(const QString& name)
{
    static const QLatin1StringView Upstream("upstream:");
    const QString path = name.startsWith(Upstream)
        ? QStringLiteral(MINATO_UPSTREAM_FIXTURES_DIR "/") + name.mid(Upstream.size())
        : QStringLiteral(MINATO_TEST_DATA_DIR "/objects/") + name;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot open fixture %s", qPrintable(path));
        return {};
    }
    return file.readAll();
}

// The epoch seconds of an ISO timestamp, computed by Qt: an oracle independent of our parser.
inline qint64 epochOf(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toSecsSinceEpoch();
}

// Fails the test with the decoder's message when `expected` holds an error.
#define MINATO_REQUIRE(expected)                                                                                       \
    do {                                                                                                               \
        if (!(expected))                                                                                               \
            QFAIL(qPrintable((expected).error().message));                                                             \
    } while (false)
