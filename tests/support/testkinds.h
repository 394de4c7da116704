// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kinds/kindregistry.h"

// The built-in kinds for tests. The product makes one registry in main() and passes it on;
// a test binary shares one the same way, made on first use.
inline const minato::kinds::KindRegistry& testKinds()
{
    static const minato::kinds::KindRegistry registry = minato::kinds::KindRegistry::builtin();
    return registry;
}

inline const minato::fleet::KindCatalog& testCatalog()
{
    static const minato::fleet::KindCatalog catalog = testKinds().catalog();
    return catalog;
}
