// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

namespace minato::analysis {

// Ordered: a larger value is worse, so std::max picks the worst and sorting is numeric.
enum class Severity : quint8
{
    Info, // worth knowing; nothing is broken
    Warning, // degraded, or heading for trouble
    Critical, // something is down or cannot work now
};

// "critical", "warning", "info": stable words for output formats and tests.
QString severityName(Severity severity);
// The reverse of severityName, case-insensitive; an unknown name gives Info and *ok false.
Severity severityFromName(QStringView name, bool* ok = nullptr);

// The object a finding is about, enough to open it: kind "Cluster" names the cluster itself.
struct ObjectRef
{
    QString cluster; // context name
    QString kind; // "Pod", "Node", "Deployment", "HorizontalPodAutoscaler", "APIService", "Cluster" …
    QString nameSpace; // empty for cluster-scoped objects
    QString name;
    QUuid uid; // null when unknown (the cluster itself, an event's object without uid)

    // "namespace/name", or "name" for cluster-scoped objects.
    QString id() const { return nameSpace.isEmpty() ? name : nameSpace + QLatin1Char('/') + name; }
    friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// One field that made a rule fire, as people would read it: "reason" = "CrashLoopBackOff".
struct Evidence
{
    QString field;
    QString value;

    friend bool operator==(const Evidence&, const Evidence&) = default;
};

// One triage finding: what is wrong, where, why the rule thinks so, and for how long.
struct Finding
{
    Severity severity = Severity::Info;
    QString ruleId; // stable: "pod.crash-loop", "node.not-ready" … (see findings.h)
    ObjectRef object;
    // Separates findings of one rule on one object: the container, the event reason, the
    // condition. Part of the key, shown nowhere.
    QString qualifier;
    QString team; // copied from the cluster, for filtering
    QString environment;
    QString title; // one line
    QList<Evidence> evidence; // the fields that triggered the rule, in a fixed order
    // The earliest time the problem is known to exist: the object's own timestamp (a
    // condition's lastTransitionTime, a state's since) when it has one, else the evaluation
    // that first saw it. FindingTracker keeps it stable across evaluations.
    QDateTime firstSeen;
    QDateTime lastSeen; // the latest evaluation that still found it

    // Identity across evaluations: rule, cluster, object and qualifier (not the uid, so a
    // StatefulSet pod recreated under its name keeps its finding).
    QString key() const;
    // Orders findings as their keys would sort, without building the keys (sorting hundreds
    // of findings must not allocate thousands of strings).
    int compareKey(const Finding& other) const;
    // "reason=CrashLoopBackOff, restarts=6": the evidence on one line.
    QString evidenceText() const;
    QString evidenceValue(QStringView field) const;
};

} // namespace minato::analysis

Q_DECLARE_METATYPE(minato::analysis::Finding)
Q_DECLARE_METATYPE(minato::analysis::ObjectRef)
