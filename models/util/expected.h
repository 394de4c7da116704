// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kubeerror.h"

#include <utility>
#include <variant>

namespace minato {

// A value or the error that prevented it. std::expected arrives with C++23; this is the
// small subset the project uses, so the switch later is mechanical.
template<typename T>
class Expected
{
public:
    Expected(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Expected(KubeError error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const KubeError& error() const { return std::get<1>(m_data); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    template<typename U>
    T valueOr(U&& fallback) const&
    {
        return hasValue() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, KubeError> m_data;
};

} // namespace minato
