// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>

#include <vector>

namespace minato::history {

// The binary form of one chunk of samples, built one sample at a time. Per sample: the time as
// a zigzag varint of its delta-of-delta (a steady 15 s cadence costs one byte), one bit saying
// whether the per-field tags are those of the previous sample, then only the fields that
// changed: integers and milli-integers (Kubernetes quantities) as varints of their difference to
// the previous value, the rest as doubles.
// A constant replica count therefore costs nothing beyond its share of the tag bits.
class ChunkEncoder
{
public:
    explicit ChunkEncoder(int fieldCount = 0);

    // values holds fieldCount() numbers; NaN is a value like any other (unknown).
    void add(qint64 timeMs, const double* values);

    int fieldCount() const { return m_fields; }
    qsizetype count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    qint64 minTimeMs() const { return m_minTime; }
    qint64 maxTimeMs() const { return m_maxTime; }
    qint64 lastTimeMs() const { return m_prevTime; }
    qsizetype encodedSize() const { return m_body.size(); }

    // The stored blob: a format byte, then the samples, zlib-compressed when that saves a tenth.
    QByteArray blob(bool allowCompression) const;

private:
    QByteArray m_body;
    int m_fields = 0;
    qsizetype m_count = 0;
    qint64 m_prevTime = 0;
    qint64 m_prevDelta = 0;
    qint64 m_minTime = 0;
    qint64 m_maxTime = 0;
    std::vector<double> m_prev;
    std::vector<quint8> m_prevTags;
    std::vector<quint8> m_tags;
};

// Appends a blob's samples to times and values (row-major, fieldCount per sample). False when
// the blob is damaged or holds another number of fields; then nothing is appended.
bool decodeChunk(const QByteArray& blob, int fieldCount, QList<qint64>& times, QList<double>& values);

} // namespace minato::history
