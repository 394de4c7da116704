// SPDX-License-Identifier: Apache-2.0
#include "quantity.h"

#include <limits>

namespace minato {

namespace {

    __extension__ using UInt128 = unsigned __int128;

    constexpr qint64 MaxMilli = std::numeric_limits<qint64>::max();
    // Enough significant digits that no real quantity loses precision, few enough that the
    // mantissa times 1000 can never overflow 128 bits before we check.
    constexpr int MaxDigits = 34;

    bool isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    struct Suffix
    {
        int decimalExponent = 0;
        int binaryExponent = 0; // in units of 2^10
        Quantity::Format format = Quantity::Format::DecimalSI;
    };

    std::optional<Suffix> interpretSuffix(std::string_view s)
    {
        if (s.empty())
            return Suffix {};
        if (s.size() == 1) {
            switch (s[0]) {
            case 'n':
                return Suffix { -9, 0, Quantity::Format::DecimalSI };
            case 'u':
                return Suffix { -6, 0, Quantity::Format::DecimalSI };
            case 'm':
                return Suffix { -3, 0, Quantity::Format::DecimalSI };
            case 'k':
                return Suffix { 3, 0, Quantity::Format::DecimalSI };
            case 'M':
                return Suffix { 6, 0, Quantity::Format::DecimalSI };
            case 'G':
                return Suffix { 9, 0, Quantity::Format::DecimalSI };
            case 'T':
                return Suffix { 12, 0, Quantity::Format::DecimalSI };
            case 'P':
                return Suffix { 15, 0, Quantity::Format::DecimalSI };
            case 'E':
                return Suffix { 18, 0, Quantity::Format::DecimalSI };
            default:
                return std::nullopt;
            }
        }
        if (s.size() == 2 && s[1] == 'i') {
            static constexpr std::string_view Binary = "KMGTPE";
            const auto pos = Binary.find(s[0]);
            if (pos == std::string_view::npos)
                return std::nullopt;
            return Suffix { 0, int(pos) + 1, Quantity::Format::BinarySI };
        }
        // "e3", "E-2": an exponent. A bare "E" was handled above (exa), as apimachinery does.
        if (s[0] != 'e' && s[0] != 'E')
            return std::nullopt;
        std::size_t i = 1;
        bool negative = false;
        if (s[i] == '+' || s[i] == '-') {
            negative = s[i] == '-';
            ++i;
        }
        if (i >= s.size())
            return std::nullopt;
        int exponent = 0;
        for (; i < s.size(); ++i) {
            if (!isDigit(s[i]))
                return std::nullopt;
            exponent = exponent * 10 + (s[i] - '0');
            if (exponent > 1000)
                return std::nullopt; // nothing real needs it; keeps the arithmetic bounded
        }
        return Suffix { negative ? -exponent : exponent, 0, Quantity::Format::DecimalExponent };
    }

    UInt128 pow10(int n)
    {
        UInt128 r = 1;
        while (n-- > 0)
            r *= 10;
        return r;
    }

} // namespace

std::optional<Quantity> Quantity::parse(std::string_view text)
{
    std::size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        negative = text[pos] == '-';
        ++pos;
    }

    UInt128 mantissa = 0;
    int digits = 0; // significant digits kept in the mantissa
    int scale = 0; // power of ten applied to the mantissa
    bool sawDigit = false;
    bool droppedNonZero = false;

    for (; pos < text.size() && isDigit(text[pos]); ++pos) {
        sawDigit = true;
        if (digits < MaxDigits) {
            mantissa = mantissa * 10 + UInt128(text[pos] - '0');
            if (mantissa != 0)
                ++digits;
        } else {
            ++scale; // an integer digit we cannot keep still counts for magnitude
            droppedNonZero |= text[pos] != '0';
        }
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        for (; pos < text.size() && isDigit(text[pos]); ++pos) {
            sawDigit = true;
            if (digits < MaxDigits) {
                mantissa = mantissa * 10 + UInt128(text[pos] - '0');
                if (mantissa != 0)
                    ++digits;
                --scale;
            } else {
                droppedNonZero |= text[pos] != '0';
            }
        }
    }
    if (!sawDigit)
        return std::nullopt;

    const std::optional<Suffix> suffix = interpretSuffix(text.substr(pos));
    if (!suffix)
        return std::nullopt;

    Quantity q;
    q.m_format = suffix->format;
    scale += suffix->decimalExponent + 3; // milli-units

    bool saturated = false;
    bool inexact = droppedNonZero;
    const UInt128 limit = UInt128(MaxMilli);
    UInt128 magnitude = mantissa;
    for (int i = 0; i < suffix->binaryExponent * 10 && magnitude != 0; ++i) {
        magnitude <<= 1;
        if (magnitude > limit) {
            saturated = true;
            break;
        }
    }
    if (!saturated && magnitude != 0) {
        if (scale > 0) {
            for (int i = 0; i < scale; ++i) {
                magnitude *= 10;
                if (magnitude > limit) {
                    saturated = true;
                    break;
                }
            }
        } else if (scale < 0) {
            if (-scale > 38) {
                inexact = true;
                magnitude = 0;
            } else {
                const UInt128 divisor = pow10(-scale);
                inexact |= magnitude % divisor != 0;
                magnitude /= divisor;
            }
            // Round up towards +infinity: positive values grow, negative ones are truncated.
            if (inexact && !negative)
                magnitude += 1;
        }
    }
    if (saturated || magnitude > limit) {
        magnitude = limit;
        inexact = true;
    }
    q.m_milli = negative ? -qint64(magnitude) : qint64(magnitude);
    q.m_rounded = inexact;
    return q;
}

std::optional<Quantity> Quantity::parse(QStringView text)
{
    // Quantities are ASCII; anything else is invalid anyway.
    char buffer[64];
    if (text.size() > qsizetype(sizeof buffer))
        return std::nullopt;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c > 0x7f)
            return std::nullopt;
        buffer[i] = char(c);
    }
    return parse(std::string_view(buffer, std::size_t(text.size())));
}

qint64 Quantity::parseMilli(std::string_view text, bool* ok)
{
    const std::optional<Quantity> q = parse(text);
    if (ok)
        *ok = q.has_value();
    return q ? q->m_milli : 0;
}

qint64 Quantity::value() const
{
    const qint64 whole = m_milli / 1000;
    return (m_milli % 1000 > 0) ? whole + 1 : whole;
}

QString formatCpuMilli(qint64 milli)
{
    if (milli % 1000 == 0)
        return QString::number(milli / 1000);
    if (milli < 1000 && milli > -1000)
        return QString::number(milli) + QLatin1Char('m');
    QString text = QString::number(double(milli) / 1000.0, 'f', 3);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    return text;
}

QString formatBytes(qint64 bytes)
{
    static constexpr const char* Units[] = { "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
    if (bytes < 1024 && bytes > -1024)
        return QString::number(bytes);
    double value = double(bytes);
    int unit = -1;
    while ((value >= 1024.0 || value <= -1024.0) && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    QString number = QString::number(value, 'f', 1);
    if (number.endsWith(QLatin1String(".0")))
        number.chop(2);
    return number + QLatin1String(Units[unit]);
}

} // namespace minato
