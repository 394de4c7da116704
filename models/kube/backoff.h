// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <chrono>
#include <random>

namespace minato::kube {

// Exponential backoff with full jitter (each delay drawn uniformly below a ceiling that
// doubles per attempt up to a cap), so that many clients failing at once spread their
// retries instead of stampeding the server together. A small floor keeps a retry from
// coming back at once. Seeded explicitly in tests, from the system otherwise.
class Backoff
{
public:
    using Millis = std::chrono::milliseconds;

    explicit Backoff(Millis base = Millis(1000), Millis cap = Millis(30000));
    Backoff(Millis base, Millis cap, quint64 seed);

    // The delay before the next attempt; each call counts one more failure.
    Millis next();
    // After a success: the next failure starts from the base again.
    void reset() { m_attempts = 0; }

    int attempts() const { return m_attempts; }
    // The upper bound next() draws below for the coming attempt.
    Millis ceiling() const;
    Millis base() const { return m_base; }
    Millis cap() const { return m_cap; }

private:
    Millis m_base;
    Millis m_cap;
    int m_attempts = 0;
    std::mt19937_64 m_random;
};

} // namespace minato::kube
