// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

#include <optional>
#include <string_view>

namespace minato {

// A Kubernetes resource quantity ("100m", "1.5", "2Gi", "1e3", "128974848"), kept as an exact
// milli-unit integer. Every resource Minato sums (cpu, memory, pods, storage) fits in that
// range; anything beyond ±9.2e15 units saturates instead of wrapping. Rounding follows
// apimachinery: value() and milliValue() round up, so "0.1m" of cpu is 1 millicore, as the
// scheduler counts it.
class Quantity
{
public:
    enum class Format : quint8
    {
        DecimalSI, // "", n, u, m, k, M, G, T, P, E
        BinarySI, // Ki, Mi, Gi, Ti, Pi, Ei
        DecimalExponent, // 1e3, 2E-2
    };

    Quantity() = default;

    // The grammar of apimachinery's resource.ParseQuantity; nullopt for anything else.
    static std::optional<Quantity> parse(std::string_view text);
    static std::optional<Quantity> parse(QStringView text);

    // Milli-units rounded up, or 0 when `text` is not a quantity: the decoders' fast path.
    static qint64 parseMilli(std::string_view text, bool* ok = nullptr);

    qint64 milliValue() const { return m_milli; }
    // Whole units rounded up (towards +infinity), as resource.Quantity.Value() does.
    qint64 value() const;
    double toDouble() const { return double(m_milli) / 1000.0; }
    Format format() const { return m_format; }
    // True when the text had more precision than a milli-unit (e.g. "1n") or saturated.
    bool isRounded() const { return m_rounded; }
    bool isZero() const { return m_milli == 0; }

    friend bool operator==(const Quantity& a, const Quantity& b) { return a.m_milli == b.m_milli; }

private:
    qint64 m_milli = 0;
    Format m_format = Format::DecimalSI;
    bool m_rounded = false;
};

// Human-readable forms for tables: "250m", "1.5", "512Mi", "1.2Gi". Not canonical
// apimachinery text (which never rounds); views show these, exports keep the original text.
QString formatCpuMilli(qint64 milli);
QString formatBytes(qint64 bytes);

} // namespace minato
