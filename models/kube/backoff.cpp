// SPDX-License-Identifier: Apache-2.0
#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace minato::kube {

Backoff::Backoff(Millis base, Millis cap)
    : Backoff(base, cap, QRandomGenerator::global()->generate64())
{ }

Backoff::Backoff(Millis base, Millis cap, quint64 seed)
    : m_base(std::max(base, Millis(1)))
    , m_cap(std::max(cap, m_base))
    , m_random(seed)
{ }

Backoff::Millis Backoff::ceiling() const
{
    // Doubling stops well before overflow: 2^20 times any sane base is past any sane cap.
    const int doublings = std::min(m_attempts, 20);
    const qint64 bound = m_base.count() << doublings;
    return Millis(std::min<qint64>(bound, m_cap.count()));
}

Backoff::Millis Backoff::next()
{
    const qint64 upper = ceiling().count();
    const qint64 floor = std::max<qint64>(1, m_base.count() / 10);
    ++m_attempts;
    std::uniform_int_distribution<qint64> draw(std::min(floor, upper), upper);
    return Millis(draw(m_random));
}

} // namespace minato::kube
