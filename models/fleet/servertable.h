// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/payloaddecoder.h"
#include "util/expected.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace minato::fleet {

// A meta.k8s.io/v1 Table: the server's own printing of a kind Minato has no projection for
// (any CRD, Services, Secrets' names …), as `kubectl get` shows it. Cells are kept as text;
// a `date` column holds the timestamp, so the reader can show an age that keeps moving.
struct ServerTable
{
    struct Column
    {
        QString name; // "Name", "Ready", "Age", a CRD's additionalPrinterColumns name
        QString type; // string, integer, number, boolean, date
        QString format; // "name" for the object's name column
        int priority = 0; // 0: the default columns; more: what -o wide adds
        bool operator==(const Column&) const = default;
    };
    struct Row
    {
        QStringList cells; // one per column, "<none>" where the server sent null
        QString nameSpace;
        QString name;
        QUuid uid;
        bool operator==(const Row&) const = default;
    };

    QList<Column> columns;
    QList<Row> rows;
    QString resourceVersion;
    QString continueToken; // more pages follow when set

    bool operator==(const ServerTable&) const = default;

    // One page of a Table response. A body that is no Table is a Parse error.
    static Expected<ServerTable> parse(const QByteArray& body);
};

// What ServerTableDecoder made of one page, in the I/O thread.
struct ServerTablePayload : kube::DecodedPayload
{
    std::optional<KubeError> error;
    ServerTable table;
};

class ServerTableDecoder : public kube::PayloadDecoder
{
public:
    kube::DecodedPayloadPtr decodeBody(const QByteArray& body) override;
    kube::DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override; // not a stream: an error
};

// The Accept header that asks for a Table; the server falls back to JSON only when it cannot.
inline constexpr char serverTableAccept[] = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::ServerTable)
