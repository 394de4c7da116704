// SPDX-License-Identifier: Apache-2.0
#include "kindregistry.h"

namespace minato::kinds {

#define MINATO_KIND(id, plural) KindDescriptor describe##id();
#include "fleet/kindlist.h"
#undef MINATO_KIND

int KindDescriptor::ageColumn() const
{
    const int age = int(columns.indexOf(QStringLiteral("AGE")));
    return age >= 0 ? age : int(columns.indexOf(QStringLiteral("LAST SEEN")));
}

KindRegistry KindRegistry::builtin()
{
    return KindRegistry({
#define MINATO_KIND(id, plural) describe##id(),
#include "fleet/kindlist.h"
#undef MINATO_KIND
    });
}

KindRegistry::KindRegistry(QList<KindDescriptor> descriptors)
    : m_descriptors(std::move(descriptors))
{
    Q_ASSERT(m_descriptors.size() == fleet::WatchedKindCount);
    for (qsizetype i = 0; i < m_descriptors.size(); ++i)
        Q_ASSERT(m_descriptors.at(i).id() == fleet::WatchedKind(i) && m_descriptors.at(i).rows.forEach);
}

fleet::KindCatalog KindRegistry::catalog() const
{
    QList<fleet::KindBinding> bindings;
    bindings.reserve(m_descriptors.size());
    for (const KindDescriptor& descriptor : m_descriptors)
        bindings.append(descriptor.binding);
    return fleet::KindCatalog(std::move(bindings));
}

QStringList KindRegistry::aliases(fleet::WatchedKind kind) const
{
    const KindDescriptor& d = descriptor(kind);
    return QStringList { d.plural(), d.kind.toLower() } + d.shortNames;
}

std::optional<fleet::WatchedKind> KindRegistry::find(QStringView text) const
{
    const QString wanted = text.trimmed().toString().toLower();
    if (wanted.isEmpty())
        return std::nullopt;
    for (const KindDescriptor& d : m_descriptors) {
        if (aliases(d.id()).contains(wanted))
            return d.id();
    }
    for (const KindDescriptor& d : m_descriptors) {
        if (d.plural().startsWith(wanted))
            return d.id();
    }
    return std::nullopt;
}

std::optional<fleet::WatchedKind> KindRegistry::fromKind(QStringView kind, QStringView group) const
{
    for (const KindDescriptor& d : m_descriptors) {
        if (d.kind != kind)
            continue;
        for (const fleet::KindSource& source : d.spec().sources) {
            if (source.group == group)
                return d.id();
        }
    }
    return std::nullopt;
}

} // namespace minato::kinds
