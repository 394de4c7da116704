// SPDX-License-Identifier: Apache-2.0
#include "chunkcodec.h"

#include <QtEndian>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace minato::history {

namespace {

constexpr quint8 FormatVersion = 1 << 4;
constexpr quint8 FormatCompressed = 1;

enum Tag : quint8
{
    Unchanged = 0,
    Integer = 1,
    Milli = 2,
    Raw = 3,
};

// Beyond 2^52 a double no longer holds every integer, and the varint round trip would lie.
constexpr double ExactLimit = 4503599627370496.0;

quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

void putVarint(QByteArray& out, quint64 v)
{
    char buffer[10];
    int n = 0;
    while (v >= 0x80) {
        buffer[n++] = char(v | 0x80);
        v >>= 7;
    }
    buffer[n++] = char(v);
    out.append(buffer, n);
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof(double)) == 0;
}

// What the decoder will reproduce for v under tag, so that "unchanged" compares like it.
Tag tagFor(double v, qint64& asInteger)
{
    if (std::isfinite(v) && std::fabs(v) < ExactLimit) {
        if (v == std::floor(v)) {
            asInteger = qint64(v);
            return Integer;
        }
        const double milli = std::round(v * 1000.0);
        if (std::fabs(milli) < ExactLimit && milli / 1000.0 == v) {
            asInteger = qint64(milli);
            return Milli;
        }
    }
    return Raw;
}

// Integers and milli-integers are stored as the difference to the previous value's own
// integer form, so a noisy utilization around 70 % costs one byte, not two. Both sides derive
// the base from the same reconstructed previous value; anything else counts as 0.
qint64 integerBase(double prev)
{
    return std::isfinite(prev) && std::fabs(prev) < ExactLimit && prev == std::floor(prev) ? qint64(prev) : 0;
}

qint64 milliBase(double prev)
{
    if (!std::isfinite(prev) || std::fabs(prev) >= ExactLimit / 1000.0)
        return 0;
    const double milli = std::round(prev * 1000.0);
    return milli / 1000.0 == prev ? qint64(milli) : 0;
}

class Reader
{
public:
    Reader(const char* data, qsizetype size)
        : m_p(reinterpret_cast<const uchar*>(data))
        , m_end(m_p + size)
    { }
    bool varint(quint64& v)
    {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p == m_end)
                return false;
            const uchar byte = *m_p++;
            v |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    }
    bool bytes(void* out, qsizetype n)
    {
        if (m_end - m_p < n)
            return false;
        std::memcpy(out, m_p, size_t(n));
        m_p += n;
        return true;
    }
    bool atEnd() const { return m_p == m_end; }

private:
    const uchar* m_p;
    const uchar* m_end;
};

} // namespace

ChunkEncoder::ChunkEncoder(int fieldCount)
    : m_fields(fieldCount)
    , m_prev(size_t(fieldCount), std::numeric_limits<double>::quiet_NaN())
    , m_prevTags(size_t(fieldCount), quint8(0xff))
    , m_tags(size_t(fieldCount), quint8(0))
{ }

void ChunkEncoder::add(qint64 timeMs, const double* values)
{
    // Tags first: the header bit says whether they repeat the previous sample's.
    qint64 integers[64];
    std::vector<qint64> spill;
    qint64* asInteger = integers;
    if (m_fields > 64) {
        spill.resize(size_t(m_fields));
        asInteger = spill.data();
    }
    bool sameTags = m_count > 0;
    for (int f = 0; f < m_fields; ++f) {
        const double v = values[f];
        Tag tag = Unchanged;
        if (m_count == 0 || !sameBits(v, m_prev[size_t(f)]))
            tag = tagFor(v, asInteger[f]);
        m_tags[size_t(f)] = tag;
        sameTags = sameTags && tag == m_prevTags[size_t(f)];
    }

    if (m_count == 0) {
        putVarint(m_body, zigzag(timeMs));
        m_minTime = m_maxTime = timeMs;
    } else {
        const qint64 delta = timeMs - m_prevTime;
        putVarint(m_body, (zigzag(delta - m_prevDelta) << 1) | (sameTags ? 1 : 0));
        m_prevDelta = delta;
        m_minTime = std::min(m_minTime, timeMs);
        m_maxTime = std::max(m_maxTime, timeMs);
    }
    m_prevTime = timeMs;
    if (!sameTags) {
        for (int f = 0; f < m_fields; f += 4) {
            quint8 byte = 0;
            for (int k = 0; k < 4 && f + k < m_fields; ++k)
                byte |= quint8(m_tags[size_t(f + k)] << (2 * k));
            m_body.append(char(byte));
        }
    }
    for (int f = 0; f < m_fields; ++f) {
        const quint8 tag = m_tags[size_t(f)];
        switch (tag) {
        case Integer:
            putVarint(m_body, zigzag(asInteger[f] - integerBase(m_prev[size_t(f)])));
            m_prev[size_t(f)] = double(asInteger[f]);
            break;
        case Milli:
            putVarint(m_body, zigzag(asInteger[f] - milliBase(m_prev[size_t(f)])));
            m_prev[size_t(f)] = double(asInteger[f]) / 1000.0;
            break;
        case Raw: {
            const quint64 bits = qToLittleEndian(std::bit_cast<quint64>(values[f]));
            m_body.append(reinterpret_cast<const char*>(&bits), sizeof bits);
            m_prev[size_t(f)] = values[f];
            break;
        }
        default:
            break;
        }
        m_prevTags[size_t(f)] = tag;
    }
    ++m_count;
}

QByteArray ChunkEncoder::blob(bool allowCompression) const
{
    QByteArray payload;
    payload.reserve(m_body.size() + 8);
    putVarint(payload, quint64(m_fields));
    putVarint(payload, quint64(m_count));
    payload.append(m_body);
    if (allowCompression && payload.size() > 64) {
        QByteArray packed = qCompress(payload, 6);
        if (packed.size() < payload.size() - payload.size() / 10) {
            packed.prepend(char(FormatVersion | FormatCompressed));
            return packed;
        }
    }
    payload.prepend(char(FormatVersion));
    return payload;
}

bool decodeChunk(const QByteArray& blob, int fieldCount, QList<qint64>& times, QList<double>& values)
{
    if (blob.isEmpty() || (quint8(blob.at(0)) & 0xf0) != FormatVersion)
        return false;
    QByteArray unpacked;
    const char* data = blob.constData() + 1;
    qsizetype size = blob.size() - 1;
    if (quint8(blob.at(0)) & FormatCompressed) {
        unpacked = qUncompress(reinterpret_cast<const uchar*>(data), size);
        if (unpacked.isEmpty())
            return false;
        data = unpacked.constData();
        size = unpacked.size();
    }
    Reader in(data, size);
    quint64 fields = 0;
    quint64 count = 0;
    if (!in.varint(fields) || int(fields) != fieldCount || !in.varint(count) || count > quint64(size) + 1)
        return false;

    const qsizetype firstTime = times.size();
    const qsizetype firstValue = values.size();
    times.reserve(firstTime + qsizetype(count));
    values.reserve(firstValue + qsizetype(count) * fieldCount);
    std::vector<double> prev(size_t(fieldCount), std::numeric_limits<double>::quiet_NaN());
    std::vector<quint8> tags(size_t(fieldCount), 0);
    qint64 time = 0;
    qint64 delta = 0;
    const auto fail = [&] {
        times.resize(firstTime);
        values.resize(firstValue);
        return false;
    };
    for (quint64 i = 0; i < count; ++i) {
        quint64 header = 0;
        if (!in.varint(header))
            return fail();
        bool sameTags = false;
        if (i == 0) {
            time = unzigzag(header);
        } else {
            sameTags = header & 1;
            delta += unzigzag(header >> 1);
            time += delta;
        }
        if (!sameTags) {
            for (int f = 0; f < fieldCount; f += 4) {
                quint8 byte = 0;
                if (!in.bytes(&byte, 1))
                    return fail();
                for (int k = 0; k < 4 && f + k < fieldCount; ++k)
                    tags[size_t(f + k)] = (byte >> (2 * k)) & 3;
            }
        }
        for (int f = 0; f < fieldCount; ++f) {
            switch (tags[size_t(f)]) {
            case Integer:
            case Milli: {
                quint64 v = 0;
                if (!in.varint(v))
                    return fail();
                double& p = prev[size_t(f)];
                p = tags[size_t(f)] == Integer ? double(integerBase(p) + unzigzag(v))
                                               : double(milliBase(p) + unzigzag(v)) / 1000.0;
                break;
            }
            case Raw: {
                quint64 bits = 0;
                if (!in.bytes(&bits, sizeof bits))
                    return fail();
                prev[size_t(f)] = std::bit_cast<double>(qFromLittleEndian(bits));
                break;
            }
            default:
                break;
            }
        }
        times.append(time);
        for (int f = 0; f < fieldCount; ++f)
            values.append(prev[size_t(f)]);
    }
    if (!in.atEnd())
        return fail();
    return true;
}

} // namespace minato::history
