// SPDX-License-Identifier: Apache-2.0
#include "watchedkind.h"

namespace minato::fleet {

QString watchedKindName(WatchedKind kind)
{
    static const char* const names[] = {
#define MINATO_KIND(id, plural) #plural,
#include "fleet/kindlist.h"
#undef MINATO_KIND
    };
    static_assert(std::size(names) == WatchedKindCount);
    return QString::fromLatin1(names[int(kind)]);
}

QList<WatchedKind> allWatchedKinds()
{
    QList<WatchedKind> kinds;
    for (int i = 0; i < WatchedKindCount; ++i)
        kinds << WatchedKind(i);
    return kinds;
}

} // namespace minato::fleet
