// SPDX-License-Identifier: Apache-2.0
#pragma once

// For kind files only (models/kinds/*.cpp): builds a KindDescriptor from a projection type T,
// its row renderer and the rest. The file must also instantiate T's decoder once with
// MINATO_PROJECTION(T), after declaring decodeInto for T (an existing projection's decoder is
// declared in fleet/kinddecoders.h).

#include "fleet/clusterstore.h"
#include "fleet/projectionbinding.h"
#include "fleet/projectiondecoderimpl.h"
#include "kinds/kinddescriptor.h"

namespace minato::kinds {

struct KindText
{
    const char* kind; // "Pod"
    QStringList shortNames;
    QStringList columns;
};

template <typename T>
KindDescriptor describeKind(
    fleet::KindSpec spec, KindText text, ResourceRow (*render)(const T&), QList<changes::OperationKind> operations)
{
    const fleet::WatchedKind id = spec.kind;
    spec.plural = fleet::watchedKindName(id);
    RowRenderer rows;
    rows.forEach = [id, render](const fleet::ClusterStore& store, const RowVisitor& visit) {
        for (const T& object : store.objects<T>(id))
            visit(render(object));
    };
    rows.one = [id, render](const fleet::ClusterStore& store, const QUuid& uid) -> std::optional<ResourceRow> {
        const auto& objects = store.objects<T>(id);
        const auto it = objects.constFind(uid);
        if (it == objects.constEnd())
            return std::nullopt;
        return render(*it);
    };
    return KindDescriptor { fleet::bindProjection<T>(std::move(spec)), QString::fromLatin1(text.kind),
        std::move(text.shortNames), std::move(text.columns), std::move(rows), std::move(operations) };
}

enum class Scope
{
    Namespaced,
    Cluster,
};

// Where a kind is served; set optional, namespaces or watch on the result where they apply.
inline fleet::KindSpec servedAt(fleet::WatchedKind kind, Scope scope, QList<fleet::KindSource> sources)
{
    fleet::KindSpec spec;
    spec.kind = kind;
    spec.sources = std::move(sources);
    spec.namespaced = scope == Scope::Namespaced;
    return spec;
}

// Sources and operation lists most kinds share.
inline fleet::KindSource coreV1()
{
    return { QString(), { QStringLiteral("v1") } };
}
inline fleet::KindSource groupVersions(const char* group, QStringList versions)
{
    return { QString::fromLatin1(group), std::move(versions) };
}
inline QList<changes::OperationKind> metadataOperations()
{
    return { changes::OperationKind::Label, changes::OperationKind::Annotate };
}
inline QList<changes::OperationKind> metadataAndDelete()
{
    return metadataOperations() + QList<changes::OperationKind> { changes::OperationKind::Delete };
}

} // namespace minato::kinds
