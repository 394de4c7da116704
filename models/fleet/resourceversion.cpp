// SPDX-License-Identifier: Apache-2.0
#include "resourceversion.h"

namespace minato::fleet {

ResourceVersion ResourceVersion::fromText(std::string_view text)
{
    ResourceVersion rv;
    if (text.empty())
        return rv;
    // Canonical decimal: digits only, no leading zero (except "0" itself), below 2^63.
    bool canonical = text.size() <= 18 && (text[0] != '0' || text.size() == 1);
    quint64 value = 0;
    for (std::size_t i = 0; canonical && i < text.size(); ++i) {
        const char c = text[i];
        canonical = c >= '0' && c <= '9';
        value = value * 10 + quint64(c - '0');
    }
    if (canonical) {
        rv.m_number = NumericFlag | value;
        return rv;
    }
    rv.m_text = new Text;
    rv.m_text->text = QByteArray(text.data(), qsizetype(text.size()));
    return rv;
}

QByteArray ResourceVersion::toByteArray() const
{
    if (m_text)
        return m_text->text;
    if (m_number == 0)
        return QByteArray();
    return QByteArray::number(m_number & ~NumericFlag);
}

} // namespace minato::fleet
