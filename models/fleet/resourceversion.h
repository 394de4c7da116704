// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QExplicitlySharedDataPointer>
#include <QSharedData>

#include <string_view>

namespace minato::fleet {

// A resourceVersion, opaque as Kubernetes requires: equality only, never ordering. In 16
// bytes with no allocation for the decimal etcd revisions every real server sends (the
// text is rebuilt exactly, since only canonical decimals take that path); anything else is
// kept as text.
class ResourceVersion
{
public:
    ResourceVersion() = default;
    static ResourceVersion fromText(std::string_view text);
    static ResourceVersion fromText(const QByteArray& text)
    {
        return fromText(std::string_view(text.constData(), std::size_t(text.size())));
    }

    bool isEmpty() const { return m_number == 0 && !m_text; }
    QByteArray toByteArray() const;
    QString toString() const { return QString::fromLatin1(toByteArray()); }

    friend bool operator==(const ResourceVersion& a, const ResourceVersion& b)
    {
        if (a.m_number != b.m_number)
            return false;
        return a.m_text == b.m_text || (a.m_text && b.m_text && a.m_text->text == b.m_text->text);
    }

private:
    static constexpr quint64 NumericFlag = quint64(1) << 63;
    struct Text : QSharedData
    {
        QByteArray text;
    };
    quint64 m_number = 0; // NumericFlag | value for canonical decimals, else 0
    QExplicitlySharedDataPointer<Text> m_text;
};

} // namespace minato::fleet
