// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QExplicitlySharedDataPointer>
#include <QHashFunctions>
#include <QLatin1StringView>
#include <QSharedData>
#include <QString>
#include <QStringView>

namespace minato::fleet {

class StringPool;

// A string handed out by a StringPool: one pointer per use instead of QString's three, and
// every pod of a namespace, node or image shares one copy of the text. Copies are cheap and
// thread-safe (atomic reference count); the text never changes once interned.
class InternedString
{
public:
    InternedString() = default;

    bool isNull() const { return !m_data; }
    bool isEmpty() const { return !m_data || m_data->text.isEmpty(); }
    // The text; an empty string for a null handle.
    const QString& toString() const { return m_data ? m_data->text : emptyString(); }
    QStringView view() const { return toString(); }
    // Identical for handles from one pool with equal text: a cheap key for composite interning.
    const void* identity() const { return m_data.data(); }

    friend bool operator==(const InternedString& a, const InternedString& b)
    {
        return a.m_data == b.m_data || a.toString() == b.toString();
    }
    friend bool operator==(const InternedString& a, QStringView b) { return QStringView(a.toString()) == b; }
    friend bool operator==(const InternedString& a, QLatin1StringView b) { return a.toString() == b; }
    friend size_t qHash(const InternedString& s, size_t seed = 0) { return qHash(s.toString(), seed); }

private:
    friend class StringPool;
    struct Data : QSharedData
    {
        QString text;
        size_t utf8Hash = 0; // of the UTF-8 form the pool looks strings up by
    };
    explicit InternedString(Data* data)
        : m_data(data)
    { }
    static const QString& emptyString();

    QExplicitlySharedDataPointer<Data> m_data;
};

} // namespace minato::fleet
