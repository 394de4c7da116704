// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kinds/kinddescriptor.h"

#include <QList>

#include <optional>

namespace minato::kinds {

// Every kind Minato knows, one descriptor each, in WatchedKind order. An object made once by
// main() (or a test) and passed to whoever needs kinds: the engine gets catalog(), item models
// and views the registry itself. There is no global instance.
class KindRegistry
{
public:
    // The built-in kinds: one describe<Kind>() per line of fleet/kindlist.h.
    static KindRegistry builtin();

    const KindDescriptor& descriptor(fleet::WatchedKind kind) const { return m_descriptors.at(int(kind)); }
    const QList<KindDescriptor>& descriptors() const { return m_descriptors; }
    // What the fleet needs: specs and decoders.
    fleet::KindCatalog catalog() const;

    // The singular Kind ("Pod") of a watched kind.
    QString kindName(fleet::WatchedKind kind) const { return descriptor(kind).kind; }
    // The plural, the lower-case Kind and the short names, as kubectl accepts them.
    QStringList aliases(fleet::WatchedKind kind) const;
    // A kind from what a user typed ("po", "pods", "Pod", "deploy", "horizontalpod…"): exact
    // names first, then a unique-enough prefix of the plural.
    std::optional<fleet::WatchedKind> find(QStringView text) const;
    // The watched kind of an object's Kind and API group ("Deployment", "apps"); nothing when
    // Minato does not watch it.
    std::optional<fleet::WatchedKind> fromKind(QStringView kind, QStringView group) const;

private:
    explicit KindRegistry(QList<KindDescriptor> descriptors);

    QList<KindDescriptor> m_descriptors;
};

} // namespace minato::kinds
