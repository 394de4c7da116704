// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QMetaType>

namespace minato::fleet {

// core/v1 Events and events.k8s.io/v1 Events in one shape:
//   object     involvedObject / regarding
//   message    message / note (cut at MaxMessageLength)
//   count      count / series.count / deprecatedCount (at least 1)
//   first,last firstTimestamp/lastTimestamp, else eventTime and series.lastObservedTime
//   source     source.component / reportingController (reportingComponent), host / reportingInstance
struct EventInfo
{
    static constexpr qsizetype MaxMessageLength = 1024;

    ObjectMeta meta;
    InternedString type; // Normal, Warning
    InternedString reason; // BackOff, FailedScheduling, SuccessfulRescale …
    QString message;
    bool messageTruncated = false;

    InternedString objectKind;
    InternedString objectNamespace;
    QString objectName;
    QUuid objectUid;
    QString objectFieldPath; // "spec.containers{app}"

    qint32 count = 1;
    qint64 firstTimestamp = 0;
    qint64 lastTimestamp = 0;
    InternedString sourceComponent; // kubelet, default-scheduler, horizontal-pod-autoscaler …
    InternedString sourceHost; // the node, for kubelet events
    bool fromEventsApi = false; // decoded from events.k8s.io/v1

    bool isWarning() const { return type == QLatin1StringView("Warning"); }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::EventInfo)
