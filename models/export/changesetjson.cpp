// SPDX-License-Identifier: Apache-2.0
#include "changesetjson.h"

#include "secretplaceholders.h"

#include <QJsonArray>

namespace minato::changes {

namespace {

    constexpr int FormatVersion = 1;

    QLatin1String key(const char* text)
    {
        return QLatin1String(text);
    }

    QJsonObject refToJson(const ObjectRef& ref)
    {
        return { { key("cluster"), ref.cluster }, { key("apiVersion"), ref.apiVersion }, { key("kind"), ref.kind },
            { key("namespace"), ref.namespaceName }, { key("name"), ref.name } };
    }

    ObjectRef refFromJson(const QJsonObject& json)
    {
        return { json.value(key("cluster")).toString(), json.value(key("apiVersion")).toString(),
            json.value(key("kind")).toString(), json.value(key("namespace")).toString(),
            json.value(key("name")).toString() };
    }

    QJsonObject changeToJson(const Change& change)
    {
        const QString kind = change.target.kind;
        return { { key("operation"), change.operation }, { key("summary"), change.summary },
            { key("target"), refToJson(change.target) }, { key("before"), withSecretPlaceholders(change.before) },
            { key("after"), withSecretPlaceholders(change.after) },
            { key("patchType"), patchTypeName(change.patchType) },
            { key("patch"), withSecretPlaceholders(kind, change.patch) }, { key("plan"), change.plan },
            { key("warnings"), QJsonArray::fromStringList(change.warnings) } };
    }

    Expected<PatchType> patchTypeFromName(const QString& name)
    {
        for (const PatchType type : { PatchType::None, PatchType::StrategicMerge, PatchType::JsonMerge }) {
            if (patchTypeName(type) == name)
                return type;
        }
        return KubeError::make(ErrorKind::Parse, QStringLiteral("unknown patch type \"%1\"").arg(name));
    }

    QStringList stringList(const QJsonValue& value)
    {
        QStringList out;
        for (const QJsonValue& item : value.toArray())
            out.append(item.toString());
        return out;
    }

} // namespace

QString patchTypeName(PatchType type)
{
    switch (type) {
    case PatchType::StrategicMerge:
        return QStringLiteral("strategic");
    case PatchType::JsonMerge:
        return QStringLiteral("merge");
    case PatchType::None:
        break;
    }
    return QStringLiteral("none");
}

QJsonObject changeSetToJson(const ChangeSet& set)
{
    QJsonArray changes;
    for (const Change& change : set.changes)
        changes.append(changeToJson(change));
    return { { key("format"), QStringLiteral("minato-change-set") }, { key("version"), FormatVersion },
        { key("title"), set.title }, { key("reason"), set.reason }, { key("author"), set.author },
        { key("created"), set.created.isValid() ? set.created.toUTC().toString(Qt::ISODateWithMs) : QString() },
        { key("changes"), changes } };
}

Expected<ChangeSet> changeSetFromJson(const QJsonObject& json)
{
    if (json.value(key("format")).toString() != QLatin1String("minato-change-set"))
        return KubeError::make(ErrorKind::Parse, QStringLiteral("not a Minato change set"));
    if (json.value(key("version")).toInt() != FormatVersion) {
        return KubeError::make(ErrorKind::Parse,
            QStringLiteral("change set format version %1 is not supported (this Minato reads %2)")
                .arg(json.value(key("version")).toInt())
                .arg(FormatVersion));
    }
    ChangeSet set;
    set.title = json.value(key("title")).toString();
    set.reason = json.value(key("reason")).toString();
    set.author = json.value(key("author")).toString();
    set.created = QDateTime::fromString(json.value(key("created")).toString(), Qt::ISODateWithMs).toUTC();
    for (const QJsonValue& item : json.value(key("changes")).toArray()) {
        const QJsonObject c = item.toObject();
        const Expected<PatchType> patchType = patchTypeFromName(c.value(key("patchType")).toString());
        if (!patchType)
            return patchType.error();
        set.changes.append({ c.value(key("operation")).toString(), c.value(key("summary")).toString(),
            refFromJson(c.value(key("target")).toObject()), c.value(key("before")).toObject(),
            c.value(key("after")).toObject(), *patchType, c.value(key("patch")).toObject(),
            c.value(key("plan")).toObject(), stringList(c.value(key("warnings"))) });
    }
    return set;
}

} // namespace minato::changes
