// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/operationsrequest.h"
#include "fleet/kindcatalog.h"
#include "kinds/resourcerow.h"

#include <QList>
#include <QStringList>
#include <QUuid>

#include <functional>
#include <optional>

namespace minato::fleet {
class ClusterStore;
}

namespace minato::kinds {

using RowVisitor = std::function<void(ResourceRow&&)>;

// How a kind's objects in a store become table rows (every one, or one by uid).
struct RowRenderer
{
    std::function<void(const fleet::ClusterStore&, const RowVisitor&)> forEach;
    std::function<std::optional<ResourceRow>(const fleet::ClusterStore&, const QUuid&)> one;
};

// Everything Minato knows of one kind, in one place: where the fleet finds it and how it is
// decoded (binding), what people call it, kubectl's columns and how a row is rendered, and
// which operations the operations menu offers on it. Written once per kind in models/kinds/
// with describeKind<T>() (kinds/describekind.h); read through the KindRegistry.
struct KindDescriptor
{
    fleet::KindBinding binding;
    QString kind; // the singular Kind: "Pod", "HorizontalPodAutoscaler"
    QStringList shortNames; // what kubectl and k9s users type: "po", "hpa"
    QStringList columns; // "NAMESPACE", "NAME", "READY" … as kubectl get prints them
    RowRenderer rows;
    QList<changes::OperationKind> operations; // in menu order
    fleet::WatchedKind id() const { return binding.spec.kind; }
    const fleet::KindSpec& spec() const { return binding.spec; }
    QString plural() const { return binding.spec.plural; }
    // Which column is the age ("AGE", or an Event's "LAST SEEN"); -1 when none.
    int ageColumn() const;
};

} // namespace minato::kinds
