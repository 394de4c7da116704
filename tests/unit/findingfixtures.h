// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fills a ClusterStore from API JSON (tests/data/objects) of any mix of kinds: the kind is read
// from each document, each object or List is decoded by the real ProjectionDecoder, and the
// store gets one complete list page per kind, the way a reflector's first list arrives.

#include "fleet/clusterstore.h"
#include "fleet/projectiondecoder.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace findingfixtures {

using namespace minato::fleet;

class StoreFeeder
{
public:
    // Queues one JSON document (an object or a List); `error` tells why it was refused.
    bool add(const QByteArray& json, QString* error = nullptr)
    {
        QString kind = QJsonDocument::fromJson(json).object().value(QStringLiteral("kind")).toString();
        const bool list = kind.endsWith(QLatin1StringView("List"));
        if (list)
            kind.chop(4);
        const auto fail = [&](const QString& why) {
            if (error)
                *error = why;
            return false;
        };
        if (kind == QLatin1StringView("Pod"))
            return queue<PodInfo>(WatchedKind::Pods, json, list) || fail(m_error);
        if (kind == QLatin1StringView("Node"))
            return queue<NodeInfo>(WatchedKind::Nodes, json, list) || fail(m_error);
        if (kind == QLatin1StringView("Deployment"))
            return queue<WorkloadInfo>(WatchedKind::Deployments, json, list) || fail(m_error);
        if (kind == QLatin1StringView("StatefulSet"))
            return queue<WorkloadInfo>(WatchedKind::StatefulSets, json, list) || fail(m_error);
        if (kind == QLatin1StringView("DaemonSet"))
            return queue<WorkloadInfo>(WatchedKind::DaemonSets, json, list) || fail(m_error);
        if (kind == QLatin1StringView("Event"))
            return queue<EventInfo>(WatchedKind::Events, json, list) || fail(m_error);
        if (kind == QLatin1StringView("HorizontalPodAutoscaler"))
            return queue<HpaInfo>(WatchedKind::HorizontalPodAutoscalers, json, list) || fail(m_error);
        if (kind == QLatin1StringView("RuntimeClass"))
            return queue<RuntimeClassInfo>(WatchedKind::RuntimeClasses, json, list) || fail(m_error);
        if (kind == QLatin1StringView("APIService"))
            return queue<ApiServiceInfo>(WatchedKind::ApiServices, json, list) || fail(m_error);
        return fail(QStringLiteral("no store kind for \"%1\"").arg(kind));
    }

    // Applies everything queued: one complete list per kind.
    void applyTo(ClusterStore& store)
    {
        for (auto& [kind, page] : m_pages) {
            QSet<QUuid> seen;
            store.applyPage(*page, seen);
            store.finishList(kind, seen, {});
        }
        m_pages.clear();
    }

    ProjectionDecoder& decoder() { return m_decoder; }

private:
    template <typename T> bool queue(WatchedKind kind, const QByteArray& json, bool list)
    {
        auto& slot = m_pages[kind];
        if (!slot) {
            slot = std::make_shared<ListPageOf<T>>();
            slot->kind = kind;
        }
        auto& page = static_cast<ListPageOf<T>&>(*slot);
        if (list) {
            auto decoded = m_decoder.decodeList<T>(json);
            if (!decoded) {
                m_error = decoded.error().message;
                return false;
            }
            page.items += decoded->items;
            return true;
        }
        auto decoded = m_decoder.decodeObject<T>(json);
        if (!decoded) {
            m_error = decoded.error().message;
            return false;
        }
        page.items.append(std::move(decoded).value());
        return true;
    }

    ProjectionDecoder m_decoder;
    std::map<WatchedKind, std::shared_ptr<ListPage>> m_pages;
    QString m_error;
};

} // namespace findingfixtures
