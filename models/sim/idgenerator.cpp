// SPDX-License-Identifier: Apache-2.0
#include "sim/idgenerator.h"

namespace minato::sim {

namespace {

    quint64 fnv1a(quint64 hash, QStringView text)
    {
        for (const QChar c : text) {
            hash ^= c.unicode();
            hash *= 0x100000001b3ULL;
        }
        // A separator so ("ab","c") and ("a","bc") differ.
        hash ^= 0xffU;
        hash *= 0x100000001b3ULL;
        return hash;
    }

} // namespace

IdGenerator::IdGenerator(quint64 seed)
    : m_seed(mix(seed ^ 0x6d696e61746fULL))
{ }

quint64 IdGenerator::mix(quint64 value)
{
    // splitmix64 finaliser: cheap and well distributed.
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

quint64 IdGenerator::key(QStringView a, QStringView b, QStringView c, quint64 salt) const
{
    quint64 h = 0xcbf29ce484222325ULL ^ m_seed;
    h = fnv1a(h, a);
    h = fnv1a(h, b);
    h = fnv1a(h, c);
    return mix(h ^ mix(salt));
}

QString IdGenerator::uid(quint64 key) const
{
    const quint64 hi = mix(key ^ m_seed);
    const quint64 lo = mix(hi ^ 0x5bd1e995ULL);
    QString s = QStringLiteral("%1%2").arg(hi, 16, 16, QLatin1Char('0')).arg(lo, 16, 16, QLatin1Char('0'));
    s[12] = QLatin1Char('4');
    static const char variant[] = "89ab";
    s[16] = QLatin1Char(variant[lo & 3]);
    return s.left(8) + QLatin1Char('-') + s.mid(8, 4) + QLatin1Char('-') + s.mid(12, 4) + QLatin1Char('-')
        + s.mid(16, 4) + QLatin1Char('-') + s.mid(20, 12);
}

QString IdGenerator::suffix(quint64 key, int length) const
{
    // k8s.io/apimachinery/pkg/util/rand: no vowels, no ambiguous characters.
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    out.reserve(length);
    quint64 h = mix(key ^ m_seed);
    for (int i = 0; i < length; ++i) {
        if (i % 8 == 7)
            h = mix(h);
        out.append(QLatin1Char(alphabet[h % 27]));
        h /= 27;
    }
    return out;
}

QString IdGenerator::hex(quint64 key, int digits) const
{
    QString out;
    out.reserve(digits);
    quint64 h = mix(key ^ m_seed);
    while (out.size() < digits) {
        out.append(QStringLiteral("%1").arg(h, 16, 16, QLatin1Char('0')));
        h = mix(h);
    }
    out.truncate(digits);
    return out;
}

QString IdGenerator::mac(quint64 key) const
{
    const quint64 h = mix(key ^ m_seed);
    QString out;
    for (int i = 0; i < 6; ++i) {
        quint8 byte = quint8(h >> (8 * i));
        if (i == 0)
            byte = quint8((byte | 0x02) & 0xfe); // locally administered, unicast
        if (i)
            out.append(QLatin1Char(':'));
        out.append(QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')));
    }
    return out;
}

double IdGenerator::unit(quint64 key) const
{
    return double(mix(key ^ m_seed) >> 11) * (1.0 / 9007199254740992.0);
}

int IdGenerator::range(quint64 key, int low, int high) const
{
    if (high <= low)
        return low;
    return low + int(mix(key ^ m_seed) % quint64(high - low + 1));
}

} // namespace minato::sim
